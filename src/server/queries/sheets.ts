/** A unit's scoring sheet: every criterion with its values at each stage, points, evidence,
 * responses and history; and the cluster's review matrix of every unit side by side. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { fromHundredths } from "../../core/decimal.ts";
import {
  evaluateUnit,
  maximumEverywhere,
  type ScoreValue,
  STAGES,
  type Stage,
  type StagedValue,
  scoresAtStage,
} from "../../core/evaluate.ts";
import type { Criterion, Scheme } from "../../core/scheme.ts";
import { SHEET_STATUS_LABELS, type SheetStatus } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import { evidence, responses, scores, sheetTransitions, users } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { PeriodAccess } from "../policies/access.ts";
import { periodScheme, yearUnits } from "./cluster-year.ts";

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
  const unit = (await yearUnits(db, access.period.id)).find((u) => u.unitId === unitId);
  if (!unit) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
  const scheme = await periodScheme(db, access.period);
  const rows = await db
    .select({ s: scores, by: users.displayName })
    .from(scores)
    .innerJoin(users, eq(users.id, scores.scoredBy))
    .where(and(eq(scores.periodId, access.period.id), eq(scores.unitId, unitId)));
  const staged: Record<string, StagedValue> = {};
  const entries: Record<string, Partial<Record<Stage, unknown>>> = {};
  for (const { s, by } of rows) {
    const stagedRow = staged[s.criterionId] ?? {};
    const entryRow = entries[s.criterionId] ?? {};
    staged[s.criterionId] = stagedRow;
    entries[s.criterionId] = entryRow;
    stagedRow[s.stage] = s.value as ScoreValue;
    entryRow[s.stage] = {
      value: s.value,
      comment: s.comment,
      explanation: s.explanation,
      version: s.version,
      by,
      at: s.scoredAt,
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
  const evaluate = (stage: Stage) =>
    evaluateUnit(scheme, { id: unit.code, role: unit.role }, scoresAtStage(staged, stage), {
      explain: true,
    });
  const byStage = Object.fromEntries(STAGES.map((stage) => [stage, evaluate(stage)])) as Record<
    Stage,
    ReturnType<typeof evaluate>
  >;
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
      statusLabel: SHEET_STATUS_LABELS[unit.sheetStatus as SheetStatus],
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
      detail: byStage.appraisal.nodes.get(c.id)?.detail ?? null,
      evidenceCount: fileCount.get(c.id) ?? 0,
      response: answerOf.get(c.id) ?? null,
    })),
    totals: { self: totals("self"), cluster: totals("cluster"), appraisal: totals("appraisal") },
    warnings: [maximumEverywhere(scheme, byStage.self)].filter((w): w is string => w !== null),
    history: history.map((h) => ({
      ...h,
      fromLabel: SHEET_STATUS_LABELS[h.from as SheetStatus],
      toLabel: SHEET_STATUS_LABELS[h.to as SheetStatus],
    })),
  };
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
  return {
    scheme: schemeOut(scheme),
    units: unitsOfYear.map((u) => ({
      id: u.unitId,
      code: u.code,
      name: u.name,
      role: u.role,
      status: u.sheetStatus,
      statusLabel: SHEET_STATUS_LABELS[u.sheetStatus as SheetStatus],
    })),
    cells,
  };
}
