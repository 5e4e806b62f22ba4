/**
 * Lists kept in Excel by the agencies, read into the product: the units of a cluster, and a
 * cluster's own criteria (the tree it specialises from the framework). Each has a template to
 * fill. Every problem is named by sheet and cell; a file with one gives nothing.
 */
import ExcelJS from "exceljs";
import { EngineError } from "../core/errors.ts";
import { ROLE_LABELS, UNIT_KIND_LABELS, type UnitKind } from "../core/labels.ts";
import type { Role } from "../core/scheme.ts";
import {
  type CriterionChange,
  compileScheme,
  type SchemeSpec,
  specialise,
} from "../core/scheme.ts";
import { cellText, readNumber, styleTable, TNR } from "./excel-cells.ts";
import type { ImportProblem } from "./problems.ts";

export const UNIT_HEADERS = [
  "Mã đơn vị",
  "Tên đơn vị",
  "Loại đơn vị",
  "Vai trò trong Cụm",
] as const;
export const CRITERIA_HEADERS = [
  "Mã tiêu chí",
  "Thuộc mục",
  "Nội dung tiêu chí",
  "Điểm tối đa",
  "Cách chấm",
  "Càng thấp càng tốt",
] as const;
const KIND_LABELS: Record<NonNullable<CriterionChange["kind"]>, string> = {
  manual: "Định tính",
  ratio: "So với kế hoạch",
  external: "Kết quả đánh giá khác",
};

export interface UnitRow {
  code: string;
  name: string;
  kind: UnitKind;
  role: Role;
}

function table(title: string, headers: readonly string[], widths: number[], rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(title);
  ws.columns = widths.map((width) => ({ width }));
  const head = ws.addRow([...headers]);
  head.font = { ...TNR, bold: true };
  for (const r of rows) ws.addRow(r);
  styleTable(ws, 1, Math.max(ws.rowCount, 2), headers.length, []);
  return { workbook, ws };
}

/** The template of a cluster's units, with the accepted kinds and roles in the cells' lists. */
export async function unitsTemplate(rows: UnitRow[] = []): Promise<Buffer> {
  const { workbook, ws } = table(
    "Đơn vị",
    UNIT_HEADERS,
    [18, 50, 26, 18],
    rows.map((u) => [u.code, u.name, UNIT_KIND_LABELS[u.kind], ROLE_LABELS[u.role]]),
  );
  for (let r = 2; r <= 201; r++) {
    ws.getCell(r, 3).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`"${Object.values(UNIT_KIND_LABELS).join(",").replace(/"/g, "'")}"`],
    };
    ws.getCell(r, 4).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`"${Object.values(ROLE_LABELS).join(",")}"`],
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The header row of a list: the first row whose first cell is the first header. */
function findHeader(
  ws: ExcelJS.Worksheet,
  headers: readonly string[],
  problems: ImportProblem[],
): number {
  for (let r = 1; r <= Math.min(ws.rowCount, 20); r++) {
    if (cellText(ws.getCell(r, 1)) !== headers[0]) continue;
    headers.forEach((h, i) => {
      if (cellText(ws.getCell(r, i + 1)) !== h) {
        problems.push({
          sheet: ws.name,
          cell: ws.getCell(r, i + 1).address,
          message: `thiếu cột «${h}»: ô này phải là tiêu đề «${h}».`,
        });
      }
    });
    return r;
  }
  problems.push({
    sheet: ws.name,
    cell: "A1",
    message: `không tìm thấy dòng tiêu đề (ô «${headers[0]}» ở cột A, trong 20 dòng đầu).`,
  });
  return 0;
}

const byLabel = <K extends string>(labels: Record<K, string>, text: string): K | undefined => {
  const t = text.trim().toLowerCase();
  return (Object.keys(labels) as K[]).find((k) => k === t || labels[k].toLowerCase() === t);
};

