/**
 * What waits for a person in a cluster's year, worded for their part in it: the home page's
 * list of work (each with a count and the place it opens), what falls due next, and the year's
 * progress as that person reads it. The one rule, for the server to send and the screens to show.
 */
import { clusterWord } from "./labels.ts";
import { formatCalendarDate, type SheetStatus } from "./workflow.ts";

/** A unit's place in the year, as the work reads it. */
export interface WorkUnit {
  id: number;
  name: string;
  role: "leader" | "deputy" | "member";
  status: SheetStatus;
  registered: boolean;
  /** The standing reports the unit has sent the leader ("sixMonth", "annual"). */
  reportsSent?: string[];
}

/** Everything the work of one person in one year is computed from. */
export interface PeriodWork {
  periodId: number;
  /** "block": a Khối; its people are Khối trưởng, Khối phó. */
  clusterKind: "cluster" | "block";
  clusterName: string;
  label: string;
  locked: boolean;
  you: {
    unitId: number | null;
    memberRole: "leader" | "deputy" | "member" | null;
    leadership: boolean;
    standing: boolean;
    council: boolean;
    data: boolean;
  };
  units: WorkUnit[];
  /** The user's unit: criteria the cluster scored differently that it has not answered. */
  changedToAnswer: number;
  /** The user's unit's sheet was sent back to it (the last move of the sheet), with the reason. */
  returned: { reason: string | null; by: string } | null;
  /** Open ballots the user's unit may still vote in (present at the meeting, not voted). */
  ballots: { meetingId: number; count: number }[];
  /** Meetings not yet held, soonest first. */
  meetings: { id: number; title: string; scheduledAt: string }[];
  /** Proposals sent to the council for this year. */
  proposals: number;
  /** Decisions the cluster could not settle and sent to the council, by meeting. */
  escalated: { meetingId: number; count: number }[];
  milestones: { key: string; label: string; dueOn: string }[];
  /** Meeting kinds held so far (a milestone met by a meeting is done once it is held). */
  held: string[];
  /**
   * The cross-inspection, for the user's unit: the drafted plan it has not acknowledged, the
   * team's findings it has not answered, the visits its team has still to make.
   */
  inspection?: {
    acknowledge: boolean;
    toAnswer: number;
    visits: { inspected: string; visitOn: string | null }[];
  };
  /** The leader's ad hoc requests the user's unit has not answered with a report. */
  reports?: { title: string; dueOn: string }[];
}

export interface Task {
  /** Stable, for the screens and tests: what kind of work. */
  kind: string;
  count: number;
  title: string;
  detail: string | null;
  /** The place it opens (a path of the web client). */
  link: string;
}

export interface Due {
  key: string;
  label: string;
  dueOn: string;
  /** Days from today: negative when late. */
  days: number;
  link: string;
}

const sheetLink = (w: PeriodWork, unitId: number, filter?: string) =>
  `/ky/${w.periodId}/don-vi/${unitId}${filter ? `?loc=${filter}` : ""}`;

