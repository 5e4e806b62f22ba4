/**
 * The cell of the stage being scored: the right input for the criterion's kind, checked by the
 * engine as you type (the reason beside the cell, nothing saved), saved on leaving the cell or
 * on Enter, with a reason when the score differs from the stage before.
 */
import { Button, Input, Select, Typography } from "antd";
import { type KeyboardEvent, memo, useEffect, useId, useRef, useState } from "react";
import { formatPoints as formatHundredths } from "../../../core/decimal.ts";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import { formatDateTime } from "../../format.ts";
import type { CriterionRow } from "../period/period-data.ts";
import type { StageEntry } from "./sheet-data.ts";
import { moveFocus } from "./sheet-nav.ts";
import { TONES } from "./tones.ts";
import type { CellSave, ScorePatch } from "./use-score-saver.ts";
import {
  describeValue,
  type Form,
  fieldsOf,
  parseTexts,
  sameValue,
  type Texts,
  textsOf,
} from "./values.ts";

export interface ScoreEditorProps {
  criterion: CriterionRow;
  form: Form;
  stage: Stage;
  saved: StageEntry | undefined;
  /** The value of the stage before (the unit's proposal), when a change needs a reason. */
  prior: ScoreValue | undefined;
  /** Points at this stage as typed (hundredths), how they were found, and whether scored. */
  points: number;
  detail: string | null;
  scored: boolean;
  save: CellSave | undefined;
  /** Why the engine refuses a value, or null; undefined when the browser has no engine. */
  check: ((id: string, value: ScoreValue) => string | null) | undefined;
  onDraft(id: string, value: ScoreValue | undefined): void;
  onSave(id: string, patch: ScorePatch): void;
  onReload(id: string): void;
  /** The year's words (useClusterWords): the stage's name in a Khối. */
  w(text: string): string;
}

const STAGE_LABELS: Record<Stage, string> = {
  self: "Tự chấm",
  official: "Số liệu chính thức",
  cluster: "Cụm chấm",
  appraisal: "Thẩm định",
};

const REASON_NEEDED = "Điểm khác với điểm đơn vị đề xuất: ghi lý do thay đổi rồi nhấn Enter.";

