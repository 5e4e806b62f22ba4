/**
 * The official files over HTTP, as the officers use them: a unit downloads its scoring sheet,
 * fills it offline and imports it (its scores saved, with history); a file with a problem is
 * refused with the cell named and nothing saved; the summary equals the results; the proposal,
 * the minutes and the reports are Word documents naming the units.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn, type TestApp, testApp, uploadFile } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { todayInVietnam } from "../core/workflow.ts";
import { criteriaTemplate, unitsTemplate } from "../documents/excel-lists.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CODES = ["A", "B", "C"];

let t: TestApp;
let y: YearFixture;
const as: Record<string, Client> = {};

async function download(client: Client, url: string) {
  const res = await client.inject({ method: "GET", url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res;
}

async function workbookOf(client: Client, url: string) {
  const res = await download(client, url);
  expect(res.headers["content-type"]).toBe(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

async function wordText(client: Client, url: string): Promise<string> {
  const res = await download(client, url);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  return xml.replace(/<[^>]+>/g, "");
}

/** The row whose first cell reads `text`. */
const rowWith = (ws: ExcelJS.Worksheet, text: string) => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === text) return r;
  throw new Error(`no row «${text}»`);
};

/** A day as a document's date line writes it: "ngày 05 tháng 01 năm 2027" (Decree 30). */
const dateLine = (iso: string) => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const two = (n: number) => String(n).padStart(2, "0");
  return `ngày ${two(day)} tháng ${month < 3 ? two(month) : month} năm ${year}`;
};

/** The lines at the top left of a Word document (the bodies' names), as broken by the file. */
async function issuerLinesOf(client: Client, url: string): Promise<string[]> {
  const res = await download(client, url);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  const cell = /<w:tc>([\s\S]*?)<\/w:tc>/.exec(xml)?.[1] ?? "";
  return [...cell.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .flatMap((p) => p[0].split("<w:br/>").map((part) => part.replace(/<[^>]+>/g, "").trim()))
    .filter((line) => line !== "");
}

const rowOf = (ws: ExcelJS.Worksheet, key: string) => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === key) return r;
  throw new Error(`no row ${key}`);
};

async function bytesOf(workbook: ExcelJS.Workbook) {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const sheetUrl = (code: string) => `/api/periods/${y.periodId}/units/${y.unit[code]}`;

/** Import a filled sheet as the screen does: the preview, then the same file with its token. */
async function importFile(client: Client, url: string, fileName: string, bytes: Buffer) {
  const preview = await uploadFile(client, `${url}/preview`, fileName, bytes, XLSX);
  if (preview.status !== 200) return preview;
  const token = encodeURIComponent(preview.body.token);
  return uploadFile(client, `${url}?token=${token}`, fileName, bytes, XLSX);
}

beforeAll(async () => {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: CODES });
  for (const code of CODES) as[code] = await signIn(t.app, y.staff[code] as string);
  as.standing = await signIn(t.app, "standing");
  as.admin = await signIn(t.app, "admin");
});
afterAll(async () => {
  await t.close();
});

