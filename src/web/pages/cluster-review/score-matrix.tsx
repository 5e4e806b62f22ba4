/**
 * The whole cluster on one screen: criteria as rows, units as columns, each cell the unit's
 * value with the later stages beside it when they differ. A virtual table, so ten units × 150
 * rows scroll smoothly. Keyboard: arrows move, Enter accepts the unit's value and moves down,
 * a digit or F2 opens the editor, Space or a click opens it too.
 */
import {
  Button,
  ConfigProvider,
  Grid,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
} from "antd";
import type { TableRef } from "antd/es/table";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { formatPoints } from "../../format.ts";
import { type CriterionRow, useClusterWords } from "../period/period-data.ts";
import {
  type Cell,
  isLeaf,
  priorValue,
  type ReviewUnit,
  type SheetRow,
  type Stage,
  sameValue,
  type UnitSheet,
} from "./review-data.ts";
import { STAGE_LABELS } from "./score-editor.tsx";
import { longValue, shortValue } from "./score-value.ts";
import "./score-matrix.css";
import { StatusTag } from "./status-tag.tsx";

/** Rows as dense as a spreadsheet. */
const DENSE = { components: { Table: { cellPaddingBlockSM: 2, cellPaddingInlineSM: 6 } } };

type Filter = "all" | "changed" | "disputed" | "pending";

interface Props {
  criteria: CriterionRow[];
  units: ReviewUnit[];
  cells: Record<string, Record<string, Cell>>;
  sheets: Map<number, UnitSheet>;
  /** The stage this page writes. */
  stage: "cluster" | "appraisal";
  /** Whether this user may write the stage on this unit's sheet now. */
  canEdit(unit: ReviewUnit): boolean;
  onEdit(unit: ReviewUnit, criterion: CriterionRow, typed?: number): void;
  onAccept(unit: ReviewUnit, criterion: CriterionRow): Promise<boolean>;
  onOpenUnit(unit: ReviewUnit): void;
}

/** The stages shown in a cell: up to the page's stage. */
const shownStages = (stage: Stage): Stage[] =>
  stage === "cluster"
    ? ["self", "official", "cluster"]
    : ["self", "official", "cluster", "appraisal"];

function useTableHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener("resize", on);
    return () => window.removeEventListener("resize", on);
  }, []);
  return Math.max(320, h - 300);
}

