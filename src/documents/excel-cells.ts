/**
 * What every Excel file of the product shares: the font, sheet names Excel accepts, borders of
 * a table, reading a cell as people fill it (numbers with a decimal comma, formulas, rich text),
 * and problems found in an imported file, named by sheet and cell.
 */
import ExcelJS from "exceljs";
import { parseNumber } from "../core/score-fields.ts";
import { ImportError } from "./problems.ts";

export const TNR: Partial<ExcelJS.Font> = { name: "Times New Roman", size: 12 };

/** Load an .xlsx file; a file that is not one is a problem of the file, not a crash. */
export async function loadWorkbook(bytes: Uint8Array, fileName: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportError([
      {
        sheet: fileName,
        cell: "A1",
        message:
          "tệp không đọc được như một bảng tính Excel (.xlsx); hãy lưu lại bằng Excel rồi thử lại.",
      },
    ]);
  }
  return workbook;
}

/** The first sheet of an uploaded workbook, where every imported list and sheet is read. */
export async function loadFirstSheet(
  bytes: Uint8Array,
  fileName: string,
): Promise<ExcelJS.Worksheet> {
  const ws = (await loadWorkbook(bytes, fileName)).worksheets[0];
  if (!ws) {
    throw new ImportError([
      { sheet: fileName, cell: "A1", message: "tệp không có trang tính nào." },
    ]);
  }
  return ws;
}

/** A sheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook. */
export function sheetName(workbook: ExcelJS.Workbook, wanted: string): string {
  const base =
    wanted
      .normalize("NFC")
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31)
      .trimEnd() || "Trang";
  const taken = new Set(workbook.worksheets.map((w) => w.name.toLowerCase()));
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = base.slice(0, 31 - suffix.length).trimEnd() + suffix;
  }
  return name;
}

/** The text a cell shows, trimmed ("" when empty). */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((t) => t.text)
        .join("")
        .trim();
    if ("result" in v) return String(v.result ?? "").trim();
    if ("text" in v) return String(v.text).trim();
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

/** A number as people write it in a cell: 12,5 or 12.5 or 1.057,1; null when empty. */
export function readNumber(cell: ExcelJS.Cell): number | null | "invalid" {
  const v = cell.value;
  if (typeof v === "number") return v;
  if (v !== null && typeof v === "object" && "result" in v && typeof v.result === "number") {
    return v.result;
  }
  const n = parseNumber(cellText(cell));
  return Number.isNaN(n) ? "invalid" : n;
}

const THIN: Partial<ExcelJS.Border> = { style: "thin" };

/** Borders around every cell of a table, wrapped text, numbers aligned right (format General:
 * 15 and 109,5 as the reader's Excel writes decimals). */
export function styleTable(
  ws: ExcelJS.Worksheet,
  fromRow: number,
  toRow: number,
  columns: number,
  numberColumns: number[],
): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      cell.font = { ...TNR, ...cell.font, name: "Times New Roman" };
      cell.alignment = {
        vertical: "middle",
        wrapText: true,
        horizontal: r === fromRow ? "center" : numberColumns.includes(c) ? "right" : "left",
      };
    }
  }
  fitRowHeights(ws, fromRow + 1, toRow);
}

/**
 * Row heights for wrapped text: office suites do not all grow a row to its text on opening,
 * so each row is made as tall as its longest cell needs (about one character per unit of
 * column width, 16 points a line in Times New Roman 12).
 */
export function fitRowHeights(ws: ExcelJS.Worksheet, fromRow: number, toRow: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = ws.getRow(r);
    let lines = 1;
    row.eachCell((cell, col) => {
      if (typeof cell.value !== "string" || cell.isMerged) return;
      const width = Math.max(4, (ws.getColumn(col).width ?? 10) - 1);
      const n = cell.value
        .split("\n")
        .reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / width)), 0);
      lines = Math.max(lines, n);
    });
    if (lines > 1) row.height = lines * 16;
  }
}