/** The work waiting for this person in this year, most pressing first. */
export function tasksOf(w: PeriodWork): Task[] {
  if (w.locked) return [];
  const tasks: Task[] = [];
  const word = clusterWord(w.clusterKind);
  const mine = w.units.find((u) => u.id === w.you.unitId);
  if (mine) {
    if (!mine.registered) {
      tasks.push({
        kind: "register",
        count: 1,
        title: `Đăng ký thi đua năm ${w.label} của ${mine.name}`,
        detail: null,
        link: `/ky/${w.periodId}`,
      });
    }
    if (mine.status === "draft" && w.returned) {
      tasks.push({
        kind: "returned",
        count: 1,
        title: `Biểu của ${mine.name} bị trả lại: sửa và nộp lại`,
        detail: `${w.returned.by} trả lại${w.returned.reason ? `, lý do: ${w.returned.reason}` : ""}`,
        link: sheetLink(w, mine.id),
      });
    } else if (mine.status === "draft") {
      tasks.push({
        kind: "selfScore",
        count: 1,
        title: `Tự chấm và nộp biểu của ${mine.name}`,
        detail: null,
        link: sheetLink(w, mine.id),
      });
    }
    if (mine.status === "reviewed") {
      tasks.push(
        w.changedToAnswer > 0
          ? {
              kind: "reconcile",
              count: w.changedToAnswer,
              title: `${w.changedToAnswer} điểm ${word} đã sửa chờ bạn khớp`,
              detail: `Biểu của ${mine.name}: đồng ý, hoặc không đồng ý kèm lý do`,
              link: sheetLink(w, mine.id, "changed"),
            }
          : {
              kind: "reconcile",
              count: 1,
              title: `${word} đã chấm biểu của ${mine.name}: xác nhận khớp điểm`,
              detail: null,
              link: sheetLink(w, mine.id),
            },
      );
    }
  }
  const inspectionLink = `/ky/${w.periodId}/kiem-tra-cheo`;
  if (w.inspection?.acknowledge) {
    tasks.push({
      kind: "inspectionPlan",
      count: 1,
      title: `Xác nhận kế hoạch kiểm tra chéo năm ${w.label}`,
      detail: `${word} trưởng đã lập kế hoạch: xem nội dung, lịch kiểm tra và xác nhận đồng ý`,
      link: inspectionLink,
    });
  }
  if (w.inspection && w.inspection.toAnswer > 0) {
    tasks.push({
      kind: "inspectionAnswer",
      count: w.inspection.toAnswer,
      title: `${w.inspection.toAnswer} kết quả kiểm tra chéo chờ bạn trả lời`,
      detail: "Đồng ý, hoặc không đồng ý kèm lý do",
      link: inspectionLink,
    });
  }
  for (const v of w.inspection?.visits ?? []) {
    tasks.push({
      kind: "inspect",
      count: 1,
      title: `Kiểm tra chéo tại ${v.inspected}`,
      detail: v.visitOn ? `Ngày ${formatCalendarDate(v.visitOn)}` : "Chưa định ngày",
      link: inspectionLink,
    });
  }
  for (const r of w.reports ?? []) {
    tasks.push({
      kind: "report",
      count: 1,
      title: `Gửi báo cáo: ${r.title}`,
      detail: `Hạn ${formatCalendarDate(r.dueOn)}`,
      link: `/ky/${w.periodId}/bao-cao`,
    });
  }
  for (const b of w.ballots) {
    tasks.push({
      kind: "ballot",
      count: b.count,
      title: `${b.count} phiếu bầu đang mở chờ đơn vị bạn bỏ phiếu`,
      detail: null,
      link: `/ky/${w.periodId}/hop/${b.meetingId}`,
    });
  }
  if (w.you.leadership) {
    // no one reviews their own unit's sheet: the deputy reviews the leader's
    const waiting = w.units.filter((u) => u.status === "submitted" && u.id !== w.you.unitId);
    if (waiting.length > 0) {
      tasks.push({
        kind: "review",
        count: waiting.length,
        title: `${waiting.length} biểu chờ ${word} chấm`,
        detail: waiting.map((u) => u.name).join(", "),
        link: `/ky/${w.periodId}/ra-soat`,
      });
    }
    const disputed = w.units.filter((u) => u.status === "disputed");
    if (disputed.length > 0) {
      tasks.push({
        kind: "disputed",
        count: disputed.length,
        title: `${disputed.length} biểu có ý kiến không đồng ý, chờ họp trù bị`,
        detail: disputed.map((u) => u.name).join(", "),
        link: `/ky/${w.periodId}/hop`,
      });
    }
  }
  if (w.you.standing) {
    const leader = w.units.find((u) => u.role === "leader");
    const hasDeputy = w.units.some((u) => u.role === "deputy");
    if (leader && !hasDeputy && leader.status === "submitted") {
      tasks.push({
        kind: "review",
        count: 1,
        title: `Biểu của ${word} trưởng (${leader.name}) chờ bạn chấm: ${word} không có ${word} phó`,
        detail: null,
        link: sheetLink(w, leader.id),
      });
    }
    const toAppraise = w.units.filter((u) => u.status === "reconciled");
    if (toAppraise.length > 0) {
      tasks.push({
        kind: "appraise",
        count: toAppraise.length,
        title: `${toAppraise.length} biểu chờ thẩm định`,
        detail: toAppraise.map((u) => u.name).join(", "),
        link: `/ky/${w.periodId}/tham-dinh`,
      });
    }
  }
  if (w.you.data) {
    const open = w.units.filter((u) => u.status === "submitted" || u.status === "reviewed");
    if (open.length > 0) {
      tasks.push({
        kind: "official",
        count: open.length,
        title: `${open.length} đơn vị đã nộp biểu chờ số liệu chính thức`,
        detail: null,
        link: `/ky/${w.periodId}/so-lieu`,
      });
    }
  }
  if (w.you.council) {
    if (w.proposals > 0) {
      tasks.push({
        kind: "proposal",
        count: w.proposals,
        title: `Tờ trình đề nghị khen thưởng của ${w.clusterName} năm ${w.label}`,
        detail: null,
        link: `/ky/${w.periodId}/ket-qua`,
      });
    }
    for (const e of w.escalated) {
      tasks.push({
        kind: "escalated",
        count: e.count,
        title: `${e.count} nội dung ${w.clusterName} trình Hội đồng cho ý kiến`,
        detail: null,
        link: `/ky/${w.periodId}/hop/${e.meetingId}`,
      });
    }
  }
  return tasks;
}

