/**
 * The inspected unit answers a finding on the spot: it agrees, or disputes with its reason (the
 * dispute goes to the preparatory meeting, as the review's do).
 */
import { and, eq } from "drizzle-orm";
import type { FindingResponse } from "../../../core/inspection.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { inspectionFindings } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import { assert, assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { INSPECTION_DENY, sideOf } from "../../policies/inspection.ts";
import { findVisit, type InspectionPlan, type InspectionVisit } from "../../queries/inspection.ts";

/** The plan is agreed and the visit not yet reconciled: findings may be written; else 409. */
export function openVisit(plan: InspectionPlan, visit: InspectionVisit): void {
  if (!plan.agreedAt) {
    throw conflict("Kế hoạch kiểm tra chéo chưa được thống nhất: chưa ghi kết quả kiểm tra được.");
  }
  if (visit.reconciledAt) {
    throw conflict("Lượt kiểm tra này đã đối chiếu, thống nhất xong: kết quả không sửa được nữa.");
  }
}

export async function respondToFinding(
  db: DbOrTx,
  access: PeriodAccess,
  visitId: number,
  criterionId: string,
  input: { response: FindingResponse; reason: string | null; version: number },
): Promise<{ version: number }> {
  const periodId = access.period.id;
  const reason = input.reason?.trim() || null;
  if (input.response === "dispute" && !reason) {
    throw badRequest("REASON_REQUIRED", "Hãy ghi lý do không đồng ý với kết quả kiểm tra.");
  }
  return db.transaction(async (tx) => {
    const { plan, visit } = await findVisit(tx, periodId, visitId, { forUpdate: true });
    assert(sideOf(access, visit) === "inspected", INSPECTION_DENY.inspected);
    await assertYearOpen(tx, periodId);
    openVisit(plan, visit);
    const where = and(
      eq(inspectionFindings.visitId, visitId),
      eq(inspectionFindings.criterionId, criterionId),
    );
    const [finding] = await tx.select().from(inspectionFindings).where(where);
    if (!finding) throw notFound(`Kết quả kiểm tra tiêu chí ${criterionId}`);
    if (finding.version !== input.version) {
      throw conflict(
        `Đoàn vừa ghi lại kết quả kiểm tra tiêu chí ${criterionId}. Hãy xem kết quả mới rồi trả lời.`,
      );
    }
    const version = finding.version + 1;
    await tx
      .update(inspectionFindings)
      .set({
        response: input.response,
        responseReason: reason,
        respondedBy: access.user.id,
        respondedAt: new Date(),
        version,
      })
      .where(where);
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `inspection.finding.${input.response}`,
      entity: "inspection_finding",
      entityId: `${visitId}/${criterionId}`,
      periodId,
      unitId: visit.inspectedUnitId,
      oldValue: finding.response
        ? { response: finding.response, reason: finding.responseReason }
        : null,
      newValue: { criterionId, response: input.response, proposed: finding.proposed },
      reason,
    });
    return { version };
  });
}
