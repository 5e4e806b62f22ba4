/**
 * The years a user takes part in, for the home page and the calendar: each period with the
 * user's part in it, every unit's step, and the milestones with what is late (Vietnam's time).
 */

import { asc, eq, inArray, sql } from "drizzle-orm";
import { dueOf, type PeriodWork, tasksOf } from "../../core/tasks.ts";
import { type SheetStatus, sheetStatusLabel, todayInVietnam } from "../../core/workflow.ts";
import type { SessionUser } from "../auth.ts";
import type { DbOrTx } from "../db/client.ts";
import { periodUnits, units } from "../db/schema.ts";
import { forbidden, notFound } from "../errors.ts";
import { visiblePeriods, visibleYearsOf } from "../policies/access.ts";
import { clusterYearFiles, evaluateYearFile } from "./cluster-year.ts";
import { workFacts } from "./work.ts";

/** Each unit's step in the given years, by period id, in one statement: what lists show. */
async function unitSteps(db: DbOrTx, periodIds: number[]) {
  const byPeriod = new Map<number, Awaited<ReturnType<typeof stepRows>>>();
  for (const row of periodIds.length === 0 ? [] : await stepRows(db, periodIds)) {
    const list = byPeriod.get(row.periodId) ?? [];
    list.push(row);
    byPeriod.set(row.periodId, list);
  }
  return byPeriod;
}

const stepRows = (db: DbOrTx, periodIds: number[]) =>
  db
    .select({
      periodId: periodUnits.periodId,
      unitId: periodUnits.unitId,
      code: units.code,
      name: units.name,
      role: periodUnits.role,
      sheetStatus: periodUnits.sheetStatus,
      registered: sql<boolean>`${periodUnits.registeredAt} IS NOT NULL`,
      pactSigned: sql<boolean>`${periodUnits.pactSignedOn} IS NOT NULL`,
      // the standing reports the unit sent the leader (the six-month one meets its milestone)
      reportsSent: sql<string[]>`coalesce((SELECT array_agg(DISTINCT rr.kind)
        FROM report_submissions rs JOIN report_requests rr ON rr.id = rs.request_id
        WHERE rr.period_id = ${periodUnits.periodId} AND rr.kind <> 'adhoc'
          AND rs.unit_id = ${periodUnits.unitId}), '{}')`,
    })
    .from(periodUnits)
    .innerJoin(units, eq(units.id, periodUnits.unitId))
    .where(inArray(periodUnits.periodId, periodIds))
    .orderBy(asc(units.code));

export async function myPeriods(db: DbOrTx, user: SessionUser) {
  const visible = await visiblePeriods(db, user);
  const ids = visible.map((a) => a.period.id);
  const unitsByYear = await unitSteps(db, ids);
  const facts = await workFacts(db, user, ids);
  const today = todayInVietnam();
  const out = [];
  for (const access of visible) {
    const id = access.period.id;
    const units = unitsByYear.get(id) ?? [];
    const mine = user.unitId === null ? undefined : units.find((u) => u.unitId === user.unitId);
    const work: PeriodWork = {
      periodId: id,
      clusterKind: access.cluster.kind,
      clusterName: access.cluster.name,
      label: access.period.label,
      locked: access.period.lockedAt !== null,
      you: {
        unitId: access.memberRole === null ? null : user.unitId,
        memberRole: access.memberRole,
        leadership: access.leadership,
        standing: access.standing,
        council: access.council,
        data: access.data,
      },
      units: units.map((u) => ({
        id: u.unitId,
        name: u.name,
        role: u.role,
        status: u.sheetStatus as SheetStatus,
        registered: u.registered,
        reportsSent: u.reportsSent,
      })),
      milestones: access.period.milestones,
      ...(facts.get(id) as NonNullable<ReturnType<typeof facts.get>>),
    };
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
            statusLabel: sheetStatusLabel(mine.sheetStatus as SheetStatus, access.cluster.kind),
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
        statusLabel: sheetStatusLabel(u.sheetStatus as SheetStatus, access.cluster.kind),
      })),
      milestones: access.period.milestones.map((m) => ({ ...m, late: m.dueOn < today })),
      tasks: tasksOf(work),
      due: dueOf(work, today),
      meetings: work.meetings,
      lockedAt: access.period.lockedAt,
      resultsPublishedAt: access.period.resultsPublishedAt,
    });
  }
  return { today, periods: out };
}

/**
 * A unit's totals across the years it was scored (appraised or locked years and the current
 * one), each year evaluated with its whole cluster: a fixed number of statements, whatever the
 * number of years.
 */
export async function unitYears(db: DbOrTx, user: SessionUser, unitId: number) {
  const [unit] = await db.select({ code: units.code }).from(units).where(eq(units.id, unitId));
  if (!unit) throw notFound(`đơn vị số ${unitId}`);
  const own = user.unitId === unitId;
  const shown = (await visibleYearsOf(db, user, unitId)).filter(
    (a) => (own && a.memberRole !== null) || a.leadership || a.standing || a.council || a.admin,
  );
  if (!(user.role === "admin" || own || shown.length > 0))
    throw forbidden("Bạn không theo dõi đơn vị này nên không xem được kết quả các năm của đơn vị.");
  const files = await clusterYearFiles(db, shown);
  const years = [];
  for (const { period, cluster } of shown) {
    const file = files.get(period.id);
    if (!file) continue;
    const results = evaluateYearFile(file).output;
    const r = results.units.find((u) => u.id === unit.code);
    if (r)
      years.push({
        periodId: period.id,
        label: period.label,
        cluster: cluster.name,
        total: r.total,
        rank: r.rank,
        award: r.award,
      });
  }
  return { unitId, years: years.sort((a, b) => a.label.localeCompare(b.label)) };
}
