/** How numbers and dates read in Vietnamese: decimal comma (934,4), dd/mm/yyyy, Vietnam's time. */
import { formatPoints as formatHundredths } from "../core/decimal.ts";
import { formatCalendarDate, formatVietnamTime } from "../core/workflow.ts";

/** Points as the server sends them (986.6) in Vietnamese (986,6). */
export function formatPoints(points: number | null | undefined): string {
  if (points === null || points === undefined) return "";
  return formatHundredths(Math.round(points * 100));
}

/** A date (yyyy-mm-dd or ISO time) as dd/mm/yyyy in Vietnam's time zone. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return formatCalendarDate(value);
  }
  return new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(value));
}

/** A time as "22/11/2026 14:32" (dd/mm/yyyy HH:mm) in Vietnam's time zone. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  return formatVietnamTime(new Date(value));
}

/** A file's size: "1,2 MB", "350 KB", a small file "0,1 KB". */
export function sizeText(bytes: number): string {
  const fmt = (n: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(n);
  const kb = bytes / 1024;
  return kb < 1024 ? `${fmt(Math.max(0.1, kb))} KB` : `${fmt(kb / 1024)} MB`;
}

export { ROLE_LABELS } from "../core/labels.ts";
