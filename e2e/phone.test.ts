/**
 * The product on a phone (390 × 844, touch): every role of the demo opens its home page, a
 * scoring sheet, the cluster review and the results of the highland districts' year, and each
 * page fits the screen's width — nothing to scroll sideways. On the sheet a score input and the
 * sheet's total are on the screen together; on the results a unit's total and proposed award;
 * the menus leave no page beyond the edge; a score and an explanation typed in a card are
 * saved; the leader accepts a unit's value in the review. The screenshots go to
 * docs/screenshots/phone/ (role and page in the file's name).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusters, periods, units } from "../src/server/db/schema.ts";
import {
  hasChromium,
  launchBrowser,
  type Running,
  seriousViolations,
  signIn,
  startServer,
} from "./harness.ts";
import { pageWidth } from "./read-page.ts";

const PHONE = { width: 390, height: 844 };
const SHOTS = join(import.meta.dirname, "..", "docs", "screenshots", "phone");
const CLUSTER = "Cụm thi đua các xã vùng cao";
/** A step on a loaded two-core machine: the page waits for what it shows, never a fixed time. */
const SLOW = { timeout: 60_000 };

let server: Running;
let browser: Browser;
let periodId: number;
const unitIds = new Map<string, number>();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const { db } = server.database;
  const [period] = await db
    .select({ id: periods.id })
    .from(periods)
    .innerJoin(clusters, eq(clusters.id, periods.clusterId))
    .where(eq(clusters.name, CLUSTER));
  periodId = period?.id as number;
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.name, ["Xã Mường Toong", "Xã Sín Thầu"]));
  for (const u of rows) unitIds.set(u.name, u.id);
  // the cluster publishes its provisional results: a member unit sees them too
  const leader = await server.as("muongnhe");
  const published = await leader.post(`/api/periods/${periodId}/publish`, {
    provisional: true,
    reason: "Công bố tạm tính để các đơn vị theo dõi trên điện thoại",
  });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(SLOW.timeout);
  return { context, page };
}

/** Scrolled into view vertically, the element lies inside the phone's screen. */
async function expectOnScreen(locator: Locator, what: string, scroll = true): Promise<void> {
  if (scroll) await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  expect(box, `${what}: shown`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(PHONE.width);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(PHONE.height);
}

/**
 * The page as it is now: no sideways scrolling, then its screenshot; the layouts made for the
 * phone (`axe`) also without a serious or critical accessibility violation.
 */
async function shoot(page: Page, role: string, name: string, axe = false): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await pageWidth(page), `${role}, ${name}: page wider than the phone`).toBeLessThanOrEqual(
    PHONE.width,
  );
  await page.screenshot({ path: join(SHOTS, `${role}-${name}.png`), fullPage: true });
  if (axe) expect(await seriousViolations(page), `${role}, ${name}`).toEqual([]);
}

interface Role {
  /** In the screenshots' names. */
  role: string;
  username: string;
  /** The sheet this role opens. */
  sheet: string;
  /** The input of the stage this role scores on that sheet, when it scores one. */
  input?: string;
  /** Whether the role reviews the cluster (else the page says it may not). */
  reviews: boolean;
  /** Whether the role sees the results (else the page says why not). */
  results: boolean;
}

const ROLES: Role[] = [
  {
    role: "don-vi-thanh-vien",
    username: "muongtoong",
    sheet: "Xã Mường Toong",
    input: "Điểm — tiêu chí II",
    reviews: false,
    results: true,
  },
  {
    role: "don-vi-cum-truong",
    username: "muongnhe",
    sheet: "Xã Sín Thầu",
    input: "Kế hoạch — tiêu chí I.1",
    reviews: true,
    results: true,
  },
  {
    role: "co-quan-thuong-truc",
    username: "bantdkt-dienbien",
    sheet: "Xã Sín Thầu",
    reviews: true,
    results: true,
  },
  {
    role: "thanh-vien-hoi-dong",
    username: "hoidong-dienbien",
    sheet: "Xã Sín Thầu",
    reviews: true,
    results: true,
  },
  {
    role: "co-quan-cung-cap-so-lieu",
    username: "cuc-thong-ke",
    sheet: "Xã Mường Toong",
    input: "Thực hiện — tiêu chí I.1",
    reviews: false,
    results: false,
  },
  {
    role: "quan-tri",
    username: "quantri",
    sheet: "Xã Sín Thầu",
    reviews: true,
    results: true,
  },
];

