/**
 * Name the leader (Cụm trưởng) and/or the deputy (Cụm phó) of a period. Leaders and deputies
 * belong to a period: naming a new one ends the previous one's term (it becomes a member), in
 * one transaction, with an audit row for every unit whose role changes.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Role } from "../../../core/scheme.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, Tx } from "../../db/client.ts";
import { periodUnits, units } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { periodMembers } from "../../queries/organisation.ts";
import { findPeriod, isUniqueViolation } from "./lookup.ts";

export interface NameLeadershipInput {
  periodId: number;
  leaderUnitId?: number;
  deputyUnitId?: number;
  /** For instance the meeting and the ballot that elected them. */
  reason?: string | null;
}

const TITLE: Record<Role, string> = {
  leader: "Cụm trưởng",
  deputy: "Cụm phó",
  member: "thành viên",
};

export async function nameLeadership(db: Db, actorId: number | null, input: NameLeadershipInput) {
  if (input.leaderUnitId === undefined && input.deputyUnitId === undefined) {
    throw badRequest("NOTHING_TO_NAME", "Hãy chọn đơn vị Cụm trưởng hoặc Cụm phó.");
  }
  if (input.leaderUnitId !== undefined && input.leaderUnitId === input.deputyUnitId) {
    throw badRequest("SAME_UNIT", "Một đơn vị không thể vừa là Cụm trưởng vừa là Cụm phó.");
  }
  try {
    return await db.transaction(async (tx) => {
      const period = await findPeriod(tx, input.periodId);
      await assertYearOpen(tx, period.id);
      const rows = await tx
        .select({ unitId: periodUnits.unitId, role: periodUnits.role, name: units.name })
        .from(periodUnits)
        .innerJoin(units, eq(units.id, periodUnits.unitId))
        .where(eq(periodUnits.periodId, period.id))
        .for("update", { of: periodUnits });
      const member = (unitId: number) => {
        const row = rows.find((r) => r.unitId === unitId);
        if (!row) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua ${period.label}`);
        return row;
      };
      const roles = new Map(rows.map((r) => [r.unitId, r.role]));
      const name = (role: Role, unitId: number | undefined) => {
        if (unitId === undefined) return;
        member(unitId);
        for (const [id, r] of roles) if (r === role && id !== unitId) roles.set(id, "member");
        roles.set(unitId, role);
      };
      name("leader", input.leaderUnitId);
      name("deputy", input.deputyUnitId);
      const changes = rows.filter((r) => roles.get(r.unitId) !== r.role);
      if (changes.length === 0) {
        throw conflict("Các đơn vị được chọn đã giữ đúng vai trò này trong kỳ thi đua.");
      }
      const newName = (role: Role) => {
        const id = [...roles].find(([, r]) => r === role)?.[0];
        return id === undefined ? null : member(id).name;
      };
      // the outgoing leader first: the database allows one leader per period at any moment
      const ordered = [...changes].sort(
        (a, b) => Number(b.role === "leader") - Number(a.role === "leader"),
      );
      for (const row of ordered) {
        await setRole(tx, period.id, row.unitId, roles.get(row.unitId) as Role);
      }
      for (const row of changes) {
        const to = roles.get(row.unitId) as Role;
        const ended =
          to === "member" || (row.role !== "member" && to !== row.role)
            ? `Hết nhiệm kỳ ${TITLE[row.role]} kỳ ${period.label}: ${TITLE[row.role]} mới là ${newName(row.role) ?? "(chưa có)"}.`
            : null;
        await writeAudit(tx, {
          actorId,
          action: "period.leadership",
          entity: "period_unit",
          entityId: `${period.id}/${row.unitId}`,
          periodId: period.id,
          unitId: row.unitId,
          oldValue: { role: row.role },
          newValue: { role: to },
          reason: [ended, input.reason].filter(Boolean).join(" ") || null,
        });
      }
      return periodMembers(tx, period.id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict(
        "Vai trò Cụm trưởng của kỳ thi đua vừa được người khác thay đổi; hãy tải lại.",
      );
    }
    throw e;
  }
}

async function setRole(tx: Tx, periodId: number, unitId: number, role: Role) {
  await tx
    .update(periodUnits)
    .set({ role, version: sql`${periodUnits.version} + 1` })
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, unitId)));
}
