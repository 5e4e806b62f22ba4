/**
 * The Excel files as users live with them: a scoring sheet exported, filled offline and
 * imported gives back the same scores and the same results, for every preset; a file with a
 * wrong value, an unknown criterion or a missing column is refused with the exact cell named;
 * the units and the criteria of a cluster read from their templates.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { clusterYear } from "../../test/factories.ts";
import { hasOffice, pdfText } from "../../test/office.ts";
import { fromHundredths } from "../core/decimal.ts";
import type { ScoreValue, UnitInfo } from "../core/evaluate.ts";
import { PRESETS } from "../core/presets/index.ts";
import { evaluateScenario, type ScenarioInput, schemeOf } from "../core/scenario.ts";
import type { Criterion, CriterionChange, Scheme } from "../core/scheme.ts";
import { fieldsOfValue, scoreFields } from "../core/score-fields.ts";
import { loadWorkbook } from "./excel-cells.ts";
import { criteriaTemplate, readCriteria, readUnits, unitsTemplate } from "./excel-lists.ts";
import { addScoringSheet, finalValues, readScoringSheet, SHEET_STAGES } from "./excel-sheet.ts";
import { clusterWorkbook, provinceSummary, summaryWorkbook } from "./excel-summary.ts";
import { clusterHeading } from "./inputs.ts";
import { describeProblems } from "./problems.ts";
import { onOwnRow } from "./sheet-formulas.ts";

/** The cluster's own criteria where a preset leaves a section to the cluster. */
const OWN: Record<string, CriterionChange[]> = {
  "ba-dinh-2022": [
    {
      id: "I.1",
      parent: "I",
      title: "Thu ngân sách nhà nước trên địa bàn",
      max: 200,
      kind: "ratio",
    },
    {
      id: "I.2",
      parent: "I",
      title: "Tỷ lệ hộ nghèo",
      max: 80,
      kind: "ratio",
      lowerIsBetter: true,
    },
    { id: "I.3", parent: "I", title: "Trật tự đô thị, an ninh trật tự", max: 300, kind: "manual" },
    { id: "II.1", parent: "II", title: "Xây dựng Đảng, chính quyền", max: 200, kind: "manual" },
  ],
  "lang-son-2019/D": [
    { id: "I.1", parent: "I", title: "Thực hiện nhiệm vụ chuyên môn", max: 60, kind: "manual" },
    { id: "I.2", parent: "I", title: "Chỉ tiêu phát triển hội viên", max: 34, kind: "ratio" },
    { id: "I.3", parent: "I", title: "Điểm thưởng", max: 6, kind: "manual" },
  ],
};

const LEADER: UnitInfo = {
  id: "DL",
  name: "Công ty Điện lực Lạng Sơn",
  role: "leader",
  clusterKind: "ward",
  registered: true,
  pactSigned: true,
  partyRating: "HTTNV",
  flags: [],
};

/** A plausible value of every kind of criterion, different from row to row. */
function sampleValue(c: Criterion, i: number): ScoreValue {
  const max = (c.max ?? 1000) / 100;
  const fields = scoreFields(c);
  const first = fields[0]?.key;
  if (first === "points") return Math.round(max * (0.5 + ((i * 37) % 50) / 100) * 100) / 100;
  if (first === "plan") return { plan: 100 + i, actual: 95 + ((i * 7) % 15) + 0.5 };
  if (first === "level") return { level: c.levels[i % c.levels.length]?.id as string };
  if (first === "submitted") return { submitted: 10 + i, ineligible: i % 3 };
  if (first === "missing") return { missing: i % 3 };
  if (first === "count") return { count: (i % 4) + 1 };
  if (first === "share") return { share: 42.5, previousShare: 40 };
  const [cat] = Object.keys(c.categories);
  return { counts: { [cat as string]: (i % 2) + 1 } };
}

function sampleScores(scheme: Scheme): Record<string, ScoreValue> {
  const scores: Record<string, ScoreValue> = {};
  scheme.preOrder
    .filter((c) => c.kind !== "group")
    .forEach((c, i) => {
      scores[c.id] = sampleValue(c, i);
    });
  return scores;
}

