/**
 * The data-providing agency's official figures: it enters the figures of the criteria it
 * provides (ratio to plan, deductions, external results) for a unit of a cluster it serves; the
 * unit's sheet shows them with their provenance beside the unit's own figure; the results use
 * them; it cannot write a criterion it does not provide, a cluster it does not serve, or a sheet
 * the cluster has reviewed; and it imports a filled sheet into the official column.
 */
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Client,
  createUser,
  signIn,
  type TestApp,
  testApp,
  uploadFile,
} from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { levels, users } from "./db/schema.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let t: TestApp;
let y: YearFixture;
afterEach(async () => {
  await t?.close();
});

async function setUp() {
  t = await testApp();
  // Vùng cao 2022: section I is twelve indicators scored against plan (I.1 tops at 45,84)
  y = await createYear(t.database, { schemeId: "vung-cao-2022", codes: ["A", "B", "C"] });
}

const unitUrl = (code: string) => `/api/periods/${y.periodId}/units/${y.unit[code]}`;
const scoreUrl = (code: string, criterion: string) => `${unitUrl(code)}/scores/${criterion}`;

/** Import a filled sheet as the screen does: the preview, then the same file with its token. */
async function importFile(client: Client, url: string, fileName: string, bytes: Buffer) {
  const preview = await uploadFile(client, `${url}/preview`, fileName, bytes, XLSX);
  if (preview.status !== 200) return preview;
  const token = encodeURIComponent(preview.body.token);
  return uploadFile(client, `${url}?token=${token}`, fileName, bytes, XLSX);
}

type Row = { criterionId: string; values: Record<string, Record<string, unknown> | undefined> };
const rowOf = (sheet: { rows: Row[] }, id: string) =>
  sheet.rows.find((r) => r.criterionId === id) as Row & { points: Record<string, number> };

