/**
 * The value the team proposes for a criterion, entered as the scoring sheet enters one (its
 * values.ts: points; plan and actual; a level; counts), decimal comma accepted; the server
 * checks it against the criterion and its refusal is shown beside the row.
 */
import { Input, Select } from "antd";
import type { ScoreValue } from "../../../core/evaluate.ts";
import { formatPoints } from "../../format.ts";
import type { CriterionRow } from "../period/period-data.ts";
import {
  describeValue,
  type Form,
  fieldsOf,
  formOf,
  type Parsed,
  parseTexts,
  textsOf as sheetTexts,
  type Texts,
} from "../scoring-sheet/values.ts";

export { describeValue, type Form, type Texts };

/** The fields holding a value (the sheet's: figures without grouping, read back the same). */
export const textsOf = (form: Form, value: ScoreValue | null | undefined): Texts =>
  sheetTexts(form, value ?? undefined);

/** How a criterion's value is entered here (the browser has no compiled scheme: the kind's). */
export const formFor = (c: CriterionRow): Form => formOf(c, undefined);

/** The value of the fields, or why not; points beyond the criterion's maximum are refused. */
export function parseValue(c: CriterionRow, form: Form, texts: Texts): Parsed {
  const parsed = parseTexts(form, texts);
  if (parsed.kind !== "value") return parsed;
  const v: unknown = parsed.value;
  if (form.kind === "points" && typeof v === "number") {
    if (v < 0) return { kind: "error", message: "Điểm không âm." };
    if (c.max !== null && v > c.max) {
      return {
        kind: "error",
        message: `Tối đa ${formatPoints(c.max)} điểm: «${formatPoints(v)}» vượt quá.`,
      };
    }
  }
  if (typeof v === "object" && v !== null && "plan" in v) {
    const r = v as { plan: number; actual: number };
    if (r.plan < 0 || r.actual < 0) return { kind: "error", message: "Số liệu không âm." };
  }
  return parsed;
}

/** A value as people read it; "—" when there is none. */
export function valueText(form: Form, value: ScoreValue | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return describeValue(form, value) || "—";
}

export function ValueInput(props: {
  criterion: CriterionRow;
  form: Form;
  texts: Texts;
  invalid: boolean;
  describedBy?: string;
  disabled?: boolean;
  onChange(texts: Texts): void;
  onEnter(): void;
}) {
  const { criterion: c, form, texts, invalid } = props;
  const label = (f: string) => `Kết quả kiểm tra, ${f.toLowerCase()} — tiêu chí ${c.id}`;
  if (form.kind === "level") {
    return (
      <Select
        size="small"
        style={{ width: "100%" }}
        aria-label={label("Mức đạt")}
        placeholder="Chọn mức"
        disabled={props.disabled}
        value={texts.level || undefined}
        status={invalid ? "error" : undefined}
        popupMatchSelectWidth={false}
        options={form.levels.map((l) => ({
          value: l.id,
          label: `${l.label} (${formatPoints(l.points)} điểm)`,
        }))}
        onChange={(id: string) => props.onChange({ ...texts, level: id })}
      />
    );
  }
  const fields = fieldsOf(form);
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
      {fields.map((f) => (
        <Input
          key={f.key}
          size="small"
          inputMode="decimal"
          autoComplete="off"
          disabled={props.disabled}
          aria-label={label(f.label)}
          aria-invalid={invalid || undefined}
          aria-describedby={props.describedBy}
          title={f.label}
          prefix={
            f.short ? <span style={{ fontSize: 12, color: "#595959" }}>{f.short}</span> : undefined
          }
          placeholder={
            form.kind === "counts"
              ? f.label
              : form.kind === "points" && c.max !== null
                ? `≤ ${formatPoints(c.max)}`
                : ""
          }
          status={invalid ? "error" : undefined}
          style={
            form.kind === "counts"
              ? { width: "100%" }
              : { flex: fields.length > 1 ? "1 1 88px" : "1 1 100%", minWidth: 0 }
          }
          value={texts[f.key] ?? ""}
          onChange={(e) => props.onChange({ ...texts, [f.key]: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              props.onEnter();
            }
          }}
        />
      ))}
    </div>
  );
}
