/**
 * The two sides close the visit on the spot once the unit has answered every finding: the
 * agreed values become the unit's cluster-stage values (the leader's review starts from them),
 * each with its audit row; the disputed ones wait for the preparatory meeting. From then on the
 * inspected figures are frozen: the unit's later change of one marks it adjusted after
 * reconciliation (save-score.ts), which excludes it from awards (Lạng Sơn 2019 D.3).
 */
import { and, eq, inArray } from "drizzle-orm";
import { visitProgress } from "../../../core/inspection.ts";
import {
  formatCalendarDate,
  SHEET_STATUS_LABELS,
  type SheetStatus,
} from "../../../core/workflow.ts";
import { type AuditEntry, writeAudit, writeAudits } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  inspectionFindings,
  inspectionVisits,
  periodUnits,
  scores,
  units,
} from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { assert, assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { INSPECTION_DENY, mayInspect } from "../../policies/inspection.ts";
import { findVisit } from "../../queries/inspection.ts";
import { openVisit } from "./respond-to-finding.ts";

/** A sheet the review has not started on: agreed values may still become its cluster stage. */
const BEFORE_REVIEW: SheetStatus[] = ["draft", "submitted"];

export async function reconcileVisit(
  db: DbOrTx,
  access: PeriodAccess,
  visitId: number,
  input: { version: number },
): Promise<{ agreed: number; disputed: number }> {
  const periodId = access.period.id;
  return db.transaction(async (tx) => {
    const { plan, visit } = await findVisit(tx, periodId, visitId, { forUpdate: true });
    assert(mayInspect(access, visit), INSPECTION_DENY.team);
    await assertYearOpen(tx, periodId);
    openVisit(plan, visit);
    if (visit.version !== input.version) {
      throw conflict("Lượt kiểm tra này vừa được người khác sửa. Hãy tải lại trang.");
    }
    const findings = await tx
      .select()
      .from(inspectionFindings)
      .where(eq(inspectionFindings.visitId, visitId));
    const progress = visitProgress(findings);
    if (progress.findings === 0) {
      throw conflict("Đoàn chưa ghi kết quả kiểm tra nào: chưa đối chiếu, thống nhất được.");
    }
    if (progress.unanswered > 0) {
      throw conflict(
        `Đơn vị chưa trả lời ${progress.unanswered} kết quả kiểm tra (${findings
          .filter((f) => f.response === null)
          .map((f) => f.criterionId)
          .join(", ")}): mỗi kết quả cần được đồng ý hoặc không đồng ý trước khi thống nhất.`,
      );
    }
    const [sheet] = await tx
      .select({ status: periodUnits.sheetStatus, name: units.name })
      .from(periodUnits)
      .innerJoin(units, eq(units.id, periodUnits.unitId))
      .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, visit.inspectedUnitId)))
      .for("update");
    if (!sheet) throw new Error(`unit ${visit.inspectedUnitId} is not of period ${periodId}`);
    if (!BEFORE_REVIEW.includes(sheet.status as SheetStatus)) {
      throw conflict(
        `Biểu của ${sheet.name} đang ở bước «${SHEET_STATUS_LABELS[sheet.status as SheetStatus]}»: Cụm đã chấm, kết quả kiểm tra chéo không ghi đè được điểm Cụm chấm.`,
      );
    }

    const agreed = findings.filter((f) => f.response === "agree");
    const at = new Date();
    const comment = `Thống nhất khi kiểm tra chéo${visit.visitOn ? ` ngày ${formatCalendarDate(visit.visitOn)}` : ""}.`;
    const current =
      agreed.length === 0
        ? []
        : await tx
            .select()
            .from(scores)
            .where(
              and(
                eq(scores.periodId, periodId),
                eq(scores.unitId, visit.inspectedUnitId),
                eq(scores.stage, "cluster"),
                inArray(
                  scores.criterionId,
                  agreed.map((f) => f.criterionId),
                ),
              ),
            )
            .for("update");
    const audits: AuditEntry[] = [];
    for (const f of agreed) {
      const old = current.find((s) => s.criterionId === f.criterionId);
      const row = {
        value: f.proposed,
        comment,
        explanation: null,
        scoredBy: access.user.id,
        scoredAt: at,
      };
      if (old) {
        await tx
          .update(scores)
          .set({ ...row, version: old.version + 1 })
          .where(
            and(
              eq(scores.periodId, periodId),
              eq(scores.unitId, visit.inspectedUnitId),
              eq(scores.criterionId, f.criterionId),
              eq(scores.stage, "cluster"),
            ),
          );
      } else {
        await tx.insert(scores).values({
          periodId,
          unitId: visit.inspectedUnitId,
          criterionId: f.criterionId,
          stage: "cluster",
          ...row,
        });
      }
      audits.push({
        actorId: access.user.id,
        action: "score.cluster",
        entity: "score",
        entityId: `${visit.inspectedUnitId}/${f.criterionId}/cluster`,
        periodId,
        unitId: visit.inspectedUnitId,
        oldValue: old ? { value: old.value, comment: old.comment } : null,
        newValue: { value: f.proposed, comment },
        reason: comment,
      });
    }
    if (audits.length > 0) await writeAudits(tx, audits);
    await tx
      .update(inspectionVisits)
      .set({ reconciledAt: at, reconciledBy: access.user.id, version: visit.version + 1 })
      .where(eq(inspectionVisits.id, visitId));
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "inspection.reconcile",
      entity: "inspection_visit",
      entityId: visitId,
      periodId,
      unitId: visit.inspectedUnitId,
      newValue: { agreed: progress.agreed, disputed: progress.disputed },
    });
    return { agreed: progress.agreed, disputed: progress.disputed };
  });
}
