/**
 * A stage's cell that cannot be edited here: the value and points recorded at that stage, the
 * points kept from the stage before (greyed), and a badge when this stage changed the unit's
 * figure — old → new, who, when, why on hover or focus; a click opens the row's history.
 */
import { Button, Tooltip, Typography } from "antd";
import { formatPoints as formatHundredths, type Hundredths } from "../../../core/decimal.ts";
import { type Stage, type StagedValue, valueAtStage } from "../../../core/evaluate.ts";
import { officialSource } from "../../../core/official-figures.ts";
import { formatDateTime } from "../../format.ts";
import type { StageEntry } from "./sheet-data.ts";
import { type FigureSource, SOURCE_MARKS } from "./sheet-figures.ts";
import { BADGE_TONES } from "./tones.ts";
import { describeValue, type Form, sameValue } from "./values.ts";

const PRIOR: Record<"cluster" | "appraisal", Stage> = { cluster: "official", appraisal: "cluster" };

export function pointsText(points: Hundredths, deduction: boolean): string {
  return deduction && points > 0 ? `−${formatHundredths(points)}` : formatHundredths(points);
}

/**
 * Beside a figure that is not the server's: "tạm tính" (a preview of what is typed and not
 * saved yet) or "chưa tính lại", with why on hover or focus; `w`: the year's words.
 */
export function FigureMark({ source, w }: { source: FigureSource; w(text: string): string }) {
  const mark = SOURCE_MARKS[source];
  if (!mark) return null;
  const why = w(mark.why);
  return (
    <Tooltip trigger={["hover", "focus"]} title={why}>
      <Typography.Text
        type="warning"
        italic
        tabIndex={0}
        aria-label={`${mark.label}: ${why}`}
        style={{ fontSize: 12, marginLeft: 4, whiteSpace: "nowrap" }}
      >
        ({mark.label})
      </Typography.Text>
    </Tooltip>
  );
}

export function StageView(props: {
  form: Form;
  stage: "self" | "cluster" | "appraisal";
  values: Partial<Record<Stage, StageEntry>>;
  staged: StagedValue;
  points: Hundredths;
  /** Where the points come from (the server's, or a preview of what is typed). */
  source: FigureSource;
  /** How the points were found, when they are not the number entered (a contested bonus…). */
  detail: string | null;
  deduction: boolean;
  /** The sheet has reached this stage: a value kept from before counts here. */
  reached: boolean;
  onHistory(): void;
  /** The year's words (useClusterWords). */
  w(text: string): string;
}) {
  const { form, stage, values, staged, points, source, deduction, reached, onHistory, w } = props;
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
      <FigureMark source={source} w={w} />
      {form.kind === "points" &&
        props.detail &&
        typeof entry?.value === "number" &&
        Math.round(entry.value * 100) !== points && (
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {props.detail}
          </Typography.Text>
        )}
      <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
        {official && (
          <Badge
            color="blue"
            label="Số liệu chính thức"
            lines={[
              describeValue(form, official.value),
              officialSource(official.agency ?? official.by),
              `${official.by}, ${formatDateTime(official.at)}`,
              official.comment ? `Ghi chú: ${official.comment}` : null,
            ]}
            onClick={onHistory}
          />
        )}
        {entry && changed && (
          <Badge
            color="orange"
            label={stage === "cluster" ? w("Cụm sửa") : "Thẩm định sửa"}
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

/**
 * A data agency's official figure where it cannot be edited: the figure and its points, whose
 * figure it is ("số liệu của Cục Thống kê"), and the unit's own figure beside it.
 */
export function OfficialView(props: {
  form: Form;
  entry: StageEntry | undefined;
  self: StageEntry | undefined;
  points: Hundredths;
  source: FigureSource;
  deduction: boolean;
  onHistory(): void;
  /** The year's words (useClusterWords). */
  w(text: string): string;
}) {
  const { form, entry, self } = props;
  if (!entry) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = pointsText(props.points, props.deduction);
  const differs = self !== undefined && !sameValue(self.value, entry.value);
  return (
    <div>
      <span>
        {form.kind === "points" ? (
          <strong>{shown}</strong>
        ) : (
          <>
            {describeValue(form, entry.value)} → <strong>{shown}</strong>
          </>
        )}
        <FigureMark source={props.source} w={props.w} />
      </span>
      <div style={{ fontSize: 12 }}>
        <Tooltip
          trigger={["hover", "focus"]}
          title={[
            `${entry.by}, ${formatDateTime(entry.at)}`,
            entry.comment ? `Ghi chú: ${entry.comment}` : null,
          ]
            .filter((l) => l !== null)
            .map((l) => <div key={l}>{l}</div>)}
        >
          <Button
            type="link"
            size="small"
            style={{
              padding: 0,
              height: "auto",
              fontSize: 12,
              whiteSpace: "normal",
              textAlign: "left",
            }}
            onClick={props.onHistory}
          >
            {officialSource(entry.agency ?? entry.by)}
          </Button>
        </Tooltip>
      </div>
      {self && (
        <Typography.Text type={differs ? undefined : "secondary"} style={{ fontSize: 12 }}>
          Đơn vị báo cáo: {describeValue(form, self.value)}
          {differs ? " (khác số liệu chính thức)" : ""}
        </Typography.Text>
      )}
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
