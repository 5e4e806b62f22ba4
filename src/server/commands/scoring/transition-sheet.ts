/**
 * Move a unit's sheet along the one table of transitions (core/workflow.ts): submit, review,
 * agree, dispute, settle, appraise, or send back one step with a reason. Submitting checks that
 * the sheet is complete; agreeing records the reconciliation. History and audit in one
 * transaction; a stale version is refused (409).
 */
import { and, eq, isNull } from "drizzle-orm";
import { evaluateUnit, type ScoreValue, valueAtStage } from "../../../core/evaluate.ts";
import {
  findTransition,
  SHEET_STATUS_LABELS,
  type SheetAction,
  type SheetStatus,
  sheetStatusLabel,
  TRANSITIONS,
} from "../../../core/workflow.ts";
import { writeAudit, writeAudits } from "../../audit.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import {
  evidence,
  periodUnits,
  responses,
  scores,
  sheetTransitions,
  units,
} from "../../db/schema.ts";
import { badRequest, conflict, forbidden, notFound } from "../../errors.ts";
import { assertYearOpen, DENY, type PeriodAccess } from "../../policies/access.ts";
import { clusterEvaluation, periodScheme, stagedScores } from "../../queries/cluster-year.ts";

export interface TransitionInput {
  unitId: number;
  action: SheetAction;
  reason?: string | null;
  version: number;
}

/** What still stops a sheet from being submitted: criteria without a value, scored items
 * with neither evidence nor a written explanation. Empty when complete. */
export async function missingForSubmission(
  db: DbOrTx,
  access: PeriodAccess,
  unitId: number,
  unitCode: string,
  role: "leader" | "deputy" | "member",
): Promise<{ noValue: string[]; noEvidence: string[] }> {
  const scheme = await periodScheme(db, access.period);
  const own = and(
    eq(scores.periodId, access.period.id),
    eq(scores.unitId, unitId),
    eq(scores.stage, "self"),
  );
  const rows = await db
    .select({
      criterionId: scores.criterionId,
      value: scores.value,
      explanation: scores.explanation,
    })
    .from(scores)
    .where(own);
  const self = Object.fromEntries(rows.map((r) => [r.criterionId, r.value as ScoreValue]));
  const explained = new Set(rows.filter((r) => r.explanation).map((r) => r.criterionId));
  const files = await db
    .select({ criterionId: evidence.criterionId })
    .from(evidence)
    .where(
      and(
        eq(evidence.periodId, access.period.id),
        eq(evidence.unitId, unitId),
        isNull(evidence.deletedAt),
      ),
    );
  const withFiles = new Set(files.map((f) => f.criterionId));
  const evaluation = evaluateUnit(scheme, { id: unitCode, role }, self);
  const noValue: string[] = [];
  const noEvidence: string[] = [];
  for (const c of scheme.preOrder) {
    if (c.kind === "group") continue;
    if (!(c.id in self)) noValue.push(c.id);
    else if (c.kind !== "deduction" && (evaluation.nodes.get(c.id)?.points ?? 0) > 0) {
      if (!withFiles.has(c.id) && !explained.has(c.id)) noEvidence.push(c.id);
    }
  }
  return { noValue, noEvidence };
}

const KEPT = "Giữ nguyên khi hoàn thành thẩm định (không sửa điểm này).";

/**
 * Completing appraisal accepts every value the standing agency did not change: the value that
 * stood (the cluster's, or the unit's or the data agency's where the cluster gave none) is
 * recorded as the appraised value, each with its audit row, so the appraisal column is whole.
 */
async function acceptUnchanged(tx: DbOrTx, access: PeriodAccess, unitId: number) {
  const staged = (await stagedScores(tx, access.period.id, [unitId])).get(unitId) ?? {};
  const kept: { criterionId: string; value: ScoreValue }[] = [];
  for (const [criterionId, values] of Object.entries(staged)) {
    const value = values.appraisal === undefined ? valueAtStage(values, "cluster") : undefined;
    if (value !== undefined) kept.push({ criterionId, value });
  }
  if (kept.length === 0) return;
  await tx.insert(scores).values(
    kept.map(({ criterionId, value }) => ({
      periodId: access.period.id,
      unitId,
      criterionId,
      stage: "appraisal" as const,
      value,
      comment: KEPT,
      scoredBy: access.user.id,
    })),
  );
  await writeAudits(
    tx,
    kept.map(({ criterionId, value }) => ({
      actorId: access.user.id,
      action: "score.appraisal",
      entity: "score",
      entityId: `${unitId}/${criterionId}/appraisal`,
      periodId: access.period.id,
      unitId,
      oldValue: null,
      newValue: { value, comment: KEPT },
      reason: KEPT,
    })),
  );
}

/**
 * Nobody reviews their own unit: the cluster's steps on the leader unit's sheet are the
 * deputy's, or the standing agency's where the cluster has no deputy this year.
 */
async function mayActAsCluster(
  tx: DbOrTx,
  access: PeriodAccess,
  unitId: number,
  unitRole: "leader" | "deputy" | "member",
): Promise<boolean> {
  if (access.user.role === "unit" && access.user.unitId === unitId) return false;
  if (access.leadership) return true;
  if (!access.standing || unitRole !== "leader") return false;
  const [deputy] = await tx
    .select({ unitId: periodUnits.unitId })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.role, "deputy")));
  return deputy === undefined;
}

