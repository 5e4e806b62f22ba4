/** A unit's scoring sheet: every criterion with its values at each stage, points, evidence,
 * responses and history; and the cluster's review matrix of every unit side by side. */
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { fromHundredths } from "../../core/decimal.ts";
import {
  type ClusterContext,
  maximumEverywhere,
  STAGES,
  type Stage,
  type UnitEvaluation,
} from "../../core/evaluate.ts";
import type { Criterion, Scheme } from "../../core/scheme.ts";
import { type SheetStatus, sheetStatusLabel } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  evidence,
  inspectionFindings,
  inspectionPlans,
  inspectionVisits,
  responses,
  scores,
  sheetTransitions,
  units,
  users,
} from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { PeriodAccess } from "../policies/access.ts";
import {
  clusterEvaluation,
  periodScheme,
  stagedScores,
  stageEvaluations,
  yearUnits,
} from "./cluster-year.ts";

export function criterionOut(c: Criterion) {
  return {
    id: c.id,
    parent: c.parent,
    title: c.title,
    kind: c.kind,
    max: c.max === null ? null : fromHundredths(c.max),
    deduction: c.deduction,
    locked: c.locked,
    lowerIsBetter: c.lowerIsBetter,
    levels: c.levels.map((l) => ({ id: l.id, label: l.label, points: fromHundredths(l.points) })),
    categories: Object.entries(c.categories).map(([id, v]) => ({
      id,
      label: v.label,
      points: fromHundredths(v.points),
    })),
    perEvent: c.tiers.length > 0,
    roles: c.roles,
    onePerCluster: c.onePerCluster,
  };
}

export function schemeOut(scheme: Scheme) {
  return {
    id: scheme.id,
    title: scheme.title,
    totalMax: fromHundredths(scheme.totalMax),
    criteria: scheme.preOrder.map(criterionOut),
  };
}

export async function unitSheet(db: DbOrTx, access: PeriodAccess, unitId: number) {
  const unitsOfYear = await yearUnits(db, access.period.id);
  const unit = unitsOfYear.find((u) => u.unitId === unitId);
  if (!unit) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
  const scheme = await periodScheme(db, access.period);
  const rows = await db
    .select({ s: scores, by: users.displayName, byUnit: units.name })
    .from(scores)
    .innerJoin(users, eq(users.id, scores.scoredBy))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(scores.periodId, access.period.id), eq(scores.unitId, unitId)));
  // the figures an inspection team reconciled with the unit: frozen for the unit (Lạng Sơn D.3)
  const inspected = await db
    .select({
      criterionId: inspectionFindings.criterionId,
      visitOn: inspectionVisits.visitOn,
      team: units.name,
    })
    .from(inspectionFindings)
    .innerJoin(inspectionVisits, eq(inspectionVisits.id, inspectionFindings.visitId))
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionVisits.planId))
    .innerJoin(units, eq(units.id, inspectionVisits.teamUnitId))
    .where(
      and(
        eq(inspectionPlans.periodId, access.period.id),
        eq(inspectionVisits.inspectedUnitId, unitId),
        isNotNull(inspectionVisits.reconciledAt),
      ),
    );
  const inspectedOf = new Map(
    inspected.map((i) => [i.criterionId, { team: i.team, visitOn: i.visitOn }]),
  );
  const entries: Record<string, Partial<Record<Stage, unknown>>> = {};
  for (const { s, by, byUnit } of rows) {
    const entryRow = entries[s.criterionId] ?? {};
    entries[s.criterionId] = entryRow;
    entryRow[s.stage] = {
      value: s.value,
      comment: s.comment,
      explanation: s.explanation,
      version: s.version,
      by,
      at: s.scoredAt,
      // an official figure: the data agency it comes from (its unit, else its account's name)
      ...(s.stage === "official" ? { agency: byUnit ?? by } : {}),
    };
  }
  const files = await db
    .select({ criterionId: evidence.criterionId, n: sql<number>`count(*)::int` })
    .from(evidence)
    .where(
      and(
        eq(evidence.periodId, access.period.id),
        eq(evidence.unitId, unitId),
        isNull(evidence.deletedAt),
      ),
    )
    .groupBy(evidence.criterionId);
  const fileCount = new Map(files.map((f) => [f.criterionId, f.n]));
  const answers = await db
    .select()
    .from(responses)
    .where(and(eq(responses.periodId, access.period.id), eq(responses.unitId, unitId)));
  const answerOf = new Map(
    answers.map((r) => [r.criterionId, { agreement: r.agreement, reason: r.reason }]),
  );
  // each column evaluated with the whole cluster, as the results are
  const everyone = await stagedScores(db, access.period.id);
  const columns = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      stageEvaluations(scheme, unitsOfYear, everyone, stage, access.cluster),
    ]),
  ) as Record<Stage, ReturnType<typeof stageEvaluations>>;
  const byStage = Object.fromEntries(
    STAGES.map((stage) => [stage, columns[stage].evaluations.get(unit.code) as UnitEvaluation]),
  ) as Record<Stage, UnitEvaluation>;
  const detailAt = (stage: Stage, id: string) => byStage[stage].nodes.get(id)?.detail ?? null;
  const history = await db
    .select({
      from: sheetTransitions.fromStatus,
      to: sheetTransitions.toStatus,
      action: sheetTransitions.action,
      by: users.displayName,
      at: sheetTransitions.at,
      reason: sheetTransitions.reason,
    })
    .from(sheetTransitions)
    .innerJoin(users, eq(users.id, sheetTransitions.actorId))
    .where(
      and(eq(sheetTransitions.periodId, access.period.id), eq(sheetTransitions.unitId, unitId)),
    )
    .orderBy(asc(sheetTransitions.id));
  const totals = (stage: Stage) => ({
    total: fromHundredths(byStage[stage].total),
    bonus: fromHundredths(byStage[stage].bonus),
    deductions: fromHundredths(byStage[stage].deductions),
  });
  return {
    unit: {
      id: unit.unitId,
      code: unit.code,
      name: unit.name,
      role: unit.role,
      status: unit.sheetStatus,
      statusLabel: sheetStatusLabel(unit.sheetStatus as SheetStatus, access.cluster.kind),
      version: unit.version,
      registered: unit.registered,
      pactSigned: unit.pactSigned,
      partyRating: unit.partyRating,
      flags: unit.flags,
    },
    scheme: schemeOut(scheme),
    rows: scheme.preOrder.map((c) => ({
      criterionId: c.id,
      values: entries[c.id] ?? {},
      points: Object.fromEntries(
        STAGES.map((stage) => [stage, fromHundredths(byStage[stage].nodes.get(c.id)?.points ?? 0)]),
      ),
      detail: detailAt("appraisal", c.id),
      /** How each stage's points were found (the latest stage's is `detail`). */
      details: Object.fromEntries(STAGES.map((stage) => [stage, detailAt(stage, c.id)])),
      evidenceCount: fileCount.get(c.id) ?? 0,
      /** Reconciled with an inspection team: the unit changing its figure is excluded. */
      inspected: inspectedOf.get(c.id) ?? null,
      response: answerOf.get(c.id) ?? null,
    })),
    totals: { self: totals("self"), cluster: totals("cluster"), appraisal: totals("appraisal") },
    warnings: [maximumEverywhere(scheme, byStage.self, unit.name)].filter(
      (w): w is string => w !== null,
    ),
    /** What the whole cluster raises about this unit now (a bonus several units claim…). */
    clusterWarnings: columns.appraisal.warnings.filter((w) => w.includes(unit.name)),
    /**
     * The facts of each stage that need the whole cluster, for this unit: the points of the
     * highest-share bonus and the one-unit bonuses it claims with others. The browser holds
     * them fixed to preview a value being typed with the same engine.
     */
    clusterFacts: Object.fromEntries(
      STAGES.map((stage) => [stage, unitClusterFacts(columns[stage].context, unit.code)]),
    ) as Record<Stage, UnitClusterFacts>,
    history: history.map((h) => ({
      ...h,
      fromLabel: sheetStatusLabel(h.from as SheetStatus, access.cluster.kind),
      toLabel: sheetStatusLabel(h.to as SheetStatus, access.cluster.kind),
    })),
  };
}

