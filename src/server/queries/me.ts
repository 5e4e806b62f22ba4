/**
 * The years a user takes part in, for the home page and the calendar: each period with the
 * user's part in it, every unit's step, and the milestones with what is late (Vietnam's time).
 */

import { eq } from "drizzle-orm";
import { SHEET_STATUS_LABELS, type SheetStatus, todayInVietnam } from "../../core/workflow.ts";
import type { SessionUser } from "../auth.ts";
import type { DbOrTx } from "../db/client.ts";
import { periods, units } from "../db/schema.ts";
import { forbidden, notFound } from "../errors.ts";
import { canSeePeriod, periodAccess } from "../policies/access.ts";
import { clusterResults, yearUnits } from "./cluster-year.ts";

export async function myPeriods(db: DbOrTx, user: SessionUser) {
  const all = await db.select({ id: periods.id }).from(periods).orderBy(periods.id);
  const today = todayInVietnam();
  const out = [];
  for (const { id } of all) {
    const access = await periodAccess(db, user, id);
    if (!canSeePeriod(access)) continue;
    const units = await yearUnits(db, id);
    const mine = user.unitId === null ? undefined : units.find((u) => u.unitId === user.unitId);
    out.push({
      id,
      label: access.period.label,
      cluster: { id: access.cluster.id, name: access.cluster.name, kind: access.cluster.kind },
      you: {
        memberRole: access.memberRole,
        leadership: access.leadership,
        standing: access.standing,
        council: access.council,
        data: access.data,
        admin: access.admin,
      },
      myUnit: mine
        ? {
            id: mine.unitId,
            name: mine.name,
            status: mine.sheetStatus,
            statusLabel: SHEET_STATUS_LABELS[mine.sheetStatus as SheetStatus],
            registered: mine.registered,
            pactSigned: mine.pactSigned,
          }
        : null,
      units: units.map((u) => ({
        id: u.unitId,
        code: u.code,
        name: u.name,
        role: u.role,
        status: u.sheetStatus,
        statusLabel: SHEET_STATUS_LABELS[u.sheetStatus as SheetStatus],
      })),
      milestones: access.period.milestones.map((m) => ({ ...m, late: m.dueOn < today })),
      lockedAt: access.period.lockedAt,
      resultsPublishedAt: access.period.resultsPublishedAt,
    });
  }
  return { today, periods: out };
}

/** A unit's totals across the years it was scored (appraised or locked years and the current one). */
export async function unitYears(db: DbOrTx, user: SessionUser, unitId: number) {
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!unit) throw notFound(`đơn vị số ${unitId}`);
  const rows = await db.select({ id: periods.id }).from(periods);
  let allowed = user.role === "admin" || user.unitId === unitId;
  const years = [];
  for (const { id } of rows) {
    const access = await periodAccess(db, user, id);
    const member = (await yearUnits(db, id)).find((u) => u.unitId === unitId);
    if (!member) continue;
    const own = user.unitId === unitId && access.memberRole !== null;
    if (!(own || access.leadership || access.standing || access.council || access.admin)) continue;
    allowed = true;
    const results = await clusterResults(db, access.period, access.cluster);
    const r = results.units.find((u) => u.id === member.code);
    if (r)
      years.push({
        periodId: id,
        label: access.period.label,
        cluster: access.cluster.name,
        total: r.total,
        rank: r.rank,
        award: r.award,
      });
  }
  if (!allowed)
    throw forbidden("Bạn không theo dõi đơn vị này nên không xem được kết quả các năm của đơn vị.");
  return { unitId, years: years.sort((a, b) => a.label.localeCompare(b.label)) };
}
