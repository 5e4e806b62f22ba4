/**
 * What a cell of the sheet holds for each kind of criterion: the fields typed (decimal comma
 * accepted), the value sent to the server, and the value read back for people.
 */
import type { ScoreValue } from "../../../core/evaluate.ts";
import type { Criterion } from "../../../core/scheme.ts";
import { parseNumber } from "../../../core/score-fields.ts";
import { formatPoints } from "../../format.ts";
import type { CriterionRow } from "../period/period-data.ts";

/** The input a criterion takes. */
export type Form =
  | { kind: "points" }
  | { kind: "ratio" }
  | { kind: "level"; levels: { id: string; label: string; points: number }[] }
  | { kind: "dossier" }
  | { kind: "missing" }
  | { kind: "count" }
  | { kind: "counts"; categories: { id: string; label: string; points: number }[] }
  | { kind: "share" };

export interface Field {
  key: string;
  label: string;
  /** Short label shown inside the input. */
  short: string;
}

/** The input of a criterion; the compiled criterion (when the browser has it) tells more. */
export function formOf(c: CriterionRow, compiled: Criterion | undefined): Form {
  switch (c.kind) {
    case "group":
    case "manual":
    case "external":
      return compiled?.highestShare ? { kind: "share" } : { kind: "points" };
    case "ratio":
      return { kind: "ratio" };
    case "level":
      return compiled?.levels.some((l) => l.when !== undefined)
        ? { kind: "dossier" }
        : { kind: "level", levels: c.levels };
    case "lossPerItem":
      return { kind: "missing" };
    case "deduction":
      if (c.categories.length > 0) return { kind: "counts", categories: c.categories };
      return c.perEvent ? { kind: "count" } : { kind: "points" };
  }
}

export function fieldsOf(form: Form): Field[] {
  switch (form.kind) {
    case "points":
      return [{ key: "value", label: "Điểm", short: "" }];
    case "ratio":
      return [
        { key: "plan", label: "Kế hoạch", short: "KH" },
        { key: "actual", label: "Thực hiện", short: "TH" },
      ];
    case "level":
      return [{ key: "level", label: "Mức đạt", short: "" }];
    case "dossier":
      return [
        { key: "submitted", label: "Số hồ sơ trình", short: "Trình" },
        { key: "ineligible", label: "Số hồ sơ không đủ điều kiện", short: "Không đạt" },
      ];
    case "missing":
      return [{ key: "missing", label: "Số văn bản, báo cáo thiếu hoặc chậm", short: "Thiếu" }];
    case "count":
      return [{ key: "count", label: "Số lần", short: "Số lần" }];
    case "counts":
      return form.categories.map((cat) => ({ key: cat.id, label: cat.label, short: "" }));
    case "share":
      return [
        { key: "share", label: "Tỷ lệ năm nay (%)", short: "Năm nay" },
        { key: "previousShare", label: "Tỷ lệ năm trước (%)", short: "Năm trước" },
      ];
  }
}

/** A figure (plan, actual, count) in Vietnamese: 1.057,1. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 }).format(n);
}

export type Texts = Record<string, string>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A figure as a field holds it for editing: the decimal comma, no grouping of thousands (read
 * back, "1.200" would be one point two: a plan of 1 200 must not become 1,2 when a cell is left).
 */
const editable = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4, useGrouping: false });
const num = (v: unknown) => (typeof v === "number" ? editable.format(v) : "");

/** The fields of a cell holding this value. */
export function textsOf(form: Form, value: ScoreValue | undefined): Texts {
  const texts: Texts = Object.fromEntries(fieldsOf(form).map((f) => [f.key, ""]));
  if (value === undefined) return texts;
  if (typeof value === "number") return { ...texts, value: num(value) };
  const v: unknown = value;
  if (!isRecord(v)) return texts;
  if (form.kind === "counts" && isRecord(v.counts)) {
    for (const [k, n] of Object.entries(v.counts)) texts[k] = num(n);
    return texts;
  }
  for (const [k, n] of Object.entries(v)) {
    texts[k] = k === "level" && typeof n === "string" ? n : num(n);
  }
  return texts;
}

export type Parsed =
  | { kind: "empty" }
  | { kind: "value"; value: ScoreValue }
  | { kind: "error"; message: string };

/** The value of a cell's fields, or why they are not one yet (shape only: the engine judges). */
export function parseTexts(form: Form, texts: Texts): Parsed {
  if (form.kind === "level") {
    return texts.level ? { kind: "value", value: { level: texts.level } } : { kind: "empty" };
  }
  const fields = fieldsOf(form);
  const filled = fields.filter((f) => (texts[f.key] ?? "").trim() !== "");
  if (filled.length === 0) return { kind: "empty" };
  const numbers: Record<string, number> = {};
  for (const f of fields) {
    const text = texts[f.key] ?? "";
    if (text.trim() === "") {
      if (form.kind === "counts") {
        numbers[f.key] = 0;
        continue;
      }
      return { kind: "error", message: `Cần nhập ${f.label.toLowerCase()}.` };
    }
    const n = parseNumber(text);
    if (n === null || Number.isNaN(n)) {
      return {
        kind: "error",
        message: `${f.label}: «${text.trim()}» không phải là số; nhập ví dụ 12,5.`,
      };
    }
    numbers[f.key] = n;
  }
  switch (form.kind) {
    case "points":
      return { kind: "value", value: numbers.value as number };
    case "counts":
      return { kind: "value", value: { counts: numbers } };
    default:
      return { kind: "value", value: numbers as ScoreValue };
  }
}

/** A value as people read it in a cell that cannot be edited. */
export function describeValue(form: Form, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") {
    return form.kind === "count" ? `${formatNumber(value)} lần` : formatPoints(value);
  }
  if (!isRecord(value)) return JSON.stringify(value);
  const n = (k: string) => (typeof value[k] === "number" ? formatNumber(value[k] as number) : "?");
  if ("plan" in value) return `KH ${n("plan")} · TH ${n("actual")}`;
  if ("level" in value) {
    const levels = form.kind === "level" ? form.levels : [];
    return levels.find((l) => l.id === value.level)?.label ?? String(value.level);
  }
  if ("submitted" in value) return `Trình ${n("submitted")}, không đủ điều kiện ${n("ineligible")}`;
  if ("missing" in value) return `Thiếu, chậm ${n("missing")}`;
  if ("count" in value) return `${n("count")} lần`;
  if ("share" in value) return `Năm nay ${n("share")}%, năm trước ${n("previousShare")}%`;
  if ("counts" in value && isRecord(value.counts)) {
    const cats = form.kind === "counts" ? form.categories : [];
    return Object.entries(value.counts)
      .map(([k, v]) => `${cats.find((c) => c.id === k)?.label ?? k}: ${num(v)}`)
      .join("; ");
  }
  return JSON.stringify(value);
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
