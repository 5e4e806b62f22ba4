/**
 * A stage's cell that cannot be edited here: the value and points recorded at that stage, the
 * points kept from the stage before (greyed), and a badge when this stage changed the unit's
 * figure — old → new, who, when, why on hover or focus; a click opens the row's history.
 */
import { Button, Tooltip, Typography } from "antd";
import { formatPoints as formatHundredths, type Hundredths } from "../../../core/decimal.ts";
import { type Stage, type StagedValue, valueAtStage } from "../../../core/evaluate.ts";
import { formatDateTime } from "../../format.ts";
import type { StageEntry } from "./sheet-data.ts";
import { BADGE_TONES } from "./tones.ts";
import { describeValue, type Form, sameValue } from "./values.ts";

const PRIOR: Record<"cluster" | "appraisal", Stage> = { cluster: "official", appraisal: "cluster" };

export function pointsText(points: Hundredths, deduction: boolean): string {
  return deduction && points > 0 ? `−${formatHundredths(points)}` : formatHundredths(points);
}

export function StageView(props: {
  form: Form;
  stage: "self" | "cluster" | "appraisal";
  values: Partial<Record<Stage, StageEntry>>;
  staged: StagedValue;
  points: Hundredths;
  deduction: boolean;
  /** The sheet has reached this stage: a value kept from before counts here. */
  reached: boolean;
  onHistory(): void;
}) {
  const { form, stage, values, staged, points, deduction, reached, onHistory } = props;
  const entry = values[stage];
  const official = stage === "cluster" ? values.official : undefined;
  if (!entry && !official && !reached) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const shown = pointsText(points, deduction);
  const prior = stage === "self" ? undefined : valueAtStage(staged, PRIOR[stage]);
  const changed = entry && prior !== undefined && !sameValue(prior, entry.value);
  return (
    <div>
      {entry ? (
        <span>
          {form.kind === "points" ? (
            <strong>{shown}</strong>
          ) : (
            <>
              {describeValue(form, entry.value)} → <strong>{shown}</strong>
            </>
          )}
        </span>
      ) : (
        <Tooltip title="Giữ như bước trước">
          <Typography.Text type="secondary">{shown}</Typography.Text>
        </Tooltip>
      )}
      <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
        {official && (
          <Badge
            color="blue"
            label="Số liệu chính thức"
            lines={[
              describeValue(form, official.value),
              `${official.by}, ${formatDateTime(official.at)}`,
              official.comment ? `Ghi chú: ${official.comment}` : null,
            ]}
            onClick={onHistory}
          />
        )}
        {entry && changed && (
          <Badge
            color="orange"
            label={stage === "cluster" ? "Cụm sửa" : "Thẩm định sửa"}
            lines={[
              `${describeValue(form, prior)} → ${describeValue(form, entry.value)}`,
              `${entry.by}, ${formatDateTime(entry.at)}`,
              entry.comment ? `Lý do: ${entry.comment}` : null,
            ]}
            onClick={onHistory}
          />
        )}
        {entry && !changed && entry.comment && (
          <Badge
            color="default"
            label="Ghi chú"
            lines={[entry.comment, `${entry.by}, ${formatDateTime(entry.at)}`]}
            onClick={onHistory}
          />
        )}
      </div>
    </div>
  );
}

export function Badge(props: {
  color: keyof typeof BADGE_TONES;
  label: string;
  lines: (string | null)[];
  onClick(): void;
}) {
  const lines = props.lines.filter((l): l is string => l !== null);
  return (
    <Tooltip trigger={["hover", "focus"]} title={lines.map((l) => <div key={l}>{l}</div>)}>
      <Button
        size="small"
        style={{
          fontSize: 12,
          height: 20,
          paddingInline: 6,
          ...BADGE_TONES[props.color],
          borderColor: BADGE_TONES[props.color].background,
        }}
        aria-label={`${props.label}: ${lines.join(". ")}`}
        onClick={props.onClick}
      >
        {props.label}
      </Button>
    </Tooltip>
  );
}