export function ScoreMatrix(props: Props) {
  const { criteria, units, cells, sheets, stage, canEdit, onEdit, onAccept, onOpenUnit } = props;
  const screens = Grid.useBreakpoint();
  const w = useClusterWords();
  const wide = screens.md ?? true;
  const height = useTableHeight();
  const tableRef = useRef<TableRef>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [busy, setBusy] = useState<string | null>(null);
  // on a phone one unit at a time, chosen above the matrix (at first one this user may score):
  // its column fits beside the criteria
  const [chosen, setChosen] = useState<number | null>(null);
  const phoneUnit = units.find((u) => u.id === chosen) ?? units.find((u) => canEdit(u)) ?? units[0];
  const shown = useMemo(() => (wide || !phoneUnit ? units : [phoneUnit]), [wide, units, phoneUnit]);

  const sheetRows = useMemo(() => {
    const m = new Map<string, SheetRow>();
    for (const [unitId, sheet] of sheets)
      for (const r of sheet.rows) m.set(`${unitId}/${r.criterionId}`, r);
    return m;
  }, [sheets]);

  const rows = useMemo(() => {
    if (filter === "all") return criteria;
    return criteria.filter((c) => {
      if (!isLeaf(c)) return false;
      return shown.some((u) => {
        const cell = cells[c.id]?.[u.id];
        if (filter === "changed") return finalDiffers(cell, stage);
        if (filter === "pending") return canEdit(u) && cell?.[stage] === undefined;
        return (
          sheets.get(u.id)?.rows.find((r) => r.criterionId === c.id)?.response?.agreement ===
          "dispute"
        );
      });
    });
  }, [criteria, shown, cells, sheets, filter, stage, canEdit]);

  const focusCell = (r: number, c: number) => {
    const target = rows[r];
    if (!target) return;
    tableRef.current?.scrollTo({ index: r, align: "nearest" });
    const tryFocus = (n: number) => {
      const el = document.querySelector<HTMLElement>(`[data-cell="${target.id}:${c}"]`);
      if (el) el.focus();
      else if (n > 0) requestAnimationFrame(() => tryFocus(n - 1));
    };
    requestAnimationFrame(() => tryFocus(5));
  };

  /** The next row with cells in that direction. */
  const step = (from: number, dir: 1 | -1) => {
    for (let i = from + dir; i >= 0 && i < rows.length; i += dir) {
      if (isLeaf(rows[i] as CriterionRow)) return i;
    }
    return -1;
  };

  const onKeyDown = async (e: React.KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    const at = el.dataset.cell;
    if (!at) return;
    const criterionId = at.slice(0, at.lastIndexOf(":"));
    const c = Number(at.slice(at.lastIndexOf(":") + 1));
    const r = rows.findIndex((x) => x.id === criterionId);
    const unit = shown[c];
    const criterion = rows[r];
    if (!unit || !criterion) return;
    const move = (nr: number, nc: number) => {
      e.preventDefault();
      if (nr >= 0 && nc >= 0 && nc < shown.length) focusCell(nr, nc);
    };
    if (e.key === "ArrowDown") return move(step(r, 1), c);
    if (e.key === "ArrowUp") return move(step(r, -1), c);
    if (e.key === "ArrowRight") return move(r, c + 1);
    if (e.key === "ArrowLeft") return move(r, c - 1);
    if (e.key === "F2") {
      e.preventDefault();
      return onEdit(unit, criterion);
    }
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      return onEdit(unit, criterion, Number(e.key));
    }
    if (e.key === "Enter") {
      e.preventDefault();
      if (!canEdit(unit)) return onEdit(unit, criterion);
      setBusy(at);
      const ok = await onAccept(unit, criterion);
      setBusy(null);
      if (ok) move(step(r, 1), c);
    }
  };

  const columns = useMemo<TableColumnsType<CriterionRow>>(() => {
    const head: TableColumnsType<CriterionRow> = [
      {
        key: "id",
        title: "STT",
        width: wide ? 76 : 56,
        fixed: "left",
        render: (_, c) => (c.kind === "group" ? <strong>{c.id}</strong> : c.id),
      },
      {
        key: "title",
        title: "Nội dung",
        width: wide ? 280 : 150,
        fixed: wide ? "left" : undefined,
        render: (_, c) => (
          <Tooltip
            title={c.max === null ? c.title : `${c.title} (tối đa ${formatPoints(c.max)} điểm)`}
            placement="right"
          >
            <span
              className={[
                wide ? "rv-title" : "rv-title rv-title-wrap",
                c.kind === "group" ? "rv-group" : "",
              ].join(" ")}
            >
              {c.title}
            </span>
          </Tooltip>
        ),
      },
    ];
    // on a phone the maximum goes into the title's tooltip, leaving room for the units
    if (wide)
      head.push({
        key: "max",
        title: "Tối đa",
        width: 64,
        align: "right",
        render: (_, c) => (c.max === null ? "" : formatPoints(c.max)),
      });
    return [
      ...head,
      ...shown.map((u, col) => ({
        key: `u${u.id}`,
        width: 140,
        title: (
          <UnitHeader
            unit={u}
            sheet={sheets.get(u.id)}
            stage={stage}
            onOpen={() => onOpenUnit(u)}
          />
        ),
        render: (_: unknown, c: CriterionRow) =>
          isLeaf(c) ? (
            <MatrixCell
              unit={u}
              criterion={c}
              col={col}
              cell={cells[c.id]?.[u.id]}
              disputed={sheetRows.get(`${u.id}/${c.id}`)?.response?.agreement === "dispute"}
              stage={stage}
              editable={canEdit(u)}
              busy={busy === `${c.id}:${col}`}
              onOpen={onEdit}
              w={w}
            />
          ) : (
            <GroupPoints row={sheetRows.get(`${u.id}/${c.id}`)} stage={stage} />
          ),
      })),
    ];
  }, [shown, cells, sheets, sheetRows, stage, canEdit, onEdit, onOpenUnit, busy, wide, w]);

  const width = (wide ? 76 + 280 + 64 : 56 + 150) + shown.length * 140;

  return (
    <>
      {!wide && phoneUnit && (
        <div style={{ display: "flex", alignItems: "center", gap: 8, marginBottom: 8 }}>
          <label htmlFor="rv-phone-unit" style={{ flex: "none" }}>
            Đơn vị
          </label>
          <Select
            id="rv-phone-unit"
            style={{ flex: 1, minWidth: 0 }}
            value={phoneUnit.id}
            onChange={(id: number) => setChosen(id)}
            options={units.map((u) => ({ value: u.id, label: `${u.name} — ${u.statusLabel}` }))}
          />
        </div>
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group
          aria-label="Lọc dòng"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          optionType="button"
          size="small"
          options={[
            { value: "all", label: "Tất cả" },
            { value: "changed", label: "Có thay đổi" },
            { value: "pending", label: "Chưa chấm" },
            { value: "disputed", label: "Có khiếu nại" },
          ]}
        />
        <span className="rv-legend">
          <span className="rv-swatch rv-changed" /> khác điểm tự chấm
          <span className="rv-swatch rv-disputed" /> đơn vị không đồng ý
          <span className="rv-accepted">✓</span> đã chấp nhận
        </span>
      </Space>
      {wide && (
        <p className="rv-help">
          Bàn phím: mũi tên để di chuyển; Enter{" "}
          {stage === "cluster" ? "chấp nhận điểm đơn vị" : w("giữ điểm Cụm chấm")} và xuống dòng; gõ
          số hoặc F2 để sửa (cần ghi lý do); Space để xem chi tiết.
        </p>
      )}
      {/* the cells inside are buttons; the wrapper only routes their keys */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: keys bubble up from the cell buttons */}
      <div className="rv-matrix" onKeyDown={(e) => void onKeyDown(e)}>
        <ConfigProvider theme={DENSE}>
          <Table<CriterionRow>
            ref={tableRef}
            virtual
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            columns={columns}
            dataSource={rows}
            scroll={{ x: width, y: height }}
            rowClassName={(c) => (c.kind === "group" ? "rv-group-row" : "")}
            locale={{ emptyText: "Không có dòng nào theo bộ lọc này." }}
          />
        </ConfigProvider>
      </div>
    </>
  );
}

/** Put the keyboard back on a cell (after its editor closes). */
export function focusMatrixCell(criterionId: string, col: number): void {
  document.querySelector<HTMLElement>(`[data-cell="${criterionId}:${col}"]`)?.focus();
}

function finalDiffers(cell: Cell | undefined, stage: Stage): boolean {
  if (!cell || cell.self === undefined) return false;
  const last = cell[stage] ?? priorValue(cell, stage);
  return !sameValue(last, cell.self);
}

function UnitHeader({
  unit,
  sheet,
  stage,
  onOpen,
}: {
  unit: ReviewUnit;
  sheet: UnitSheet | undefined;
  stage: "cluster" | "appraisal";
  onOpen(): void;
}) {
  const self = sheet?.totals.self.total;
  const at = sheet?.totals[stage].total;
  return (
    <div className="rv-unit">
      <Tooltip title={unit.name}>
        <div className="rv-unit-name">{unit.name}</div>
      </Tooltip>
      <StatusTag status={unit.status} label={unit.statusLabel} className="rv-status" />
      <div className="rv-unit-foot">
        <span className="rv-total">
          {self === undefined ? (
            "…"
          ) : (
            <>
              {formatPoints(self)}
              {at !== undefined && at !== self && <> → {formatPoints(at)}</>}
            </>
          )}
        </span>
        <Button size="small" onClick={onOpen} aria-label={`Thao tác với ${unit.name}`}>
          Thao tác
        </Button>
      </div>
    </div>
  );
}

function GroupPoints({ row, stage }: { row: SheetRow | undefined; stage: Stage }) {
  if (!row) return null;
  const self = row.points.self;
  const at = row.points[stage];
  return (
    <strong className="rv-group-points">
      {formatPoints(self)}
      {at !== self && <> → {formatPoints(at)}</>}
    </strong>
  );
}

interface CellProps {
  unit: ReviewUnit;
  criterion: CriterionRow;
  col: number;
  cell: Cell | undefined;
  disputed: boolean;
  stage: "cluster" | "appraisal";
  editable: boolean;
  busy: boolean;
  onOpen(unit: ReviewUnit, criterion: CriterionRow): void;
  /** The year's words (useClusterWords): a Khối's names of the stages. */
  w(text: string): string;
}

const MatrixCell = memo(function MatrixCell(p: CellProps) {
  const { unit, criterion, col, cell, disputed, stage, editable, busy, w } = p;
  // the chain of values: self, then each later stage that says something different
  const parts: { stage: Stage; text: string }[] = [];
  let last: unknown;
  for (const s of shownStages(stage)) {
    const v = cell?.[s];
    if (v === undefined) continue;
    if (parts.length === 0 || !sameValue(v, last))
      parts.push({ stage: s, text: shortValue(criterion, v) });
    last = v;
  }
  const accepted = cell?.[stage] !== undefined && sameValue(cell[stage], priorValue(cell, stage));
  const changed = finalDiffers(cell, stage);
  const words = (["self", "official", "cluster", "appraisal"] as Stage[])
    .filter((s) => cell?.[s] !== undefined)
    .map((s) => `${w(STAGE_LABELS[s])} ${longValue(criterion, cell?.[s])}`)
    .join(", ");
  const visible =
    (parts.map((x) => x.text).join(" → ") || "—") + (accepted ? " ✓" : "") + (disputed ? " ⚑" : "");
  const label = `${visible} — ${unit.name}, ${criterion.id}: ${words || "chưa có điểm"}${disputed ? ", đơn vị không đồng ý" : ""}${editable ? `. Enter để ${stage === "cluster" ? "chấp nhận" : w("giữ điểm Cụm chấm")}, gõ số hoặc F2 để sửa` : ""}`;
  const className = [
    "rv-cell",
    changed ? "rv-changed" : "",
    disputed ? "rv-disputed" : "",
    editable ? "rv-editable" : "",
  ].join(" ");
  return (
    <button
      type="button"
      className={className}
      data-cell={`${criterion.id}:${col}`}
      aria-label={label}
      aria-busy={busy}
      onClick={() => p.onOpen(unit, criterion)}
    >
      {parts.length === 0 && <span className="rv-empty">—</span>}
      {parts.map((x, i) => (
        <span key={x.stage} className={`rv-v rv-${x.stage}`}>
          {i > 0 && " → "}
          {x.text}
        </span>
      ))}
      {accepted && <span className="rv-accepted"> ✓</span>}
      {disputed && <span className="rv-flag"> ⚑</span>}
    </button>
  );
});
