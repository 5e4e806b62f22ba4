/**
 * Importing a filled scoring sheet in two steps, and undoing it: the preview lists every change
 * (criterion, before, after, as people read them) and saves nothing; the import takes only the
 * file previewed, over the values previewed, and keeps its id with its audit rows; the undo puts
 * every value back (removing those the import created), audited, while the stage is still open,
 * and refuses once one of the values was changed again.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprint } from "../../test/routes.ts";
import {
  type Client,
  createUser,
  signIn,
  type TestApp,
  testApp,
  uploadFile,
} from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { auditLog, periodUnits } from "./db/schema.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
let y: YearFixture;
let c: Client;

beforeEach(async () => {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
  c = await signIn(t.app, "u-c");
});
afterEach(async () => {
  await t.close();
});

const unitUrl = () => `/api/periods/${y.periodId}/units/${y.unit.C}`;
const importUrl = () => `${unitUrl()}/sheet-import`;

const rowOf = (ws: ExcelJS.Worksheet, key: string) => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === key) return r;
  throw new Error(`no row ${key}`);
};

/** C's sheet as downloaded now, with a column (D: self-score) filled as `cells` say. */
async function filledSheet(cells: Record<string, number | string>, column = 4): Promise<Buffer> {
  const res = await c.inject({ method: "GET", url: `${unitUrl()}/documents/sheet.xlsx` });
  expect(res.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
  for (const [key, value] of Object.entries(cells))
    ws.getCell(rowOf(ws, key), column).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const preview = (bytes: Buffer, client = c) =>
  uploadFile(client, `${importUrl()}/preview`, "bieu.xlsx", bytes, XLSX);
const confirm = (bytes: Buffer, token: string, client = c) =>
  uploadFile(client, `${importUrl()}?token=${encodeURIComponent(token)}`, "bieu.xlsx", bytes, XLSX);
const undo = (importId: string, client = c) => client.post(`${importUrl()}/${importId}/undo`, {});

/** C's self-scores as the sheet shows them. */
async function selfScores(): Promise<Record<string, unknown>> {
  const sheet = (await c.get(`${unitUrl()}/sheet`)).body;
  return Object.fromEntries(
    sheet.rows
      .filter((r: { values: { self?: unknown } }) => r.values.self !== undefined)
      .map((r: { criterionId: string; values: { self: { value: unknown } } }) => [
        r.criterionId,
        r.values.self.value,
      ]),
  );
}

/** The audit rows of C's sheet of an action, oldest first. */
async function auditRows(action: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.periodId, y.periodId),
        eq(auditLog.unitId, y.unit.C as number),
        eq(auditLog.action, action),
      ),
    )
    .orderBy(auditLog.id);
}

/** I.1 had 10 before; the file gives it 14 and fills II.1 and the dossiers of III.4. */
async function aFileOverTen() {
  const saved = await c.put(`${unitUrl()}/scores/I.1`, { value: 10 });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return filledSheet({
    "I.1": 14,
    "II.1": "4,5",
    "III.4/submitted": 10,
    "III.4/ineligible": 0,
  });
}

async function imported(bytes: Buffer, client = c) {
  const seen = await preview(bytes, client);
  expect(seen.status, JSON.stringify(seen.body)).toBe(200);
  const res = await confirm(bytes, seen.body.token, client);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { importId: string; changed: string[] };
}