async function workbookOf(client: Client, url: string) {
  const res = await client.inject({ method: "GET", url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

/** The row of the sheet's hidden key column (G) naming this criterion or figure. */
const lineOf = (ws: ExcelJS.Worksheet, key: string) => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === key) return r;
  throw new Error(`no row ${key}`);
};
/** The sheet's column "Điểm Cụm thi đua chấm", where the official figures show. */
const CLUSTER_COLUMN = 5;

describe("the data agency's official figures", () => {
  it("are entered for a unit, shown on its sheet with their provenance and the unit's own figure, and used by the results", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    expect(
      (await unit.put(scoreUrl("C", "I.1"), { value: { plan: 100, actual: 90 } })).status,
    ).toBe(200);
    expect((await unit.put(scoreUrl("C", "II"), { value: 150 })).status).toBe(200);

    const data = await signIn(t.app, "data");
    const overview = await data.get(`/api/periods/${y.periodId}`);
    expect(overview.body.you.data).toBe(true);
    const saved = await data.put(scoreUrl("C", "I.1"), { value: { plan: 100, actual: 50 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ stage: "official", version: 1 });

    // the unit sees the figure, whose it is, and its own figure beside it
    const sheet = (await unit.get(`${unitUrl("C")}/sheet`)).body;
    const row = rowOf(sheet, "I.1");
    expect(row.values.official).toMatchObject({
      value: { plan: 100, actual: 50 },
      by: "Cục Thống kê",
      agency: "Cục Thống kê",
    });
    expect(row.values.self).toMatchObject({ value: { plan: 100, actual: 90 }, by: "Cán bộ C" });
    expect(row.values.self?.agency).toBeUndefined();
    // 45,84 × 90% = 41,26 proposed by the unit; 45,84 × 50% = 22,92 by the official figure
    expect(row.points.self).toBe(41.26);
    expect(row.points.official).toBe(22.92);
    expect(sheet.totals.self.total).toBe(191.26);
    expect(sheet.totals.cluster.total).toBe(172.92);
    // the leader and the standing agency see the same provenance
    for (const who of ["u-a", "standing"]) {
      const seen = (await (await signIn(t.app, who)).get(`${unitUrl("C")}/sheet`)).body;
      expect(rowOf(seen, "I.1").values.official).toMatchObject({ agency: "Cục Thống kê" });
    }

    // the results count the official figure, not the unit's own
    const results = (await (await signIn(t.app, "u-a")).get(`/api/periods/${y.periodId}/results`))
      .body;
    expect(results.units.find((u: { id: string }) => u.id === "C").total).toBe(172.92);

    // its history says who entered it
    const history = (await unit.get(`${unitUrl("C")}/history`)).body.entries;
    expect(history).toContainEqual(
      expect.objectContaining({
        by: "Cục Thống kê",
        action: "score.official",
        newValue: { value: { plan: 100, actual: 50 }, comment: null },
      }),
    );
  });

  it("names the agency's own unit when its account belongs to one", async () => {
    await setUp();
    const data = await signIn(t.app, "data");
    await t.database.db
      .update(users)
      .set({ unitId: y.unit.OUT as number })
      .where(eq(users.username, "data"));
    expect((await data.put(scoreUrl("B", "I.2"), { value: { plan: 10, actual: 10 } })).status).toBe(
      200,
    );
    const sheet = (await (await signIn(t.app, "u-b")).get(`${unitUrl("B")}/sheet`)).body;
    expect(rowOf(sheet, "I.2").values.official).toMatchObject({
      by: "Cục Thống kê",
      agency: "Công ty OUT",
    });
  });

  it("refuses a criterion it does not provide, a cluster it does not serve, and a reviewed sheet", async () => {
    await setUp();
    const data = await signIn(t.app, "data");
    const manual = await data.put(scoreUrl("C", "II"), { value: 150 });
    expect(manual.status).toBe(400);
    expect(manual.body.code).toBe("NOT_OFFICIAL");
    expect(manual.body.message).toMatch(
      /Tiêu chí II không phải số liệu do cơ quan cung cấp số liệu nhập/,
    );

    // a data agency of another province
    const [other] = await t.database.db
      .insert(levels)
      .values({ name: "Tỉnh Hà Giang", kind: "province", standingAgency: "Ban TĐKT tỉnh Hà Giang" })
      .returning();
    await createUser(t.database, {
      username: "data-other",
      role: "data",
      levelId: (other as { id: number }).id,
      displayName: "Cục Thống kê tỉnh Hà Giang",
    });
    const stranger = await signIn(t.app, "data-other");
    const refused = await stranger.put(scoreUrl("C", "I.1"), { value: { plan: 1, actual: 1 } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/[à-ỹĐđ]/);

    // once the cluster has reviewed the sheet, the official figures are closed
    const unit = await signIn(t.app, "u-c");
    const sheet = (await unit.get(`${unitUrl("C")}/sheet`)).body;
    for (const c of sheet.scheme.criteria) {
      if (c.kind === "group") continue;
      const value = c.kind === "ratio" ? { plan: 100, actual: 100 } : c.roles ? 0 : 1;
      const res = await unit.put(scoreUrl("C", c.id), { value, explanation: "Báo cáo năm" });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const submit = await unit.post(`${unitUrl("C")}/transitions`, { action: "submit", version: 1 });
    expect(submit.status, JSON.stringify(submit.body)).toBe(200);
    // a submitted sheet still takes them, before the cluster's review
    expect(
      (await data.put(scoreUrl("C", "I.3"), { value: { plan: 100, actual: 70 } })).status,
    ).toBe(200);
    const review = await (await signIn(t.app, "u-a")).post(`${unitUrl("C")}/transitions`, {
      action: "review",
      version: submit.body.version,
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const late = await data.put(scoreUrl("C", "I.3"), {
      value: { plan: 100, actual: 60 },
      version: 1,
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/không nhập số liệu chính thức được nữa/);
  });

  it("imports a filled sheet into the official column, and refuses a row it does not provide by its cell", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-b");
    await unit.put(scoreUrl("B", "I.2"), { value: { plan: 200, actual: 200 } });
    await unit.put(scoreUrl("B", "II"), { value: 120 });
    const data = await signIn(t.app, "data");

    const workbook = await workbookOf(data, `${unitUrl("B")}/documents/sheet.xlsx`);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    ws.getCell(lineOf(ws, "I.2/plan"), CLUSTER_COLUMN).value = 200;
    ws.getCell(lineOf(ws, "I.2/actual"), CLUSTER_COLUMN).value = 150;
    ws.getCell(lineOf(ws, "I.5/plan"), CLUSTER_COLUMN).value = 40;
    ws.getCell(lineOf(ws, "I.5/actual"), CLUSTER_COLUMN).value = 40;
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await importFile(data, `${unitUrl("B")}/sheet-import`, "so-lieu.xlsx", bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stage).toBe("official");
    expect(res.body.column).toMatch(/^Số liệu chính thức/);
    expect(res.body.changed.sort()).toEqual(["I.2", "I.5"]);
    const sheet = (await unit.get(`${unitUrl("B")}/sheet`)).body;
    expect(rowOf(sheet, "I.2").values.official).toMatchObject({
      value: { plan: 200, actual: 150 },
      agency: "Cục Thống kê",
      comment: "Theo biểu chấm điểm nhập từ tệp «so-lieu.xlsx».",
    });
    expect(rowOf(sheet, "I.2").values.self?.value).toEqual({ plan: 200, actual: 200 });
    expect(rowOf(sheet, "II").values.official).toBeUndefined();

    // the same file again, as downloaded now, changes nothing
    const again = await workbookOf(data, `${unitUrl("B")}/documents/sheet.xlsx`);
    const same = await importFile(
      data,
      `${unitUrl("B")}/sheet-import`,
      "so-lieu.xlsx",
      Buffer.from(await again.xlsx.writeBuffer()),
    );
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.changed).toEqual([]);

    // a qualitative row changed in the file: refused at its cell, nothing saved
    const againWs = again.worksheets[0] as ExcelJS.Worksheet;
    againWs.getCell(lineOf(againWs, "I.2/actual"), CLUSTER_COLUMN).value = 100;
    const line = lineOf(againWs, "II");
    againWs.getCell(line, CLUSTER_COLUMN).value = 130;
    const before = (await unit.get(`${unitUrl("B")}/sheet`)).body;
    const bad = await importFile(
      data,
      `${unitUrl("B")}/sheet-import`,
      "so-lieu-2.xlsx",
      Buffer.from(await again.xlsx.writeBuffer()),
    );
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.code).toBe("IMPORT_PROBLEMS");
    expect(bad.body.details.problems).toEqual([
      expect.objectContaining({
        sheet: "Biểu chấm điểm",
        cell: `E${line}`,
        message: expect.stringMatching(/Tiêu chí II không phải số liệu do cơ quan cung cấp/),
      }),
    ]);
    expect((await unit.get(`${unitUrl("B")}/sheet`)).body.rows).toEqual(before.rows);

    // the unit itself still imports into its own column
    const own = await workbookOf(unit, `${unitUrl("B")}/documents/sheet.xlsx`);
    const ownWs = own.worksheets[0] as ExcelJS.Worksheet;
    ownWs.getCell(lineOf(ownWs, "II"), 4).value = 125;
    const mine = await importFile(
      unit,
      `${unitUrl("B")}/sheet-import`,
      "bieu.xlsx",
      Buffer.from(await own.xlsx.writeBuffer()),
    );
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toMatchObject({ stage: "self", changed: ["II"] });
  });
});
