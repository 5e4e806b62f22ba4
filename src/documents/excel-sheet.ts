/**
 * Biểu chấm điểm as an Excel sheet, laid out as the Lạng Sơn sheets are (STT, Nội dung, Điểm
 * chuẩn tối đa, Điểm tự chấm, Điểm Cụm thi đua chấm, Điểm Ban TĐKT thẩm định; sections in bold;
 * totals), for any scheme; and read back once filled offline.
 *
 * A criterion scored in points is filled on its own row. One scored from figures (plan and
 * actual, counts, dossiers) has a row per figure below it, and its own row shows the points the
 * engine found. The hidden column "Mã dòng" names each row (the criterion, or criterion/field),
 * so rows may be reordered or deleted without changing what a cell means. Every point the sheet
 * works out (a criterion from its figures, a group, a section, the bonus, the deductions, the
 * total) is a live formula doing the engine's arithmetic (sheet-formulas.ts), its result the
 * engine's figure, so a sheet filled offline adds up as the product will.
 */
import ExcelJS from "exceljs";
import { fromHundredths } from "../core/decimal.ts";
import {
  type ClusterContext,
  evaluateUnit,
  type ScoreValue,
  type Stage,
  type StagedValue,
  scoresAtStage,
  type UnitEvaluation,
  type UnitInfo,
  valueRefusal,
} from "../core/evaluate.ts";
import type { Criterion, Scheme } from "../core/scheme.ts";
import {
  type FieldValue,
  fieldsOfValue,
  type ScoreField,
  scoreFields,
  valueOfFields,
} from "../core/score-fields.ts";
import { cellText, readNumber, sheetName, styleTable, TNR } from "./excel-cells.ts";
import type { ImportProblem } from "./problems.ts";
import {
  bonusFormula,
  type ColumnCells,
  criterionFormula,
  deductionsFormula,
  filledFormula,
  onOwnRow,
  totalFormula,
} from "./sheet-formulas.ts";

/** The three columns of scores on the official sheet, and the stage each one holds. */
export const SHEET_STAGES = [
  { stage: "self", header: "Điểm tự chấm" },
  { stage: "cluster", header: "Điểm Cụm thi đua chấm" },
  { stage: "appraisal", header: "Điểm Ban TĐKT thẩm định" },
] as const satisfies readonly { stage: Stage; header: string }[];
export type SheetStage = (typeof SHEET_STAGES)[number]["stage"];

export const SHEET_HEADERS = [
  "STT",
  "Nội dung",
  "Điểm chuẩn tối đa",
  ...SHEET_STAGES.map((s) => s.header),
  "Mã dòng",
] as const;
const KEY_COLUMN = SHEET_HEADERS.length; // G
/** The hidden keys of the unit and the year a sheet was made for (rows 3 and 4, column G). */
const UNIT_KEY = "#don-vi:";
const PERIOD_KEY = "#ky:";
const FIRST_SCORE_COLUMN = 4; // D
/** The hidden row counting, in each column of scores, the cells a person has filled. */
const FILLED_ROW = 5;

export interface SheetInput {
  scheme: Scheme;
  unit: UnitInfo;
  cluster: string;
  period: string;
  /** Each criterion's values by stage; "official" figures show in the cluster's column. */
  staged: Record<string, StagedValue>;
  /** Facts across the cluster at each stage (the highest-share bonus), when known. */
  contexts?: Partial<Record<SheetStage, ClusterContext>>;
}

/** The value a column holds for a criterion: its own stage (the cluster's: or official). */
function columnValue(values: StagedValue | undefined, stage: SheetStage): ScoreValue | undefined {
  if (!values) return undefined;
  return stage === "cluster" ? (values.cluster ?? values.official) : values[stage];
}

const filledStages = (input: SheetInput): SheetStage[] =>
  SHEET_STAGES.map((s) => s.stage).filter((stage) =>
    Object.values(input.staged).some((v) => columnValue(v, stage) !== undefined),
  );