/**
 * The units whose work a milestone still waits for: registration, the units not registered;
 * the six-month report, the units that have not sent it to the leader; the self-score sheet,
 * the units still scoring; a meeting, the leader and deputy (who call it) until it is held.
 * Other milestones wait for no unit in particular.
 */
export function pendingUnits(
  w: Pick<PeriodWork, "units" | "held">,
  key: string,
): WorkUnit[] | null {
  switch (key) {
    case "registration":
      return w.units.filter((u) => !u.registered);
    case "sixMonthReport":
      return w.units.filter((u) => !u.reportsSent?.includes("sixMonth"));
    case "selfScore":
      return w.units.filter((u) => u.status === "draft");
    case "midyear":
    case "summary":
      return w.held.includes(key) ? [] : w.units.filter((u) => u.role !== "member");
    default:
      return null;
  }
}

/** Whether a milestone is met, as this person reads it: for their own unit, or for the whole
 * cluster when they lead it or follow it from outside. */
function met(w: PeriodWork, key: string): boolean {
  const pending = pendingUnits(w, key);
  if (pending === null) return false;
  const own = w.units.some((u) => u.id === w.you.unitId) && !w.you.leadership;
  return !pending.some((u) => !own || u.id === w.you.unitId);
}

/** Days before a milestone when its reminder goes, unless the scheme sets its own. */
export const REMIND_DAYS_BEFORE: Record<string, number> = {
  registration: 7,
  sixMonthReport: 7,
  midyear: 7,
  selfScore: 10,
  summary: 14,
};

export interface Reminder {
  key: string;
  label: string;
  dueOn: string;
  days: number;
  /** The units whose staff are reminded. */
  units: WorkUnit[];
}

/**
 * The reminders of a year on `today`: each milestone not met whose reminder day has come and
 * whose due day has not passed, to the units it waits for.
 */
export function remindersOf(
  w: Pick<PeriodWork, "units" | "held" | "locked"> & {
    milestones: { key: string; label: string; dueOn: string; remindDaysBefore?: number }[];
  },
  today: string,
): Reminder[] {
  if (w.locked) return [];
  const out: Reminder[] = [];
  for (const m of w.milestones) {
    const left = daysBetween(today, m.dueOn);
    const before = m.remindDaysBefore ?? REMIND_DAYS_BEFORE[m.key] ?? 7;
    if (left < 0 || left > before) continue;
    const pending = pendingUnits(w, m.key);
    if (pending && pending.length > 0) {
      out.push({ key: m.key, label: m.label, dueOn: m.dueOn, days: left, units: pending });
    }
  }
  return out;
}

/** Whole days from `from` to `to` (yyyy-mm-dd, calendar days), negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The milestones not met yet, late ones first, then the soonest; with days left. */
export function dueOf(w: PeriodWork, today: string): Due[] {
  if (w.locked) return [];
  return w.milestones
    .filter((m) => !met(w, m.key))
    .map((m) => ({
      key: m.key,
      label: m.label,
      dueOn: m.dueOn,
      days: daysBetween(today, m.dueOn),
      link: `/ky/${w.periodId}`,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** "còn 3 ngày", "hôm nay", "quá hạn 5 ngày". */
export function daysText(days: number): string {
  if (days === 0) return "đến hạn hôm nay";
  return days > 0 ? `còn ${days} ngày` : `quá hạn ${-days} ngày`;
}
