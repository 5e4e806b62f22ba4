/**
 * How far the results of a year have come, from the status of every sheet (DOMAIN.md 5, 8):
 * the results may be published once every sheet is reconciled (or the cluster decides to
 * publish them as provisional, "tạm tính", with a reason); they are final only once every sheet
 * is appraised or locked, and every screen and file says "tạm tính" until then.
 */
import type { SheetStatus } from "./workflow.ts";

/** What each status means for the results: the cluster's stage done, the appraisal done. */
const REACHED: Record<SheetStatus, { reconciled: boolean; appraised: boolean }> = {
  draft: { reconciled: false, appraised: false },
  submitted: { reconciled: false, appraised: false },
  reviewed: { reconciled: false, appraised: false },
  disputed: { reconciled: false, appraised: false },
  reconciled: { reconciled: true, appraised: false },
  appraised: { reconciled: true, appraised: true },
  locked: { reconciled: true, appraised: true },
};

export interface ResultsStage {
  /** Units (by name) whose sheet is not yet reconciled, appraised or locked. */
  notReconciled: string[];
  /** Units (by name) whose sheet is not yet appraised or locked. */
  notAppraised: string[];
  /** The results are provisional (tạm tính): some sheet is not appraised or locked yet. */
  provisional: boolean;
  /** How many sheets the year has. */
  sheets: number;
}

export function resultsStage(units: { name: string; status: string }[]): ResultsStage {
  const reached = (s: string) =>
    REACHED[s as SheetStatus] ?? { reconciled: false, appraised: false };
  const notReconciled = units.filter((u) => !reached(u.status).reconciled).map((u) => u.name);
  const notAppraised = units.filter((u) => !reached(u.status).appraised).map((u) => u.name);
  return {
    notReconciled,
    notAppraised,
    provisional: notAppraised.length > 0,
    sheets: units.length,
  };
}

/** "Công ty A, Công ty B và Công ty C". */
export function namesList(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} và ${names.at(-1)}`;
}

/** Why the results cannot be published yet, naming the sheets not reconciled. */
export function notReconciledMessage(stage: ResultsStage): string {
  const n = stage.notReconciled.length;
  return (
    `Chưa công bố được kết quả: còn ${n}/${stage.sheets} biểu chưa khớp điểm ` +
    `(${namesList(stage.notReconciled)}). Hãy chờ các biểu khớp điểm xong, hoặc nếu Cụm quyết ` +
    `định công bố kết quả tạm tính thì chọn «Công bố tạm tính» và ghi rõ lý do.`
  );
}

/** What a file's results carry while provisional: the units whose sheet is not appraised yet. */
export interface Provisional {
  notAppraised: string[];
}

/** How screens and files mark provisional results. */
export const PROVISIONAL = "KẾT QUẢ TẠM TÍNH";

/** The note a file carries while its results are provisional. */
export function provisionalNote(notAppraised: string[]): string {
  return (
    `${PROVISIONAL}: còn ${notAppraised.length} biểu chưa thẩm định xong ` +
    `(${namesList(notAppraised)}); kết quả chính thức sau khi cơ quan thường trực thẩm định.`
  );
}

/**
 * Which edition of a year's results a file or a screen shows: the results are edition 1 until
 * the standing agency reopens a locked year (each reopening starts a new edition), and a
 * reopened result says when and why.
 */
export interface ResultsEdition {
  version: number;
  /** When the file was made. */
  madeAt: Date;
  /** The last reopening, while the year is not locked again. */
  reopened: { at: Date; reason: string } | null;
}

/** The line a file carries: when it was made, from which edition of the results. */
export function editionLine(e: ResultsEdition, clock: (at: Date) => string): string {
  const made = `Lập lúc ${clock(e.madeAt)} từ kết quả phiên bản ${e.version}`;
  return e.reopened
    ? `${made} (kết quả đã được mở khóa lại lúc ${clock(e.reopened.at)}: ${e.reopened.reason}).`
    : `${made}.`;
}
