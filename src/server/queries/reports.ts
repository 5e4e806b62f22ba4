/**
 * The reports members send the leader (Vùng cao 2022 Điều 7.1–7.3), as read: the year's
 * requests — the two standing ones read from its milestones, stored or not, and the ad hoc ones
 * — each with, for every member unit, whether its report came, when, and how late. Three
 * statements, whatever the number of units, requests and reports.
 */
import { and, type Column, desc, eq, sql } from "drizzle-orm";
import { daysBetween } from "../../core/tasks.ts";
import {
  type ReportKind,
  type ReportRequest,
  requestOf,
  standingRequests,
} from "../commands/reports/standing-requests.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  periodUnits,
  reportRequests,
  reportSubmissions,
  units as unitsTable,
  users,
} from "../db/schema.ts";
import type { PeriodAccess } from "../policies/access.ts";

export interface SubmissionView {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  submittedAt: Date;
  submittedBy: { id: number; name: string };
  /** Whole days after the due day (Vietnam's calendar) when it came; 0 on time. */
  daysLate: number;
}

/** A unit's report for a request: sent on time, sent late, not sent yet, not sent and overdue. */
export type UnitReportStatus = "onTime" | "late" | "notYet" | "missing";

export interface UnitReport {
  unitId: number;
  code: string;
  name: string;
  role: "leader" | "deputy" | "member";
  status: UnitReportStatus;
  statusLabel: string;
  /** The report that counts: the last one sent. */
  submission: SubmissionView | null;
  /** Reports sent before it, the latest first (kept, superseded). */
  earlier: SubmissionView[];
}

export interface RequestView extends Omit<ReportRequest, "createdBy"> {
  /** How routes name it: "sixMonth", "annual", or an ad hoc request's id. */
  key: string;
  createdBy: { id: number; name: string } | null;
  units: UnitReport[];
}

const KIND_ORDER: Record<ReportKind, number> = { sixMonth: 0, annual: 1, adhoc: 2 };

/** "Đúng hạn", "Chậm 3 ngày", "Chưa gửi", "Chưa gửi, quá hạn 5 ngày". */
export function reportStatusLabel(status: UnitReportStatus, days: number): string {
  switch (status) {
    case "onTime":
      return "Đúng hạn";
    case "late":
      return `Chậm ${days} ngày`;
    case "notYet":
      return "Chưa gửi";
    case "missing":
      return `Chưa gửi, quá hạn ${days} ngày`;
  }
}

function unitReport(
  unit: Omit<UnitReport, "status" | "statusLabel" | "submission" | "earlier">,
  sent: SubmissionView[],
  dueOn: string,
  today: string,
): UnitReport {
  const [submission = null, ...earlier] = sent;
  const overdue = daysBetween(dueOn, today);
  const status: UnitReportStatus = submission
    ? submission.daysLate > 0
      ? "late"
      : "onTime"
    : overdue > 0
      ? "missing"
      : "notYet";
  const days = submission ? submission.daysLate : overdue;
  return {
    ...unit,
    status,
    statusLabel: reportStatusLabel(status, days),
    submission,
    earlier,
  };
}

/**
 * The period's requests, the due soonest first, each with the units' reports: every member unit,
 * or only `unitId`'s (a member sees its own). `today` is Vietnam's day (what is overdue).
 */
