/**
 * What every official document of the product writes the same way (Decree 30/2020/NĐ-CP and the
 * seeds): the national title and the motto, the place and date line, the dotted line of a
 * signer whose name is not known; for the Word documents and the Excel summary alike.
 */

/** The national title and the motto as Decree 30 (and the seeds) write them. */
export const NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
export const MOTTO = "Độc lập - Tự do - Hạnh phúc";

/** Where a signer's name is not known: a dotted line to write it on, as on a form. */
export const BLANK_NAME = "……………………………";

/** A moment as read on a clock in Vietnam. */
export interface VietnamTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Vietnam keeps UTC+7 all year (Asia/Ho_Chi_Minh, no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * Read an ISO date or time in Vietnam's time zone, never the machine's: a time with "Z" or an
 * offset is moved to UTC+7; a date alone ("2027-01-20") or a time without an offset is taken
 * as already Vietnam's.
 */
export function vietnamTime(iso: string): VietnamTime {
  const text = iso.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  const instant = local
    ? Date.UTC(
        Number(local[1]),
        Number(local[2]) - 1,
        Number(local[3]),
        Number(local[4] ?? 0),
        Number(local[5] ?? 0),
      )
    : Date.parse(text) + VIETNAM_OFFSET_MS;
  const clock = new Date(instant);
  const valid =
    !Number.isNaN(instant) &&
    (!local ||
      (clock.getUTCMonth() === Number(local[2]) - 1 && clock.getUTCDate() === Number(local[3])));
  if (!valid) throw new RangeError(`Ngày giờ không hợp lệ: "${iso}".`);
  return {
    year: clock.getUTCFullYear(),
    month: clock.getUTCMonth() + 1,
    day: clock.getUTCDate(),
    hour: clock.getUTCHours(),
    minute: clock.getUTCMinutes(),
  };
}

export const twoDigits = (n: number): string => String(n).padStart(2, "0");

/**
 * Place and date as the decree writes them: "Lạng Sơn, ngày 05 tháng 01 năm 2027"; a day
 * below 10 and the months 1 and 2 take a leading zero ("ngày 20 tháng 6 năm 2026").
 */
export function placeAndDate(place: string, iso: string): string {
  const { year, month, day } = vietnamTime(iso);
  const date = `ngày ${twoDigits(day)} tháng ${month < 3 ? twoDigits(month) : month} năm ${year}`;
  return place.trim() ? `${place.trim()}, ${date}` : `N${date.slice(1)}`;
}
