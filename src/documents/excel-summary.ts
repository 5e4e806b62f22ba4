/**
 * The cluster's summary table (bảng tổng hợp): every unit with its sections, over-plan bonus,
 * deductions, total, rank, proposed award and status, in rank order, marked "KẾT QUẢ TẠM TÍNH"
 * while a sheet is not appraised yet, under the heading of Decree 30 and signed by the leader
 * unit's head; a whole cluster-year in one workbook (the summary, then
 * one scoring sheet per unit); and the summary of a province, every cluster one after the other
 * on one sheet.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { AWARD_STATUS_LABELS, awardLabels } from "../core/deliberate.ts";
import {
  editionLine,
  PROVISIONAL,
  type Provisional,
  provisionalNote,
  type ResultsEdition,
} from "../core/publication.ts";
import type { EvaluationOutput } from "../core/scenario.ts";
import type { Scheme } from "../core/scheme.ts";
import { formatVietnamTime } from "../core/workflow.ts";
import { sheetName, styleTable, TNR } from "./excel-cells.ts";
import { addScoringSheet, type SheetInput } from "./excel-sheet.ts";
import { issuerLines } from "./issuer-lines.ts";
import { BLANK_NAME, MOTTO, NATIONAL_TITLE, placeAndDate } from "./official.ts";
import type { DocumentHeading } from "./word.ts";

export interface SummaryInput {
  scheme: Scheme;
  cluster: string;
  period: string;
  output: EvaluationOutput;
  /** Unit names by id. */
  names: Map<string, string>;
  /** Results not final yet (a sheet not appraised): the file says "KẾT QUẢ TẠM TÍNH". */
  provisional?: Provisional | null;
  /** When the file was made, from which edition of the results (reopened results say so). */
  edition?: ResultsEdition | null;
  /** The heading and signature of the cluster's documents (Decree 30): with one, the table is
   * set under the issuer, the national title, the place and date, and signed at the end. */
  heading?: DocumentHeading;
}

function headers(scheme: Scheme): string[] {
  return [
    "Xếp hạng",
    "Đơn vị",
    ...scheme.sections.map((s) => `Mục ${s}`),
    "Điểm thưởng vượt kế hoạch",
    "Điểm trừ",
    "Tổng điểm",
    "Hình thức đề nghị",
    "Tình trạng",
  ];
}

function unitRows(input: SummaryInput): (string | number)[][] {
  const labels = awardLabels(input.scheme);
  return input.output.units.map((u) => [
    u.rank,
    input.names.get(u.id) ?? u.id,
    ...input.scheme.sections.map((s) => u.sections[s] ?? 0),
    u.bonus,
    u.deductions,
    u.total,
    u.award ? (labels.get(u.award) ?? u.award) : "",
    AWARD_STATUS_LABELS[u.status as keyof typeof AWARD_STATUS_LABELS] ?? u.status,
  ]);
}

/** Points of an Excel column width (one unit: the width of a digit, 7 pixels). */
const COLUMN_POINTS = 5.25;
/** Points of one line of 13 pt text in a row. */
const LINE_POINTS = 17;

/** The widths of the columns from `from` to `to` (1-based), in twips. */
function columnsTwips(ws: ExcelJS.Worksheet, from: number, to: number): number {
  let width = 0;
  for (let c = from; c <= to; c++) width += (ws.getColumn(c).width ?? 9) * COLUMN_POINTS * 20;
  return width;
}

/** Merge a block of one row and write centred text in it. */
function block(
  ws: ExcelJS.Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  font: Partial<ExcelJS.Font>,
) {
  if (to > from) ws.mergeCells(row, from, row, to);
  const cell = ws.getCell(row, from);
  cell.value = text;
  cell.font = { ...TNR, size: 13, ...font };
  cell.alignment = { horizontal: "center", vertical: "top", wrapText: true };
}

