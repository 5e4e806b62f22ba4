/**
 * Which criteria a data-providing agency (cơ quan cung cấp số liệu) gives official figures for
 * (DOMAIN.md 1, 4.1, 5.3): the criteria scored from figures the agencies hold — a ratio to plan
 * (plan and actual), a deduction (counted events: criticism letters, late tasks, disciplined
 * staff…) and an external result (another official evaluation, entered as it stands). The
 * others (qualitative items, level choices, missing reports) are the unit's to self-score and
 * the cluster's to review. One rule for the server, the import and the screens.
 */
import type { Kind } from "./scheme.ts";

export const OFFICIAL_FIGURE_KINDS = ["ratio", "deduction", "external"] as const;

/** Whether a data agency gives the official figure of a criterion of this kind. */
export function takesOfficialFigure(kind: Kind): boolean {
  return (OFFICIAL_FIGURE_KINDS as readonly Kind[]).includes(kind);
}

/** Why a data agency cannot give an official figure for this criterion, in Vietnamese. */
export function notOfficialFigure(criterionId: string): string {
  return `Tiêu chí ${criterionId} không phải số liệu do cơ quan cung cấp số liệu nhập (chỉ nhập kế hoạch và thực hiện của chỉ tiêu so với kế hoạch, số lần vi phạm bị trừ điểm, kết quả đánh giá chính thức khác); tiêu chí này do đơn vị tự chấm và Cụm chấm.`;
}

/** The sheet's column of the official figures, and the words for where they come from. */
export const OFFICIAL_COLUMN_TITLE = "Số liệu chính thức";
export const officialSource = (agency: string) => `số liệu của ${agency}`;
