/**
 * A messy year, as officers live it, in Chromium on the demonstration data: two units claim the
 * same one-unit bonus (the results and the files still come out, with a warning naming both,
 * until the leader settles it); a unit imports another unit's sheet by mistake (refused by
 * name); the cluster publishes before appraisal (only as "tạm tính", marked); the data agency
 * enters a figure the unit then sees with its source; after the lock every write that would
 * change a result answers 409 and nothing changes in the database.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodUnits } from "../src/server/db/schema.ts";
import { fingerprint } from "../test/routes.ts";
import type { Client } from "../test/server.ts";
import {
  checkPage,
  hasChromium,
  launchBrowser,
  type Running,
  signIn,
  startServer,
} from "./harness.ts";

const BLOCK = /Khối thi đua các doanh nghiệp/;
const XI_MANG = "Công ty Cổ phần Xi măng Đồng Bành";
const THUOC_LA = "Công ty TNHH Một thành viên Thuốc lá Lạng Sơn";
const BONUS = "III.6.1";
/** The warning names both units (in the order of the cluster's list). */
const CLAIMED = new RegExp(`(${XI_MANG}, ${THUOC_LA}|${THUOC_LA}, ${XI_MANG}) cùng đề nghị thưởng`);

let server: Running;
let browser: Browser;
let periodId: number;
const unitIdOf: Record<string, number> = {};
const api: Record<string, Client> = {};