/**
 * The heading of Decree 30 on the first rows: on the left, over the rank and the unit columns,
 * the body above the cluster and the cluster's name in bold, each broken into lines only
 * between words that do not belong together; on the right, the national title, the motto
 * (underlined, as long as itself) and the place and date in italics. The next free row.
 */
function headingRows(ws: ExcelJS.Worksheet, heading: DocumentHeading, columns: number): number {
  const room = columnsTwips(ws, 1, 2) - 400;
  const lines = (text: string, bold: boolean) =>
    issuerLines(text, { maxWidth: room, points: 13, bold, capitals: true }).lines;
  const parent = lines(heading.parentBody, false);
  const issuer = lines(heading.issuer, true);
  block(ws, 1, 1, 2, parent.join("\n"), {});
  block(ws, 1, 3, columns, NATIONAL_TITLE, { size: 12, bold: true });
  block(ws, 2, 1, 2, issuer.join("\n"), { bold: true });
  block(ws, 2, 3, columns, MOTTO, { bold: true, underline: true });
  ws.getRow(1).height = Math.max(1, parent.length) * LINE_POINTS;
  ws.getRow(2).height = Math.max(1, issuer.length) * LINE_POINTS;
  block(ws, 3, 1, 2, heading.number, {});
  block(ws, 3, 3, columns, placeAndDate(heading.place, heading.date), { italic: true });
  ws.getRow(3).height = 24;
  return 5;
}

/**
 * The signature at the end, under the last columns (Decree 30): the capacity and the title in
 * bold capitals, room to sign and seal, then the full name in bold (a dotted line when it is
 * not known).
 */
function signatureRows(ws: ExcelJS.Worksheet, heading: DocumentHeading, columns: number) {
  const from = Math.max(3, columns - 2);
  let row = ws.rowCount + 2;
  const { capacity, title, name } = heading.signer;
  for (const line of [capacity, title].filter((l) => l.trim() !== "")) {
    block(ws, row++, from, columns, line.trim().toLocaleUpperCase("vi-VN"), { bold: true });
  }
  row += 4;
  block(ws, row, from, columns, name.trim() || BLANK_NAME, { bold: name.trim() !== "" });
}