describe("the scoring sheet filled offline", () => {
  it("is downloaded, filled and imported: the unit's self-scores saved, each with its history", async () => {
    const c = as.C as Client;
    const workbook = await workbookOf(c, `${sheetUrl("C")}/documents/sheet.xlsx`);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell("A3").value).toBe("Đơn vị: Công ty C");
    ws.getCell(rowOf(ws, "I.1"), 4).value = 14;
    ws.getCell(rowOf(ws, "II.1"), 4).value = "4,5";
    ws.getCell(rowOf(ws, "III.1/missing"), 4).value = 1;
    ws.getCell(rowOf(ws, "III.4/submitted"), 4).value = 10;
    ws.getCell(rowOf(ws, "III.4/ineligible"), 4).value = 0;
    const res = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu-cham-diem.xlsx",
      await bytesOf(workbook),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ stage: "self", column: "Điểm tự chấm" });
    expect(res.body.changed.sort()).toEqual(["I.1", "II.1", "III.1", "III.4"]);
    const sheet = (await c.get(`${sheetUrl("C")}/sheet`)).body;
    const self = (id: string) =>
      sheet.rows.find((r: { criterionId: string }) => r.criterionId === id).values.self?.value;
    expect([self("I.1"), self("II.1"), self("III.1"), self("III.4")]).toEqual([
      14,
      4.5,
      { missing: 1 },
      { submitted: 10, ineligible: 0 },
    ]);
    // 14 + 4,5 + (5 − 1) + 5
    expect(sheet.totals.self.total).toBe(27.5);
    const history = (await c.get(`${sheetUrl("C")}/history`)).body.entries;
    expect(history.filter((e: { action: string }) => e.action === "score.self")).toHaveLength(4);

    // the same file again changes nothing
    const again = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu-cham-diem.xlsx",
      await bytesOf(workbook),
    );
    expect(again.body.changed).toEqual([]);
  });

  it("refuses a file with a value above the maximum, naming the cell, and saves nothing", async () => {
    const c = as.C as Client;
    const workbook = await workbookOf(c, `${sheetUrl("C")}/documents/sheet.xlsx`);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    ws.getCell(rowOf(ws, "I.2"), 4).value = 12;
    ws.getCell(rowOf(ws, "I.3"), 4).value = 16;
    const before = (await c.get(`${sheetUrl("C")}/sheet`)).body;
    const res = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu.xlsx",
      await bytesOf(workbook),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("IMPORT_PROBLEMS");
    expect(res.body.message).toMatch(
      new RegExp(`Trang «Biểu chấm điểm», ô D${rowOf(ws, "I.3")} .*I\\.3.*vượt điểm tối đa 15`),
    );
    expect(res.body.details.problems).toEqual([
      expect.objectContaining({ sheet: "Biểu chấm điểm", cell: `D${rowOf(ws, "I.3")}` }),
    ]);
    expect((await c.get(`${sheetUrl("C")}/sheet`)).body.rows).toEqual(before.rows);
  });

  it("refuses what is not a workbook, and another unit's sheet", async () => {
    const c = as.C as Client;
    const text = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu.xlsx",
      Buffer.from("không phải Excel"),
    );
    expect(text.status).toBe(400);
    expect(text.body.message).toMatch(/không đọc được như một bảng tính Excel/);
    const other = await importFile(
      c,
      `${sheetUrl("B")}/sheet-import`,
      "bieu.xlsx",
      Buffer.from("x"),
    );
    expect(other.status).toBe(403);
  });

  it("refuses a sheet made for another unit or another year, naming them, and saves nothing", async () => {
    const c = as.C as Client;
    const before = (await c.get(`${sheetUrl("C")}/sheet`)).body.rows;
    // the leader sends B's sheet to C by mistake; C fills it and imports it as its own
    const ofB = await workbookOf(as.A as Client, `${sheetUrl("B")}/documents/sheet.xlsx`);
    const wsB = ofB.worksheets[0] as ExcelJS.Worksheet;
    wsB.getCell(rowOf(wsB, "II.4"), 4).value = 3;
    const wrongUnit = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu-B.xlsx",
      await bytesOf(ofB),
    );
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body.code).toBe("IMPORT_PROBLEMS");
    expect(wrongUnit.body.details.problems).toEqual([
      expect.objectContaining({
        cell: "A3",
        message: expect.stringContaining("biểu này là của «Công ty B», không phải của «Công ty C»"),
      }),
    ]);
    const ofC = await workbookOf(c, `${sheetUrl("C")}/documents/sheet.xlsx`);
    const wsC = ofC.worksheets[0] as ExcelJS.Worksheet;
    wsC.getCell(rowOf(wsC, "II.4"), 4).value = 3;
    wsC.getCell(4, 7).value = "#ky:2023";
    const wrongYear = await importFile(
      c,
      `${sheetUrl("C")}/sheet-import`,
      "bieu-2023.xlsx",
      await bytesOf(ofC),
    );
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.details.problems[0].message).toMatch(
      /biểu này của kỳ thi đua 2023, không phải kỳ \d{4}/,
    );
    expect((await c.get(`${sheetUrl("C")}/sheet`)).body.rows).toEqual(before);
  });
});

