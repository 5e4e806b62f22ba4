/**
 * The columns of the official sheet: STT, Nội dung, Điểm tối đa, Tự chấm, Cụm chấm, Thẩm định,
 * Minh chứng. The stage being scored takes inputs; the others show what each stage recorded.
 */
import { Button, Space, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { formatPoints as formatHundredths } from "../../../core/decimal.ts";
import {
  type ScoreValue,
  type Stage,
  type StagedValue,
  valueAtStage,
} from "../../../core/evaluate.ts";
import { OFFICIAL_COLUMN_TITLE, takesOfficialFigure } from "../../../core/official-figures.ts";
import type { SheetStatus } from "../../../core/workflow.ts";
import type { CriterionRow } from "../period/period-data.ts";
import { ExplanationInput } from "./explanation-input.tsx";
import { ResponseCell } from "./response-cell.tsx";
import { ScoreEditor } from "./score-editor.tsx";
import type { SheetRow } from "./sheet-data.ts";
import { type Figure, type SheetFigures, SOURCE_MARKS } from "./sheet-figures.ts";
import { Badge, FigureMark, OfficialView, pointsText, StageView } from "./stage-view.tsx";
import { BADGE_TONES, TONES } from "./tones.ts";
import type { CellSave, ScorePatch } from "./use-score-saver.ts";
import type { Form } from "./values.ts";

export const GRID_STAGES = ["self", "cluster", "appraisal"] as const;
export type GridStage = (typeof GRID_STAGES)[number];
/** The columns' titles, written for a Cụm: shown through the year's words (useClusterWords). */
export const STAGE_TITLES: Record<GridStage, string> = {
  self: "Tự chấm",
  cluster: "Cụm chấm",
  appraisal: "Thẩm định",
};
/** Every column of values by stage, the data agency's official figures among them. */
export const COLUMN_TITLES: Record<Stage, string> = {
  ...STAGE_TITLES,
  official: OFFICIAL_COLUMN_TITLE,
};

export interface TreeRow {
  key: string;
  c: CriterionRow;
  row: SheetRow;
  children?: TreeRow[];
}

/** A figure's explanation for the editor's line, with its mark when it is not the server's. */
function editorDetail(f: Figure): string | null {
  const mark = SOURCE_MARKS[f.source];
  if (!mark) return f.detail;
  return `${f.detail ?? `→ ${formatHundredths(f.points)} điểm`} (${mark.label})`;
}

export interface ColumnContext {
  periodId: number;
  unitId: number;
  status: SheetStatus;
  own: boolean;
  editStage: Stage | null;
  reached: Record<GridStage, boolean>;
  /** Show the data agency's official figures beside the unit's own (self) column. */
  official: boolean;
  forms: Map<string, Form>;
  staged: Record<string, StagedValue>;
  /** Each row's points: the server's, or the preview of what is typed and not saved yet. */
  figures: SheetFigures;
  cells: Record<string, CellSave>;
  /** Values typed and accepted by the engine, not yet saved. */
  typed: Record<string, ScoreValue>;
  check: ((id: string, value: ScoreValue) => string | null) | undefined;
  onDraft(id: string, value: ScoreValue | undefined): void;
  onSave(id: string, patch: ScorePatch): void;
  onReload(id: string): void;
  /** Why evidence cannot be added now; null when it can. */
  evidenceLocked: string | null;
  onEvidence(c: CriterionRow): void;
  onHistory(criterionId: string): void;
  /** The year's words (useClusterWords): a Khối's names of its stages and of itself. */
  w(text: string): string;
}

/** The figure of one cell of the sheet, for the table's columns and the phone's cards alike. */
export interface SheetCells {
  /** The stages shown as columns: self, the official figures when shown, cluster, appraisal. */
  stages: (GridStage | "official")[];
  /** The maximum of a criterion (bold for a section). */
  max(row: TreeRow): React.ReactNode;
  /** A stage's cell: the input while it is the stage being scored, else what it recorded. */
  stage(stage: GridStage, row: TreeRow): React.ReactNode;
  /** The data agency's figure, typed or shown with its provenance. */
  official(row: TreeRow): React.ReactNode;
  /** The evidence, the written explanation and what is still needed. */
  evidence(row: TreeRow): React.ReactNode;
}

/**
 * Each cell's content. `narrow` (the phone's cards) writes an explanation out in full instead
 * of cutting it to the column's width with the rest on hover.
 */
export function sheetCells(ctx: ColumnContext, { narrow = false } = {}): SheetCells {
  const { periodId, unitId, status, own, editStage, reached, forms, staged, figures } = ctx;
  const { cells, typed, check, onDraft, onSave, onReload, evidenceLocked, onEvidence, onHistory } =
    ctx;
  const { w } = ctx;
  const stageCell = (stage: GridStage, { c, row }: TreeRow): React.ReactNode => {
    const figure = figures.point(stage, c.id);
    const points = figure.points;
    if (c.kind === "group") {
      return reached[stage] ? (
        <>
          <strong>{pointsText(points, c.deduction)}</strong>
          <FigureMark source={figure.source} w={w} />
        </>
      ) : (
        "—"
      );
    }
    const form = forms.get(c.id) as Form;
    // the number typed or saved at this stage, where the points may differ from it (a bonus
    // several units claim counts 0 until the cluster settles it)
    const entered = c.id in typed ? typed[c.id] : row.values[stage]?.value;
    const explained =
      form.kind === "points" &&
      figure.detail !== null &&
      typeof entered === "number" &&
      Math.round(entered * 100) !== figure.points;
    const response =
      stage === "cluster" &&
      own &&
      status === "reviewed" &&
      (row.values.cluster || row.values.official);
    return (
      <>
        {editStage === stage ? (
          <ScoreEditor
            criterion={c}
            form={form}
            stage={stage}
            saved={row.values[stage]}
            prior={
              stage === "self"
                ? undefined
                : stage === "cluster"
                  ? (row.values.official?.value ?? row.values.self?.value)
                  : (row.values.cluster?.value ??
                    row.values.official?.value ??
                    row.values.self?.value)
            }
            points={points}
            detail={editorDetail(figure)}
            scored={valueAtStage(staged[c.id] ?? {}, stage) !== undefined || c.id in typed}
            save={cells[c.id]}
            check={check}
            onDraft={onDraft}
            onSave={onSave}
            onReload={onReload}
            w={w}
          />
        ) : (
          <StageView
            form={form}
            stage={stage}
            values={row.values}
            staged={staged[c.id] ?? {}}
            points={points}
            source={figure.source}
            detail={figure.detail}
            deduction={c.deduction}
            reached={reached[stage]}
            onHistory={() => onHistory(c.id)}
            w={w}
          />
        )}
        {editStage === stage && explained && (
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {figure.detail}
            <FigureMark source={figure.source} w={w} />
          </Typography.Text>
        )}
        {response && <ResponseCell periodId={periodId} unitId={unitId} row={row} />}
        {stage === "cluster" && row.response && !(own && status === "reviewed") && (
          <Badge
            color={row.response.agreement === "dispute" ? "red" : "green"}
            label={row.response.agreement === "dispute" ? "Đơn vị không đồng ý" : "Đơn vị đồng ý"}
            lines={[row.response.reason ? `Lý do: ${row.response.reason}` : null]}
            onClick={() => onHistory(c.id)}
          />
        )}
      </>
    );
  };

  // the data agency's figures: typed by it while the sheet waits for the cluster, else shown
  // with their provenance; a criterion not scored from figures has none
  const officialCell = ({ c, row }: TreeRow): React.ReactNode => {
    if (c.kind === "group") return null;
    if (!takesOfficialFigure(c.kind)) {
      return (
        <Tooltip title={w("Tiêu chí do đơn vị tự chấm và Cụm chấm, không có số liệu chính thức.")}>
          <Typography.Text type="secondary">—</Typography.Text>
        </Tooltip>
      );
    }
    const form = forms.get(c.id) as Form;
    const figure = figures.point("official", c.id);
    if (editStage === "official") {
      return (
        <ScoreEditor
          criterion={c}
          form={form}
          stage="official"
          saved={row.values.official}
          prior={undefined}
          points={figure.points}
          detail={editorDetail(figure)}
          scored={row.values.official !== undefined || c.id in typed}
          save={cells[c.id]}
          check={check}
          onDraft={onDraft}
          onSave={onSave}
          onReload={onReload}
          w={w}
        />
      );
    }
    return (
      <OfficialView
        form={form}
        entry={row.values.official}
        self={row.values.self}
        points={figure.points}
        source={figure.source}
        deduction={c.deduction}
        onHistory={() => onHistory(c.id)}
        w={w}
      />
    );
  };

  const maxCell = ({ c }: TreeRow): React.ReactNode => {
    if (c.max === null) return "—";
    const text = pointsText(Math.round(c.max * 100), c.deduction);
    return c.kind === "group" ? <strong>{text}</strong> : text;
  };

  const evidenceCell = ({ c, row }: TreeRow): React.ReactNode => {
    if (c.kind === "group") return null;
    const files = row.evidenceCount;
    const scored = !c.deduction && figures.point("self", c.id).points > 0;
    const explanation = row.values.self?.explanation ?? null;
    const explaining = editStage === "self" && (explanation || (scored && files === 0));
    return (
      <Space orientation="vertical" size={4} style={{ width: "100%" }}>
        <Button
          size="small"
          style={{ fontSize: 12, ...BADGE_TONES[files > 0 ? "green" : "default"] }}
          aria-label={`${files > 0 ? `Minh chứng (${files} tệp)` : evidenceLocked ? "Không có tệp minh chứng" : "Thêm minh chứng"} — tiêu chí ${c.id}`}
          onClick={() => onEvidence(c)}
        >
          {files > 0
            ? `Minh chứng (${files})`
            : evidenceLocked
              ? "Không có tệp"
              : "Thêm minh chứng"}
        </Button>
        {explaining ? (
          <ExplanationInput
            criterionId={c.id}
            saved={explanation}
            disabled={!row.values.self && !(c.id in typed)}
            onSave={onSave}
          />
        ) : (
          explanation && (
            <Typography.Text
              style={{ fontSize: 12 }}
              ellipsis={narrow ? false : { tooltip: explanation }}
            >
              Giải trình: {explanation}
            </Typography.Text>
          )
        )}
        {status === "draft" && scored && files === 0 && !explanation && (
          <Typography.Text style={{ fontSize: 12, color: TONES.danger }}>
            Cần minh chứng hoặc giải trình
          </Typography.Text>
        )}
      </Space>
    );
  };

  return {
    stages: ["self", ...(ctx.official ? (["official"] as const) : []), "cluster", "appraisal"],
    max: maxCell,
    stage: stageCell,
    official: officialCell,
    evidence: evidenceCell,
  };
}

export function sheetColumns(ctx: ColumnContext): ColumnsType<TreeRow> {
  const { status, own, editStage } = ctx;
  const cells = sheetCells(ctx);
  const stageColumn = (stage: GridStage): ColumnsType<TreeRow>[number] => ({
    title: ctx.w(STAGE_TITLES[stage]),
    key: stage,
    width: editStage === stage || (stage === "cluster" && own && status === "reviewed") ? 210 : 160,
    onHeaderCell: () => ({
      style: editStage === stage ? { background: "#e6f4ff" } : undefined,
    }),
    render: (_, row) => cells.stage(stage, row),
  });
  const officialColumn: ColumnsType<TreeRow>[number] = {
    title: OFFICIAL_COLUMN_TITLE,
    key: "official",
    width: editStage === "official" ? 210 : 170,
    onHeaderCell: () => ({
      style: editStage === "official" ? { background: "#e6f4ff" } : undefined,
    }),
    render: (_, row) => cells.official(row),
  };

  return [
    {
      title: "STT",
      key: "id",
      width: 76,
      fixed: "left",
      render: (_, { c }) => (c.kind === "group" ? <strong>{c.id}</strong> : c.id),
    },
    {
      title: "Nội dung",
      key: "title",
      render: (_, { c }) => (c.kind === "group" ? <strong>{c.title}</strong> : c.title),
    },
    {
      title: "Điểm tối đa",
      key: "max",
      width: 80,
      align: "right",
      render: (_, row) => cells.max(row),
    },
    stageColumn("self"),
    ...(ctx.official ? [officialColumn] : []),
    stageColumn("cluster"),
    stageColumn("appraisal"),
    {
      title: "Minh chứng",
      key: "evidence",
      width: 200,
      render: (_, row) => cells.evidence(row),
    },
  ];
}