export async function listReports(
  db: DbOrTx,
  access: Pick<PeriodAccess, "period" | "cluster">,
  options: { unitId: number | null; today: string },
): Promise<RequestView[]> {
  const { period, cluster } = access;
  const ownUnit = (column: Column) =>
    options.unitId === null ? undefined : eq(column, options.unitId);
  const stored = await db
    .select({ request: reportRequests, creatorName: users.displayName })
    .from(reportRequests)
    .leftJoin(users, eq(users.id, reportRequests.createdBy))
    .where(eq(reportRequests.periodId, period.id));
  const members = await db
    .select({
      unitId: periodUnits.unitId,
      code: unitsTable.code,
      name: unitsTable.name,
      role: periodUnits.role,
    })
    .from(periodUnits)
    .innerJoin(unitsTable, eq(unitsTable.id, periodUnits.unitId))
    .where(and(eq(periodUnits.periodId, period.id), ownUnit(periodUnits.unitId)))
    .orderBy(unitsTable.code);
  const sent = await db
    .select({
      id: reportSubmissions.id,
      requestId: reportSubmissions.requestId,
      unitId: reportSubmissions.unitId,
      fileName: reportSubmissions.fileName,
      mediaType: reportSubmissions.mediaType,
      size: reportSubmissions.size,
      submittedAt: reportSubmissions.submittedAt,
      submitterId: users.id,
      submitterName: users.displayName,
      daysLate: reportSubmissions.daysLate,
    })
    .from(reportSubmissions)
    .innerJoin(reportRequests, eq(reportRequests.id, reportSubmissions.requestId))
    .innerJoin(users, eq(users.id, reportSubmissions.submittedBy))
    .where(and(eq(reportRequests.periodId, period.id), ownUnit(reportSubmissions.unitId)))
    // the last one sent counts: arrival order
    .orderBy(desc(reportSubmissions.id));

  const byRequestUnit = new Map<string, SubmissionView[]>();
  for (const { requestId, unitId, submitterId, submitterName, ...s } of sent) {
    const key = `${requestId}:${unitId}`;
    const list = byRequestUnit.get(key) ?? [];
    list.push({ ...s, submittedBy: { id: submitterId, name: submitterName } });
    byRequestUnit.set(key, list);
  }

  const requests: { request: ReportRequest; creatorName: string | null }[] = [];
  for (const standing of standingRequests(period, cluster.kind)) {
    const row = stored.find((s) => s.request.kind === standing.kind);
    requests.push(
      row
        ? { request: requestOf(row.request, period, cluster.kind), creatorName: null }
        : {
            request: { ...standing, id: null, createdBy: null, createdAt: null },
            creatorName: null,
          },
    );
  }
  for (const row of stored) {
    if (row.request.kind !== "adhoc") continue;
    requests.push({
      request: requestOf(row.request, period, cluster.kind),
      creatorName: row.creatorName,
    });
  }
  requests.sort(
    (a, b) =>
      a.request.dueOn.localeCompare(b.request.dueOn) ||
      KIND_ORDER[a.request.kind] - KIND_ORDER[b.request.kind] ||
      (a.request.id ?? 0) - (b.request.id ?? 0),
  );

  return requests.map(({ request, creatorName }) => ({
    ...request,
    key: request.kind === "adhoc" ? String(request.id) : request.kind,
    createdBy:
      request.createdBy === null ? null : { id: request.createdBy, name: creatorName ?? "" },
    units: members.map((m) =>
      unitReport(
        m,
        request.id === null ? [] : (byRequestUnit.get(`${request.id}:${m.unitId}`) ?? []),
        request.dueOn,
        options.today,
      ),
    ),
  }));
}

/** One report sent, with the period its request belongs to; null when there is none. */
export async function findSubmission(db: DbOrTx, submissionId: number) {
  const [row] = await db
    .select({
      id: reportSubmissions.id,
      periodId: reportRequests.periodId,
      requestTitle: reportRequests.title,
      unitId: reportSubmissions.unitId,
      unitName: unitsTable.name,
      fileName: reportSubmissions.fileName,
      mediaType: reportSubmissions.mediaType,
      storageKey: reportSubmissions.storageKey,
    })
    .from(reportSubmissions)
    .innerJoin(reportRequests, eq(reportRequests.id, reportSubmissions.requestId))
    .innerJoin(unitsTable, eq(unitsTable.id, reportSubmissions.unitId))
    .where(eq(reportSubmissions.id, submissionId));
  return row ?? null;
}

/** Bytes of the reports a unit sent in a period (every one kept): what counts against its quota. */
export async function reportUsedBytes(
  db: DbOrTx,
  periodId: number,
  unitId: number,
): Promise<number> {
  const [row] = await db
    .select({
      used: sql<number>`coalesce(sum(${reportSubmissions.size}), 0)::bigint`.mapWith(Number),
    })
    .from(reportSubmissions)
    .innerJoin(reportRequests, eq(reportRequests.id, reportSubmissions.requestId))
    .where(and(eq(reportRequests.periodId, periodId), eq(reportSubmissions.unitId, unitId)));
  return row?.used ?? 0;
}
