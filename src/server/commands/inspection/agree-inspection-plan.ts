/**
 * The plan is agreed (Vùng cao 2022 Điều 7.5: the leader and the members agree on the content,
 * the plan and the schedule): at a meeting, by a decision it passed — or by every member's
 * acknowledgement (acknowledge-inspection-plan.ts). Only a plan whose pairings keep the rules
 * and that inspects someone can be agreed.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { decisions, inspectionPlans, inspectionVisits, meetings } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import { assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { findPlan, type InspectionPlan } from "../../queries/inspection.ts";

/** The period's plan, drafted, not yet agreed, with at least one visit; else 409. */
export async function planToAgree(tx: DbOrTx, periodId: number): Promise<InspectionPlan> {
  const plan = await findPlan(tx, periodId, { forUpdate: true });
  if (!plan) throw conflict("Cụm chưa lập kế hoạch kiểm tra chéo năm này.");
  if (plan.agreedAt) throw conflict("Kế hoạch kiểm tra chéo đã được thống nhất.");
  const visits = await tx
    .select({ id: inspectionVisits.id })
    .from(inspectionVisits)
    .where(eq(inspectionVisits.planId, plan.id));
  if (visits.length === 0) {
    throw conflict("Kế hoạch kiểm tra chéo chưa phân công đoàn nào: chưa thống nhất được.");
  }
  return plan;
}

/** Record the plan agreed, how (and by which decision), audited; its new version. */
export async function markAgreed(
  tx: DbOrTx,
  access: PeriodAccess,
  plan: InspectionPlan,
  how:
    | { agreedHow: "meeting"; decisionId: number; reason: string }
    | { agreedHow: "acknowledgement" },
): Promise<{ agreedAt: Date; version: number }> {
  const agreedAt = new Date();
  const version = plan.version + 1;
  const decisionId = how.agreedHow === "meeting" ? how.decisionId : null;
  await tx
    .update(inspectionPlans)
    .set({ agreedAt, agreedHow: how.agreedHow, decisionId, version })
    .where(eq(inspectionPlans.id, plan.id));
  await writeAudit(tx, {
    actorId: access.user.id,
    action: "inspection.agree",
    entity: "inspection_plan",
    entityId: plan.id,
    periodId: access.period.id,
    newValue:
      decisionId === null ? { agreedHow: how.agreedHow } : { agreedHow: how.agreedHow, decisionId },
    reason: how.agreedHow === "meeting" ? how.reason : null,
  });
  return { agreedAt, version };
}

export async function agreeInspectionPlan(
  db: DbOrTx,
  access: PeriodAccess,
  input: { decisionId: number; version: number },
): Promise<{ agreedAt: Date; version: number }> {
  const periodId = access.period.id;
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, periodId);
    const plan = await planToAgree(tx, periodId);
    if (plan.version !== input.version) {
      throw conflict("Kế hoạch kiểm tra chéo vừa được người khác sửa. Hãy tải lại trang.");
    }
    const [decision] = await tx
      .select({ passed: decisions.passed, periodId: meetings.periodId, text: decisions.text })
      .from(decisions)
      .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
      .where(eq(decisions.id, input.decisionId));
    if (!decision || decision.periodId !== periodId) {
      throw notFound(`Kết luận số ${input.decisionId} của cuộc họp năm ${access.period.label}`);
    }
    if (!decision.passed) {
      throw badRequest(
        "DECISION_NOT_PASSED",
        `Kết luận «${decision.text}» không được đa số tán thành: kế hoạch chưa được thống nhất.`,
      );
    }
    return markAgreed(tx, access, plan, {
      agreedHow: "meeting",
      decisionId: input.decisionId,
      reason: decision.text,
    });
  });
}