describe("importing a scoring sheet from a file", () => {
  it("previews every change, before and after as people read them, and saves nothing", async () => {
    const bytes = await aFileOverTen();
    const before = await fingerprint(t);
    const res = await preview(bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const titles = new Map(
      (await c.get(`${unitUrl()}/sheet`)).body.scheme.criteria.map(
        (x: { id: string; title: string }) => [x.id, x.title],
      ),
    );
    expect(res.body).toMatchObject({
      stage: "self",
      column: "Điểm tự chấm",
      fileName: "bieu.xlsx",
    });
    expect(res.body.changes).toEqual([
      { criterionId: "I.1", title: titles.get("I.1"), before: "10", after: "14" },
      { criterionId: "II.1", title: titles.get("II.1"), before: null, after: "4,5" },
      {
        criterionId: "III.4",
        title: titles.get("III.4"),
        before: null,
        after: "Số hồ sơ trình: 10; Số hồ sơ không đủ điều kiện: 0",
      },
    ]);
    // the token names the file by its content
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(res.body.token.split(".")[0]).toBe(sha);
    expect(await fingerprint(t)).toBe(before);
    expect(await selfScores()).toEqual({ "I.1": 10 });
  });

  it("saves the changes once confirmed, with audit rows keeping the import's id", async () => {
    const bytes = await aFileOverTen();
    // not without the preview's token
    const blind = await uploadFile(c, importUrl(), "bieu.xlsx", bytes, XLSX);
    expect(blind.status).toBe(400);
    expect(blind.body.code).toBe("PREVIEW_REQUIRED");

    const res = await imported(bytes);
    expect(res.importId).toMatch(UUID);
    expect(res.changed).toEqual(["I.1", "II.1", "III.4"]);
    expect(await selfScores()).toEqual({
      "I.1": 14,
      "II.1": 4.5,
      "III.4": { submitted: 10, ineligible: 0 },
    });
    const [record, ...more] = await auditRows("sheet.import");
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      entity: "sheet_import",
      entityId: res.importId,
      reason: "Nhập cột «Điểm tự chấm» từ tệp «bieu.xlsx»: 3 tiêu chí thay đổi.",
      newValue: {
        importId: res.importId,
        fileName: "bieu.xlsx",
        stage: "self",
        sha256: createHash("sha256").update(bytes).digest("hex"),
        changes: [
          { criterionId: "I.1", before: { value: 10, comment: null, version: 1 }, value: 14 },
          { criterionId: "II.1", before: null, value: 4.5, version: 1 },
          { criterionId: "III.4", before: null, value: { submitted: 10, ineligible: 0 } },
        ],
      },
    });
    // each value has its own audit row too, in the same transaction
    expect((await auditRows("score.self")).map((r) => r.entityId)).toEqual(
      ["I.1", "I.1", "II.1", "III.4"].map((id) => `${y.unit.C}/${id}/self`),
    );
    const list = (await c.get(`${unitUrl()}/sheet-imports`)).body.imports;
    expect(list).toEqual([
      expect.objectContaining({
        importId: res.importId,
        fileName: "bieu.xlsx",
        column: "Điểm tự chấm",
        criteria: ["I.1", "II.1", "III.4"],
        by: "Cán bộ C",
        undone: null,
        undoable: true,
      }),
    ]);
    // the same file again changes nothing, and leaves nothing to undo
    const again = await imported(bytes);
    expect(again).toMatchObject({ changed: [], importId: null });
  });

  it("refuses a file changed after the preview, and values saved by someone else meanwhile", async () => {
    const bytes = await aFileOverTen();
    const seen = await preview(bytes);
    const other = await filledSheet({ "I.1": 13, "II.1": "4,5" });
    const before = await fingerprint(t);
    const changedFile = await confirm(other, seen.body.token);
    expect(changedFile.status).toBe(409);
    expect(changedFile.body.code).toBe("FILE_CHANGED");
    expect(changedFile.body.message).toMatch(/Tệp «bieu\.xlsx» khác với tệp đã xem trước/);
    expect(await fingerprint(t)).toBe(before);

    // another officer of the unit saves I.1 between the preview and the confirmation
    await createUser(t.database, {
      username: "u-c2",
      role: "unit",
      unitId: y.unit.C as number,
      displayName: "Trần Thị Bình",
    });
    const colleague = await signIn(t.app, "u-c2");
    const saved = await colleague.put(`${unitUrl()}/scores/I.1`, { value: 12, version: 1 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const stale = await confirm(bytes, seen.body.token);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/Trần Thị Bình đã lưu điểm tiêu chí I\.1 lúc/);
    expect(await selfScores()).toEqual({ "I.1": 12 });

    // a value the file kept as it was, then changed by someone: a change the preview did not show
    const same = await filledSheet({ "I.1": 12 });
    const unchanged = await preview(same);
    expect(unchanged.body.changes).toEqual([]);
    await colleague.put(`${unitUrl()}/scores/I.1`, { value: 11, version: 2 });
    const unseen = await confirm(same, unchanged.body.token);
    expect(unseen.status).toBe(409);
    expect(unseen.body.message).toMatch(
      /Trần Thị Bình đã sửa điểm tiêu chí I\.1 lúc .* sau khi bạn xem trước tệp/,
    );
    expect(await selfScores()).toEqual({ "I.1": 11 });
  });
});