describe("the cluster's files", () => {
  it("gives the summary with the results' totals and ranks, and a workbook with every unit", async () => {
    const results = (await (as.A as Client).get(`/api/periods/${y.periodId}/results`)).body;
    const summary = await workbookOf(
      as.A as Client,
      `/api/periods/${y.periodId}/documents/summary.xlsx`,
    );
    const ws = summary.worksheets[0] as ExcelJS.Worksheet;
    // under the heading of Decree 30: the title, then the table from its header row on
    const title = rowWith(ws, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA");
    const header = rowWith(ws, "Xếp hạng");
    expect(header).toBe(title + 3);
    const rows = results.units.map((_: unknown, i: number) => ws.getRow(header + 1 + i));
    expect(
      rows.map((r: ExcelJS.Row) => [r.getCell(1).value, r.getCell(2).value, r.getCell(8).value]),
    ).toEqual(
      results.units.map((u: { id: string; rank: number; total: number }) => [
        u.rank,
        `Công ty ${u.id}`,
        u.total,
      ]),
    );
    const all = await workbookOf(
      as.standing as Client,
      `/api/periods/${y.periodId}/documents/workbook.xlsx`,
    );
    expect(all.worksheets.map((w) => w.name).sort()).toEqual(["A", "B", "C", "Tổng hợp"]);
  });

  it("writes the proposal, the reports and the minutes of a meeting in Word", async () => {
    const proposal = await wordText(
      as.A as Client,
      `/api/periods/${y.periodId}/documents/proposal.docx`,
    );
    expect(proposal).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(proposal).toMatch(/TỜ TRÌNH/);
    for (const code of CODES) expect(proposal).toContain(`Công ty ${code}`);
    const report = await wordText(
      as.standing as Client,
      `/api/periods/${y.periodId}/documents/report.docx?kind=annual`,
    );
    expect(report).toMatch(/BÁO CÁO/);
    expect(report).toMatch(/Tổng kết phong trào thi đua năm 2024/);
    const meeting = await (as.A as Client).post(`/api/periods/${y.periodId}/meetings`, {
      kind: "preparatory",
      title: "Họp trù bị tổng kết năm 2024",
      scheduledAt: "2025-01-10T08:00:00+07:00",
      place: "Công ty A",
    });
    await (as.A as Client).put(
      `/api/periods/${y.periodId}/meetings/${meeting.body.id}/attendance`,
      {
        units: CODES.map((code) => ({ unitId: y.unit[code], present: true })),
      },
    );
    const minutes = await wordText(
      as.C as Client,
      `/api/periods/${y.periodId}/meetings/${meeting.body.id}/minutes.docx`,
    );
    expect(minutes).toMatch(/BIÊN BẢN/);
    expect(minutes).toMatch(/Họp trù bị tổng kết năm 2024/);
    expect(minutes).toMatch(/3\/3/);
    // the minutes are dated the day of the meeting, not the day of the download
    expect(minutes).toMatch(/Lạng Sơn, ngày 10 tháng 01 năm 2025/);
  });

  it("are signed by the head of the leader unit, dated as the office dates them, names kept whole", async () => {
    const A = as.A as Client;
    const files = {
      proposal: `/api/periods/${y.periodId}/documents/proposal.docx`,
      annual: `/api/periods/${y.periodId}/documents/report.docx?kind=annual`,
      sixMonth: `/api/periods/${y.periodId}/documents/report.docx?kind=six-month`,
    };
    const signature = "TM. CỤM THI ĐUACỤM TRƯỞNG";
    // no head recorded yet: a dotted line to write the name on, never an invented one
    expect(await wordText(A, files.proposal)).toMatch(new RegExp(`${signature}…+$`));

    const head = await (as.admin as Client).put(`/api/units/${y.unit.A}`, {
      name: "Công ty A",
      headName: "Nguyễn Văn An",
      headTitle: "Giám đốc",
      reason: "Quyết định bổ nhiệm số 12/QĐ-CTA",
    });
    expect(head.status, JSON.stringify(head.body)).toBe(200);
    expect(head.body).toMatchObject({ headName: "Nguyễn Văn An", headTitle: "Giám đốc" });

    // every document with a signature block: the capacity, the title, then the name
    const today = dateLine(todayInVietnam());
    for (const url of Object.values(files)) {
      const text = await wordText(A, url);
      expect(text).toMatch(new RegExp(`${signature}Nguyễn Văn An$`));
      // made today, no meeting held and no proposal sent yet
      expect(text).toContain(`Lạng Sơn, ${today}`);
      // the level's people's committee above the cluster, each name whole on its lines
      const lines = await issuerLinesOf(A, url);
      expect(lines).toEqual(["UBND TỈNH LẠNG SƠN", "CỤM THI ĐUA", "CÁC DOANH NGHIỆP"]);
      for (const name of ["LẠNG SƠN", "THI ĐUA", "DOANH NGHIỆP"]) {
        expect(lines.join("\n")).toContain(name);
      }
    }
    const summary = await workbookOf(A, `/api/periods/${y.periodId}/documents/summary.xlsx`);
    const ws = summary.worksheets[0] as ExcelJS.Worksheet;
    expect([1, 2, 3].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 3).value])).toEqual([
      ["UBND TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
      ["CỤM THI ĐUA CÁC DOANH NGHIỆP", "Độc lập - Tự do - Hạnh phúc"],
      ["", `Lạng Sơn, ${today}`],
    ]);
    // each row's text once (a merged block repeats it in every cell it covers)
    const texts = (ws.getSheetValues() as unknown[][]).flatMap((row) => [
      ...new Set((row ?? []).filter((v) => v !== null && v !== undefined && v !== "")),
    ]);
    const signed = texts.indexOf("TM. CỤM THI ĐUA");
    expect(signed).toBeGreaterThan(0);
    expect(texts.slice(signed)).toEqual(["TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn An"]);

    // the summary meeting held: the annual report and the proposal bear its day
    const meeting = await A.post(`/api/periods/${y.periodId}/meetings`, {
      kind: "summary",
      title: "Hội nghị tổng kết, bình xét thi đua năm 2024",
      scheduledAt: "2025-01-15T08:00:00+07:00",
      place: "Hội trường Công ty A",
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const held = await A.put(`/api/periods/${y.periodId}/meetings/${meeting.body.id}/minutes`, {
      minutes: "Các đơn vị thống nhất kết quả chấm điểm.",
      held: true,
      version: meeting.body.version,
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(await wordText(A, files.annual)).toContain("Lạng Sơn, ngày 15 tháng 01 năm 2025");
    expect(await wordText(A, files.proposal)).toContain("Lạng Sơn, ngày 15 tháng 01 năm 2025");
    // the six-month report has no mid-year meeting held: the day it is made
    expect(await wordText(A, files.sixMonth)).toContain(`Lạng Sơn, ${today}`);
    // the minutes: the meeting's day, chaired and signed by the head of the leader unit
    const minutes = await wordText(
      A,
      `/api/periods/${y.periodId}/meetings/${meeting.body.id}/minutes.docx`,
    );
    expect(minutes).toContain("Lạng Sơn, ngày 15 tháng 01 năm 2025");
    expect(minutes).toContain("Chủ trì: Nguyễn Văn An, Giám đốc Công ty A (Cụm trưởng).");
    expect(minutes).toMatch(/THƯ KÝ…+CHỦ TRÌNguyễn Văn An$/);

    // once the proposal is sent to the council, it bears the day it was sent
    const sent = await A.post(`/api/periods/${y.periodId}/proposal`, { note: "" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(await wordText(A, files.proposal)).toContain(
      `Lạng Sơn, ${dateLine(todayInVietnam(new Date(sent.body.submittedAt)))}`,
    );
  });

  it("reads the cluster's criteria from a sheet without saving them, and refuses too many points", async () => {
    const url = `/api/periods/${y.periodId}/criteria-import`;
    const good = await criteriaTemplate([
      { id: "I.7", title: "Chấp hành pháp luật về an toàn lao động" },
    ]);
    const res = await uploadFile(as.A as Client, url, "tieu-chi.xlsx", good, XLSX);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.criteria).toEqual([
      { id: "I.7", title: "Chấp hành pháp luật về an toàn lao động" },
    ]);
    const over = await criteriaTemplate([{ id: "I.10", parent: "I", title: "Thêm", max: 20 }]);
    const refused = await uploadFile(as.A as Client, url, "tieu-chi.xlsx", over, XLSX);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/Trang «Bộ tiêu chí», ô A2/);
    const overview = await (as.A as Client).get(`/api/periods/${y.periodId}`);
    expect(overview.body.period.criteria).toEqual([]);
  });

  it("brings in the units of a cluster from a list", async () => {
    const list = await unitsTemplate([
      { code: "A", name: "Công ty A", kind: "enterprise", role: "leader" },
      { code: "moi", name: "Công ty Cổ phần Mới", kind: "enterprise", role: "member" },
    ]);
    const res = await uploadFile(
      as.admin as Client,
      `/api/clusters/${y.clusterId}/units-import`,
      "don-vi.xlsx",
      list,
      XLSX,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.created).toBe(1);
    expect(res.body.units.map((u: { code: string; role: string }) => [u.code, u.role])).toEqual([
      ["A", "leader"],
      ["moi", "member"],
    ]);
  });
});