/** Read the units of a cluster from the first sheet of a workbook. */
export function readUnits(ws: ExcelJS.Worksheet): { units: UnitRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const header = findHeader(ws, UNIT_HEADERS, problems);
  if (problems.length > 0) return { units: [], problems };
  const at = (r: number, c: number, message: string) =>
    problems.push({ sheet: ws.name, cell: ws.getCell(r, c).address, message });
  const units: UnitRow[] = [];
  const seen = new Map<string, number>();
  let leaders = 0;
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const [code, name, kindText, roleText] = [1, 2, 3, 4].map((c) => cellText(ws.getCell(r, c)));
    if (!code && !name && !kindText && !roleText) continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(code ?? "")) {
      at(
        r,
        1,
        `mã đơn vị «${code}» không hợp lệ: dùng chữ không dấu, số, dấu chấm, gạch ngang (tối đa 50 ký tự).`,
      );
    } else if (seen.has(code as string)) {
      at(r, 1, `mã đơn vị «${code}» trùng với dòng ${seen.get(code as string)}.`);
    } else {
      seen.set(code as string, r);
    }
    if (!name) at(r, 2, "cần ghi tên đơn vị.");
    const kind = byLabel(UNIT_KIND_LABELS, kindText ?? "");
    if (!kind) {
      at(
        r,
        3,
        `loại đơn vị «${kindText}» không có; chọn một trong: ${Object.values(UNIT_KIND_LABELS).join("; ")}.`,
      );
    }
    const role = roleText ? byLabel(ROLE_LABELS, roleText) : "member";
    if (!role)
      at(r, 4, `vai trò «${roleText}» không có; chọn Cụm trưởng, Cụm phó hoặc Thành viên.`);
    if (role === "leader" && ++leaders === 2) at(r, 4, "mỗi Cụm chỉ có một Cụm trưởng.");
    if (kind && role && name && code) units.push({ code, name, kind, role });
  }
  if (units.length === 0 && problems.length === 0) at(header + 1, 1, "bảng chưa có đơn vị nào.");
  return { units: problems.length > 0 ? [] : units, problems };
}

/** The template of a cluster's own criteria, holding the ones it has so far. */
export async function criteriaTemplate(criteria: CriterionChange[] = []): Promise<Buffer> {
  const { workbook } = table(
    "Bộ tiêu chí",
    CRITERIA_HEADERS,
    [14, 12, 60, 12, 24, 14],
    criteria.map((c) => [
      c.id,
      c.parent ?? null,
      c.title ?? null,
      c.max ?? null,
      c.kind ? KIND_LABELS[c.kind] : null,
      c.lowerIsBetter ? "x" : null,
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Read a cluster's own criteria (new items under a section, or changes to the framework's
 * items), and check them against the framework: a section's maximum never exceeded, no locked
 * section changed, every parent known. The engine's refusal is named at the criterion's row.
 */
export function readCriteria(
  ws: ExcelJS.Worksheet,
  framework: SchemeSpec,
): { criteria: CriterionChange[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const header = findHeader(ws, CRITERIA_HEADERS, problems);
  if (problems.length > 0) return { criteria: [], problems };
  const at = (r: number, c: number, message: string) =>
    problems.push({ sheet: ws.name, cell: ws.getCell(r, c).address, message });
  const criteria: CriterionChange[] = [];
  const rowOf = new Map<string, number>();
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const texts = [1, 2, 3, 4, 5, 6].map((c) => cellText(ws.getCell(r, c)));
    if (texts.every((t) => t === "")) continue;
    const [id = "", parent = "", title = "", , kindText = "", lower = ""] = texts;
    if (!id) {
      at(r, 1, "cần ghi mã tiêu chí (ví dụ I.1).");
      continue;
    }
    if (rowOf.has(id)) {
      at(r, 1, `mã tiêu chí «${id}» trùng với dòng ${rowOf.get(id)}.`);
      continue;
    }
    rowOf.set(id, r);
    const change: CriterionChange = { id };
    if (parent) change.parent = parent;
    if (title) change.title = title;
    const max = readNumber(ws.getCell(r, 4));
    if (
      max === "invalid" ||
      (typeof max === "number" && (max < 0 || Math.round(max * 100) !== max * 100))
    ) {
      at(
        r,
        4,
        `điểm tối đa «${cellText(ws.getCell(r, 4))}» không hợp lệ: nhập số không âm, tối đa hai chữ số thập phân.`,
      );
    } else if (max !== null) {
      change.max = max;
    }
    if (kindText) {
      const kind = byLabel(KIND_LABELS, kindText);
      if (!kind) {
        at(
          r,
          5,
          `cách chấm «${kindText}» không có; chọn: ${Object.values(KIND_LABELS).join("; ")}.`,
        );
      } else {
        change.kind = kind;
      }
    }
    if (lower) change.lowerIsBetter = true;
    criteria.push(change);
  }
  if (problems.length === 0) {
    try {
      compileScheme(specialise(framework, criteria));
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      // the criterion the engine names, or the first row
      const named = criteria.find((c) =>
        new RegExp(`\\b${c.id.replace(/\./g, "\\.")}\\b`).test(e.message),
      );
      const row = named ? (rowOf.get(named.id) as number) : header + 1;
      at(row, 1, e.message);
    }
  }
  return { criteria: problems.length > 0 ? [] : criteria, problems };
}
