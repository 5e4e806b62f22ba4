/**
 * A cluster's year read from the database as the engine sees it: the scheme, the units with
 * their facts, each criterion's latest value, the ballots held. Results and export use it.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Ballot } from "../../core/deliberate.ts";
import {
  type ScoreValue,
  type Stage,
  type StagedValue,
  scoresAtStage,
  type UnitInfo,
  valueAtStage,
} from "../../core/evaluate.ts";
import { findPreset } from "../../core/presets/index.ts";
import {
  type ClusterEvaluation,
  type EvaluationOutput,
  evaluateScenario,
  evaluateUnits,
  type ScenarioInput,
  schemeOf,
} from "../../core/scenario.ts";
import {
  type CriterionChange,
  compileScheme,
  frameworkSpec,
  mergeChanges,
  type Scheme,
  specialise,
} from "../../core/scheme.ts";
import type { SheetStatus } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import { ballots, frameworks, meetings, periodUnits, scores, units } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { Cluster, Period } from "../policies/access.ts";

export interface YearUnit {
  unitId: number;
  code: string;
  name: string;
  role: "leader" | "deputy" | "member";
  partyRating: "HTXSNV" | "HTTNV" | "HTNV" | "KHTNV";
  flags: (typeof periodUnits.$inferSelect)["flags"];
  registered: boolean;
  registration: { targets: string; titles: string[] } | null;
  pactSigned: boolean;
  pactSignedOn: string | null;
  sheetStatus: string;
  reconciledAt: Date | null;
  version: number;
}

export type FrameworkRow = typeof frameworks.$inferSelect;

/**
 * The framework a period starts from, if any. In a transaction the row is held (FOR SHARE)
 * until it ends, so the framework cannot change under a score being saved on it.
 */
export async function periodFramework(
  db: DbOrTx,
  period: Pick<Period, "frameworkId">,
): Promise<FrameworkRow | null> {
  if (period.frameworkId === null) return null;
  const [row] = await db
    .select()
    .from(frameworks)
    .where(eq(frameworks.id, period.frameworkId))
    .for("share");
  if (!row) throw new Error(`framework ${period.frameworkId} of a period is missing`);
  return row;
}

/** The scheme of a period: its preset, then the framework's changes and locks, then the
 * cluster's own criteria; throws the engine's error when they do not fit. */
export function compilePeriodScheme(
  period: Pick<Period, "schemeId" | "criteria">,
  framework: Pick<FrameworkRow, "criteria" | "lockedSections"> | null,
): Scheme {
  if (!framework) return schemeOf({ scheme: period.schemeId, criteria: period.criteria });
  return compileScheme(
    specialise(frameworkSpec(findPreset(period.schemeId), framework), period.criteria),
  );
}

export async function periodScheme(db: DbOrTx, period: Period): Promise<Scheme> {
  return compilePeriodScheme(period, await periodFramework(db, period));
}

/** The cluster's criteria as the cluster-year file carries them: with the framework's merged in. */
export function fileCriteria(
  period: Pick<Period, "schemeId" | "criteria">,
  framework: Pick<FrameworkRow, "criteria"> | null,
): CriterionChange[] {
  if (!framework) return period.criteria;
  return mergeChanges(findPreset(period.schemeId), framework.criteria, period.criteria);
}

/** The units of several years, by period id, in one statement. */
async function unitsOfYears(db: DbOrTx, periodIds: number[]): Promise<Map<number, YearUnit[]>> {
  const byPeriod = new Map<number, YearUnit[]>(periodIds.map((id) => [id, []]));
  if (periodIds.length === 0) return byPeriod;
  const rows = await db
    .select({ pu: periodUnits, code: units.code, name: units.name })
    .from(periodUnits)
    .innerJoin(units, eq(units.id, periodUnits.unitId))
    .where(inArray(periodUnits.periodId, periodIds))
    .orderBy(asc(units.code));
  for (const { pu, code, name } of rows) {
    byPeriod.get(pu.periodId)?.push({
      unitId: pu.unitId,
      code,
      name,
      role: pu.role,
      partyRating: pu.partyRating,
      flags: pu.flags,
      registered: pu.registeredAt !== null,
      registration: pu.registration ?? null,
      pactSigned: pu.pactSignedOn !== null,
      pactSignedOn: pu.pactSignedOn,
      sheetStatus: pu.sheetStatus,
      reconciledAt: pu.reconciledAt,
      version: pu.version,
    });
  }
  return byPeriod;
}

