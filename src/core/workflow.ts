/**
 * The rules of the year that are not arithmetic: the one table of a scoring sheet's workflow
 * transitions, meeting quorum and majority, and the tally of a secret ballot (DOMAIN.md 3, 5, 8).
 * The server enforces them; the interface only shows them.
 */
import { clusterText } from "./labels.ts";

export type SheetStatus =
  | "draft"
  | "submitted"
  | "reviewed"
  | "disputed"
  | "reconciled"
  | "appraised"
  | "locked";

export const SHEET_STATUS_LABELS: Record<SheetStatus, string> = {
  draft: "Đang tự chấm",
  submitted: "Đã nộp, chờ Cụm chấm",
  reviewed: "Cụm đã chấm, chờ đơn vị khớp điểm",
  disputed: "Có khiếu nại, chờ họp trù bị",
  reconciled: "Đã khớp điểm",
  appraised: "Đã thẩm định",
  locked: "Đã khóa kết quả",
};

/** A sheet's status as the cluster reads it (a Khối's: "chờ Khối chấm"). */
export function sheetStatusLabel(status: SheetStatus, kind: "cluster" | "block"): string {
  return clusterText(SHEET_STATUS_LABELS[status] ?? status, kind);
}

/** Who acts on a sheet: its own unit, the cluster's leader or deputy, the standing agency. */
export type SheetActor = "unit" | "leadership" | "standing";

export type SheetAction =
  | "submit"
  | "review"
  | "agree"
  | "dispute"
  | "settle"
  | "appraise"
  | "lock"
  | "unlock"
  | "sendBack";

export interface Transition {
  action: SheetAction;
  from: SheetStatus;
  to: SheetStatus;
  actor: SheetActor;
  /** A reason must be written (sending back, disputing, settling, unlocking). */
  needsReason: boolean;
  label: string;
}

/** The one table of transitions. Every stage can send a sheet back one step, with a reason. */
export const TRANSITIONS: readonly Transition[] = [
  {
    action: "submit",
    from: "draft",
    to: "submitted",
    actor: "unit",
    needsReason: false,
    label: "Nộp biểu tự chấm",
  },
  {
    action: "review",
    from: "submitted",
    to: "reviewed",
    actor: "leadership",
    needsReason: false,
    label: "Hoàn thành Cụm chấm",
  },
  {
    action: "agree",
    from: "reviewed",
    to: "reconciled",
    actor: "unit",
    needsReason: false,
    label: "Đồng ý điểm Cụm chấm",
  },
  {
    action: "dispute",
    from: "reviewed",
    to: "disputed",
    actor: "unit",
    needsReason: true,
    label: "Khiếu nại điểm Cụm chấm",
  },
  {
    action: "settle",
    from: "disputed",
    to: "reconciled",
    actor: "leadership",
    needsReason: true,
    label: "Thống nhất tại họp trù bị",
  },
  {
    action: "appraise",
    from: "reconciled",
    to: "appraised",
    actor: "standing",
    needsReason: false,
    label: "Hoàn thành thẩm định",
  },
  {
    action: "lock",
    from: "appraised",
    to: "locked",
    actor: "standing",
    needsReason: false,
    label: "Khóa kết quả",
  },
  {
    action: "unlock",
    from: "locked",
    to: "appraised",
    actor: "standing",
    needsReason: true,
    label: "Mở khóa kết quả",
  },
  {
    action: "sendBack",
    from: "submitted",
    to: "draft",
    actor: "leadership",
    needsReason: true,
    label: "Trả lại đơn vị",
  },
  {
    action: "sendBack",
    from: "reviewed",
    to: "submitted",
    actor: "leadership",
    needsReason: true,
    label: "Rà soát lại",
  },
  {
    action: "sendBack",
    from: "disputed",
    to: "reviewed",
    actor: "leadership",
    needsReason: true,
    label: "Trả lại để khớp điểm",
  },
  {
    action: "sendBack",
    from: "reconciled",
    to: "reviewed",
    actor: "leadership",
    needsReason: true,
    label: "Khớp điểm lại",
  },
  {
    action: "sendBack",
    from: "appraised",
    to: "reconciled",
    actor: "standing",
    needsReason: true,
    label: "Hủy thẩm định",
  },
];

