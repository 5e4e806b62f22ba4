/**
 * A score value in words, as people read it beside a criterion (SCENARIO.md, "Score values by
 * kind"): "thực hiện 86 / kế hoạch 100", "12 điểm", "mức: Hoàn thành tốt"… The same words on
 * the screens (the review's editor, the inspection) and in the files (the inspection minutes).
 */
import { formatPoints } from "./decimal.ts";

/** What of a criterion the words name: its levels and its categories of cases. */
export interface WordedCriterion {
  levels: readonly { id: string; label: string }[];
  categories: readonly { id: string; label: string }[];
}

const figure = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 });
const num = (n: unknown) => (typeof n === "number" ? figure.format(n) : "?");
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function valueWords(c: WordedCriterion, v: unknown): string {
  if (v === undefined || v === null) return "chưa có";
  if (typeof v === "number") return `${formatPoints(Math.round(v * 100))} điểm`;
  if (!isRecord(v)) return "?";
  if ("plan" in v) return `thực hiện ${num(v.actual)} / kế hoạch ${num(v.plan)}`;
  if ("missing" in v) return `${num(v.missing)} văn bản, báo cáo thiếu hoặc chậm`;
  if ("submitted" in v)
    return `${num(v.submitted)} hồ sơ trình, ${num(v.ineligible)} hồ sơ không đủ điều kiện`;
  if ("level" in v)
    return `mức: ${c.levels.find((l) => l.id === v.level)?.label ?? String(v.level)}`;
  if ("count" in v) return `${num(v.count)} lần`;
  if ("share" in v) return `tỷ trọng ${num(v.share)}% (năm trước ${num(v.previousShare)}%)`;
  if ("counts" in v && isRecord(v.counts)) {
    const counts = v.counts;
    const parts = c.categories
      .filter((k) => typeof counts[k.id] === "number" && (counts[k.id] as number) > 0)
      .map((k) => `${num(counts[k.id])} × ${k.label}`);
    return parts.join("; ") || "không có trường hợp nào";
  }
  return "?";
}
