/**
 * Add or remove a member unit of a period, only before scoring starts (once the first score is
 * written the members, like the criteria, are fixed). The leader is replaced, not removed.
 */
import { and, count, eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db, Tx } from "../../db/client.ts";
import { periods, periodUnits, scores } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { periodMembers } from "../../queries/organisation.ts";
import { findPeriod, findUnit, isUniqueViolation } from "./lookup.ts";

async function openPeriod(tx: Tx, periodId: number) {
  const period = await findPeriod(tx, periodId);
  await assertYearOpen(tx, periodId);
  // lock the period row: two changes of its members run one after the other
  await tx.select({ id: periods.id }).from(periods).where(eq(periods.id, periodId)).for("update");
  const [written] = await tx
    .select({ n: count() })
    .from(scores)
    .where(eq(scores.periodId, periodId));
  if (period.schemeFrozenAt !== null || (written?.n ?? 0) > 0) {
    throw conflict(
      `Kỳ thi đua ${period.label} đã bắt đầu chấm điểm: không thêm, bớt đơn vị thành viên được nữa.`,
    );
  }
  return period;
}

export async function addPeriodUnit(
  db: Db,
  actorId: number | null,
  input: { periodId: number; unitId: number },
) {
  const already = () => conflict("Đơn vị này đã là thành viên của kỳ thi đua.");
  try {
    return await db.transaction(async (tx) => {
      const period = await openPeriod(tx, input.periodId);
      const unit = await findUnit(tx, input.unitId);
      const [existing] = await tx
        .select()
        .from(periodUnits)
        .where(and(eq(periodUnits.periodId, period.id), eq(periodUnits.unitId, unit.id)));
      if (existing) throw already();
      await tx.insert(periodUnits).values({ periodId: period.id, unitId: unit.id, role: "member" });
      await writeAudit(tx, {
        actorId,
        action: "period.addUnit",
        entity: "period_unit",
        entityId: `${period.id}/${unit.id}`,
        periodId: period.id,
        unitId: unit.id,
        newValue: { unit: unit.name, role: "member" },
      });
      return periodMembers(tx, period.id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw already();
    throw e;
  }
}

export async function removePeriodUnit(
  db: Db,
  actorId: number | null,
  input: { periodId: number; unitId: number; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const period = await openPeriod(tx, input.periodId);
    const where = and(eq(periodUnits.periodId, period.id), eq(periodUnits.unitId, input.unitId));
    const [member] = await tx.select().from(periodUnits).where(where);
    if (!member) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);
    if (member.role === "leader") {
      throw badRequest(
        "LEADER",
        "Không bỏ được đơn vị Cụm trưởng: hãy cử Cụm trưởng khác trước rồi mới bỏ đơn vị này.",
      );
    }
    await tx.delete(periodUnits).where(where);
    await writeAudit(tx, {
      actorId,
      action: "period.removeUnit",
      entity: "period_unit",
      entityId: `${period.id}/${input.unitId}`,
      periodId: period.id,
      unitId: input.unitId,
      oldValue: member,
      reason: input.reason ?? null,
    });
    return periodMembers(tx, period.id);
  });
}
