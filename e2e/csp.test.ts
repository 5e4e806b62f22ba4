/**
 * The Content-Security-Policy (src/server/csp.ts) in a real browser. Every browser test watches
 * the console of each page it opens for a violation (e2e/harness.ts, checked after each test by
 * e2e/csp-watch.ts); this file sends the policy, shows that a violation provoked on purpose is
 * seen, and does what writes styles or loads files where no other test goes: the evidence
 * previews (an image and a PDF from blob: URLs), the sheet's history, a chart's tooltip, a text
 * area that grows, every tab of the administration, the scheme builder and Swagger UI.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPdf } from "../test/server.ts";
import {
  hasChromium,
  launchBrowser,
  type Running,
  signIn,
  startServer,
  takeCspViolations,
} from "./harness.ts";

const BLOCK = /Khối thi đua các doanh nghiệp/;
/** A 1×1 PNG, as an evidence image. */
const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let server: Running;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  return context.newPage();
}

/** The page has shown `shown` and finished loading its data. */
async function settled(page: Page, shown: Locator): Promise<void> {
  await shown.first().waitFor();
  await expect.poll(() => page.locator(".ant-spin-spinning").count()).toBe(0);
}

const heading = (page: Page, name: string | RegExp, level = 2) =>
  page.getByRole("heading", { level, name });

/** Opens a page of the year from the year's own menu. */
async function openTab(page: Page, link: string, shown: Locator): Promise<void> {
  await page.getByRole("link", { name: link, exact: true }).click();
  await settled(page, shown);
}

/** Signs in, and opens the home page and the year of the cluster `cluster`. */
async function signInAndOpenYear(page: Page, username: string, cluster: RegExp): Promise<void> {
  await signIn(page, server.url, username);
  await settled(page, heading(page, /Xin chào/, 1));
  await page.getByRole("link", { name: cluster }).first().click();
  await settled(page, heading(page, "Tổng quan"));
}