/** Write a unit's scoring sheet on a new worksheet of `workbook`. */
export function addScoringSheet(workbook: ExcelJS.Workbook, input: SheetInput, name?: string) {
  const { scheme, unit } = input;
  const ws = workbook.addWorksheet(sheetName(workbook, name ?? "Biểu chấm điểm"), {
    pageSetup: {
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
    views: [{ state: "frozen", ySplit: 6 }],
  });
  ws.columns = [
    { width: 10 },
    { width: 62 },
    { width: 11 },
    { width: 11 },
    { width: 13 },
    { width: 13 },
    { width: 16, hidden: true },
  ];
  const title = (row: number, text: string, bold = true, size = 13) => {
    ws.mergeCells(row, 1, row, 6);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { ...TNR, bold, size };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  };
  title(1, "BIỂU CHẤM ĐIỂM THI ĐUA");
  title(2, scheme.title, false, 12);
  title(3, `Đơn vị: ${unit.name}`);
  title(4, `${input.cluster} — Kỳ thi đua ${input.period}`, false, 12);
  // which unit and year the sheet is for, in the hidden column: an import checks them
  ws.getCell(3, KEY_COLUMN).value = `${UNIT_KEY}${unit.id}`;
  ws.getCell(4, KEY_COLUMN).value = `${PERIOD_KEY}${input.period}`;
  ws.getRow(2).height = 32;

  const header = ws.getRow(6);
  header.values = [...SHEET_HEADERS];
  header.font = { ...TNR, bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  header.height = 45;

  const stages = filledStages(input);
  const evals = new Map<SheetStage, UnitEvaluation>();
  for (const stage of stages) {
    const scores = scoresAtStage(input.staged, stage);
    evals.set(stage, evaluateUnit(scheme, unit, scores, { cluster: input.contexts?.[stage] }));
  }
  const inputFill: ExcelJS.Fill = {
    type: "pattern",
    pattern: "solid",
    fgColor: { argb: "FFFFF8DC" },
  };

  // where each criterion, each figure and each total stands; the cells a person fills
  const rowOf = new Map<string, number>();
  const inputRows: number[] = [];
  for (const c of scheme.preOrder) {
    const fields = scoreFields(c);
    const own = onOwnRow(c);
    const row = ws.addRow([
      c.id,
      `${"  ".repeat(depth(scheme, c))}${c.title}`,
      c.max === null ? null : fromHundredths(c.max),
    ]);
    rowOf.set(c.id, row.number);
    row.getCell(KEY_COLUMN).value = c.id;
    if (c.kind === "group" || c.parent === null) row.font = { ...TNR, bold: true };
    if (own) {
      inputRows.push(row.number);
      SHEET_STAGES.forEach(({ stage }, i) => {
        const cell = row.getCell(FIRST_SCORE_COLUMN + i);
        const v = columnValue(input.staged[c.id], stage);
        cell.value = typeof v === "number" ? v : null;
        cell.fill = inputFill;
        cell.dataValidation = pointsValidation(c);
      });
    }
    if (own || c.kind === "group") continue;
    for (const f of fields) {
      const sub = ws.addRow([null, `${"  ".repeat(depth(scheme, c) + 1)}– ${f.label}`]);
      rowOf.set(`${c.id}/${f.key}`, sub.number);
      inputRows.push(sub.number);
      sub.getCell(KEY_COLUMN).value = `${c.id}/${f.key}`;
      sub.font = { ...TNR, italic: true };
      SHEET_STAGES.forEach(({ stage }, i) => {
        const cell = sub.getCell(FIRST_SCORE_COLUMN + i);
        const v = columnValue(input.staged[c.id], stage);
        // points given for a criterion scored from figures are the cluster's verdict (the
        // highest share), shown on the criterion's row, not a figure
        cell.value =
          v === undefined || typeof v === "number" ? null : (fieldsOfValue(c, v)[f.key] ?? null);
        cell.fill = inputFill;
        cell.dataValidation = fieldValidation(c, f);
      });
    }
  }

  const totals: { label: string; key: string; pick: (e: UnitEvaluation) => number }[] = [];
  if (scheme.overPlanBonus) {
    totals.push({ label: "Điểm thưởng vượt kế hoạch", key: "#bonus", pick: (e) => e.bonus });
  }
  if (scheme.sections.some((s) => scheme.nodes.get(s)?.deduction)) {
    totals.push({ label: "Điểm trừ", key: "#deductions", pick: (e) => e.deductions });
  }
  totals.push({ label: "TỔNG ĐIỂM", key: "#total", pick: (e) => e.total });
  for (const t of totals) {
    const row = ws.addRow([
      null,
      t.label,
      t.key === "#total" ? fromHundredths(scheme.totalMax) : null,
    ]);
    rowOf.set(t.key, row.number);
    row.getCell(KEY_COLUMN).value = t.key;
    row.font = { ...TNR, bold: true };
  }

  // every column's sums as live formulas, with the engine's figures as their results
  const filledRow = ws.getRow(FILLED_ROW);
  filledRow.hidden = true;
  SHEET_STAGES.forEach(({ stage }, i) => {
    const col = FIRST_SCORE_COLUMN + i;
    const letter = ws.getColumn(col).letter;
    const at = (key: string) => `${letter}${rowOf.get(key)}`;
    const cells: ColumnCells = {
      row: at,
      field: (id, key) => at(`${id}/${key}`),
      filled: `${letter}${FILLED_ROW}`,
      bonus: scheme.overPlanBonus ? at("#bonus") : undefined,
    };
    const inputs = inputRows.map((r) => `${letter}${r}`);
    const filled = inputRows.filter((r) => ws.getCell(r, col).value !== null).length;
    const counter = filledRow.getCell(col);
    counter.value = { formula: filledFormula(inputs), result: filled };
    counter.numFmt = ";;;";
    const e = evals.get(stage);
    const context = input.contexts?.[stage];
    for (const c of scheme.preOrder) {
      if (c.kind !== "group" && onOwnRow(c)) continue;
      const cell = ws.getCell(rowOf.get(c.id) as number, col);
      const node = e?.nodes.get(c.id);
      const shown = node && (c.kind === "group" || node.scored) ? node.points : undefined;
      // points given outright where figures are asked (the cluster's verdict on the highest
      // share, a deduction entered in points) stand as given, not worked out from figures
      const given = typeof columnValue(input.staged[c.id], stage) === "number";
      const formula = given ? null : criterionFormula(scheme, c, cells);
      if (formula === null) {
        // the cluster's highest share: what the cluster found, when it is known
        const found = c.highestShare ? context?.shareBonus.get(c.id)?.get(unit.id) : undefined;
        const points = shown ?? found?.points;
        cell.value = points === undefined ? null : fromHundredths(points);
        continue;
      }
      cell.value = {
        formula,
        result: shown === undefined ? undefined : fromHundredths(shown),
      } as ExcelJS.CellFormulaValue;
    }
    for (const t of totals) {
      const formula =
        t.key === "#bonus"
          ? bonusFormula(scheme, cells)
          : t.key === "#deductions"
            ? deductionsFormula(scheme, cells)
            : totalFormula(scheme, cells);
      ws.getCell(rowOf.get(t.key) as number, col).value = {
        formula,
        result: e ? fromHundredths(t.pick(e)) : undefined,
      } as ExcelJS.CellFormulaValue;
    }
  });

  styleTable(ws, 6, ws.rowCount, 6, [3, 4, 5, 6]);
  ws.addRow([]);
  const note = ws.addRow([
    null,
    "Ô nền vàng là ô nhập điểm hoặc số liệu; các dòng còn lại (tiêu chí tính từ số liệu, nhóm, mục, tổng điểm) tự tính bằng công thức như phần mềm tính. Không sửa, xóa cột «Mã dòng» (ẩn).",
  ]);
  note.font = { ...TNR, italic: true, size: 11 };
  return ws;
}

/** A workbook holding one unit's scoring sheet, as the file a unit downloads. */
export async function sheetWorkbook(input: SheetInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "TĐKT Cụm";
  // the office suite works the formulas out again on opening, whatever results the file holds
  workbook.calcProperties.fullCalcOnLoad = true;
  addScoringSheet(workbook, input);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function depth(scheme: Scheme, c: Criterion): number {
  let d = 0;
  for (let p = c.parent; p !== null; p = scheme.nodes.get(p)?.parent ?? null) d++;
  return d;
}

/** What Excel lets a person type in a figure's cell: a level from the list, a count, a number. */
function fieldValidation(c: Criterion, f: ScoreField): ExcelJS.DataValidation {
  if (f.key === "level") {
    return {
      type: "list",
      allowBlank: true,
      formulae: [`"${c.levels.map((l) => l.label.replace(/"/g, "'")).join(",")}"`],
    };
  }
  return f.integer
    ? {
        type: "whole",
        operator: "greaterThanOrEqual",
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorTitle: "Số không hợp lệ",
        error: "Nhập số nguyên không âm.",
      }
    : {
        type: "decimal",
        operator: "greaterThanOrEqual",
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorTitle: "Số không hợp lệ",
        error: "Nhập số không âm.",
      };
}

function pointsValidation(c: Criterion): ExcelJS.DataValidation {
  const max = c.max === null ? null : fromHundredths(c.max);
  return max === null
    ? { type: "decimal", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0] }
    : {
        type: "decimal",
        operator: "between",
        allowBlank: true,
        formulae: [0, max],
        showErrorMessage: true,
        errorTitle: "Điểm không hợp lệ",
        error: `Điểm từ 0 đến ${String(max).replace(".", ",")}.`,
      };
}

/** What a filled sheet says: each criterion's values by the columns that have one. */
export interface ReadSheet {
  staged: Record<string, Partial<Record<SheetStage, ScoreValue>>>;
  /** The cell (A1) where each criterion's value of each column was read, to name it later. */
  cells?: Record<string, Partial<Record<SheetStage, string>>>;
}

/**
 * Read a unit's filled scoring sheet. Every problem is reported with its sheet, row and column
 * (the cell), in Vietnamese; a value the engine refuses is reported at its cell too.
 */
export function readScoringSheet(
  ws: ExcelJS.Worksheet,
  scheme: Scheme,
  unit: UnitInfo,
  period?: string,
): { sheet: ReadSheet; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const at = (row: number, col: number, message: string) =>
    problems.push({ sheet: ws.name, cell: ws.getCell(row, col).address, message });

  // a sheet made for another unit or another year is refused whole, naming whose it is
  const named = cellText(ws.getCell(3, 1)).replace(/^Đơn vị:\s*/, "");
  const unitKey = cellText(ws.getCell(3, KEY_COLUMN));
  const otherUnit = unitKey.startsWith(UNIT_KEY)
    ? unitKey.slice(UNIT_KEY.length) !== unit.id
    : cellText(ws.getCell(3, 1)).startsWith("Đơn vị:") && named !== unit.name;
  if (otherUnit) {
    at(
      3,
      1,
      `biểu này là của «${named || unitKey.slice(UNIT_KEY.length)}», không phải của «${unit.name}»: hãy nhập biểu của ${unit.name}, hoặc mở biểu của đơn vị kia để nhập.`,
    );
    return { sheet: { staged: {} }, problems };
  }
  const periodKey = cellText(ws.getCell(4, KEY_COLUMN));
  if (period && periodKey.startsWith(PERIOD_KEY) && periodKey.slice(PERIOD_KEY.length) !== period) {
    at(
      4,
      1,
      `biểu này của kỳ thi đua ${periodKey.slice(PERIOD_KEY.length)}, không phải kỳ ${period}: hãy tải biểu của kỳ ${period} rồi điền lại.`,
    );
    return { sheet: { staged: {} }, problems };
  }

  let headerRow = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, 20) && headerRow === 0; r++) {
    if (cellText(ws.getCell(r, 1)) === "STT") headerRow = r;
  }
  if (headerRow === 0) {
    at(1, 1, "không tìm thấy dòng tiêu đề của biểu (ô «STT» ở cột A, trong 20 dòng đầu).");
    return { sheet: { staged: {} }, problems };
  }
  SHEET_HEADERS.forEach((h, i) => {
    if (cellText(ws.getCell(headerRow, i + 1)) !== h) {
      at(headerRow, i + 1, `thiếu cột «${h}»: ô này phải là tiêu đề «${h}».`);
    }
  });
  if (problems.length > 0) return { sheet: { staged: {} }, problems };

  // the cells of each criterion, by field and stage
  const written = new Map<string, Map<SheetStage, Record<string, FieldValue | null>>>();
  const cellOf = new Map<string, { row: number; col: number }>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const key = cellText(ws.getCell(r, KEY_COLUMN));
    if (key === "" || key.startsWith("#")) continue;
    const [id = "", field = "points"] = key.split("/");
    const c = scheme.nodes.get(id);
    if (!c) {
      at(r, KEY_COLUMN, `tiêu chí «${id}» không có trong bộ tiêu chí «${scheme.title}».`);
      continue;
    }
    if (c.kind === "group") continue;
    const fieldDef = scoreFields(c).find((f) => f.key === field);
    if (!fieldDef) {
      // the criterion's own row of a criterion scored from figures: points shown, not read
      if (field === "points") continue;
      at(r, KEY_COLUMN, `tiêu chí ${id} không có số liệu «${field}».`);
      continue;
    }
    SHEET_STAGES.forEach(({ stage, header }, i) => {
      const col = FIRST_SCORE_COLUMN + i;
      const cell = ws.getCell(r, col);
      const where = `${header}, tiêu chí ${id}${field === "points" ? "" : ` (${fieldDef.label})`}`;
      let value: FieldValue | null;
      if (fieldDef.key === "level") {
        const text = cellText(cell);
        value = text === "" ? null : text;
      } else {
        const n = readNumber(cell);
        if (n === "invalid") {
          at(r, col, `${where}: «${cellText(cell)}» không phải là số; nhập ví dụ 12,5.`);
          return;
        }
        if (n !== null && fieldDef.integer && (!Number.isInteger(n) || n < 0)) {
          at(
            r,
            col,
            `${where}: ${fieldDef.label.toLowerCase()} phải là số nguyên không âm (nhận ${n}).`,
          );
          return;
        }
        value = n;
      }
      const byStage = written.get(id) ?? new Map();
      written.set(id, byStage);
      const fields = byStage.get(stage) ?? {};
      byStage.set(stage, fields);
      fields[fieldDef.key] = value;
      if (!cellOf.has(`${id}@${stage}`)) cellOf.set(`${id}@${stage}`, { row: r, col });
    });
  }

  const staged: ReadSheet["staged"] = {};
  const cells: NonNullable<ReadSheet["cells"]> = {};
  for (const [id, byStage] of written) {
    const c = scheme.nodes.get(id) as Criterion;
    for (const [stage, fields] of byStage) {
      const where = cellOf.get(`${id}@${stage}`) as { row: number; col: number };
      const read = valueOfFields(c, fields);
      if ("missing" in read) {
        at(where.row, where.col, `tiêu chí ${id}: cần nhập cả «${read.missing.label}».`);
        continue;
      }
      if ("badLevel" in read) {
        at(
          where.row,
          where.col,
          `tiêu chí ${id}: mức «${read.badLevel}» không có; chọn một trong: ${c.levels.map((l) => l.label).join("; ")}.`,
        );
        continue;
      }
      if (read.value === null) continue;
      const refused = valueRefusal(scheme, unit, id, read.value);
      if (refused) {
        at(where.row, where.col, refused);
        continue;
      }
      staged[id] = { ...staged[id], [stage]: read.value };
      cells[id] = { ...cells[id], [stage]: ws.getCell(where.row, where.col).address };
    }
  }
  // in reading order: by row, then by column
  const order = (p: ImportProblem) => {
    const cell = ws.getCell(p.cell);
    return Number(cell.row) * 100 + Number(cell.col);
  };
  problems.sort((a, b) => order(a) - order(b));
  return { sheet: { staged, cells }, problems };
}

/** A criterion's final value on a read sheet: the last column that has one. */
export function finalValues(sheet: ReadSheet): Record<string, ScoreValue> {
  const out: Record<string, ScoreValue> = {};
  for (const [id, byStage] of Object.entries(sheet.staged)) {
    const v = byStage.appraisal ?? byStage.cluster ?? byStage.self;
    if (v !== undefined) out[id] = v;
  }
  return out;
}
