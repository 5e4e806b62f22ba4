/**
 * What a person writes for each kind of criterion, field by field: points for most, the plan
 * and the actual figure for a ratio, counts for a deduction, dossiers for the dossier levels.
 * The sheets exchanged as files (Excel) and the screens read and write values through these
 * fields, so a value goes out and comes back the same.
 */
import { formatPoints, toHundredths } from "./decimal.ts";
import type { ScoreValue } from "./evaluate.ts";
import type { Criterion } from "./scheme.ts";

export interface ScoreField {
  /** The key in the value: "plan", "count", "counts.member"…; "points" for a plain number. */
  key: string;
  label: string;
  /** A count: a whole number, not negative. */
  integer: boolean;
}

/** A figure written in a field: a number, or a level's label for a level choice. */
export type FieldValue = number | string;

/** A number as written by a Vietnamese user: "12,5", "1.057,1", or "12.5". */
export function parseNumber(text: string): number | null {
  let t = text.trim().replace(/\s/g, "");
  if (t === "") return null;
  if (t.includes(",") && t.includes(".")) t = t.replace(/\./g, "");
  t = t.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

const POINTS: ScoreField[] = [{ key: "points", label: "Điểm", integer: false }];

/** The fields of a criterion's value; a plain number has the single field "points". */
export function scoreFields(c: Criterion): ScoreField[] {
  switch (c.kind) {
    case "group":
      return [];
    case "manual":
    case "external":
      return c.highestShare
        ? [
            { key: "share", label: "Tỷ lệ năm nay (%)", integer: false },
            { key: "previousShare", label: "Tỷ lệ năm trước (%)", integer: false },
          ]
        : POINTS;
    case "ratio":
      return [
        { key: "plan", label: "Kế hoạch", integer: false },
        { key: "actual", label: "Thực hiện", integer: false },
      ];
    case "level":
      return c.levels.some((l) => l.when !== undefined)
        ? [
            { key: "submitted", label: "Số hồ sơ trình", integer: true },
            { key: "ineligible", label: "Số hồ sơ không đủ điều kiện", integer: true },
          ]
        : [{ key: "level", label: "Mức đạt", integer: false }];
    case "lossPerItem":
      return [{ key: "missing", label: "Số văn bản, báo cáo thiếu hoặc chậm", integer: true }];
    case "deduction": {
      const categories = Object.entries(c.categories);
      if (categories.length > 0) {
        return categories.map(([id, cat]) => ({
          key: `counts.${id}`,
          label: `Số trường hợp: ${cat.label}`,
          integer: true,
        }));
      }
      return c.tiers.length > 0 ? [{ key: "count", label: "Số lần", integer: true }] : POINTS;
    }
  }
}

/** A value as its fields (a level by its label); undefined where the value says nothing. */
export function fieldsOfValue(c: Criterion, value: ScoreValue): Record<string, FieldValue> {
  if (typeof value === "number") return { [scoreFields(c)[0]?.key ?? "points"]: value };
  const out: Record<string, FieldValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "counts" && typeof v === "object" && v !== null) {
      for (const [cat, n] of Object.entries(v)) out[`counts.${cat}`] = n as number;
    } else if (key === "level") {
      out.level = c.levels.find((l) => l.id === v)?.label ?? String(v);
    } else {
      out[key] = v as number;
    }
  }
  return out;
}

/**
 * The value of a criterion from its fields as written; null when every field is empty. A field
 * left empty beside filled ones is no case for a count by category, and missing otherwise.
 * The engine then judges the value (range, decimals), as it does for every other input.
 */
export function valueOfFields(
  c: Criterion,
  written: Record<string, FieldValue | null>,
): { value: ScoreValue | null } | { missing: ScoreField } | { badLevel: string } {
  const fields = scoreFields(c);
  if (fields.every((f) => written[f.key] === null || written[f.key] === undefined)) {
    return { value: null };
  }
  const first = fields[0] as ScoreField;
  if (first.key === "points") return { value: written.points as number };
  if (first.key === "level") {
    const text = String(written.level).trim().toLowerCase();
    const level = c.levels.find(
      (l) => l.id.toLowerCase() === text || l.label.toLowerCase() === text,
    );
    return level ? { value: { level: level.id } } : { badLevel: String(written.level) };
  }
  const value: Record<string, unknown> = {};
  const counts: Record<string, number> = {};
  for (const f of fields) {
    const v = written[f.key];
    if (f.key.startsWith("counts.")) {
      if (v !== null && v !== undefined) counts[f.key.slice("counts.".length)] = v as number;
    } else if (v === null || v === undefined) {
      return { missing: f };
    } else {
      value[f.key] = v;
    }
  }
  if (Object.keys(counts).length > 0) value.counts = counts;
  return { value: value as ScoreValue };
}

/** A figure as written in Vietnamese: decimal comma, dots between thousands ("1.057,1"). */
export function formatFigure(n: number): string {
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 }).format(n);
}

/**
 * A value as people read it, field by field with the fields' labels: "4,5" for points,
 * "Kế hoạch: 200; Thực hiện: 150" for a ratio, "Mức đạt: Tốt" for a level.
 */
export function describeScoreValue(c: Criterion, value: ScoreValue): string {
  const fields = scoreFields(c);
  const written = fieldsOfValue(c, value);
  if (fields.length === 1 && fields[0]?.key === "points" && typeof value === "number") {
    const h = toHundredths(value);
    return h === null ? formatFigure(value) : formatPoints(h);
  }
  const text = (v: FieldValue) => (typeof v === "number" ? formatFigure(v) : v);
  const known = fields
    .filter((f) => written[f.key] !== undefined)
    .map((f) => `${f.label}: ${text(written[f.key] as FieldValue)}`);
  const others = Object.entries(written)
    .filter(([key]) => !fields.some((f) => f.key === key))
    .map(([key, v]) => `${key}: ${text(v)}`);
  const parts = [...known, ...others];
  return parts.length > 0 ? parts.join("; ") : JSON.stringify(value);
}