/** The whole-cluster facts of one unit at one stage (points in hundredths, as the engine's). */
export interface UnitClusterFacts {
  /** Highest-share criteria the unit gave a share for: the points and how they were found. */
  shares: Record<string, { points: number; detail: string | null }>;
  /** One-unit bonuses the unit claims with others: the names of every claiming unit. */
  contested: Record<string, string[]>;
}

function unitClusterFacts(context: ClusterContext, code: string): UnitClusterFacts {
  const shares: UnitClusterFacts["shares"] = {};
  for (const [criterionId, byUnit] of context.shareBonus) {
    const r = byUnit.get(code);
    if (r) shares[criterionId] = { points: r.points, detail: r.detail };
  }
  const contested: UnitClusterFacts["contested"] = {};
  for (const [criterionId, c] of context.contested ?? []) {
    if (c.unitIds.includes(code)) contested[criterionId] = c.names;
  }
  return { shares, contested };
}

/** Every unit side by side, criteria as rows: self-score and cluster score of each cell. */
export async function reviewMatrix(db: DbOrTx, access: PeriodAccess) {
  const scheme = await periodScheme(db, access.period);
  const unitsOfYear = await yearUnits(db, access.period.id);
  const rows = await db
    .select({
      unitId: scores.unitId,
      criterionId: scores.criterionId,
      stage: scores.stage,
      value: scores.value,
    })
    .from(scores)
    .where(eq(scores.periodId, access.period.id));
  const cells: Record<string, Record<number, Partial<Record<Stage, unknown>>>> = {};
  for (const r of rows) {
    const row = cells[r.criterionId] ?? {};
    cells[r.criterionId] = row;
    const cell = row[r.unitId] ?? {};
    row[r.unitId] = cell;
    cell[r.stage] = r.value;
  }
  const evaluation = await clusterEvaluation(db, access.period, access.cluster);
  return {
    scheme: schemeOut(scheme),
    units: unitsOfYear.map((u) => ({
      id: u.unitId,
      code: u.code,
      name: u.name,
      role: u.role,
      status: u.sheetStatus,
      statusLabel: sheetStatusLabel(u.sheetStatus as SheetStatus, access.cluster.kind),
    })),
    cells,
    // what the whole cluster raises now (a one-unit bonus several units claim…), by name
    warnings: evaluation.output.warnings,
    /** The one-unit bonuses several units claim, for the leader to settle (who gets it). */
    conflicts: evaluation.conflicts.map((c) => ({
      criterionId: c.criterionId,
      title: c.title,
      /** The warning about it among `warnings`. */
      warning:
        evaluation.output.warnings.find((w) =>
          w.startsWith(`Tiêu chí ${c.criterionId} (${c.title}): `),
        ) ?? null,
      units: c.unitIds.flatMap((code) => {
        const u = unitsOfYear.find((x) => x.code === code);
        return u
          ? [
              {
                id: u.unitId,
                name: u.name,
                role: u.role,
                status: u.sheetStatus,
                statusLabel: sheetStatusLabel(u.sheetStatus as SheetStatus, access.cluster.kind),
              },
            ]
          : [];
      }),
    })),
  };
}
