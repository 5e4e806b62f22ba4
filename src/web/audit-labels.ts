/**
 * The audit trail as people read it, for the history of a sheet and the administrators' log:
 * each action in Vietnamese, the kinds of action a history is filtered by, old → new in short,
 * and the pages the server sends (src/server/queries/history.ts).
 */
import { ROLE_LABELS } from "../core/labels.ts";
import { SHEET_STATUS_LABELS, type SheetStatus } from "../core/workflow.ts";
import { formatDate } from "./format.ts";

/** One row of the audit trail as the server sends it. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  /** The person's display name; null for the system itself. */
  by: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** The criterion of the sheet the row is about, if any. */
  criterionId: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

/** A page of a history, newest first; `nextBefore` asks for the next (older) page. */
export interface HistoryPage<E extends AuditEntry = AuditEntry> {
  entries: E[];
  nextBefore: number | null;
  /** Everyone who appears in a sheet's history (its first page only). */
  people?: { id: number; name: string }[];
}

/** What a history is narrowed by (days yyyy-mm-dd, Vietnam's). */
export interface HistoryFilters {
  criterionId?: string;
  actorId?: number;
  kind?: ActionKind;
  from?: string;
  to?: string;
}

/** The rows a page asks for. */
export const PAGE_SIZE = 50;

/** The query string of a page of a history: its filters, its size and its cursor. */
export function historyQuery(
  filters: Record<string, string | number | undefined>,
  before: number | null,
): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  if (before !== null) params.set("before", String(before));
  return params.toString();
}