/** Fill a stage's column of an exported sheet as a person would, row by row. */
function fill(
  ws: ExcelJS.Worksheet,
  scheme: Scheme,
  values: Record<string, ScoreValue>,
  col: number,
) {
  for (let r = 1; r <= ws.rowCount; r++) {
    const key = String(ws.getCell(r, 7).value ?? "");
    const [id = "", field = "points"] = key.split("/");
    const c = scheme.nodes.get(id);
    const v = values[id];
    if (!c || v === undefined || c.kind === "group") continue;
    if (!scoreFields(c).some((f) => f.key === field)) continue;
    const written = fieldsOfValue(c, v)[field];
    // points written with a decimal comma, as text, the way a Vietnamese Excel user may type
    ws.getCell(r, col).value =
      typeof written === "number" && !Number.isInteger(written)
        ? String(written).replace(".", ",")
        : (written ?? null);
  }
}

async function roundTrip(workbook: ExcelJS.Workbook): Promise<ExcelJS.Worksheet> {
  const loaded = await loadWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer()), "bieu.xlsx");
  return loaded.worksheets[0] as ExcelJS.Worksheet;
}

const schemeFor = (id: string) => schemeOf({ scheme: id, criteria: OWN[id] ?? [] });

/** A blank scoring sheet of the Lạng Sơn enterprises, as exported for a unit to fill. */
function blankSheet() {
  const scheme = schemeFor("lang-son-2019/B");
  const workbook = new ExcelJS.Workbook();
  const ws = addScoringSheet(workbook, {
    scheme,
    unit: LEADER,
    cluster: "Cụm",
    period: "2026",
    staged: {},
  });
  return { scheme, workbook, ws };
}

