/**
 * The Excel files as users live with them: a scoring sheet exported, filled offline and
 * imported gives back the same scores and the same results, for every preset; a file with a
 * wrong value, an unknown criterion or a missing column is refused with the exact cell named;
 * the units and the criteria of a cluster read from their templates.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { clusterYear } from "../../test/factories.ts";
import { hasOffice, pdfText } from "../../test/office.ts";
import type { ScoreValue, UnitInfo } from "../core/evaluate.ts";
import { PRESETS } from "../core/presets/index.ts";
import { evaluateScenario, schemeOf } from "../core/scenario.ts";
import type { Criterion, CriterionChange, Scheme } from "../core/scheme.ts";
import { fieldsOfValue, scoreFields } from "../core/score-fields.ts";
import { loadWorkbook } from "./excel-cells.ts";
import { criteriaTemplate, readCriteria, readUnits, unitsTemplate } from "./excel-lists.ts";
import { addScoringSheet, finalValues, readScoringSheet, SHEET_STAGES } from "./excel-sheet.ts";
import { clusterWorkbook, provinceSummary, summaryWorkbook } from "./excel-summary.ts";
import { describeProblems } from "./problems.ts";

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
    expect([4, 5, 6].map((c) => row("#total").getCell(c).value)).toEqual([19.5, 16.5, null]);
    expect([3, 4, 5].map((c) => row("I").getCell(c).value)).toEqual([100, 15, 12]);
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
    const summary = await pdfText(
      await summaryWorkbook({
        scheme,
        cluster: "Khối thi đua các doanh nghiệp",
        period: "2026",
        output,
        names,
      }),
      "xlsx",
    );
    expect(summary).toMatch(/BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA/);
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
