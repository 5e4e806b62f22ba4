/**
 * The default milestones of a period, computed from its dates (DOMAIN.md section 2). Each is a
 * scheme setting the cluster may move later; these defaults follow the seeds where they agree:
 * - registration (đăng ký thi đua): the 30th day of the period — 30/01 for a calendar year
 *   (Lạng Sơn 2019 "before 30/01"; Ba Đình 2022 "in February"), 30/09 for a school year;
 * - members' six-month report to the leader: the day before six months after the start — 30/06
 *   for a calendar year (Vùng cao 2022 Điều 7.1 "chậm nhất ngày 30/6"), the last day of February
 *   for a school year starting 01/09 (`sixMonthReportDue`);
 * - mid-year meeting (sơ kết): six months and ten days after the start — 10/07 for a calendar
 *   year (Lạng Sơn 2019 "before 10/7"; Ba Đình 2022 "before 30/7");
 * - annual report and self-score sheet: six days before the end — 25/12 (Vùng cao 2022 "by 25/12");
 * - summary meeting (tổng kết, bình xét): thirty days after the end — 30/01 of the next year
 *   (Lạng Sơn 2019 "before 30/01 next year"; for a school year ending 31/05: 30/06, its
 *   education rule "before 30/6").
 * Dates are calendar dates (yyyy-mm-dd), computed without any time zone.
 */
import { REMIND_DAYS_BEFORE } from "../../../core/tasks.ts";
import type { Milestone } from "../../db/schema.ts";

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** The same day `months` later (clamped to the month's last day), then `days` more. */
export function addMonths(date: string, months: number, days = 0): string {
  const d = parse(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last) + days);
  return format(d);
}

/**
 * The due day of the members' six-month report: the period's `sixMonthReport` milestone, or,
 * for a period created before that milestone existed, the day it would have had.
 */
export function sixMonthReportDue(period: {
  startsOn: string;
  milestones: readonly Pick<Milestone, "key" | "dueOn">[];
}): string {
  const milestone = period.milestones.find((m) => m.key === "sixMonthReport");
  return milestone?.dueOn ?? addMonths(period.startsOn, 6, -1);
}

/**
 * The due day of the members' annual report with the self-score sheet: the period's `selfScore`
 * milestone, or the day it would have had (six days before the end: 25/12).
 */
export function annualReportDue(period: {
  endsOn: string;
  milestones: readonly Pick<Milestone, "key" | "dueOn">[];
}): string {
  const milestone = period.milestones.find((m) => m.key === "selfScore");
  return milestone?.dueOn ?? addDays(period.endsOn, -6);
}

export function defaultMilestones(startsOn: string, endsOn: string): Milestone[] {
  const milestones = [
    { key: "registration", label: "Hạn đăng ký thi đua", dueOn: addDays(startsOn, 29) },
    {
      key: "sixMonthReport",
      label: "Hạn gửi báo cáo 6 tháng",
      dueOn: sixMonthReportDue({ startsOn, milestones: [] }),
    },
    { key: "midyear", label: "Hội nghị sơ kết 6 tháng", dueOn: addMonths(startsOn, 6, 9) },
    {
      key: "selfScore",
      label: "Hạn nộp báo cáo năm và biểu tự chấm điểm",
      dueOn: addDays(endsOn, -6),
    },
    { key: "summary", label: "Hội nghị tổng kết, bình xét", dueOn: addDays(endsOn, 30) },
  ];
  // each is reminded some days before, a setting of the scheme like the date itself
  return milestones.map((m) => ({ ...m, remindDaysBefore: REMIND_DAYS_BEFORE[m.key] }));
}