describe("the scoring sheet in Excel", () => {
  for (const preset of PRESETS) {
    it(`comes back with the same scores and results after filling it offline (${preset.id})`, async () => {
      const scheme = schemeFor(preset.id);
      const scores = sampleScores(scheme);
      const blank = new ExcelJS.Workbook();
      const ws = addScoringSheet(blank, {
        scheme,
        unit: LEADER,
        cluster: "Khối thi đua các doanh nghiệp",
        period: "2026",
        staged: {},
      });
      fill(ws, scheme, scores, 4);
      const read = readScoringSheet(await roundTrip(blank), scheme, LEADER);
      expect(read.problems).toEqual([]);
      expect(finalValues(read.sheet)).toEqual(scores);
      const file = (s: Record<string, ScoreValue>) =>
        clusterYear(preset.id, { DL: s }, { criteria: OWN[preset.id] ?? [] });
      expect(evaluateScenario(file(finalValues(read.sheet))).output).toEqual(
        evaluateScenario(file(scores)).output,
      );

      // exported with its scores at every stage, read back the same
      const again = new ExcelJS.Workbook();
      const staged = Object.fromEntries(
        Object.entries(scores).map(([id, v]) => [id, { self: v, cluster: v, appraisal: v }]),
      );
      addScoringSheet(again, { scheme, unit: LEADER, cluster: "Cụm", period: "2026", staged });
      const reread = readScoringSheet(await roundTrip(again), scheme, LEADER);
      expect(reread.problems).toEqual([]);
      expect(reread.sheet.staged).toEqual(staged);
    });
  }

  it("shows the totals the engine computes at each stage, sections in bold", async () => {
    const scheme = schemeFor("lang-son-2019/B");
    const workbook = new ExcelJS.Workbook();
    addScoringSheet(workbook, {
      scheme,
      unit: LEADER,
      cluster: "Khối thi đua các doanh nghiệp",
      period: "2026",
      staged: { "I.1": { self: 15, cluster: 12 }, "II.1": { self: 4.5 } },
    });
    const ws = await roundTrip(workbook);
    const row = (key: string) => {
      for (let r = 1; r <= ws.rowCount; r++)
        if (ws.getCell(r, 7).value === key) return ws.getRow(r);
      throw new Error(`no row ${key}`);
    };
    expect(ws.getCell("A1").value).toBe("BIỂU CHẤM ĐIỂM THI ĐUA");
    expect(ws.getRow(6).values).toEqual([
      undefined,
      "STT",
      "Nội dung",
      "Điểm chuẩn tối đa",
      ...SHEET_STAGES.map((s) => s.header),
      "Mã dòng",
    ]);
    expect([4, 5, 6].map((c) => shown(row("#total").getCell(c)))).toEqual([19.5, 16.5, null]);
    expect([3, 4, 5].map((c) => shown(row("I").getCell(c)))).toEqual([100, 15, 12]);
    // the sums are live formulas, their results the engine's figures
    for (const key of ["#total", "I", "III.4"]) {
      expect([4, 5, 6].map((c) => row(key).getCell(c).formula)).toEqual([
        expect.stringMatching(/^IF\(/),
        expect.stringMatching(/^IF\(/),
        expect.stringMatching(/^IF\(/),
      ]);
    }
    expect(row("I.1").getCell(4).formula).toBeUndefined();
    expect(row("I").getCell(2).font?.bold).toBe(true);
    expect(row("III.4").getCell(2).value).toMatch(/Chất lượng hồ sơ/);
    expect(row("III.4/submitted").getCell(2).value).toMatch(/Số hồ sơ trình/);
    expect(ws.getColumn(7).hidden).toBe(true);
  });

  it("refuses a value above the maximum, naming its cell, and takes nothing", async () => {
    const { scheme, workbook, ws } = blankSheet();
    fill(ws, scheme, { "I.1": 16, "I.2": 12, "III.1": { missing: -1 } }, 4);
    ws.getCell(keyRow(ws, "I.3"), 4).value = "mười lăm";
    const read = readScoringSheet(await roundTrip(workbook), scheme, LEADER);
    const at = (id: string) => `D${keyRow(ws, id)}`;
    expect(read.problems.map((p) => p.cell)).toEqual([at("I.1"), at("I.3"), at("III.1/missing")]);
    expect(read.problems[0]?.message).toMatch(/I\.1.*vượt điểm tối đa 15/);
    expect(read.problems[1]?.message).toMatch(/«mười lăm» không phải là số/);
    expect(read.problems[2]?.message).toMatch(/số nguyên không âm/);
    expect(describeProblems(read.problems)).toMatch(
      new RegExp(`Trang «Biểu chấm điểm», ô ${at("I.1")} \\(dòng ${keyRow(ws, "I.1")}, cột D\\)`),
    );
  });

  it("refuses an unknown criterion and a missing column at their cells", async () => {
    const { scheme, workbook, ws } = blankSheet();
    ws.getCell(keyRow(ws, "I.8"), 7).value = "I.10";
    const unknown = readScoringSheet(await roundTrip(workbook), scheme, LEADER);
    expect(unknown.problems).toEqual([
      expect.objectContaining({
        cell: `G${keyRow(ws, "I.10")}`,
        message: expect.stringMatching(/«I\.10» không có/),
      }),
    ]);
    ws.getCell("E6").value = "Điểm Cụm";
    const missing = readScoringSheet(await roundTrip(workbook), scheme, LEADER);
    expect(missing.problems).toEqual([
      expect.objectContaining({
        cell: "E6",
        message: expect.stringMatching(/thiếu cột «Điểm Cụm thi đua chấm»/),
      }),
    ]);
  });

  it("puts a whole cluster-year in one workbook: the summary, then one sheet per unit", async () => {
    const file = clusterYear("lang-son-2019/B", {
      A: { "I.1": 15, "II.1": 5 },
      B: { "I.1": 14, "II.1": 4.5 },
    });
    const { scheme, output, units } = evaluateScenario(file);
    const names = new Map(units.map((u) => [u.id, u.name]));
    const bytes = await clusterWorkbook(
      { scheme, cluster: "Khối thi đua các doanh nghiệp", period: "2024", output, names },
      units.map((u) => ({
        scheme,
        unit: u,
        cluster: "Khối thi đua các doanh nghiệp",
        period: "2024",
        staged: Object.fromEntries(
          Object.entries(file.scores?.[u.id] ?? {}).map(([id, v]) => [
            id,
            { appraisal: v as ScoreValue },
          ]),
        ),
      })),
    );
    const workbook = await loadWorkbook(new Uint8Array(bytes), "cum.xlsx");
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Đơn vị A", "Đơn vị B"]);
    const summary = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(summary.getRow(5).values).toEqual([
      undefined,
      1,
      "Đơn vị A",
      15,
      5,
      0,
      0,
      0,
      20,
      "Bằng khen của Chủ tịch UBND tỉnh",
      "Đề nghị",
    ]);
    expect(summary.getCell("H6").value).toBe(18.5);
  });
});

describe("the summary of a province", () => {
  it("puts every cluster on one sheet: its title, the header when the columns change, its units", async () => {
    const year = (scheme: string, scores: Record<string, Record<string, unknown>>) => {
      const file = clusterYear(scheme, scores, { criteria: OWN[scheme] ?? [] });
      const { output, units } = evaluateScenario(file);
      return {
        scheme: schemeFor(scheme),
        output,
        names: new Map(units.map((u) => [u.id, u.name])),
      };
    };
    const clusters = [
      {
        ...year("lang-son-2019/B", { A: { "I.1": 15 }, B: { "I.1": 12 } }),
        cluster: "Khối doanh nghiệp",
        period: "2026",
      },
      {
        ...year("lang-son-2019/B", { C: { "I.1": 10 } }),
        cluster: "Khối tín dụng",
        period: "2026",
      },
      {
        ...year("ba-dinh-2022", { P: { "I.3": 250 } }),
        cluster: "Cụm phường số 1",
        period: "2026",
      },
    ];
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    await provinceSummary("Tỉnh Lạng Sơn", clusters, stream);
    const workbook = await loadWorkbook(new Uint8Array(Buffer.concat(chunks)), "tinh.xlsx");
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const firstCells = Array.from({ length: ws.rowCount }, (_, i) => [
      ws.getCell(i + 1, 1).value,
      ws.getCell(i + 1, 2).value,
    ]);
    expect(firstCells).toEqual([
      ["BẢNG TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI — TỈNH LẠNG SƠN", null],
      ["Khối doanh nghiệp — Kỳ thi đua 2026", null],
      ["Xếp hạng", "Đơn vị"],
      [1, "Đơn vị A"],
      [2, "Đơn vị B"],
      ["Khối tín dụng — Kỳ thi đua 2026", null],
      [1, "Đơn vị C"],
      ["Cụm phường số 1 — Kỳ thi đua 2026", null],
      ["Xếp hạng", "Đơn vị"],
      [1, "Đơn vị P"],
    ]);
  });
});

/**
 * What a cell shows: a formula's result (null when it has none yet, or shows nothing), or its
 * value. A formula's result is read from `cell.result`: `cell.value` leaves a result of 0 out.
 */
function shown(cell: ExcelJS.Cell): ExcelJS.CellValue {
  if (cell.type !== ExcelJS.ValueType.Formula) return cell.value;
  const result = cell.result as ExcelJS.CellValue | undefined;
  return result === undefined || result === "" ? null : result;
}

function keyRow(ws: ExcelJS.Worksheet, key: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === key) return r;
  throw new Error(`no row ${key}`);
}

describe("lists read from Excel", () => {
  it("reads the units of a cluster from the template, refusing a bad row at its cells", async () => {
    const good = await loadWorkbook(
      await unitsTemplate([
        { code: "dien-luc", name: "Công ty Điện lực Lạng Sơn", kind: "enterprise", role: "leader" },
        { code: "thuoc-la", name: "Công ty Thuốc lá Lạng Sơn", kind: "enterprise", role: "member" },
      ]),
      "don-vi.xlsx",
    );
    expect(readUnits(good.worksheets[0] as ExcelJS.Worksheet)).toEqual({
      units: [
        { code: "dien-luc", name: "Công ty Điện lực Lạng Sơn", kind: "enterprise", role: "leader" },
        { code: "thuoc-la", name: "Công ty Thuốc lá Lạng Sơn", kind: "enterprise", role: "member" },
      ],
      problems: [],
    });
    const ws = good.worksheets[0] as ExcelJS.Worksheet;
    // the next row of the table, filled by hand
    ws.getRow(4).values = ["dien-luc", "Công ty khác", "Nhà máy", "Cụm trưởng"];
    const bad = readUnits(ws);
    expect(bad.units).toEqual([]);
    expect(bad.problems.map((p) => [p.cell, p.message.slice(0, 30)])).toEqual([
      ["A4", "mã đơn vị «dien-luc» trùng với"],
      ["C4", "loại đơn vị «Nhà máy» không có"],
      ["D4", "mỗi Cụm chỉ có một Cụm trưởng."],
    ]);
  });

  it("reads a cluster's criteria and refuses those that exceed their section's maximum", async () => {
    const framework = PRESETS.find((p) => p.id === "lang-son-2019/D");
    if (!framework) throw new Error("no preset D");
    const own = OWN["lang-son-2019/D"] as CriterionChange[];
    const workbook = await loadWorkbook(await criteriaTemplate(own), "tieu-chi.xlsx");
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(readCriteria(ws, framework)).toEqual({ criteria: own, problems: [] });
    ws.getCell("D3").value = 70;
    const over = readCriteria(ws, framework);
    expect(over.criteria).toEqual([]);
    expect(over.problems).toHaveLength(1);
    expect(over.problems[0]?.message).toMatch(/vượt/);
    ws.getCell("D3").value = "nhiều";
    expect(readCriteria(ws, framework).problems).toEqual([
      expect.objectContaining({
        cell: "D3",
        message: expect.stringMatching(/«nhiều» không hợp lệ/),
      }),
    ]);
  });

  it("names a file that is not a workbook instead of crashing", async () => {
    await expect(
      loadWorkbook(new TextEncoder().encode("không phải Excel"), "bieu.xlsx"),
    ).rejects.toThrow(/không đọc được như một bảng tính Excel/);
  });
});

describe.skipIf(!hasOffice)("the Excel files in a real office suite", () => {
  it("opens the summary and a scoring sheet, with the units, totals and Vietnamese letters", async () => {
    const file = clusterYear(
      "lang-son-2019/B",
      { A: { "I.1": 15, "II.1": 5, "III.5.2.2": 0.5 }, B: { "I.1": 14, "II.1": 4.5 } },
      {
        units: {
          A: { name: "Công ty Điện lực Lạng Sơn" },
          B: { name: "Công ty Cổ phần Xi măng Đồng Bành" },
        },
      },
    );
    const { scheme, output, units } = evaluateScenario(file);
    const names = new Map(units.map((u) => [u.id, u.name]));
    const heading = clusterHeading(
      {
        cluster: "Khối thi đua các doanh nghiệp",
        kind: "block",
        level: "tỉnh Lạng Sơn",
        leader: "Công ty Điện lực Lạng Sơn",
        leaderHead: { name: "Nguyễn Văn Hùng", title: "Giám đốc" },
        place: "Lạng Sơn",
        date: "2027-01-20",
      },
      "",
    );
    const summary = await pdfText(
      await summaryWorkbook({
        scheme,
        cluster: "Khối thi đua các doanh nghiệp",
        period: "2026",
        output,
        names,
        heading,
      }),
      "xlsx",
    );
    // the heading of Decree 30: the issuer on the left, the national title on the right
    expect(summary).toMatch(/UBND TỈNH LẠNG SƠN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(summary).toMatch(/KHỐI THI ĐUA CÁC DOANH NGHIỆP\s+Độc lập - Tự do - Hạnh phúc/);
    expect(summary).toMatch(/Lạng Sơn, ngày 20 tháng 01 năm 2027/);
    expect(summary).toMatch(/BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA/);
    // the rank in its own column, apart from the unit's name
    expect(summary).toMatch(/\b1 +Công ty Điện lực Lạng Sơn/);
    expect(summary).toMatch(/\b2 +Công ty Cổ phần Xi măng Đồng Bành/);
    // signed at the end by the head of the leader unit
    expect(summary).toMatch(/TM\. KHỐI THI ĐUA\s+KHỐI TRƯỞNG\s+Nguyễn Văn Hùng\s*$/);
    expect(summary).toMatch(/Công ty Điện lực Lạng Sơn/);
    expect(summary).toMatch(/Công ty Cổ phần Xi măng Đồng Bành/);
    expect(summary).toMatch(/20[.,]5/);
    expect(summary).toMatch(/18[.,]5/);
    const workbook = new ExcelJS.Workbook();
    addScoringSheet(workbook, {
      scheme,
      unit: units[0] as UnitInfo,
      cluster: "Khối thi đua các doanh nghiệp",
      period: "2026",
      staged: { "I.1": { self: 15 }, "II.1": { self: 5 }, "III.5.2.2": { self: 0.5 } },
    });
    const sheet = await pdfText(Buffer.from(await workbook.xlsx.writeBuffer()), "xlsx");
    expect(sheet).toMatch(/BIỂU CHẤM ĐIỂM THI ĐUA/);
    expect(sheet).toMatch(/Đơn vị: Công ty Điện lực Lạng Sơn/);
    expect(sheet).toMatch(/Thực hiện các chủ trương của Đảng/i);
    expect(sheet).toMatch(/TỔNG ĐIỂM\s+150\s+20[.,]5/);
  }, 120_000);
});

// ─── The scoring sheet's formulas worked out again by LibreOffice ─────────────────────────────

/** The office suite on PATH (`soffice` or `libreoffice`), or null. */
const office = ["soffice", "libreoffice"]
  .flatMap((program) => (process.env.PATH ?? "").split(delimiter).map((d) => join(d, program)))
  .find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** A LibreOffice profile that recalculates every formula of an .xlsx file when it opens it
 * (Tools › Options › Calc › Formula › "Recalculation on file load": always). */
const RECALCULATE_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** The workbook as LibreOffice saves it again after opening it headless and recalculating. */
async function recalculatedByOffice(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const work = await mkdtemp(join(tmpdir(), "tdkt-recalc-"));
  try {
    const profile = join(work, "profile");
    await mkdir(join(profile, "user"), { recursive: true });
    await writeFile(join(profile, "user", "registrymodifications.xcu"), RECALCULATE_ALWAYS);
    await mkdir(join(work, "in"));
    const input = join(work, "in", "bieu.xlsx");
    await writeFile(input, bytes);
    const out = join(work, "out");
    await promisify(execFile)(
      office as string,
      [
        "--headless",
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--convert-to",
        "xlsx",
        "--outdir",
        out,
        input,
      ],
      { timeout: 120_000 },
    );
    const saved = join(out, "bieu.xlsx");
    if (!existsSync(saved)) throw new Error("LibreOffice saved no workbook");
    return loadWorkbook(new Uint8Array(await readFile(saved)), "bieu.xlsx");
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Fill a stage's column as a person does in Excel: numbers, a level by its label. */
function fillNumbers(
  ws: ExcelJS.Worksheet,
  scheme: Scheme,
  values: Record<string, ScoreValue>,
  col: number,
) {
  for (let r = 1; r <= ws.rowCount; r++) {
    const [id = "", field = "points"] = String(ws.getCell(r, 7).value ?? "").split("/");
    const c = scheme.nodes.get(id);
    const v = values[id];
    if (!c || v === undefined || c.kind === "group") continue;
    if (!scoreFields(c).some((f) => f.key === field)) continue;
    ws.getCell(r, col).value = fieldsOfValue(c, v)[field] ?? null;
  }
}

const scenarioFile = (name: string): ScenarioInput =>
  JSON.parse(readFileSync(`test/fixtures/scenarios/${name}.json`, "utf8"));

describe.skipIf(!office)("the scoring sheet's formulas in a real office suite", () => {
  it("gives, once LibreOffice works them out, the engine's points of every row and its totals", async () => {
    // the worked units of the scenarios, and a unit of every preset scoring every kind of criterion
    const files: [string, ScenarioInput][] = [
      ...["ba-dinh-wards", "lang-son-enterprises-tie", "vung-cao-highland"].map(
        (name): [string, ScenarioInput] => [name, scenarioFile(name)],
      ),
      ...PRESETS.map((preset): [string, ScenarioInput] => [
        preset.id,
        clusterYear(
          preset.id,
          { DL: sampleScores(schemeFor(preset.id)) },
          { criteria: OWN[preset.id] ?? [] },
        ),
      ]),
    ];
    const workbook = new ExcelJS.Workbook();
    workbook.calcProperties.fullCalcOnLoad = true;
    const expected: {
      sheet: string;
      scheme: Scheme;
      unit: UnitInfo;
      scores: Record<string, ScoreValue>;
      cells: { row: number; key: string; value: number | null }[];
    }[] = [];
    files.forEach(([, file], f) => {
      const { scheme, units, evaluations, context } = evaluateScenario(file);
      for (const unit of units) {
        const all = (file.scores?.[unit.id] ?? {}) as Record<string, ScoreValue>;
        // points given to a criterion scored from figures are the cluster's verdict (the
        // highest share): the sheet shows it as the cluster found it, a person fills the rest
        const verdicts = Object.entries(all).filter(
          ([id, v]) => typeof v === "number" && !onOwnRow(scheme.nodes.get(id) as Criterion),
        );
        const scores = Object.fromEntries(
          Object.entries(all).filter(([id]) => !verdicts.some(([v]) => v === id)),
        );
        const ws = addScoringSheet(
          workbook,
          {
            scheme,
            unit,
            cluster: "Cụm thi đua",
            period: file.period,
            staged: Object.fromEntries(
              verdicts.map(([id, v]) => [id, { self: v, cluster: v, appraisal: v }]),
            ),
            // what only the cluster knows (the highest share) is written as the cluster found it
            contexts: { self: context, cluster: context, appraisal: context },
          },
          `${f + 1}-${unit.id}`,
        );
        for (const col of [4, 5, 6]) fillNumbers(ws, scheme, scores, col);
        const e = evaluations.get(unit.id);
        if (!e) throw new Error(`no evaluation of ${unit.id}`);
        const cells: { row: number; key: string; value: number | null }[] = [];
        for (let r = 7; r <= ws.rowCount; r++) {
          const key = String(ws.getCell(r, 7).value ?? "");
          const c = scheme.nodes.get(key);
          const totals: Record<string, number> = {
            "#total": e.total,
            "#bonus": e.bonus,
            "#deductions": e.deductions,
          };
          if (key in totals) {
            cells.push({ row: r, key, value: fromHundredths(totals[key] as number) });
          } else if (c && (c.kind === "group" || !onOwnRow(c))) {
            const node = e.nodes.get(key);
            const scored = node && (c.kind === "group" || node.scored);
            cells.push({ row: r, key, value: scored ? fromHundredths(node.points) : null });
            // nothing was worked out before the office suite opens the file
            if (verdicts.length === 0 && ws.getCell(r, 4).formula) {
              expect(shown(ws.getCell(r, 4))).toBeNull();
            }
          }
        }
        expected.push({ sheet: ws.name, scheme, unit, scores, cells });
      }
    });
    const recalculated = await recalculatedByOffice(Buffer.from(await workbook.xlsx.writeBuffer()));
    let compared = 0;
    for (const { sheet, scheme, unit, scores, cells } of expected) {
      const ws = recalculated.getWorksheet(sheet) as ExcelJS.Worksheet;
      for (const { row, key, value } of cells) {
        for (const col of [4, 5, 6]) {
          const where = `${sheet}!${ws.getCell(row, col).address} (${key})`;
          // exactly the engine's decimal: the same number, not a near one
          expect(shown(ws.getCell(row, col)), where).toBe(value);
          compared++;
        }
      }
      // a sheet saved by the office suite, formulas and all, still imports as it was filled
      const read = readScoringSheet(ws, scheme, unit);
      expect(read.problems).toEqual([]);
      expect(finalValues(read.sheet)).toEqual(scores);
    }
    expect(compared).toBeGreaterThan(900);
  }, 180_000);
});