async function page(username: string): Promise<Page> {
  // each wait on the page up to the harness's WAIT_MS
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const p = await context.newPage();
  await signIn(p, server.url, username);
  return p;
}
const open = async (p: Page, path: string) => {
  await p.goto(`${server.url}/ky/${periodId}${path}`);
  await p.getByRole("heading", { level: 2 }).first().waitFor();
};
async function setStatus(status: string, names: string[]) {
  for (const name of names) {
    await server.database.db
      .update(periodUnits)
      .set({ sheetStatus: status })
      .where(
        and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, unitIdOf[name] as number)),
      );
  }
}

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
  for (const u of ["dienluc", "ximangdongbanh", "thuocla", "bantdkt-langson"]) {
    api[u] = await server.as(u);
  }
  const mine = await (api.dienluc as Client).get("/api/me/periods");
  periodId = mine.body.periods.find((p: { cluster: { name: string } }) =>
    BLOCK.test(p.cluster.name),
  ).id;
  const overview = await (api.dienluc as Client).get(`/api/periods/${periodId}`);
  for (const u of overview.body.units) unitIdOf[u.name] = u.id;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!hasChromium)("a messy year", () => {
  it("two units claim the one-unit bonus: a warning everywhere, every file still comes out", async () => {
    // the cement company proposed itself for the bonus in its self-scoring (the demo's 2);
    // the tobacco company does the same
    const sheetOf = (user: string, name: string) =>
      (api[user] as Client).get(`/api/periods/${periodId}/units/${unitIdOf[name]}/sheet`);
    const bonusOf = async (user: string, name: string) =>
      (await sheetOf(user, name)).body.rows.find(
        (r: { criterionId: string }) => r.criterionId === BONUS,
      ).values.self;
    expect((await bonusOf("ximangdongbanh", XI_MANG))?.value).toBe(2);
    const saved = await (api.thuocla as Client).put(
      `/api/periods/${periodId}/units/${unitIdOf[THUOC_LA]}/scores/${BONUS}`,
      {
        value: 2,
        explanation: "Mô hình mới trong sản xuất",
        version: (await bonusOf("thuocla", THUOC_LA))?.version ?? 0,
      },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const leader = await page("dienluc");
    await open(leader, "/ket-qua");
    await leader.getByText(CLAIMED).first().waitFor();
    expect(await checkPage(leader, "ket-qua-tranh-chap-thuong")).toEqual([]);
    // the files come out from the same page
    const [download] = await Promise.all([
      leader.waitForEvent("download"),
      leader.getByRole("link", { name: "Bảng tổng hợp (Excel)" }).click(),
    ]);
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.readFile(await download.path());
    const names: unknown[] = [];
    (summary.worksheets[0] as ExcelJS.Worksheet).eachRow((r) => names.push(r.getCell(2).value));
    expect(names).toEqual(expect.arrayContaining([XI_MANG, THUOC_LA]));
    // …and the file carries the warning too
    expect(names.some((n) => CLAIMED.test(String(n)))).toBe(true);
    for (const url of [
      `/api/periods/${periodId}/documents/workbook.xlsx`,
      `/api/periods/${periodId}/units/${unitIdOf[THUOC_LA]}/documents/sheet.xlsx`,
    ]) {
      const res = await (api.dienluc as Client).inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
    }
    for (const url of [
      `/api/periods/${periodId}/documents/proposal.docx`,
      `/api/periods/${periodId}/documents/report.docx?kind=annual`,
    ]) {
      const res = await (api.dienluc as Client).inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      const xml =
        (await (
          await JSZip.loadAsync(res.rawPayload)
        )
          .file("word/document.xml")
          ?.async("string")) ?? "";
      expect(xml.replace(/<[^>]+>/g, ""), url).toMatch(CLAIMED);
    }
    // the unit sees it on its own sheet
    const unit = await page("thuocla");
    await open(unit, `/don-vi/${unitIdOf[THUOC_LA]}`);
    await unit.getByText(CLAIMED).first().waitFor();
    await leader.context().close();
    await unit.context().close();
  });

  it("refuses another unit's sheet on import, naming it, and changes nothing", async () => {
    const res = await (api.dienluc as Client).inject({
      method: "GET",
      url: `/api/periods/${periodId}/units/${unitIdOf[XI_MANG]}/documents/sheet.xlsx`,
    });
    const file = join(mkdtempSync(join(tmpdir(), "tdkt-e2e-messy-")), "bieu-cham-diem.xlsx");
    writeFileSync(file, res.rawPayload);
    const before = await (api.thuocla as Client).get(
      `/api/periods/${periodId}/units/${unitIdOf[THUOC_LA]}/sheet`,
    );
    const unit = await page("thuocla");
    await open(unit, `/don-vi/${unitIdOf[THUOC_LA]}`);
    await unit.locator("input[type=file][accept='.xlsx']").setInputFiles(file);
    const refused = unit.getByRole("dialog", { name: "Tệp chưa nhập được" });
    await refused.getByText(`biểu này là của «${XI_MANG}», không phải của «${THUOC_LA}»`).waitFor();
    await refused.getByRole("button", { name: "Đóng" }).last().click();
    const after = await (api.thuocla as Client).get(
      `/api/periods/${periodId}/units/${unitIdOf[THUOC_LA]}/sheet`,
    );
    expect(after.body.rows).toEqual(before.body.rows);
    await unit.context().close();
  });

  it("publishes before appraisal only as 'tạm tính', with a reason, marked for the members", async () => {
    const leader = await page("dienluc");
    await open(leader, "/ket-qua");
    await leader.getByRole("button", { name: "Công bố kết quả" }).click();
    const modal = leader.getByRole("dialog", { name: "Công bố kết quả tạm tính" });
    await modal
      .getByText(/biểu chưa khớp điểm/)
      .first()
      .waitFor();
    await modal
      .getByLabel("Lý do Khối quyết định công bố tạm tính")
      .fill("Hội nghị sơ kết cần số liệu tạm tính để các đơn vị phấn đấu");
    await modal.getByRole("button", { name: "Công bố tạm tính" }).click();
    await modal.waitFor({ state: "hidden" });
    const member = await page("thuocla");
    await open(member, "/ket-qua");
    await member.getByText("KẾT QUẢ TẠM TÍNH").first().waitFor();
    expect(await checkPage(member, "ket-qua-tam-tinh")).toEqual([]);
    await leader.context().close();
    await member.context().close();
  });

  it("the data agency enters a figure that the unit then sees with its source", async () => {
    const agency = await page("cuc-thong-ke");
    await agency
      .getByRole("link", { name: /Cụm thi đua các xã vùng cao/ })
      .first()
      .click();
    await agency.getByRole("link", { name: "Số liệu chính thức", exact: true }).click();
    await agency.getByRole("heading", { name: "Số liệu chính thức" }).waitFor();
    expect(await checkPage(agency, "so-lieu-chinh-thuc")).toEqual([]);
    await agency.getByRole("button", { name: "Nhập số liệu — Xã Mường Toong" }).click();
    await agency.getByRole("heading", { name: "Biểu chấm điểm: Xã Mường Toong" }).waitFor();
    const cell = agency.getByRole("group", {
      name: "Số liệu chính thức — tiêu chí I.2",
      exact: true,
    });
    await cell.getByLabel("Kế hoạch — tiêu chí I.2", { exact: true }).fill("1200");
    await cell.getByLabel("Thực hiện — tiêu chí I.2", { exact: true }).fill("1150");
    await cell.getByLabel("Thực hiện — tiêu chí I.2", { exact: true }).press("Enter");
    await agency.getByText(/Đã lưu lúc/).waitFor();
    expect(await checkPage(agency, "so-lieu-bieu-don-vi")).toEqual([]);
    // saved: there after a reload
    await agency.reload();
    await expect
      .poll(() => cell.getByLabel("Thực hiện — tiêu chí I.2", { exact: true }).inputValue())
      .toBe("1150");
    const unit = await page("muongtoong");
    await unit
      .getByRole("link", { name: /Cụm thi đua các xã vùng cao/ })
      .first()
      .click();
    await unit.getByRole("link", { name: "Biểu chấm điểm", exact: true }).click();
    await unit
      .getByRole("button", { name: "số liệu của Cục Thống kê tỉnh Điện Biên" })
      .first()
      .waitFor();
    expect(await checkPage(unit, "so-lieu-don-vi-xem")).toEqual([]);
    await agency.context().close();
    await unit.context().close();
  });

  it("the leader settles the bonus at the cluster stage, on the review page: the warning is gone", async () => {
    await setStatus("submitted", [XI_MANG, THUOC_LA]);
    const leader = await page("dienluc");
    await open(leader, "/ra-soat");
    await leader.getByText(CLAIMED).first().waitFor();
    await leader.getByRole("button", { name: "Quyết định đơn vị được thưởng" }).first().click();
    const dialog = leader.getByRole("dialog", { name: /Quyết định đơn vị được thưởng/ });
    await dialog.getByRole("radio", { name: new RegExp(XI_MANG) }).check();
    await dialog.getByLabel(/Lý do/).fill(`Khối thống nhất thưởng mô hình mới cho ${XI_MANG}`);
    await dialog.getByRole("button", { name: "Lưu quyết định" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => leader.getByText(CLAIMED).count()).toBe(0);
    const sheet = await (api.thuocla as Client).get(
      `/api/periods/${periodId}/units/${unitIdOf[THUOC_LA]}/sheet`,
    );
    const row = sheet.body.rows.find((r: { criterionId: string }) => r.criterionId === BONUS);
    expect(row.values.cluster).toMatchObject({
      value: 0,
      comment: `Khối thống nhất thưởng mô hình mới cho ${XI_MANG}`,
    });
    await open(leader, "/ket-qua");
    await leader.getByRole("columnheader", { name: "Tổng" }).waitFor();
    expect(await leader.getByText(CLAIMED).count()).toBe(0);
    await leader.context().close();
  });

  it("after the lock, every write that would change a result answers 409 and nothing changes", async () => {
    const all = Object.keys(unitIdOf);
    await setStatus("appraised", all);
    const standing = api["bantdkt-langson"] as Client;
    const lock = await standing.post(`/api/periods/${periodId}/lock`, {
      confirmation: "KHÓA KẾT QUẢ",
      decision: "Quyết định số 15/QĐ-BTĐKT ngày 15/01/2026",
    });
    expect(lock.status, JSON.stringify(lock.body)).toBe(200);
    const before = await fingerprint({ database: server.database } as never);
    const p = `/api/periods/${periodId}`;
    const xi = unitIdOf[XI_MANG];
    const version = (await standing.get(`${p}/units/${xi}/sheet`)).body.unit.version;
    const attempts: [Client, "PUT" | "POST", string, unknown][] = [
      [standing, "PUT", `${p}/units/${xi}/scores/I.1`, { value: 1, comment: "Sửa sau khóa" }],
      [
        standing,
        "PUT",
        `${p}/units/${xi}/standing-facts`,
        { flags: ["seriousViolation"], reason: "Vụ việc báo sau khi khóa", version },
      ],
      [api.dienluc as Client, "POST", `${p}/units/${xi}/pact`, { signedOn: "2025-02-01", version }],
      [api.thuocla as Client, "PUT", `${p}/units/${unitIdOf[THUOC_LA]}/scores/I.1`, { value: 1 }],
      [
        api.dienluc as Client,
        "POST",
        `${p}/units/${xi}/transitions`,
        { action: "sendBack", reason: "x", version },
      ],
    ];
    for (const [client, method, url, body] of attempts) {
      const res = await client.request(method, url, body);
      expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(409);
      expect(res.body.code).toBe("PERIOD_LOCKED");
    }
    expect(await fingerprint({ database: server.database } as never)).toBe(before);
    // the screen says so
    const agency = await page("bantdkt-langson");
    await open(agency, "/tham-dinh");
    await agency
      .getByText(/đã khóa lúc .* theo Quyết định số 15\/QĐ-BTĐKT/)
      .first()
      .waitFor();
    await agency.context().close();
  });
});