export const ACTION_LABELS: Record<string, string> = {
  // scores and the sheet
  "score.self": "Tự chấm",
  "score.official": "Số liệu chính thức",
  "score.cluster": "Cụm chấm",
  "score.appraisal": "Thẩm định",
  "score.self.remove": "Xóa điểm tự chấm",
  "score.official.remove": "Xóa số liệu chính thức",
  "score.cluster.remove": "Xóa điểm Cụm chấm",
  "score.appraisal.remove": "Xóa điểm thẩm định",
  "sheet.import": "Nhập từ tệp Excel",
  "sheet.importUndo": "Hoàn tác nhập từ tệp Excel",
  "review.agree": "Đơn vị đồng ý điểm Cụm chấm",
  "review.dispute": "Đơn vị không đồng ý điểm Cụm chấm",
  "evidence.upload": "Thêm minh chứng",
  "evidence.delete": "Xóa minh chứng",
  "sheet.submit": "Nộp biểu tự chấm",
  "sheet.review": "Hoàn thành Cụm chấm",
  "sheet.agree": "Đồng ý điểm Cụm chấm",
  "sheet.dispute": "Khiếu nại điểm Cụm chấm",
  "sheet.settle": "Thống nhất tại họp trù bị",
  "sheet.appraise": "Hoàn thành thẩm định",
  "sheet.sendBack": "Trả lại một bước",
  "sheet.lock": "Khóa biểu chấm điểm",
  "sheet.unlock": "Mở khóa biểu chấm điểm",
  // a unit in the year
  "unit.flagged": "Đơn vị bị đánh dấu",
  "unit.registration": "Đăng ký thi đua",
  "unit.pact": "Ký giao ước thi đua",
  "unit.standing": "Cơ quan thường trực ghi nhận về đơn vị",
  "period.addUnit": "Thêm đơn vị vào kỳ thi đua",
  "period.removeUnit": "Bỏ đơn vị khỏi kỳ thi đua",
  "period.leadership": "Đổi Cụm trưởng, Cụm phó",
  // the year
  "period.create": "Tạo kỳ thi đua",
  "period.imported": "Nhập dữ liệu cả năm từ tệp",
  "scheme.criteria": "Sửa bộ tiêu chí",
  "scheme.amended": "Sửa bộ tiêu chí sau khi đã chấm",
  "scheme.frozen": "Chốt bộ tiêu chí khi bắt đầu chấm",
  "bonus.settled": "Quyết định đơn vị được điểm thưởng",
  "results.published": "Công bố kết quả",
  "results.unpublished": "Thu hồi công bố kết quả",
  "results.lock": "Khóa kết quả năm",
  "results.unlock": "Mở khóa kết quả năm",
  "proposal.submitted": "Gửi đề nghị khen thưởng",
  // meetings
  schedule: "Lên lịch cuộc họp",
  attendance: "Ghi thành phần dự họp",
  minutes: "Ghi biên bản cuộc họp",
  open: "Mở bỏ phiếu",
  vote: "Bỏ phiếu",
  close: "Kết thúc bỏ phiếu",
  annul: "Hủy cuộc bỏ phiếu",
  "ballot.imported": "Kết quả bỏ phiếu nhập từ tệp năm thi đua",
  decide: "Ghi kết luận cuộc họp",
  correct: "Sửa kết luận cuộc họp",
  // the cross-inspection
  "inspection.plan": "Lập, sửa kế hoạch kiểm tra chéo",
  "inspection.agree": "Thống nhất kế hoạch kiểm tra chéo",
  "inspection.acknowledge": "Đơn vị xác nhận kế hoạch kiểm tra chéo",
  "inspection.finding": "Đoàn ghi kết quả kiểm tra",
  "inspection.finding.agree": "Đơn vị đồng ý kết quả kiểm tra",
  "inspection.finding.dispute": "Đơn vị không đồng ý kết quả kiểm tra",
  "inspection.reconcile": "Đối chiếu, thống nhất kết quả kiểm tra chéo",
  // members' reports
  "report.request": "Cụm trưởng yêu cầu báo cáo",
  "report.submit": "Đơn vị gửi báo cáo",
  // the organisation
  "level.create": "Tạo cấp hành chính",
  "unit.create": "Tạo đơn vị",
  "unit.rename": "Đổi tên đơn vị",
  "unit.head": "Ghi người đứng đầu đơn vị (người ký)",
  "cluster.create": "Tạo Cụm, Khối thi đua",
  "cluster.monitor": "Phân công thành viên Hội đồng theo dõi Cụm",
  "councilMember.create": "Thêm thành viên Hội đồng",
  "framework.create": "Tạo khung tiêu chí",
  "framework.update": "Sửa khung tiêu chí",
  // accounts and the system
  "user.create": "Tạo tài khoản",
  "user.deactivate": "Khóa tài khoản",
  "user.resetPassword": "Đặt lại mật khẩu",
  "user.requirePasswordChange": "Yêu cầu đổi mật khẩu",
  "user.changePassword": "Tự đổi mật khẩu",
  "user.changePasswordFailed": "Đổi mật khẩu không thành công",
  "auth.signIn": "Đăng nhập",
  "auth.signInFailed": "Đăng nhập không thành công",
  "backup.create": "Tạo bản sao lưu",
  "demo.load": "Nạp dữ liệu mẫu",
};

/** An action in Vietnamese; one this version does not know yet, without its code. */
export const actionLabel = (action: string) => ACTION_LABELS[action] ?? "Thao tác khác";

/** The kinds of action a history is narrowed by (the server's closed list). */
export type ActionKind =
  | "score"
  | "response"
  | "evidence"
  | "import"
  | "sheet"
  | "unit"
  | "meeting"
  | "inspection"
  | "report"
  | "period"
  | "organisation"
  | "account"
  | "signIn"
  | "backup"
  | "system";

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  score: "Điểm",
  response: "Đơn vị phản hồi điểm Cụm chấm",
  evidence: "Minh chứng",
  import: "Nhập từ tệp Excel",
  sheet: "Các bước của biểu (nộp, chấm, trả lại…)",
  unit: "Đơn vị trong kỳ (đăng ký, giao ước, đánh dấu…)",
  meeting: "Cuộc họp, bỏ phiếu",
  inspection: "Kiểm tra chéo",
  report: "Báo cáo gửi Cụm trưởng",
  period: "Kỳ thi đua, tiêu chí, kết quả",
  organisation: "Tổ chức, đơn vị, khung tiêu chí",
  account: "Tài khoản",
  signIn: "Đăng nhập",
  backup: "Sao lưu",
  system: "Hệ thống",
};

/** The kinds that appear in a unit's sheet history. */
export const SHEET_KINDS: ActionKind[] = [
  "score",
  "response",
  "evidence",
  "import",
  "sheet",
  "unit",
  "meeting",
  "inspection",
  "report",
];