/**
 * A one-unit bonus still claimed by this unit and others is settled before appraisal ends: the
 * cluster (or the standing agency, with a reason) scores 0 for the units that do not get it.
 */
async function assertNoOpenConflict(tx: DbOrTx, access: PeriodAccess, unitCode: string) {
  const evaluation = await clusterEvaluation(tx, access.period, access.cluster);
  const names = new Map(evaluation.units.map((u) => [u.id, u.name]));
  const open = evaluation.conflicts.filter((c) => c.unitIds.includes(unitCode));
  if (open.length === 0) return;
  const what = open.map(
    (c) =>
      `tiêu chí ${c.criterionId} (${c.title}) đang được đề nghị cho ${c.unitIds.map((id) => names.get(id) ?? id).join(", ")}`,
  );
  throw conflict(
    `Chưa hoàn thành thẩm định được: ${what.join("; ")}. Mỗi Cụm chỉ một đơn vị được thưởng: hãy quyết định đơn vị được thưởng (chấm 0 cho các đơn vị còn lại, ghi rõ lý do) rồi hoàn thành thẩm định.`,
    { conflicts: open },
  );
}

export async function transitionSheet(db: Db, access: PeriodAccess, input: TransitionInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const [row] = await tx
      .select({ pu: periodUnits, code: units.code })
      .from(periodUnits)
      .innerJoin(units, eq(units.id, periodUnits.unitId))
      .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, input.unitId)))
      .for("update", { of: periodUnits });
    if (!row) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);
    const status = row.pu.sheetStatus as SheetStatus;
    if (input.action === "lock" || input.action === "unlock") {
      throw badRequest("USE_LOCK", "Khóa, mở khóa kết quả thực hiện cho cả Cụm, không từng biểu.");
    }
    const t = findTransition(status, input.action);
    if (!t) {
      const possible = TRANSITIONS.filter((x) => x.from === status).map((x) => x.label);
      throw conflict(
        `Không thể thực hiện thao tác này khi biểu đang ở trạng thái "${SHEET_STATUS_LABELS[status]}". Có thể: ${possible.join(", ") || "không thao tác nào"}.`,
      );
    }
    const own =
      access.user.role === "unit" &&
      access.user.unitId === input.unitId &&
      access.memberRole !== null;
    const allowed =
      t.actor === "unit"
        ? own
        : t.actor === "leadership"
          ? await mayActAsCluster(tx, access, input.unitId, row.pu.role)
          : access.standing;
    if (!allowed) {
      throw forbidden(
        t.actor === "unit"
          ? DENY.ownUnit
          : t.actor === "leadership"
            ? own || access.leadership
              ? DENY.notOwnReview
              : DENY.leadership
            : DENY.standing,
      );
    }
    const reason = input.reason?.trim() || null;
    if (t.needsReason && !reason)
      throw badRequest("REASON_REQUIRED", `"${t.label}" cần ghi rõ lý do.`);
    if (row.pu.version !== input.version) {
      throw conflict("Trạng thái biểu vừa được người khác thay đổi. Hãy tải lại biểu.", {
        status: row.pu.sheetStatus,
        version: row.pu.version,
      });
    }
    if (t.action === "submit") {
      const missing = await missingForSubmission(tx, access, input.unitId, row.code, row.pu.role);
      if (missing.noValue.length > 0 || missing.noEvidence.length > 0) {
        const parts = [];
        if (missing.noValue.length > 0)
          parts.push(
            `${missing.noValue.length} tiêu chí chưa có điểm (${missing.noValue.slice(0, 5).join(", ")}…)`,
          );
        if (missing.noEvidence.length > 0) {
          parts.push(
            `${missing.noEvidence.length} tiêu chí có điểm nhưng chưa có minh chứng hoặc giải trình (${missing.noEvidence.slice(0, 5).join(", ")}…)`,
          );
        }
        throw conflict(`Chưa nộp được: ${parts.join("; ")}.`, missing);
      }
    }
    if (t.action === "appraise") {
      await assertNoOpenConflict(tx, access, row.code);
      await acceptUnchanged(tx, access, input.unitId);
    }
    if (t.action === "dispute") {
      const disputes = await tx
        .select({ id: responses.criterionId })
        .from(responses)
        .where(
          and(
            eq(responses.periodId, access.period.id),
            eq(responses.unitId, input.unitId),
            eq(responses.agreement, "dispute"),
          ),
        );
      if (disputes.length === 0) {
        throw badRequest(
          "NO_DISPUTE",
          "Hãy chọn ít nhất một tiêu chí không đồng ý, kèm lý do, trước khi gửi khiếu nại.",
        );
      }
    }
    const reconciledAt = t.to === "reconciled" ? new Date() : row.pu.reconciledAt;
    await tx
      .update(periodUnits)
      .set({ sheetStatus: t.to, version: row.pu.version + 1, reconciledAt })
      .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, input.unitId)));
    await tx.insert(sheetTransitions).values({
      periodId: access.period.id,
      unitId: input.unitId,
      fromStatus: status,
      toStatus: t.to,
      action: t.action,
      actorId: access.user.id,
      reason,
    });
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `sheet.${t.action}`,
      entity: "period_unit",
      entityId: `${access.period.id}/${input.unitId}`,
      periodId: access.period.id,
      unitId: input.unitId,
      oldValue: { status },
      newValue: { status: t.to },
      reason,
    });
    return {
      status: t.to,
      label: sheetStatusLabel(t.to, access.cluster.kind),
      version: row.pu.version + 1,
    };
  });
}
