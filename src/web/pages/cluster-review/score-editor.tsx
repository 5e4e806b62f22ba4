/**
 * One unit's value of one criterion: what each stage said (who, why), the unit's response, and
 * the reviewer's choice — accept the unit's value, or enter another with a required reason.
 */
import { Alert, Button, Descriptions, Form, Input, InputNumber, Modal, Select, Tag } from "antd";
import { useState } from "react";
import { ApiError } from "../../api.ts";
import { formatDateTime, formatPoints } from "../../format.ts";
import { type CriterionRow, useClusterWords } from "../period/period-data.ts";
import {
  type Cell,
  priorValue,
  type ReviewUnit,
  type SheetRow,
  type Stage,
  sameValue,
} from "./review-data.ts";
import { buildValue, fieldValues, longValue, shapeOf } from "./score-value.ts";

/** The stages' names, written for a Cụm: shown through the year's words (useClusterWords). */
export const STAGE_LABELS: Record<Stage, string> = {
  self: "Tự chấm",
  official: "Số liệu chính thức",
  cluster: "Cụm chấm",
  appraisal: "Thẩm định",
};

export interface EditTarget {
  unit: ReviewUnit;
  criterion: CriterionRow;
  cell: Cell | undefined;
  row: SheetRow | undefined;
  /** A digit typed on the cell: the editor starts with it. */
  typed?: number;
}

interface Props {
  target: EditTarget | null;
  stage: "cluster" | "appraisal";
  /** Why this value cannot be changed now; null when it can. */
  lockedReason: (unit: ReviewUnit) => string | null;
  onClose(): void;
  onSave(target: EditTarget, value: unknown, comment: string | null): Promise<void>;
}

export function ScoreEditor(props: Props) {
  if (!props.target) return null;
  const t = props.target;
  return (
    <EditorBody key={`${t.unit.id}/${t.criterion.id}/${t.typed ?? ""}`} {...props} target={t} />
  );
}

function EditorBody({
  target,
  stage,
  lockedReason,
  onClose,
  onSave,
}: Props & { target: EditTarget }) {
  const w = useClusterWords();
  const proposed = priorValue(target.cell, stage);
  const current = target.cell?.[stage];
  const start = current ?? proposed;
  const shape = shapeOf(target.criterion, start);
  const [numbers, setNumbers] = useState<Record<string, number | null>>(() => {
    const values = fieldValues(shape, start);
    if (target.typed !== undefined && shape.kind === "points") values.points = target.typed;
    return values;
  });
  const [level, setLevel] = useState<string | null>(() =>
    typeof start === "object" && start !== null && "level" in start
      ? String((start as { level: unknown }).level)
      : null,
  );
  const [comment, setComment] = useState(target.row?.values[stage]?.comment ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const locked = lockedReason(target.unit);
  const value = buildValue(shape, numbers, level);
  const changed = value !== null && !sameValue(value, proposed);
  const needsReason = changed && !comment.trim();

  const save = async (v: unknown, c: string | null) => {
    setSaving(true);
    setError(null);
    try {
      await onSave(target, v, c);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const { criterion, unit, row } = target;
  const stageItems = (["self", "official", "cluster", "appraisal"] as Stage[])
    .filter((s) => target.cell?.[s] !== undefined)
    .map((s) => {
      const entry = row?.values[s];
      return {
        key: s,
        label: w(STAGE_LABELS[s]),
        children: (
          <>
            <div>
              {longValue(criterion, target.cell?.[s])}
              {row && typeof target.cell?.[s] !== "number" && (
                <> → {formatPoints(row.points[s])} điểm</>
              )}
            </div>
            {entry?.by && (
              <div style={{ fontSize: 12 }}>
                {entry.by}, {formatDateTime(entry.at)}
              </div>
            )}
            {entry?.comment && <div style={{ fontSize: 12 }}>Lý do: {entry.comment}</div>}
            {s === "self" && entry?.explanation && (
              <div style={{ fontSize: 12 }}>Giải trình: {entry.explanation}</div>
            )}
          </>
        ),
      };
    });

  return (
    <Modal
      open
      title={`${criterion.id} — ${unit.name}`}
      onCancel={onClose}
      footer={null}
      width={620}
      destroyOnHidden
    >
      <p style={{ marginTop: 0 }}>
        {criterion.title}
        {criterion.max !== null && <> (tối đa {formatPoints(criterion.max)} điểm)</>}
      </p>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...stageItems,
          {
            key: "evidence",
            label: "Minh chứng",
            children: row ? `${row.evidenceCount} tệp` : "…",
          },
          ...(row?.response
            ? [
                {
                  key: "response",
                  label: "Ý kiến đơn vị",
                  children:
                    row.response.agreement === "dispute" ? (
                      <>
                        <Tag color="red">Không đồng ý</Tag> {row.response.reason}
                      </>
                    ) : (
                      <Tag color="green">Đồng ý</Tag>
                    ),
                },
              ]
            : []),
        ]}
      />
      {locked ? (
        <Alert style={{ marginTop: 12 }} type="info" showIcon title={locked} />
      ) : (
        <Form
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={() => void save(value, comment)}
        >
          <Button
            type="primary"
            ghost
            disabled={proposed === undefined || saving}
            onClick={() => void save(proposed, null)}
            // a ratio's long value wraps on a phone rather than leaving the screen
            style={{ marginBottom: 12, maxWidth: "100%", height: "auto", whiteSpace: "normal" }}
          >
            {stage === "cluster" ? "Chấp nhận điểm đơn vị" : w("Giữ điểm Cụm chấm")} (
            {longValue(criterion, proposed)})
          </Button>
          {shape.kind === "points" && (
            <Form.Item label={`Điểm ${w(STAGE_LABELS[stage])}`} htmlFor="score-points">
              <InputNumber
                id="score-points"
                autoFocus
                min={0}
                max={shape.max ?? undefined}
                step={1}
                decimalSeparator=","
                value={numbers.points}
                onChange={(v) => setNumbers({ points: v })}
                style={{ width: 160 }}
              />
            </Form.Item>
          )}
          {shape.kind === "level" && (
            <Form.Item label="Mức đạt được" htmlFor="score-level">
              <Select
                id="score-level"
                autoFocus
                value={level}
                onChange={setLevel}
                options={shape.levels.map((l) => ({
                  value: l.id,
                  label: `${l.label} (${formatPoints(l.points)} điểm)`,
                }))}
              />
            </Form.Item>
          )}
          {shape.kind === "fields" &&
            shape.fields.map((f, i) => (
              <Form.Item key={f.key} label={f.label} htmlFor={`score-${f.key}`}>
                <InputNumber
                  id={`score-${f.key}`}
                  autoFocus={i === 0}
                  min={f.min}
                  max={f.max}
                  precision={f.integer ? 0 : undefined}
                  decimalSeparator=","
                  value={numbers[f.key]}
                  onChange={(v) => setNumbers((n) => ({ ...n, [f.key]: v }))}
                  style={{ width: 200 }}
                />
              </Form.Item>
            ))}
          <Form.Item
            label="Lý do thay đổi"
            htmlFor="score-comment"
            required={changed}
            help={
              needsReason ? "Điểm khác với điểm đơn vị đề xuất: cần ghi lý do thay đổi." : undefined
            }
            validateStatus={needsReason ? "warning" : undefined}
          >
            <Input.TextArea
              id="score-comment"
              rows={2}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={saving} disabled={value === null}>
            Lưu điểm {w(STAGE_LABELS[stage])}
          </Button>
        </Form>
      )}
    </Modal>
  );
}