describe.skipIf(!hasChromium)("content security policy", () => {
  it("is sent with the page: a fresh style nonce each time, no inline script, no framing", async () => {
    const policies: string[] = [];
    const pages: string[] = [];
    for (const path of ["/", "/ky/1/ra-soat"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      policies.push(res.headers.get("content-security-policy") ?? "");
      pages.push(await res.text());
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    for (const [i, policy] of policies.entries()) {
      const directives = new Map(
        policy.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
      expect(directives.get("default-src")).toEqual(["'self'"]);
      expect(directives.get("script-src")).toEqual(["'self'"]);
      expect(directives.get("object-src")).toEqual(["'none'"]);
      expect(directives.get("base-uri")).toEqual(["'self'"]);
      expect(directives.get("form-action")).toEqual(["'self'"]);
      expect(directives.get("connect-src")).toEqual(["'self'"]);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy).not.toMatch(/'unsafe-eval'/);
      // <style> elements only with the page's nonce, which the page carries
      const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      expect(directives.get("style-src")).not.toContain("'unsafe-inline'");
      expect(pages[i]).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(pages[i]).not.toContain("__CSP_NONCE__");
    }
    expect(policies[0]).not.toBe(policies[1]);
    // the API's answers and the built files carry the policy too
    for (const path of ["/api/health", "/api/docs"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get("content-security-policy"), path).toMatch(/frame-ancestors 'none'/);
    }
  });

  it("sees a violation provoked on purpose, and the browser refuses it", async () => {
    const page = await newPage();
    await page.goto(server.url);
    await settled(page, page.getByLabel("Tên đăng nhập"));
    const seen: string[] = [];
    const directives = await page.evaluate(async () => {
      const found: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => found.push(e.effectiveDirective));
      const script = document.createElement("script");
      script.textContent = "window.injected = true;";
      document.body.append(script);
      const holder = document.createElement("div");
      holder.innerHTML = "<style>body { background: red; }</style>";
      document.body.append(holder);
      while (found.length < 2) await new Promise((r) => setTimeout(r, 20));
      return found;
    });
    expect(directives).toEqual(["script-src-elem", "style-src-elem"]);
    // the watch every browser test has (e2e/harness.ts) sees both in the console
    await expect
      .poll(() => {
        seen.push(...takeCspViolations());
        return seen.length;
      })
      .toBe(2);
    expect(seen[0]).toMatch(/inline script.*Content Security Policy directive 'script-src/);
    expect(seen[1]).toMatch(/inline style.*Content Security Policy directive 'style-src/);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      "rgb(255, 0, 0)",
    );
    await page.context().close();
  });

  it("lets a unit officer preview an image and a PDF as evidence, and read the sheet's history", async () => {
    const page = await newPage();
    await signInAndOpenYear(page, "thuocla", BLOCK);
    await openTab(page, "Biểu chấm điểm", heading(page, /Biểu chấm điểm:/));
    // a dialog (it locks the page's scroll with a <style> of its own), and the evidence
    // previews: an image and a PDF from blob: URLs
    await page.getByRole("button", { name: "Thêm minh chứng — tiêu chí I.1" }).click();
    const modal = page.getByRole("dialog", { name: /Minh chứng — I\.1/ });
    const input = modal.locator("input[type=file]");
    await input.setInputFiles({ name: "anh-chup.png", mimeType: "image/png", buffer: TINY_PNG });
    await modal.getByText("anh-chup.png").first().waitFor();
    await input.setInputFiles({
      name: "bao-cao.pdf",
      mimeType: "application/pdf",
      buffer: tinyPdf(),
    });
    await modal.getByText("bao-cao.pdf").first().waitFor();
    await modal
      .getByRole("listitem")
      .filter({ hasText: "anh-chup.png" })
      .getByRole("button", { name: "Xem" })
      .click();
    const image = modal.getByRole("img", { name: "anh-chup.png" });
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1);
    await modal
      .getByRole("listitem")
      .filter({ hasText: "bao-cao.pdf" })
      .getByRole("button", { name: "Xem" })
      .click();
    // the PDF opens in the frame (Chromium's viewer keeps loading parts of itself: no
    // "network idle" to wait for), from the blob: URL
    const src = await modal.locator("iframe[title='Xem trước bao-cao.pdf']").getAttribute("src");
    expect(src).toMatch(/^blob:/);
    await expect.poll(() => page.frames().some((f) => f.url() === src)).toBe(true);
    await page.frame({ url: src as string })?.waitForLoadState("load");
    await modal.getByRole("button", { name: "Đóng" }).last().click();
    await modal.waitFor({ state: "hidden" });
    // the sheet's history, newest first: the two files just added head it; narrowed to evidence
    await page.getByRole("button", { name: "Lịch sử", exact: true }).click();
    const history = page.getByRole("dialog", { name: "Lịch sử chấm điểm" });
    await settled(page, history.getByText(/^Hiển thị (tất cả )?\d+ mục/));
    await history.getByRole("combobox", { name: "Loại thao tác" }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option[title="Minh chứng"]')
      .click();
    await settled(
      page,
      history.getByText(/^Hiển thị (tất cả )?\d+ mục (gần nhất )?phù hợp bộ lọc\.$/),
    );
    await expect.poll(() => history.getByText(/bao-cao\.pdf/).count()).toBeGreaterThan(0);
    expect(await history.getByText("Tự chấm", { exact: true }).count()).toBe(0);
    await history
      .getByRole("button", { name: "Close" })
      .or(history.getByRole("button", { name: "Đóng" }))
      .first()
      .click();
    await history.waitFor({ state: "hidden" });
    await page.context().close();
  });

  it("lets the leader read a chart's tooltip on the results", async () => {
    const page = await newPage();
    await signInAndOpenYear(page, "dienluc", BLOCK);
    await openTab(page, "Kết quả, bình xét", heading(page, "Kết quả, bình xét"));
    // a chart's tooltip is markup with style attributes (style-src-attr)
    const chart = page.getByRole("img", { name: /^Biểu đồ cột tổng điểm/ });
    await chart.locator("svg").first().waitFor();
    await chart.hover();
    await chart.locator(":scope > div span[style*='border-radius']").first().waitFor();
    await page.context().close();
  });

  it("lets the administrator open every tab of the administration, a dialog with a growing text area, and the scheme builder", async () => {
    const page = await newPage();
    await signIn(page, server.url, "quantri");
    await settled(page, heading(page, /Xin chào/, 1));
    await page.getByRole("link", { name: "Quản trị" }).click();
    await settled(page, heading(page, "Quản trị hệ thống", 1));
    for (const [tab, shown] of [
      ["Cấp hành chính", page.getByRole("tree")],
      ["Đơn vị", page.getByRole("tabpanel").getByRole("row").nth(1)],
      ["Cụm, Khối, Hội đồng", page.getByRole("tabpanel").getByRole("row").nth(1)],
      ["Tài khoản", page.getByRole("tabpanel").getByRole("row").nth(1)],
      ["Kỳ thi đua", page.getByRole("tabpanel").getByRole("row").nth(1)],
      ["Sao lưu", page.getByRole("button", { name: "Tạo bản sao lưu" })],
      ["Nhật ký thay đổi", page.getByRole("tabpanel").getByRole("row").nth(1)],
      ["Kiểm tra nhật ký", page.getByRole("button", { name: "Kiểm tra ngay" })],
    ] as const) {
      await page.getByRole("tab", { name: tab }).click();
      await settled(page, shown);
      if (tab === "Kiểm tra nhật ký") {
        // the demo's record, untouched, verifies
        await page.getByRole("button", { name: "Kiểm tra ngay" }).click();
        await settled(
          page,
          page.getByText("Nhật ký nguyên vẹn: không có gì bị sửa ngoài phần mềm."),
        );
      }
      if (tab === "Đơn vị") {
        // a dialog with a text area that grows with its text (measured through a style attribute)
        await page.getByRole("tabpanel").getByRole("button", { name: "Đổi tên" }).first().click();
        const dialog = page.getByRole("dialog", { name: /Đổi tên đơn vị/ });
        await dialog.getByLabel(/Lý do/).fill("Quyết định sáp nhập\nsố 12\ncủa Ủy ban\nnhân dân");
        await settled(page, dialog);
        await dialog.getByRole("button", { name: "Hủy" }).click();
        await dialog.waitFor({ state: "hidden" });
      }
    }
    await page.getByRole("link", { name: "Trang chủ" }).click();
    await page.getByRole("link", { name: BLOCK }).first().click();
    await settled(page, heading(page, "Tổng quan"));
    await openTab(page, "Bộ tiêu chí", page.getByRole("heading", { level: 2 }));
    await page.context().close();
  });

  it("serves Swagger UI at /api/docs", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText("TĐKT Cụm API").first().waitFor();
    await page.locator(".opblock").first().waitFor();
    await page.locator(".opblock-summary").first().click();
    await page.getByRole("button", { name: "Try it out" }).first().waitFor();
    await page.context().close();
  });
});