export async function yearUnits(db: DbOrTx, periodId: number): Promise<YearUnit[]> {
  return (await unitsOfYears(db, [periodId])).get(periodId) ?? [];
}

type StagedSheets = Map<number, Record<string, StagedValue>>;

const stagedColumns = {
  periodId: scores.periodId,
  unitId: scores.unitId,
  criterionId: scores.criterionId,
  stage: scores.stage,
  value: scores.value,
};

/** Rows of scores folded by period, then unit id, then criterion id. */
function foldStaged(
  rows: { periodId: number; unitId: number; criterionId: string; stage: string; value: unknown }[],
) {
  const byPeriod = new Map<number, StagedSheets>();
  for (const r of rows) {
    const byUnit = byPeriod.get(r.periodId) ?? new Map<number, Record<string, StagedValue>>();
    byPeriod.set(r.periodId, byUnit);
    const sheet = byUnit.get(r.unitId) ?? {};
    byUnit.set(r.unitId, sheet);
    const staged = sheet[r.criterionId] ?? {};
    staged[r.stage as Stage] = r.value as ScoreValue;
    sheet[r.criterionId] = staged;
  }
  return byPeriod;
}

/** Every value of every criterion of the given units, by unit id then criterion id. */
export async function stagedScores(
  db: DbOrTx,
  periodId: number,
  unitIds?: number[],
): Promise<StagedSheets> {
  const rows = await db
    .select(stagedColumns)
    .from(scores)
    .where(
      unitIds
        ? and(eq(scores.periodId, periodId), inArray(scores.unitId, unitIds))
        : eq(scores.periodId, periodId),
    );
  return foldStaged(rows).get(periodId) ?? new Map();
}

/** Every value of several years, by period id, then as `stagedScores`: one statement. */
async function stagedScoresOfYears(
  db: DbOrTx,
  periodIds: number[],
): Promise<Map<number, StagedSheets>> {
  if (periodIds.length === 0) return new Map();
  const rows = await db
    .select(stagedColumns)
    .from(scores)
    .where(inArray(scores.periodId, periodIds));
  return foldStaged(rows);
}

/** Ballots held on awards, by period id: their winners settle ties in deliberation. */
async function heldAwardBallotsOfYears(
  db: DbOrTx,
  periodIds: number[],
): Promise<Map<number, Ballot[]>> {
  const held = new Map<number, Ballot[]>(periodIds.map((id) => [id, []]));
  if (periodIds.length === 0) return held;
  const rows = await db
    .select({
      periodId: meetings.periodId,
      award: ballots.award,
      outcome: ballots.outcome,
    })
    .from(ballots)
    .innerJoin(meetings, eq(meetings.id, ballots.meetingId))
    .where(
      and(
        inArray(meetings.periodId, periodIds),
        eq(ballots.purpose, "award"),
        eq(ballots.status, "closed"),
      ),
    )
    .orderBy(asc(ballots.closedAt));
  for (const r of rows) {
    const outcome = r.outcome as { kind?: string; winner?: string } | null;
    if (r.award && outcome?.kind === "winner" && outcome.winner)
      held.get(r.periodId)?.push({ award: r.award, winner: outcome.winner });
  }
  return held;
}

export interface ClusterYear {
  period: Period;
  cluster: Cluster;
}

/**
 * Cluster-years as `tdkt-scenario/1` files (what export writes and evaluate reads), by period
 * id: four statements for any number of years. The frameworks are held (FOR SHARE) until a
 * transaction ends, as `periodFramework` holds one.
 */
