/**
 * A story several people play in turn in one browser (a year of a block, a cross-inspection),
 * each step needing the ones before it: after a step fails the rest are skipped, and what each
 * person saw then is kept (e2e/screenshots/<name>-<i>.png) to read the failure.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterEach, beforeEach } from "vitest";
import { SCREENSHOTS, signIn } from "./harness.ts";

export function inTurn(name: string) {
  const pages: Page[] = [];
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    failed = true;
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [i, page] of pages.entries()) {
      await page
        .screenshot({ path: join(SCREENSHOTS, `${name}-${i}.png`), fullPage: true })
        .catch(() => {});
    }
  });
  return {
    /** A person signed in, on a page of their own: 1366×768 unless `options` say otherwise. */
    async person(
      browser: Browser,
      url: string,
      username: string,
      options: BrowserContextOptions = {},
    ): Promise<Page> {
      // each wait on the page up to the harness's WAIT_MS
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        ...options,
      });
      const page = await context.newPage();
      pages.push(page);
      await signIn(page, url, username);
      return page;
    },
    /** A page of the year `periodId` (`path` after /ky/:id), once its heading shows. */
    async open(page: Page, url: string, periodId: number, path: string): Promise<void> {
      await page.goto(`${url}/ky/${periodId}${path}`);
      await page.getByRole("heading", { level: 2 }).first().waitFor();
    },
  };
}
