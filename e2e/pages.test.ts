/**
 * Every main page in a real browser: it opens for the people who use it, reads in Vietnamese,
 * fits 1366×768 and a phone, and has no serious or critical accessibility violation.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkPage,
  consoleErrors,
  hasChromium,
  launchBrowser,
  type Running,
  SCREENSHOTS,
  signIn,
  startServer,
} from "./harness.ts";

let server: Running;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!hasChromium)("main pages", () => {
  // the time is recorded for docs/benchmarks.md (npm run bench:web measures it too), not asserted
  it("shows the sign-in page to a cold browser, and records how long it took", async () => {
    const cold = await launchBrowser();
    const page = await cold.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = consoleErrors(page);
    const started = performance.now();
    await page.goto(server.url);
    await page.getByLabel("Tên đăng nhập").waitFor();
    const ms = Math.round(performance.now() - started);
    writeFileSync(
      join(SCREENSHOTS, "first-page.json"),
      JSON.stringify({ firstPageMs: ms, at: new Date().toISOString() }),
    );
    expect(await checkPage(page, "dang-nhap")).toEqual([]);
    // asking whether one is signed in is not an error
    expect(errors).toEqual([]);
    await cold.close();
  });

  it("lets a leader open the home page and every page of the year", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = consoleErrors(page);
    await signIn(page, server.url, "dienluc");
    await expect.poll(() => page.getByText("Xin chào").count()).toBeGreaterThan(0);
    expect(await checkPage(page, "trang-chu")).toEqual([]);
    await page
      .getByRole("link", { name: /Khối thi đua các doanh nghiệp/ })
      .first()
      .click();
    const base = new URL(page.url()).pathname;
    for (const [path, name] of [
      ["", "tong-quan"],
      ["/tieu-chi", "bo-tieu-chi"],
      ["/ra-soat", "ra-soat"],
      ["/ket-qua", "ket-qua"],
      ["/hop", "cuoc-hop"],
    ] as const) {
      await page.goto(`${server.url}${base}${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await checkPage(page, name), name).toEqual([]);
    }
    // the unit's own sheet, from the year's menu
    await page.getByRole("link", { name: "Biểu chấm điểm", exact: true }).click();
    await page.getByRole("heading", { name: /Biểu chấm điểm: Công ty Điện lực/ }).waitFor();
    expect(await checkPage(page, "bieu-cham-diem")).toEqual([]);
    await page.goto(`${server.url}/lich`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(errors, "console errors on the leader's pages").toEqual([]);
    expect(await checkPage(page, "lich-thi-dua")).toEqual([]);
    await page.close();
  });

  it("lets the standing agency open the appraisal and the administrator the administration", async () => {
    for (const [username, path, name] of [
      ["bantdkt-langson", "/tham-dinh", "tham-dinh"],
      ["quantri", null, "quan-tri"],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      await signIn(page, server.url, username);
      if (path) {
        await page
          .getByRole("link", { name: /Khối thi đua các doanh nghiệp/ })
          .first()
          .click();
        await page.goto(`${page.url()}${path}`);
      } else {
        await page.getByRole("link", { name: "Quản trị" }).click();
      }
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      expect(await checkPage(page, name), name).toEqual([]);
      await context.close();
    }
  });

  it("lets the administrator download a backup of the whole system, with its progress", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, server.url, "quantri");
    await page.getByRole("link", { name: "Quản trị" }).click();
    await page.getByRole("tab", { name: "Sao lưu" }).click();
    await page.getByRole("button", { name: "Tạo bản sao lưu" }).click();
    await page.getByRole("progressbar", { name: "Tiến độ sao lưu" }).waitFor();
    const link = page.getByRole("link", { name: /Tải về tdkt-sao-luu-.*\.tar\.gz/ });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^tdkt-sao-luu-.*\.tar\.gz$/);
    await page.getByText(/Đang tải về tdkt-sao-luu-/).waitFor();
    // a gzip-compressed tar whose manifest names the tables and the schema
    const archive = gunzipSync(readFileSync(await download.path()));
    const text = archive.toString("latin1");
    expect(text).toContain("tables/users.jsonl");
    expect(text).toContain('"format": "tdkt-backup"');
    expect(text).toContain("quantri");
    expect(await checkPage(page, "sao-luu")).toEqual([]);
    await context.close();
  });

  it("takes a scoring sheet filled offline: a wrong cell named, the changes previewed, confirmed, undone", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, server.url, "ximangdongbanh");
    await page
      .getByRole("link", { name: /Khối thi đua các doanh nghiệp/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Biểu chấm điểm", exact: true }).click();
    await page.getByRole("heading", { name: /Biểu chấm điểm: Công ty Cổ phần Xi măng/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải biểu (Excel)" }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const row = (key: string) => {
      for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === key) return r;
      throw new Error(`no row ${key}`);
    };
    // the unit's self-scores are in the file as saved: II.4 is 5; the officer types 4,5 and 16
    expect(ws.getCell(row("II.4"), 4).value).toBe(5);
    ws.getCell(row("II.4"), 4).value = "4,5";
    ws.getCell(row("I.3"), 4).value = 16;
    const dir = mkdtempSync(join(tmpdir(), "tdkt-e2e-file-"));
    const filled = join(dir, "bieu-cham-diem.xlsx");
    await workbook.xlsx.writeFile(filled);
    const input = page.locator("input[type=file][accept='.xlsx']");
    await input.setInputFiles(filled);
    const refused = page.getByRole("dialog", { name: "Tệp chưa nhập được" });
    await refused.getByText(`Trang «Biểu chấm điểm», ô D${row("I.3")}`).waitFor();
    expect(await refused.innerText()).toMatch(/vượt điểm tối đa 15/);
    await refused.getByRole("button", { name: "Đóng" }).last().click();
    expect(await page.getByLabel("Điểm — tiêu chí II.4", { exact: true }).inputValue()).toBe("5");

    ws.getCell(row("I.3"), 4).value = 14;
    await workbook.xlsx.writeFile(filled);
    const score = () => page.getByLabel("Điểm — tiêu chí II.4", { exact: true }).inputValue();
    // every change is shown before anything is saved; «Hủy» leaves the sheet as it was
    await input.setInputFiles(filled);
    const preview = page.getByRole("dialog", { name: "Xem trước các thay đổi" });
    await preview.getByText("1 tiêu chí thay đổi").waitFor();
    const change = preview.getByRole("row", { name: /II\.4/ });
    expect((await change.getByRole("cell").allInnerTexts()).slice(1)).toEqual(["5", "4,5"]);
    await preview.getByRole("button", { name: "Hủy" }).click();
    await preview.waitFor({ state: "hidden" });
    expect(await score()).toBe("5");

    await input.setInputFiles(filled);
    await preview.getByRole("button", { name: "Nhập các thay đổi" }).click();
    await page.getByText("Đã nhập cột «Điểm tự chấm»: 1 tiêu chí thay đổi.").waitFor();
    await expect.poll(score).toBe("4,5");

    // the import stays undoable while the sheet is being self-scored
    const last = page.getByRole("alert").filter({ hasText: "Lần nhập gần nhất" });
    await last.getByText(/tệp «bieu-cham-diem\.xlsx», 1 tiêu chí thay đổi/).waitFor();
    await last.getByRole("button", { name: "Hoàn tác" }).click();
    await page.locator(".ant-modal-confirm").getByRole("button", { name: "Hoàn tác" }).click();
    await page
      .getByText("Đã hoàn tác lần nhập từ tệp «bieu-cham-diem.xlsx»: 1 tiêu chí trở lại như trước.")
      .waitFor();
    await expect.poll(score).toBe("5");
    await last.waitFor({ state: "hidden" });
    await context.close();
  });

  it("shows the demo banner, and lets a user change their own password from the menu", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByText(/Dữ liệu minh họa/).waitFor();
    await signIn(page, server.url, "namke");
    await page.getByText(/Dữ liệu minh họa/).waitFor();
    await page.getByRole("button", { name: /Tài khoản:/ }).click();
    await page.getByRole("menuitem", { name: "Đổi mật khẩu" }).click();
    await page.getByRole("heading", { name: "Đổi mật khẩu" }).waitFor();
    expect(await checkPage(page, "doi-mat-khau")).toEqual([]);
    await page.getByLabel("Mật khẩu hiện tại").fill("sai-mat-khau");
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("mat-khau-cua-toi-2026");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("mat-khau-cua-toi-2026");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.getByText(/Mật khẩu hiện tại không đúng/).waitFor();
    const elsewhere = await server.as("namke"); // the same account on another machine
    await page.getByLabel("Mật khẩu hiện tại").fill("tdkt2025");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.getByText(/Đã đổi mật khẩu/).waitFor();
    // the other session ended, this one goes on; the new password opens the account, not the old
    expect((await elsewhere.get("/api/auth/me")).body.user).toBeNull();
    await page.getByRole("link", { name: "Trang chủ" }).click();
    await page.getByText("Xin chào").first().waitFor();
    const login = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "namke", password }),
      }).then((r) => r.status);
    expect(await login("tdkt2025")).toBe(401);
    expect(await login("mat-khau-cua-toi-2026")).toBe(200);
    await context.close();
  });

  it("can be used from the keyboard alone: sign in, open a year, score a cell, move on", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel("Tên đăng nhập").focus();
    await page.keyboard.type("thuocla");
    await page.keyboard.press("Tab");
    await page.keyboard.type("tdkt2025");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    // Tab through the page until the year's link has the focus, then Enter
    const year = page.getByRole("link", { name: /Khối thi đua các doanh nghiệp/ }).first();
    for (let i = 0; i < 30 && !(await year.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
    const sheet = page.getByRole("link", { name: "Biểu chấm điểm", exact: true });
    for (let i = 0; i < 30 && !(await sheet.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Biểu chấm điểm:/ }).waitFor();
    // a draft sheet: type in a cell, Enter saves and moves down, as in a spreadsheet
    const cell = page.getByLabel("Điểm — tiêu chí III.2.1", { exact: true });
    await cell.focus();
    await page.keyboard.type("2");
    await page.keyboard.press("Enter");
    const next = page.getByLabel("Điểm — tiêu chí III.2.2", { exact: true });
    expect(await next.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByText(/Đã lưu lúc/).waitFor();
    await context.close();
  });
});