describe.skipIf(!hasChromium)("on a phone", () => {
  for (const r of ROLES) {
    it(`fits the pages of ${r.username} (${r.role}) on the screen`, async () => {
      const { context, page } = await phone();
      await signIn(page, server.url, r.username);
      const base = `${server.url}/ky/${periodId}`;

      // home: whatever it shows, inside the width; the main pages behind the header's menu
      await expect.poll(() => page.getByRole("main").innerText(), SLOW).toMatch(/\p{L}/u);
      // one main landmark: what a screen reader jumps to
      expect(await page.getByRole("main").count()).toBe(1);
      await shoot(page, r.role, "trang-chu");
      await page.getByRole("button", { name: "Trình đơn các trang" }).tap();
      const menu = page.getByRole("navigation", { name: "Trang chính" });
      for (const link of await menu.getByRole("link").all()) {
        await expectOnScreen(link, `menu link ${await link.innerText()}`);
      }
      await page.keyboard.press("Escape");
      await menu.waitFor({ state: "hidden" });

      // the sheet: the cards, a score input and the sheet's total on the screen together
      await page.goto(`${base}/don-vi/${unitIds.get(r.sheet)}`);
      await page.getByRole("heading", { name: `Biểu chấm điểm: ${r.sheet}` }).waitFor();
      const total = page.getByRole("region", { name: "Tổng điểm" });
      await total.waitFor();
      // the year's pages fold onto more lines: none beyond the screen's edge
      const tabs = page.getByRole("navigation", { name: "Các trang của kỳ thi đua" });
      for (const link of await tabs.getByRole("link").all()) {
        await expectOnScreen(link, `page of the year ${await link.innerText()}`);
      }
      const card = page.getByRole("article", { name: "Tiêu chí I.1", exact: true });
      await card.waitFor();
      if (r.input) {
        const input = page.getByLabel(r.input, { exact: true });
        await expectOnScreen(input, "score input");
        await expectOnScreen(total, "sheet's total", false);
      } else {
        await expectOnScreen(card, "card of I.1");
        await expectOnScreen(total, "sheet's total", false);
      }
      await shoot(page, r.role, "bieu-cham-diem", true);

      // the review: one unit's column beside the criteria, or why the role may not review
      await page.goto(`${base}/ra-soat`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      if (r.reviews) {
        await page.getByRole("heading", { name: "Rà soát, khớp điểm" }).waitFor();
        const cell = page.locator('[data-cell="I.1:0"]');
        await expectOnScreen(cell, "the review's cell of I.1");
        await expectOnScreen(
          page.getByRole("button", { name: /^Thao tác với / }),
          "unit's actions",
        );
      } else {
        await page.getByText("Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.").waitFor();
      }
      await shoot(page, r.role, "ra-soat", true);

      // the results: a card per unit, its total and proposed award within the width
      await page.goto(`${base}/ket-qua`);
      await page.getByRole("heading", { name: "Kết quả, bình xét" }).waitFor();
      if (r.results) {
        const first = page
          .getByRole("list", { name: "Xếp hạng các đơn vị" })
          .getByRole("listitem")
          .filter({ hasText: "Xã Sín Thầu" });
        await expectOnScreen(first.getByText(/^Tổng:/), "the unit's total");
        const award = first.getByText(/^Hình thức đề nghị:/);
        await expectOnScreen(award, "the unit's proposed award");
        expect(await award.innerText()).toMatch(/Hình thức đề nghị: Cờ thi đua/);
        await page.getByText("Tổng điểm của các đơn vị").waitFor();
      } else {
        await page.getByText(/không xem được/).waitFor();
      }
      await shoot(page, r.role, "ket-qua", true);
      await context.close();
    }, 240_000);
  }

  it("opens the administration from the menu and the data agency's page, within the width", async () => {
    const { context, page } = await phone();
    await signIn(page, server.url, "quantri");
    await page.getByRole("button", { name: "Trình đơn các trang" }).tap();
    await page
      .getByRole("navigation", { name: "Trang chính" })
      .getByRole("link", { name: "Quản trị" })
      .tap();
    await page.getByRole("heading", { name: "Quản trị hệ thống" }).waitFor();
    await shoot(page, "quan-tri", "quan-tri");
    await context.close();

    const agency = await phone();
    await signIn(agency.page, server.url, "cuc-thong-ke");
    await agency.page.goto(`${server.url}/ky/${periodId}/so-lieu`);
    const enter = agency.page.getByRole("button", { name: "Nhập số liệu — Xã Mường Toong" });
    await expectOnScreen(enter, "the agency's button of a unit");
    await shoot(agency.page, "co-quan-cung-cap-so-lieu", "so-lieu-chinh-thuc");
    await agency.context.close();
  }, 180_000);

  it("lets the leader accept a unit's value in the review on the phone", async () => {
    const { context, page } = await phone();
    await signIn(page, server.url, "muongnhe");
    await page.goto(`${server.url}/ky/${periodId}/ra-soat`);
    await page.getByRole("heading", { name: "Rà soát, khớp điểm" }).waitFor();
    const cell = page.locator('[data-cell="I.2:0"]');
    await cell.tap();
    const dialog = page.getByRole("dialog", { name: /^I\.2 — / });
    const accept = dialog.getByRole("button", { name: /^Chấp nhận điểm đơn vị/ });
    await expectOnScreen(accept, "accept button");
    await expectOnScreen(dialog.getByRole("button", { name: "Lưu điểm Cụm chấm" }), "save button");
    await accept.tap();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => cell.getAttribute("aria-label"), SLOW).toMatch(/✓ — /);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  }, 180_000);

  it("saves a score and an explanation typed in a card, there after a reload", async () => {
    const { context, page } = await phone();
    await signIn(page, server.url, "muongtoong");
    await page.goto(`${server.url}/ky/${periodId}/don-vi/${unitIds.get("Xã Mường Toong")}`);
    await page.getByRole("heading", { name: "Biểu chấm điểm: Xã Mường Toong" }).waitFor();
    const total = page.getByRole("region", { name: "Tổng điểm" });
    await expect.poll(() => total.innerText(), SLOW).toContain("529,55");
    const score = page.getByLabel("Điểm — tiêu chí II", { exact: true });
    await score.tap();
    await score.fill("180");
    await score.press("Enter");
    await page.getByText(/Đã lưu lúc/).waitFor();
    // the total follows: 529,55 + 180
    await expect.poll(() => total.innerText(), SLOW).toContain("709,55");
    // scored without evidence: the card asks for an explanation, typed there
    const card = page.getByRole("article", { name: "Tiêu chí II", exact: true });
    await card.getByText("Cần minh chứng hoặc giải trình").waitFor();
    const explanation = card.getByLabel("Giải trình khi không có minh chứng — tiêu chí II");
    await explanation.tap();
    await explanation.fill("Theo báo cáo tổng kết năm 2025 của huyện");
    await explanation.press("Enter");
    await card.getByText("Cần minh chứng hoặc giải trình").waitFor({ state: "hidden" });
    await expect.poll(() => page.getByText(/Đang lưu/).count(), SLOW).toBe(0);

    await page.reload();
    await page.getByRole("heading", { name: "Biểu chấm điểm: Xã Mường Toong" }).waitFor();
    await expect.poll(() => score.inputValue(), SLOW).toBe("180");
    await expect
      .poll(() => card.getByLabel("Giải trình khi không có minh chứng — tiêu chí II").inputValue())
      .toBe("Theo báo cáo tổng kết năm 2025 của huyện");
    await expect.poll(() => total.innerText()).toContain("709,55");
    await expectOnScreen(score, "the saved score");
    await expectOnScreen(total, "sheet's total", false);
    await context.close();
  }, 180_000);
});