/** A moment as "22/11/2026 14:32" on Vietnam's clock. */
export function formatStamp(at: string): string {
  const time = new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(at));
  return `${formatDate(at)} ${time}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown, key: string) =>
  isRecord(v) && typeof v[key] === "string" ? (v[key] as string) : null;
const statusLabel = (v: unknown) => {
  const s = text(v, "status");
  return s && s in SHEET_STATUS_LABELS ? SHEET_STATUS_LABELS[s as SheetStatus] : null;
};
const roleLabel = (v: unknown) => {
  const r = text(v, "role");
  return r && r in ROLE_LABELS ? ROLE_LABELS[r as keyof typeof ROLE_LABELS] : null;
};
const FAILED_SIGN_IN: Record<string, string> = {
  unknownUser: "Tên đăng nhập không tồn tại",
  wrongPassword: "Sai mật khẩu",
  inactive: "Tài khoản đã bị khóa",
};

/**
 * What changed, in short: old → new of a score (as `value` reads it), a sheet's status, a
 * role, a name; the file of evidence or of an import. Null where the action says it all.
 */
export function describeChange(
  e: AuditEntry,
  value: (v: unknown, criterionId: string | null) => string,
): string | null {
  const { oldValue: before, newValue: after } = e;
  if (e.action.startsWith("score.")) {
    const fmt = (v: unknown) =>
      isRecord(v) && "value" in v ? value(v.value, e.criterionId) || null : null;
    const was = fmt(before);
    const now = fmt(after);
    if (!now) return was ? `${was} → (không còn giá trị)` : null;
    if (!was) return `Điểm: ${now}`;
    return was === now ? `${now} (không đổi điểm)` : `${was} → ${now}`;
  }
  if (e.action === "sheet.import" && isRecord(after) && Array.isArray(after.changes)) {
    const ids = after.changes.map((c) => (isRecord(c) ? String(c.criterionId) : "")).join(", ");
    return `Tệp «${String(after.fileName)}»: ${after.changes.length} tiêu chí (${ids})`;
  }
  if (e.action === "sheet.importUndo" && isRecord(after)) {
    const count = (k: string) => (Array.isArray(after[k]) ? (after[k] as unknown[]).length : 0);
    return `Khôi phục ${count("restored")} giá trị, xóa ${count("removed")} giá trị`;
  }
  if (e.action.startsWith("evidence.")) {
    const file = text(after, "fileName") ?? text(before, "fileName");
    return file ? `Tệp «${file}»` : null;
  }
  if (e.action.startsWith("sheet.")) {
    const was = statusLabel(before);
    const now = statusLabel(after);
    return was && now ? `${was} → ${now}` : null;
  }
  switch (e.action) {
    case "period.leadership": {
      const was = roleLabel(before);
      const now = roleLabel(after);
      return was && now ? `${was} → ${now}` : null;
    }
    case "unit.rename": {
      const was = text(before, "name");
      const now = text(after, "name");
      return was && now ? `«${was}» → «${now}»` : null;
    }
    case "unit.head": {
      const head = (v: unknown) =>
        [text(v, "headTitle"), text(v, "headName")].filter(Boolean).join(" ") || "chưa ghi";
      return `${head(before)} → ${head(after)}`;
    }
    case "period.addUnit":
      return text(after, "unit") ? `Đơn vị «${text(after, "unit")}»` : null;
    case "bonus.settled":
      return `Đơn vị được thưởng: ${text(after, "name") ?? "không đơn vị nào"}`;
    case "cluster.monitor": {
      const member = text(after, "councilMember");
      const cluster = text(after, "cluster");
      return member && cluster ? `${member} theo dõi ${cluster}` : null;
    }
    case "user.create":
      return text(after, "displayName") ? `Tài khoản «${text(after, "displayName")}»` : null;
    case "auth.signInFailed": {
      const why = text(after, "reason");
      return why ? (FAILED_SIGN_IN[why] ?? null) : null;
    }
    case "schedule":
      return text(after, "title") ? `«${text(after, "title")}»` : null;
  }
  const name = text(after, "name");
  return name ? `«${name}»` : null;
}