export function findTransition(from: SheetStatus, action: SheetAction): Transition | null {
  return TRANSITIONS.find((t) => t.from === from && t.action === action) ?? null;
}

/** Which stage of score a status lets each actor write. */
export function writableStage(
  status: SheetStatus,
  actor: SheetActor,
): "self" | "cluster" | "appraisal" | null {
  switch (status) {
    case "draft":
      return actor === "unit" ? "self" : null;
    case "submitted":
      return actor === "leadership" ? "cluster" : null;
    case "reconciled":
      return actor === "standing" ? "appraisal" : null;
    case "reviewed":
    case "disputed":
    case "appraised":
    case "locked":
      return null;
  }
}

/** Who a person is to a unit's sheet. */
export interface SheetWriter {
  /** Staff of the unit itself. */
  own: boolean;
  /** Staff of the cluster's leader or deputy unit. */
  leadership: boolean;
  standing: boolean;
  /** A data-providing agency. */
  data: boolean;
}

/**
 * The stage a person writes on a unit's sheet in its status, or null: the unit its self-score
 * while drafting; a data agency its official figures until the cluster has reviewed; the
 * leadership the cluster's score once submitted, but never on its own unit's sheet (the leader
 * unit's sheet is the deputy's, or the standing agency's where the cluster has no deputy);
 * the standing agency the appraisal once reconciled.
 */
export function sheetStage(
  who: SheetWriter,
  status: SheetStatus,
  sheet: { leaderWithoutDeputy: boolean },
): "self" | "official" | "cluster" | "appraisal" | null {
  if (who.data) return status === "draft" || status === "submitted" ? "official" : null;
  if (who.standing) {
    if (status === "submitted" && sheet.leaderWithoutDeputy) return "cluster";
    return writableStage(status, "standing");
  }
  if (who.own) return writableStage(status, "unit");
  if (who.leadership) return writableStage(status, "leadership");
  return null;
}

/** A meeting is valid when at least two thirds of the member units attend. */
export function quorum(members: number): number {
  return Math.ceil((2 * members) / 3);
}

export function hasQuorum(present: number, members: number): boolean {
  return present >= quorum(members);
}

/** A decision passes with more votes for than half of those present. */
export function passesByMajority(votesFor: number, present: number): boolean {
  return 2 * votesFor > present;
}

export type BallotOutcome =
  | { kind: "winner"; winner: string; counts: Record<string, number> }
  | { kind: "revote"; candidates: string[]; counts: Record<string, number> }
  | { kind: "council"; candidates: string[]; counts: Record<string, number> };

/**
 * Tally a secret ballot (Reading, DOMAIN.md 3): the most votes wins; a tie for the most votes is
 * voted once more between the tied candidates; a second tie goes to the council.
 */
export function tallyBallot(candidates: string[], choices: string[], round: 1 | 2): BallotOutcome {
  const counts: Record<string, number> = Object.fromEntries(candidates.map((c) => [c, 0]));
  for (const choice of choices) if (choice in counts) counts[choice] = (counts[choice] ?? 0) + 1;
  const most = Math.max(...Object.values(counts));
  const top = candidates.filter((c) => counts[c] === most);
  if (top.length === 1) return { kind: "winner", winner: top[0] as string, counts };
  return round === 1
    ? { kind: "revote", candidates: top, counts }
    : { kind: "council", candidates: top, counts };
}

/** Today's date in Vietnam (yyyy-mm-dd): days are counted in Asia/Ho_Chi_Minh, not the server's zone. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(now);
}

/** A moment on Vietnam's clock (Asia/Ho_Chi_Minh), two digits each but the year, 24 hours. */
export function vietnamClock(
  at: Date,
): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
  };
}

/** A calendar date (yyyy-mm-dd) as dd/mm/yyyy. */
export function formatCalendarDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

/** "03/02/2025 14:05" (dd/mm/yyyy HH:mm, the one way a time reads), in Vietnam's time zone. */
export function formatVietnamTime(at: Date): string {
  const c = vietnamClock(at);
  return `${c.day}/${c.month}/${c.year} ${c.hour}:${c.minute}`;
}
