/** A unit agrees with or disputes the cluster's score of one criterion, with its reason. */
import { and, eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { periodUnits, responses } from "../../db/schema.ts";
import { badRequest, conflict, forbidden, notFound } from "../../errors.ts";
import { assertYearOpen, DENY, type PeriodAccess } from "../../policies/access.ts";
import { periodScheme } from "../../queries/cluster-year.ts";

export async function respondToReview(
  db: Db,
  access: PeriodAccess,
  input: {
    unitId: number;
    criterionId: string;
    agreement: "agree" | "dispute";
    reason?: string | null;
  },
) {
  const own =
    access.user.role === "unit" &&
    access.user.unitId === input.unitId &&
    access.memberRole !== null;
  if (!own) throw forbidden(DENY.ownUnit);
  const criterion = (await periodScheme(db, access.period)).nodes.get(input.criterionId);
  if (!criterion || criterion.kind === "group") throw notFound(`tiêu chí ${input.criterionId}`);
  const reason = input.reason?.trim() || null;
  if (input.agreement === "dispute" && !reason) {
    throw badRequest("REASON_REQUIRED", "Không đồng ý với điểm Cụm chấm cần ghi rõ lý do.");
  }
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const [pu] = await tx
      .select({ status: periodUnits.sheetStatus })
      .from(periodUnits)
      .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, input.unitId)));
    if (!pu) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);
    if (pu.status !== "reviewed")
      throw conflict("Chỉ khớp điểm khi Cụm đã chấm xong biểu của đơn vị.");
    const key = and(
      eq(responses.periodId, access.period.id),
      eq(responses.unitId, input.unitId),
      eq(responses.criterionId, criterion.id),
    );
    const [before] = await tx.select().from(responses).where(key);
    const values = {
      agreement: input.agreement,
      reason,
      respondedBy: access.user.id,
      respondedAt: new Date(),
    };
    if (before) await tx.update(responses).set(values).where(key);
    else
      await tx.insert(responses).values({
        periodId: access.period.id,
        unitId: input.unitId,
        criterionId: criterion.id,
        ...values,
      });
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `review.${input.agreement}`,
      entity: "response",
      entityId: `${input.unitId}/${criterion.id}`,
      periodId: access.period.id,
      unitId: input.unitId,
      oldValue: before ? { agreement: before.agreement, reason: before.reason } : null,
      newValue: { agreement: input.agreement, reason },
      reason,
    });
    return { criterionId: criterion.id, agreement: input.agreement, reason };
  });
}