export async function clusterYearFiles(
  db: DbOrTx,
  years: ClusterYear[],
): Promise<Map<number, ScenarioInput>> {
  const ids = years.map((y) => y.period.id);
  const frameworkIds = [
    ...new Set(years.flatMap((y) => (y.period.frameworkId === null ? [] : [y.period.frameworkId]))),
  ];
  // one after the other: in a transaction they share one connection
  const unitsByYear = await unitsOfYears(db, ids);
  const stagedByYear = await stagedScoresOfYears(db, ids);
  const ballotsByYear = await heldAwardBallotsOfYears(db, ids);
  const frameworkRows =
    frameworkIds.length === 0
      ? []
      : await db.select().from(frameworks).where(inArray(frameworks.id, frameworkIds)).for("share");
  const frameworkOf = new Map(frameworkRows.map((f) => [f.id, f]));
  const files = new Map<number, ScenarioInput>();
  for (const { period, cluster } of years) {
    const unitsOfYear = unitsByYear.get(period.id) ?? [];
    const staged: StagedSheets = stagedByYear.get(period.id) ?? new Map();
    const scoresOut: Record<string, Record<string, ScoreValue>> = {};
    for (const u of unitsOfYear) {
      const sheet: Record<string, ScoreValue> = {};
      for (const [criterionId, values] of Object.entries(staged.get(u.unitId) ?? {})) {
        const v = valueAtStage(values, "appraisal");
        if (v !== undefined) sheet[criterionId] = v;
      }
      scoresOut[u.code] = sheet;
    }
    const framework = period.frameworkId === null ? null : frameworkOf.get(period.frameworkId);
    if (framework === undefined)
      throw new Error(`framework ${period.frameworkId} of a period is missing`);
    files.set(period.id, {
      format: "tdkt-scenario/1",
      scheme: period.schemeId,
      period: period.label,
      criteria: fileCriteria(period, framework),
      units: unitsOfYear.map((u) => ({
        id: u.code,
        name: u.name,
        role: u.role,
        clusterKind: cluster.memberKind,
        registered: u.registered,
        pactSigned: u.pactSigned,
        partyRating: u.partyRating,
        flags: u.flags,
      })),
      scores: scoresOut,
      ballots: ballotsByYear.get(period.id) ?? [],
    });
  }
  return files;
}

/** The cluster-year as a `tdkt-scenario/1` file: what export writes and evaluate reads. */
export async function clusterYearFile(
  db: DbOrTx,
  period: Period,
  cluster: Cluster,
): Promise<ScenarioInput> {
  const file = (await clusterYearFiles(db, [{ period, cluster }])).get(period.id);
  if (!file) throw new Error(`period ${period.id} has no file`);
  return file;
}

/** A year's file evaluated as scores still in progress (see `clusterEvaluation`). */
export function evaluateYearFile(file: ScenarioInput): ClusterEvaluation {
  return evaluateScenario(file, { provisional: true });
}

/**
 * Results, ranks, awards and reasons on the current scores (the latest stage of each value),
 * evaluated as scores still in progress: a one-unit bonus several units claim is a warning
 * naming them, and the conflicts are listed, never an error that stops a page or a file.
 */
export async function clusterEvaluation(
  db: DbOrTx,
  period: Period,
  cluster: Cluster,
): Promise<ClusterEvaluation> {
  return evaluateYearFile(await clusterYearFile(db, period, cluster));
}

export async function clusterResults(
  db: DbOrTx,
  period: Period,
  cluster: Cluster,
): Promise<EvaluationOutput> {
  return (await clusterEvaluation(db, period, cluster)).output;
}

/** A unit of the year as the engine sees it. */
export function engineUnit(u: YearUnit, cluster?: Pick<Cluster, "memberKind">): UnitInfo {
  return {
    id: u.code,
    name: u.name,
    role: u.role,
    clusterKind: cluster?.memberKind ?? null,
    registered: u.registered,
    pactSigned: u.pactSigned,
    partyRating: u.partyRating,
    flags: u.flags,
  };
}

/**
 * Every unit of the year evaluated at one stage (each value as it stood at that stage), with
 * the facts that need the whole cluster (the highest share, contested one-unit bonuses) and
 * the warnings they raise: what a sheet's column shows, the same as the results at the last.
 */
export function stageEvaluations(
  scheme: Scheme,
  unitsOfYear: YearUnit[],
  staged: Map<number, Record<string, StagedValue>>,
  stage: Stage,
  cluster?: Pick<Cluster, "memberKind">,
) {
  const scoresOf: Record<string, Record<string, ScoreValue>> = {};
  for (const u of unitsOfYear) scoresOf[u.code] = scoresAtStage(staged.get(u.unitId) ?? {}, stage);
  const warnings: string[] = [];
  const { evaluations, conflicts, context } = evaluateUnits(
    scheme,
    unitsOfYear.map((u) => engineUnit(u, cluster)),
    scoresOf,
    warnings,
    { provisional: true, explain: true },
  );
  return { evaluations, conflicts, warnings, context };
}

/** One unit of a period as the engine sees it, with the period's scheme and the sheet's status. */
export async function unitInfoOf(
  db: DbOrTx,
  period: Period,
  unitId: number,
): Promise<{ scheme: Scheme; unit: UnitInfo; status: SheetStatus }> {
  const u = (await yearUnits(db, period.id)).find((x) => x.unitId === unitId);
  if (!u) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
  return {
    scheme: await periodScheme(db, period),
    unit: engineUnit(u),
    status: u.sheetStatus as SheetStatus,
  };
}
