/**
 * Every main page in a real browser: it opens for the people who use it, reads in Vietnamese,
 * fits 1366×768 and a phone, and has no serious or critical accessibility violation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkPage,
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
  it("shows the sign-in page within 2 seconds from a cold browser", async () => {
    const cold = await launchBrowser();
    const page = await cold.newPage({ viewport: { width: 1366, height: 768 } });
    const started = performance.now();
    await page.goto(server.url);
    await page.getByLabel("Tên đăng nhập").waitFor();
    const ms = Math.round(performance.now() - started);
    writeFileSync(
      join(SCREENSHOTS, "first-page.json"),
      JSON.stringify({ firstPageMs: ms, at: new Date().toISOString() }),
    );
    expect(await checkPage(page, "dang-nhap")).toEqual([]);
    await cold.close();
    expect(ms).toBeLessThan(2000);
  });

  it("lets a leader open the home page and every page of the year", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
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
    await page.close();
  });
});
