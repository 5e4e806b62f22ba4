/**
 * The sheet on a phone: one card per criterion (its number and content, the maximum, each stage
 * the sheet has reached with the input of the stage being scored, the evidence and the
 * explanation), under a heading per section with its subtotals. The cells are the table's own
 * (sheetCells): the same inputs, checks, saves and conflicts; only the layout differs.
 */
import { Typography } from "antd";
import type { ReactNode } from "react";
import type { Stage } from "../../../core/evaluate.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { useClusterWords } from "../period/period-data.ts";
import {
  COLUMN_TITLES,
  type GridStage,
  type SheetCells,
  STAGE_TITLES,
  type TreeRow,
} from "./sheet-columns.tsx";

const LABEL_WIDTH = 92;

function Line({
  label,
  current,
  children,
}: {
  label: string;
  current?: boolean;
  children: ReactNode;
}) {
  return (
    <div style={{ display: "flex", gap: 8, alignItems: "flex-start", marginTop: 6 }}>
      <Typography.Text
        type={current ? undefined : "secondary"}
        strong={current}
        style={{ width: LABEL_WIDTH, flex: "none", fontSize: 13, paddingTop: 2 }}
      >
        {label}
      </Typography.Text>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
    </div>
  );
}

export function SheetCards(props: {
  tree: TreeRow[];
  cells: SheetCells;
  /** The stages the sheet has reached (their figures are shown). */
  reached: Record<GridStage, boolean>;
  editStage: Stage | null;
}) {
  const { tree, cells, reached, editStage } = props;
  const w = useClusterWords();
  const shown = cells.stages.filter((s) => s === "official" || reached[s]);
  const figure = (stage: GridStage | "official", row: TreeRow) =>
    stage === "official" ? cells.official(row) : cells.stage(stage, row);

  const render = (rows: TreeRow[], depth: number): ReactNode[] =>
    rows.flatMap((row) => {
      const { c } = row;
      if (c.kind === "group") {
        const Heading = depth === 0 ? "h3" : "h4";
        const subtotals = shown.filter((s): s is GridStage => s !== "official");
        return [
          <div
            key={c.id}
            data-row-key={c.id}
            style={{
              margin: depth === 0 ? "16px 0 8px" : "12px 0 8px",
              padding: "8px 12px",
              background: depth === 0 ? "#f0f5ff" : "#fafafa",
              borderLeft: `4px solid ${depth === 0 ? "#1677ff" : "#d9d9d9"}`,
              borderRadius: 4,
            }}
          >
            <Heading style={{ fontSize: 14, fontWeight: 600, margin: 0 }}>
              {c.id}. {c.title}
            </Heading>
            <div
              style={{
                display: "flex",
                flexWrap: "wrap",
                gap: "2px 16px",
                fontSize: 13,
                marginTop: 4,
              }}
            >
              {c.max !== null && (
                <span>
                  <Typography.Text type="secondary">Tối đa </Typography.Text>
                  {cells.max(row)}
                </span>
              )}
              {subtotals.map((s) => (
                <span key={s}>
                  <Typography.Text type="secondary">{w(STAGE_TITLES[s])} </Typography.Text>
                  {cells.stage(s, row)}
                </span>
              ))}
            </div>
          </div>,
          ...render(row.children ?? [], depth + 1),
        ];
      }
      return [
        <article
          key={c.id}
          data-row-key={c.id}
          aria-label={`Tiêu chí ${c.id}`}
          style={{
            ...PHONE_CARD,
            padding: "8px 12px 10px",
            scrollMarginTop: 16,
            scrollMarginBottom: 120,
          }}
        >
          <div>
            <strong>{c.id}</strong> {c.title}
          </div>
          <Line label="Điểm tối đa">{cells.max(row)}</Line>
          {shown.map((s) => (
            <Line key={s} label={w(COLUMN_TITLES[s])} current={s === editStage}>
              {figure(s, row)}
            </Line>
          ))}
          <Line label="Minh chứng">{cells.evidence(row)}</Line>
        </article>,
      ];
    });

  return (
    <div style={{ marginBottom: 8 }}>
      {tree.length === 0 ? (
        <Typography.Paragraph type="secondary">Không có dòng nào khớp bộ lọc.</Typography.Paragraph>
      ) : (
        render(tree, 0)
      )}
    </div>
  );
}