/** Write the summary table of one cluster on a new worksheet. */
export function addSummarySheet(workbook: ExcelJS.Workbook, input: SummaryInput) {
  const ws = workbook.addWorksheet(sheetName(workbook, "Tổng hợp"), {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const head = headers(input.scheme);
  ws.columns = head.map((_, i) => ({ width: i === 1 ? 40 : i === head.length - 2 ? 30 : 13 }));
  const first = input.heading ? headingRows(ws, input.heading, head.length) : 1;
  const title = (row: number, text: string, bold: boolean) => {
    ws.mergeCells(row, 1, row, head.length);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { ...TNR, bold, size: 13 };
    cell.alignment = { horizontal: "center", wrapText: true };
  };
  const { provisional } = input;
  title(first, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA", true);
  title(
    first + 1,
    `${input.cluster} — Kỳ thi đua ${input.period}${provisional ? ` — ${PROVISIONAL}` : ""}`,
    Boolean(provisional),
  );
  title(first + 2, input.scheme.title, false);
  if (provisional) {
    ws.getCell(first + 1, 1).font = { ...TNR, bold: true, size: 13, color: { argb: "FFC00000" } };
    // printed on every page too
    ws.headerFooter.oddHeader = `&C&"Times New Roman,Bold"&12${PROVISIONAL}`;
  }
  const headerAt = first + 3;
  const headerRow = ws.getRow(headerAt);
  headerRow.values = head;
  headerRow.font = { ...TNR, bold: true };
  headerRow.height = 48;
  for (const r of unitRows(input)) ws.addRow(r);
  styleTable(ws, headerAt, ws.rowCount, head.length, numberColumns(head.length));
  // the rank stands in its own column, centred, apart from the unit's name
  for (let r = headerAt + 1; r <= ws.rowCount; r++) {
    const rank = ws.getCell(r, 1);
    rank.alignment = { ...rank.alignment, horizontal: "center" };
  }
  if (provisional) {
    const row = ws.addRow([null, provisionalNote(provisional.notAppraised)]);
    row.font = { ...TNR, bold: true, color: { argb: "FFC00000" } };
  }
  // what the evaluation warns of (a bonus several units claim…), under the table
  for (const w of input.output.warnings) {
    const row = ws.addRow([null, `Lưu ý: ${w}`]);
    row.font = { ...TNR, bold: true, color: { argb: "FFC00000" } };
    row.alignment = { wrapText: true };
  }
  if (input.edition) {
    const row = ws.addRow([null, editionLine(input.edition, formatVietnamTime)]);
    row.font = { ...TNR, italic: true, bold: input.edition.reopened !== null };
  }
  for (const id of input.scheme.sections) {
    const row = ws.addRow([null, `Mục ${id}: ${input.scheme.nodes.get(id)?.title ?? ""}`]);
    row.font = { ...TNR, italic: true, size: 11 };
  }
  const labels = awardLabels(input.scheme);
  for (const b of input.output.ballotsNeeded) {
    const row = ws.addRow([
      null,
      `Cần bỏ phiếu: ${labels.get(b.award) ?? b.award} — ${b.candidates.map((c) => input.names.get(c) ?? c).join(", ")}.`,
    ]);
    row.font = { ...TNR, italic: true };
  }
  if (input.heading) signatureRows(ws, input.heading, head.length);
  return ws;
}

/** The rank, then every column from the first section to the total (the last two are text). */
const numberColumns = (count: number) => [1, ...Array.from({ length: count - 4 }, (_, i) => i + 3)];

export async function summaryWorkbook(input: SummaryInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "TĐKT Cụm";
  addSummarySheet(workbook, input);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A whole cluster-year: the summary, then each unit's scoring sheet (in rank order). */
export async function clusterWorkbook(
  summary: SummaryInput,
  sheets: SheetInput[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "TĐKT Cụm";
  // the scoring sheets' formulas are worked out again on opening
  workbook.calcProperties.fullCalcOnLoad = true;
  addSummarySheet(workbook, summary);
  const byId = new Map(sheets.map((s) => [s.unit.id, s]));
  for (const u of summary.output.units) {
    const sheet = byId.get(u.id);
    if (sheet) addScoringSheet(workbook, sheet, shortName(sheet.unit.name));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A unit's name short enough for a sheet's tab: without the company's legal form. */
function shortName(name: string): string {
  return name
    .normalize("NFC")
    .replace(/^(Tổng )?Công ty (Cổ phần |TNHH (Một thành viên |MTV )?|Trách nhiệm hữu hạn )?/i, "");
}

/**
 * The summary of a province: every cluster in turn (a title row, then its units), on one sheet
 * written as a stream, so thousands of clusters take seconds, not minutes.
 */
export async function provinceSummary(
  level: string,
  clusters: Iterable<SummaryInput>,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = workbook.addWorksheet("Tổng hợp");
  ws.addRow([`BẢNG TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI — ${level.toUpperCase()}`]).commit();
  let shape = "";
  for (const c of clusters) {
    const head = headers(c.scheme);
    const titleRow = ws.addRow([
      `${c.cluster} — Kỳ thi đua ${c.period}${c.provisional ? ` — ${PROVISIONAL}` : ""}`,
    ]);
    titleRow.font = { ...TNR, bold: true };
    titleRow.commit();
    // a header row whenever the columns change (clusters on another scheme)
    if (head.join("|") !== shape) {
      shape = head.join("|");
      const h = ws.addRow(head);
      h.font = { ...TNR, bold: true };
      h.commit();
    }
    for (const r of unitRows(c)) ws.addRow(r).commit();
  }
  ws.commit();
  await workbook.commit();
}