describe("undoing an import", () => {
  it("puts every value back, removing those the import created, each with its audit row", async () => {
    const { importId } = await imported(await aFileOverTen());
    const res = await undo(importId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      importId,
      fileName: "bieu.xlsx",
      restored: ["I.1"],
      removed: ["II.1", "III.4"],
    });
    expect(await selfScores()).toEqual({ "I.1": 10 });

    const reason = "Hoàn tác nhập từ tệp «bieu.xlsx».";
    const restored = (await auditRows("score.self")).at(-1);
    expect(restored).toMatchObject({
      entityId: `${y.unit.C}/I.1/self`,
      oldValue: { value: 14 },
      newValue: { value: 10 },
      reason,
    });
    expect(await auditRows("score.self.remove")).toEqual([
      expect.objectContaining({
        entityId: `${y.unit.C}/II.1/self`,
        oldValue: { value: 4.5, comment: null },
        newValue: null,
        reason,
      }),
      expect.objectContaining({
        entityId: `${y.unit.C}/III.4/self`,
        oldValue: { value: { submitted: 10, ineligible: 0 }, comment: null },
        reason,
      }),
    ]);
    expect(await auditRows("sheet.importUndo")).toEqual([
      expect.objectContaining({ entityId: importId, reason }),
    ]);
    const [listed] = (await c.get(`${unitUrl()}/sheet-imports`)).body.imports;
    expect(listed).toMatchObject({
      importId,
      undoable: false,
      undone: { by: "Cán bộ C" },
    });

    // once is enough
    const twice = await undo(importId);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/Cán bộ C đã hoàn tác lần nhập từ tệp «bieu\.xlsx» lúc/);
    // the values can be typed again at the same versions' successors, as after any change
    expect((await c.put(`${unitUrl()}/scores/II.1`, { value: 3 })).status).toBe(200);
  });

  it("is refused once a value the import wrote was changed again, naming it and who", async () => {
    const { importId } = await imported(await aFileOverTen());
    const later = await c.put(`${unitUrl()}/scores/II.1`, { value: 4, version: 1 });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const before = await fingerprint(t);
    const res = await undo(importId);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /Cán bộ C đã sửa điểm tiêu chí II\.1 lúc .* sau lần nhập từ tệp «bieu\.xlsx»: không hoàn tác được/,
    );
    expect(await fingerprint(t)).toBe(before);
  });

  it("is refused once the sheet has moved past the stage the import wrote", async () => {
    const { importId } = await imported(await aFileOverTen());
    await t.database.db
      .update(periodUnits)
      .set({ sheetStatus: "submitted" })
      .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.C as number)));
    const before = await fingerprint(t);
    const res = await undo(importId);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /Lần nhập từ tệp «bieu\.xlsx» đã ghi cột «Điểm tự chấm»; biểu nay ở bước «Đã nộp, chờ Cụm chấm»/,
    );
    expect(await fingerprint(t)).toBe(before);
    const [listed] = (await c.get(`${unitUrl()}/sheet-imports`)).body.imports;
    expect(listed).toMatchObject({ importId, undoable: false, undone: null });
    // nor may anyone else undo it: the leader writes the cluster's column now
    const leader = await signIn(t.app, "u-a");
    expect((await undo(importId, leader)).status).toBe(409);
  });

  it("puts the cluster's scores back with the reasons they had", async () => {
    await c.put(`${unitUrl()}/scores/I.1`, { value: 10 });
    await c.put(`${unitUrl()}/scores/I.2`, { value: 10 });
    await t.database.db
      .update(periodUnits)
      .set({ sheetStatus: "submitted" })
      .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.C as number)));
    const leader = await signIn(t.app, "u-a");
    const kept = await leader.put(`${unitUrl()}/scores/I.1`, {
      value: 8,
      comment: "Thiếu minh chứng tăng trưởng",
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    const bytes = await filledSheet({ "I.1": 9, "I.2": 9 }, 5);
    const seen = await preview(bytes, leader);
    expect(seen.body).toMatchObject({ stage: "cluster", column: "Điểm Cụm thi đua chấm" });
    expect(seen.body.changes.map((x: { before: string | null }) => x.before)).toEqual(["8", null]);
    const { importId } = await imported(bytes, leader);
    const cluster = async () =>
      Object.fromEntries(
        (await leader.get(`${unitUrl()}/sheet`)).body.rows
          .filter((r: { values: { cluster?: unknown } }) => r.values.cluster)
          .map(
            (r: {
              criterionId: string;
              values: { cluster: { value: number; comment: string } };
            }) => [r.criterionId, [r.values.cluster.value, r.values.cluster.comment]],
          ),
      );
    expect(await cluster()).toEqual({
      "I.1": [9, "Theo biểu chấm điểm nhập từ tệp «bieu.xlsx»."],
      "I.2": [9, "Theo biểu chấm điểm nhập từ tệp «bieu.xlsx»."],
    });
    // the unit cannot undo the cluster's import
    expect((await undo(importId)).status).toBe(409);
    const res = await undo(importId, leader);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await cluster()).toEqual({
      "I.1": [8, "Hoàn tác nhập từ tệp «bieu.xlsx». Lý do trước đó: Thiếu minh chứng tăng trưởng"],
    });
  });
});
