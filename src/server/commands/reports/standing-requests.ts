/**
 * The requests for reports every member owes the leader each year (Vùng cao 2022 Điều 7.1–7.2):
 * the six-month report (due at the `sixMonthReport` milestone, 30/06 for a calendar year) and
 * the annual report with the self-score sheet (due at the `selfScore` milestone, 25/12). They
 * are read from the period's milestones, not stored beforehand: a standing request gets its row
 * (`report_requests`, one per period and kind, partial unique index `report_requests_standing`)
 * when the first report for it arrives, so no year needs a backfill. Ad hoc requests (Điều 7.3)
 * are rows from the start. Due dates and lateness are Vietnam's calendar days.
 */
import { and, eq, sql } from "drizzle-orm";
import { clusterText } from "../../../core/labels.ts";
import { daysBetween } from "../../../core/tasks.ts";
import { todayInVietnam } from "../../../core/workflow.ts";
import type { DbOrTx } from "../../db/client.ts";
import { reportRequests } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Period } from "../../policies/access.ts";
import { annualReportDue, sixMonthReportDue } from "../organisation/milestones.ts";

export const STANDING_KINDS = ["sixMonth", "annual"] as const;
export type StandingKind = (typeof STANDING_KINDS)[number];
export type ReportKind = StandingKind | "adhoc";

/** How a route names a request: a standing one by its kind, an ad hoc one by its id. */
export type RequestKey = StandingKind | number;

/** The milestone each standing request follows. */
export const STANDING_MILESTONES: Record<StandingKind, string> = {
  sixMonth: "sixMonthReport",
  annual: "selfScore",
};

/** The period's facts a standing request is read from. */
export type PeriodDates = Pick<Period, "label" | "kind" | "startsOn" | "endsOn" | "milestones">;

export interface StandingRequest {
  kind: StandingKind;
  milestoneKey: string;
  title: string;
  body: string;
  dueOn: string;
}

/** A request as the product reads it: stored (id) or standing and not stored yet (id null). */
export interface ReportRequest {
  id: number | null;
  kind: ReportKind;
  milestoneKey: string | null;
  title: string;
  body: string;
  dueOn: string;
  createdBy: number | null;
  createdAt: Date | null;
}

/** The standing request of `kind` in a period, in the words of its cluster or block. */
export function standingRequest(
  period: PeriodDates,
  kind: StandingKind,
  clusterKind: "cluster" | "block",
): StandingRequest {
  const year = `${period.kind === "school" ? "năm học" : "năm"} ${period.label}`;
  const request =
    kind === "sixMonth"
      ? {
          title: `Báo cáo sơ kết 6 tháng đầu ${year}`,
          body: `Báo cáo kết quả thực hiện phong trào thi đua 6 tháng đầu ${year} của đơn vị, gửi Cụm trưởng.`,
          dueOn: sixMonthReportDue(period),
        }
      : {
          title: `Báo cáo tổng kết ${year} và bảng tự chấm điểm thi đua`,
          body: `Báo cáo tổng kết phong trào thi đua ${year} của đơn vị kèm bảng tự chấm điểm thi đua, gửi Cụm trưởng.`,
          dueOn: annualReportDue(period),
        };
  return {
    kind,
    milestoneKey: STANDING_MILESTONES[kind],
    title: clusterText(request.title, clusterKind),
    body: clusterText(request.body, clusterKind),
    dueOn: request.dueOn,
  };
}

/** Both standing requests of a period, the six-month one first. */
export function standingRequests(
  period: PeriodDates,
  clusterKind: "cluster" | "block",
): StandingRequest[] {
  return STANDING_KINDS.map((kind) => standingRequest(period, kind, clusterKind));
}

/** Whole days from `dueOn` to the day `at` falls on in Vietnam; 0 on or before the due day. */
export function daysLate(dueOn: string, at: Date): number {
  return Math.max(0, daysBetween(dueOn, todayInVietnam(at)));
}

type RequestRow = typeof reportRequests.$inferSelect;

/** A stored request as read: a standing one's title and due day are its milestone's now. */
export function requestOf(
  row: RequestRow,
  period: PeriodDates,
  clusterKind: "cluster" | "block",
): ReportRequest {
  const standing =
    row.kind === "adhoc" ? null : standingRequest(period, row.kind as StandingKind, clusterKind);
  return {
    id: row.id,
    kind: row.kind,
    milestoneKey: row.milestoneKey,
    title: standing?.title ?? row.title,
    body: standing?.body ?? row.body,
    dueOn: standing?.dueOn ?? row.dueOn,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/**
 * The request a report is sent for, in the caller's transaction: an ad hoc one of the period
 * by id (404 otherwise), or a standing one, whose row is made now if it is the first report
 * for it (INSERT … ON CONFLICT DO NOTHING on `report_requests_standing`, then read: two first
 * reports at once get the same row).
 */
export async function requestForReport(
  tx: DbOrTx,
  period: PeriodDates & { id: number },
  clusterKind: "cluster" | "block",
  key: RequestKey,
): Promise<ReportRequest & { id: number }> {
  if (typeof key === "number") {
    const [row] = await tx
      .select()
      .from(reportRequests)
      .where(and(eq(reportRequests.id, key), eq(reportRequests.periodId, period.id)));
    if (!row) throw notFound(`yêu cầu báo cáo số ${key} trong kỳ thi đua này`);
    return { ...requestOf(row, period, clusterKind), id: row.id };
  }
  const standing = standingRequest(period, key, clusterKind);
  await tx
    .insert(reportRequests)
    .values({
      periodId: period.id,
      kind: key,
      milestoneKey: standing.milestoneKey,
      title: standing.title,
      body: standing.body,
      dueOn: standing.dueOn,
    })
    .onConflictDoNothing({
      target: [reportRequests.periodId, reportRequests.kind],
      where: sql`kind <> 'adhoc'`,
    });
  const [row] = await tx
    .select()
    .from(reportRequests)
    .where(and(eq(reportRequests.periodId, period.id), eq(reportRequests.kind, key)));
  if (!row) throw new Error(`standing request ${key} of period ${period.id} not found`);
  return { ...requestOf(row, period, clusterKind), id: row.id };
}
