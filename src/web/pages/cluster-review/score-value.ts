/**
 * A criterion's value as people read it in the matrix (short) and in the editor (full), and the
 * fields that edit it, by the shape of the value (SCENARIO.md, "Score values by kind").
 */
import { valueWords } from "../../../core/value-words.ts";
import { formatPoints } from "../../format.ts";
import type { CriterionRow } from "../period/period-data.ts";

const figure = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 });
const num = (n: unknown) => (typeof n === "number" ? figure.format(n) : "?");

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** One field of the editor: a number with its label, bounds and step. */
export interface ValueField {
  key: string;
  label: string;
  min?: number;
  max?: number;
  integer: boolean;
}

export type ValueShape =
  | { kind: "points"; max: number | null }
  | { kind: "fields"; fields: ValueField[]; wrap?: "counts" }
  | { kind: "level"; levels: CriterionRow["levels"] };

/** How a criterion's value is entered; an existing value's shape wins over the kind's default. */
export function shapeOf(c: CriterionRow, sample: unknown): ValueShape {
  const count = (key: string, label: string): ValueField => ({ key, label, min: 0, integer: true });
  if (isRecord(sample)) {
    if ("plan" in sample) return ratioShape();
    if ("share" in sample)
      return {
        kind: "fields",
        fields: [
          { key: "share", label: "Tỷ trọng năm nay (%)", min: 0, integer: false },
          { key: "previousShare", label: "Tỷ trọng năm trước (%)", min: 0, integer: false },
        ],
      };
    if ("submitted" in sample)
      return {
        kind: "fields",
        fields: [
          count("submitted", "Số hồ sơ trình"),
          count("ineligible", "Số hồ sơ không đủ điều kiện"),
        ],
      };
    if ("level" in sample) return { kind: "level", levels: c.levels };
    if ("missing" in sample)
      return { kind: "fields", fields: [count("missing", "Số văn bản, báo cáo thiếu hoặc chậm")] };
    if ("counts" in sample)
      return {
        kind: "fields",
        wrap: "counts",
        fields: c.categories.map((k) => count(k.id, `Số trường hợp: ${k.label}`)),
      };
    if ("count" in sample) return { kind: "fields", fields: [count("count", "Số lần")] };
  }
  if (typeof sample === "number") return { kind: "points", max: c.max };
  switch (c.kind) {
    case "ratio":
      return ratioShape();
    case "level":
      return { kind: "level", levels: c.levels };
    case "lossPerItem":
      return { kind: "fields", fields: [count("missing", "Số văn bản, báo cáo thiếu hoặc chậm")] };
    case "deduction":
      if (c.categories.length > 0)
        return {
          kind: "fields",
          wrap: "counts",
          fields: c.categories.map((k) => count(k.id, `Số trường hợp: ${k.label}`)),
        };
      if (c.perEvent) return { kind: "fields", fields: [count("count", "Số lần")] };
      return { kind: "points", max: c.max };
    default:
      return { kind: "points", max: c.max };
  }
}

function ratioShape(): ValueShape {
  return {
    kind: "fields",
    fields: [
      { key: "plan", label: "Kế hoạch", min: 0, integer: false },
      { key: "actual", label: "Thực hiện", min: 0, integer: false },
    ],
  };
}

/** The editor's starting numbers from a value of that shape. */
export function fieldValues(shape: ValueShape, value: unknown): Record<string, number | null> {
  if (shape.kind === "points") return { points: typeof value === "number" ? value : null };
  if (shape.kind === "level") return {};
  const source = isRecord(value) ? (shape.wrap === "counts" ? value.counts : value) : undefined;
  return Object.fromEntries(
    shape.fields.map((f) => {
      const v = isRecord(source) ? source[f.key] : undefined;
      return [f.key, typeof v === "number" ? v : shape.wrap === "counts" ? 0 : null];
    }),
  );
}

/** The value to send from the editor's numbers, or null while a field is empty. */
export function buildValue(
  shape: ValueShape,
  numbers: Record<string, number | null>,
  level: string | null,
): unknown {
  if (shape.kind === "points") return numbers.points ?? null;
  if (shape.kind === "level") return level ? { level } : null;
  const out: Record<string, number> = {};
  for (const f of shape.fields) {
    const v = numbers[f.key];
    if (v === null || v === undefined) return null;
    out[f.key] = v;
  }
  return shape.wrap === "counts" ? { counts: out } : out;
}

/** A value in a few characters, for a matrix cell. */
export function shortValue(c: CriterionRow, v: unknown): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "number") return formatPoints(v);
  if (!isRecord(v)) return "?";
  if ("plan" in v) return `${num(v.actual)}/${num(v.plan)}`;
  if ("missing" in v) return `thiếu ${num(v.missing)}`;
  if ("submitted" in v) return `${num(v.ineligible)}/${num(v.submitted)} hs`;
  if ("level" in v) return levelLabel(c, v.level, 18);
  if ("count" in v) return `${num(v.count)} lần`;
  if ("share" in v) return `${num(v.share)}% (${num(v.previousShare)}%)`;
  if ("counts" in v && isRecord(v.counts)) {
    const n = Object.values(v.counts).reduce<number>(
      (s, k) => s + (typeof k === "number" ? k : 0),
      0,
    );
    return `${n} trường hợp`;
  }
  return "?";
}

/** A value in words, for tooltips, screen readers and the editor. */
export function longValue(c: CriterionRow, v: unknown): string {
  return valueWords(c, v);
}

function levelLabel(c: CriterionRow, id: unknown, cut?: number): string {
  const label = c.levels.find((l) => l.id === id)?.label ?? String(id);
  return cut && label.length > cut ? `${label.slice(0, cut - 1)}…` : label;
}
