/**
 * The reports members send the leader (src/server/routes/reports.ts; Vùng cao 2022 Điều
 * 7.1–7.3): types, queries, the upload of a unit's report, the leader's ad hoc request, and the
 * Vietnamese words of due days and lateness. Days are counted on the server's `today` (Vietnam's
 * calendar), never the browser's clock.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { reportTypeRefusal } from "../../../core/report-file.ts";
import { daysBetween } from "../../../core/tasks.ts";
import { api, uploadFile } from "../../api.ts";
import { formatDate, sizeText } from "../../format.ts";

export type ReportKind = "sixMonth" | "annual" | "adhoc";

/** Sent on time, sent late, not sent yet (not due), not sent and overdue. */
export type UnitReportStatus = "onTime" | "late" | "notYet" | "missing";

export interface ReportSubmission {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  submittedAt: string;
  submittedBy: { id: number; name: string };
  /** Whole days after the due day when it came; 0 on time. */
  daysLate: number;
}

export interface UnitReport {
  unitId: number;
  code: string;
  name: string;
  role: "leader" | "deputy" | "member";
  status: UnitReportStatus;
  /** "Đúng hạn", "Chậm 3 ngày", "Chưa gửi", "Chưa gửi, quá hạn 5 ngày". */
  statusLabel: string;
  /** The report that counts: the last one sent. */
  submission: ReportSubmission | null;
  /** Reports sent before it, the latest first (kept, replaced). */
  earlier: ReportSubmission[];
}

export interface ReportRequest {
  /** How routes name it: "sixMonth", "annual", or an ad hoc request's id. */
  key: string;
  id: number | null;
  kind: ReportKind;
  title: string;
  body: string;
  /** yyyy-mm-dd, Vietnam's calendar. */
  dueOn: string;
  createdBy: { id: number; name: string } | null;
  createdAt: string | null;
  /** Every member unit (for those who follow them all), or only the user's own. */
  units: UnitReport[];
}

export interface ReportsList {
  /** Vietnam's day on the server, yyyy-mm-dd. */
  today: string;
  requests: ReportRequest[];
}

/** The server's answer to a report sent: the row and "Đã nhận «…» của … lúc …: đúng hạn.". */
export interface SentReport extends ReportSubmission {
  requestKey: string;
  message: string;
}

export interface AdhocRequestInput {
  title: string;
  body: string;
  /** yyyy-mm-dd. */
  dueOn: string;
}

export const KIND_LABELS: Record<ReportKind, string> = {
  sixMonth: "Báo cáo 6 tháng",
  annual: "Báo cáo năm",
  adhoc: "Báo cáo đột xuất",
};

/** The largest file the server takes (src/server/request.ts). */
const MAX_REPORT_BYTES = 10 * 1024 * 1024;

export const reportsKey = (periodId: number) => ["period", periodId, "reports"] as const;

export function useReports(periodId: number) {
  return useQuery({
    queryKey: reportsKey(periodId),
    queryFn: () => api<ReportsList>("GET", `/api/periods/${periodId}/reports`),
  });
}

/**
 * After a report or a request: the list, the year's overview (its six-month milestone waits
 * for the units that have not sent) and the home page's tasks.
 */
function useRefresh(periodId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: reportsKey(periodId) }),
      queryClient.invalidateQueries({ queryKey: ["period", periodId], exact: true }),
      queryClient.invalidateQueries({ queryKey: ["me", "periods"] }),
    ]);
}

/** Send a unit's report for a request (multipart, one file); the server's refusal as ApiError. */
export function useSendReport(periodId: number) {
  const refresh = useRefresh(periodId);
  return useMutation({
    mutationFn: ({ requestKey, file }: { requestKey: string; file: File }) =>
      uploadFile<SentReport>(
        `/api/periods/${periodId}/reports/${encodeURIComponent(requestKey)}/submissions`,
        file,
      ),
    onSuccess: () => refresh(),
  });
}

/** The leader's (deputy's) ad hoc request. */
export function useCreateAdhocRequest(periodId: number) {
  const refresh = useRefresh(periodId);
  return useMutation({
    mutationFn: (input: AdhocRequestInput) =>
      api<ReportRequest>("POST", `/api/periods/${periodId}/reports`, input),
    onSuccess: () => refresh(),
  });
}

/** Where a report sent is downloaded (the session's cookie; a member only its own unit's). */
export function reportFileUrl(periodId: number, submissionId: number): string {
  return `/api/periods/${periodId}/report-submissions/${submissionId}/file`;
}

/** "còn 5 ngày", "hạn là hôm nay", "quá hạn 3 ngày". */
export function dueText(today: string, dueOn: string): string {
  const left = daysBetween(today, dueOn);
  if (left > 0) return `còn ${left} ngày`;
  if (left === 0) return "hạn là hôm nay";
  return `quá hạn ${-left} ngày`;
}

/** "Hạn gửi: 30/06/2025". */
export const dueLine = (dueOn: string) => `Hạn gửi: ${formatDate(dueOn)}`;

/** "Đã gửi ngày 03/07/2025 (chậm 3 ngày)", "Đã gửi ngày 28/06/2025 (đúng hạn)". */
export function sentText(submission: ReportSubmission): string {
  const timing = submission.daysLate > 0 ? `chậm ${submission.daysLate} ngày` : "đúng hạn";
  return `Đã gửi ngày ${formatDate(submission.submittedAt)} (${timing})`;
}

/** How many of the units sent, and how: what the leader reads above a request's table. */
export function countOf(request: ReportRequest) {
  const count = { sent: 0, late: 0, missing: 0, notYet: 0, total: request.units.length };
  for (const u of request.units) {
    switch (u.status) {
      case "onTime":
        count.sent += 1;
        break;
      case "late":
        count.sent += 1;
        count.late += 1;
        break;
      case "missing":
        count.missing += 1;
        break;
      case "notYet":
        count.notYet += 1;
        break;
    }
  }
  return count;
}

/** Why a file cannot be sent, before it goes: the server's words; null when it may go. */
export function fileRefusal(file: File): string | null {
  const refusal = reportTypeRefusal(file.name);
  if (refusal) return refusal;
  if (file.size > MAX_REPORT_BYTES) {
    return `Tệp «${file.name}» (${sizeText(file.size)}) vượt quá 10 MB, vui lòng chọn tệp nhỏ hơn.`;
  }
  return null;
}