export const ScoreEditor = memo(function ScoreEditor(props: ScoreEditorProps) {
  const { criterion: c, form, stage, saved, prior, save, check } = props;
  const [texts, setTexts] = useState<Texts>(() => textsOf(form, saved?.value));
  const [reason, setReason] = useState(saved?.comment ?? "");
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLFieldSetElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const withReason = stage === "cluster" || stage === "appraisal";

  // what the server holds changed (saved, reloaded): show it, unless the user is typing here
  const savedSig = JSON.stringify([saved?.value, saved?.version, saved?.comment]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the saved value only
  useEffect(() => {
    const active = document.activeElement;
    const typing = active?.tagName === "INPUT" || active?.tagName === "TEXTAREA";
    if (typing && box.current?.contains(active)) return;
    setTexts(textsOf(form, saved?.value));
    setReason(saved?.comment ?? "");
    setError(null);
  }, [savedSig]);

  const judge = (next: Texts): ScoreValue | undefined => {
    const parsed = parseTexts(form, next);
    if (parsed.kind === "empty") {
      setError(null);
      props.onDraft(c.id, undefined);
      return undefined;
    }
    if (parsed.kind === "error") {
      setError(parsed.message);
      props.onDraft(c.id, undefined);
      return undefined;
    }
    const refused = check?.(c.id, parsed.value) ?? null;
    setError(refused);
    props.onDraft(c.id, refused ? undefined : parsed.value);
    return refused ? undefined : parsed.value;
  };

  const change = (key: string, text: string) => {
    const next = { ...texts, [key]: text };
    setTexts(next);
    return judge(next);
  };

  const needsReason = (value: ScoreValue) =>
    withReason && prior !== undefined && !sameValue(prior, value) && reason.trim() === "";

  const commit = (value: ScoreValue | undefined, focusReason = false) => {
    if (value === undefined) return;
    if (needsReason(value)) {
      setError(REASON_NEEDED);
      if (focusReason) reasonRef.current?.focus();
      return;
    }
    if (error === REASON_NEEDED) setError(null);
    props.onSave(c.id, withReason ? { value, comment: reason.trim() || null } : { value });
  };

  const parseValue = (): ScoreValue | undefined => {
    const parsed = parseTexts(form, texts);
    if (parsed.kind !== "value") return undefined;
    if (check?.(c.id, parsed.value)) return undefined;
    return parsed.value;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Enter" || e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (e.key === "Enter") {
        const value = parseValue();
        commit(value, true);
        // stay on a refused value or a change still missing its reason
        if (value === undefined ? parseTexts(form, texts).kind !== "empty" : needsReason(value)) {
          return;
        }
      }
      moveFocus(e.currentTarget, e.key === "ArrowUp" || (e.key === "Enter" && e.shiftKey) ? -1 : 1);
    }
  };

  const fields = fieldsOf(form);
  const current = parseTexts(form, texts);
  const differs =
    withReason &&
    prior !== undefined &&
    current.kind === "value" &&
    !sameValue(prior, current.value);
  const label = (f: string) => `${f} — tiêu chí ${c.id}`;

  return (
    <fieldset
      ref={box}
      aria-label={`${props.w(STAGE_LABELS[stage])} — tiêu chí ${c.id}`}
      data-nav-col={stage}
      style={{
        border: 0,
        margin: 0,
        padding: 0,
        minWidth: 0,
        scrollMarginTop: 64,
        scrollMarginBottom: 140,
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) commit(parseValue());
      }}
    >
      {form.kind === "level" ? (
        <Select
          size="small"
          style={{ width: "100%" }}
          aria-label={label("Mức đạt")}
          placeholder="Chọn mức"
          value={texts.level || undefined}
          status={error ? "error" : undefined}
          popupMatchSelectWidth={false}
          options={form.levels.map((l) => ({
            value: l.id,
            label: `${l.label} (${formatHundredths(Math.round(l.points * 100))} điểm)`,
          }))}
          onChange={(id: string) => commit(change("level", id))}
        />
      ) : (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
          {fields.map((f) => {
            const input = (
              <Input
                key={f.key}
                size="small"
                inputMode="decimal"
                autoComplete="off"
                aria-label={label(f.label)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                title={f.label}
                prefix={
                  f.short ? (
                    <span style={{ fontSize: 12, color: "#595959" }}>{f.short}</span>
                  ) : undefined
                }
                placeholder={
                  form.kind === "points" && withReason && prior !== undefined
                    ? describeValue(form, prior)
                    : undefined
                }
                status={error ? "error" : undefined}
                style={
                  form.kind === "counts"
                    ? { width: 64, flex: "none" }
                    : { flex: fields.length > 1 ? "1 1 72px" : "1 1 100%", minWidth: 0 }
                }
                value={texts[f.key] ?? ""}
                onChange={(e) => change(f.key, e.target.value)}
                onKeyDown={onKeyDown}
              />
            );
            // a count per category: the category written beside its input
            return form.kind === "counts" ? (
              <div
                key={f.key}
                style={{
                  display: "flex",
                  alignItems: "center",
                  gap: 4,
                  width: "100%",
                  fontSize: 12,
                }}
              >
                <span style={{ flex: 1 }}>{f.label}</span>
                {input}
              </div>
            ) : (
              input
            );
          })}
        </div>
      )}
      {withReason && (differs || reason) && (
        <Input
          ref={(el) => {
            reasonRef.current = el?.input ?? null;
          }}
          size="small"
          style={{ marginTop: 4 }}
          aria-label={label("Lý do thay đổi")}
          placeholder="Lý do thay đổi"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
      {withReason && prior !== undefined && form.kind !== "points" && !saved && (
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
          Đơn vị đề xuất: {describeValue(form, prior)}
        </Typography.Text>
      )}
      {form.kind !== "points" && props.scored && (
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
          {props.detail ?? `→ ${formatHundredths(props.points)} điểm`}
        </Typography.Text>
      )}
      {error && (
        <Typography.Text
          id={errorId}
          role="alert"
          style={{ display: "block", fontSize: 12, color: TONES.danger }}
        >
          {error}
        </Typography.Text>
      )}
      <SaveState save={save} form={form} onReload={() => props.onReload(c.id)} />
    </fieldset>
  );
});

function SaveState({
  save,
  form,
  onReload,
}: {
  save: CellSave | undefined;
  form: Form;
  onReload(): void;
}) {
  if (!save || save.state === "saved") return null;
  switch (save.state) {
    case "saving":
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Đang lưu…
        </Typography.Text>
      );
    case "offline":
      return (
        <Typography.Text style={{ display: "block", fontSize: 12, color: TONES.warning }}>
          Chưa lưu, sẽ tự gửi lại: {save.message}
        </Typography.Text>
      );
    case "error":
      return (
        <Typography.Text
          role="alert"
          style={{ display: "block", fontSize: 12, color: TONES.danger }}
        >
          {save.message}
        </Typography.Text>
      );
    case "conflict":
      return (
        <div
          role="alert"
          style={{
            marginTop: 4,
            padding: "4px 8px",
            fontSize: 12,
            background: "#fffbe6",
            border: "1px solid #ffe58f",
            borderRadius: 4,
          }}
        >
          <div>{save.message}</div>
          {save.current && (
            <div>
              Giá trị hiện tại: <strong>{describeValue(form, save.current.value)}</strong> (
              {save.current.by}, {formatDateTime(save.current.at)})
            </div>
          )}
          <Button size="small" onClick={onReload} style={{ marginTop: 4 }}>
            Tải lại dòng
          </Button>
        </div>
      );
  }
}
