/**
 * A member acknowledges the drafted plan in the product (agreement in writing, without a
 * meeting); once every member of the year has, the plan is agreed by acknowledgement.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { inspectionAcknowledgements } from "../../db/schema.ts";
import { assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { yearUnits } from "../../queries/cluster-year.ts";
import { markAgreed, planToAgree } from "./agree-inspection-plan.ts";

export async function acknowledgeInspectionPlan(
  db: DbOrTx,
  access: PeriodAccess,
  unitId: number,
): Promise<{ agreed: boolean; waiting: string[] }> {
  const periodId = access.period.id;
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, periodId);
    const plan = await planToAgree(tx, periodId);
    await tx
      .insert(inspectionAcknowledgements)
      .values({ planId: plan.id, unitId, userId: access.user.id })
      .onConflictDoNothing();
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "inspection.acknowledge",
      entity: "inspection_plan",
      entityId: plan.id,
      periodId,
      unitId,
    });
    const acks = await tx
      .select({ unitId: inspectionAcknowledgements.unitId })
      .from(inspectionAcknowledgements)
      .where(eq(inspectionAcknowledgements.planId, plan.id));
    const done = new Set(acks.map((a) => a.unitId));
    const waiting = (await yearUnits(tx, periodId)).filter((u) => !done.has(u.unitId));
    if (waiting.length > 0) return { agreed: false, waiting: waiting.map((u) => u.name) };
    await markAgreed(tx, access, plan, { agreedHow: "acknowledgement" });
    return { agreed: true, waiting: [] };
  });
}
