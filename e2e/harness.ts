/**
 * End-to-end harness: the real server on the embedded database with the demonstration data,
 * the built web client, and Debian's Chromium driven by playwright-core. Each main page is
 * screenshotted at 1366×768 and 390×844 (e2e/screenshots/, ignored by git) and checked with
 * axe-core: no serious or critical violation.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildApp } from "../src/server/app.ts";
import { readConfig } from "../src/server/config.ts";
import { type Database, openEmbedded } from "../src/server/db/client.ts";
import { loadDemo } from "../src/server/seed/demo.ts";
import { type Client, sessionFor, testDatabase } from "../test/server.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = join(import.meta.dirname, "screenshots");
export const DEMO_PASSWORD = "tdkt2025";

/**
 * How long one wait on the page may take before it fails: an action (a click waits for its
 * element), a navigation, a `waitFor` (and an `expect.poll`, in vitest.config.ts). Each ends as
 * soon as the page shows what it waits for; the bound is for a loaded 2-core machine, where a
 * page of the year has taken over 10 s to show (another test run, a build, LibreOffice beside it).
 */
export const WAIT_MS = 45_000;

export interface Running {
  url: string;
  /** The API as `username`, for what people other than those on the screens do meanwhile. */
  as(username: string): Promise<Client>;
  /** The server's database, for states a long workflow would reach and for checks. */
  database: Database;
  close(): Promise<void>;
}

/** The server with the demonstration data, on a free port. */
export async function startServer(): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), "tdkt-e2e-"));
  // under vitest a copy of the run's template; from a script (bench:web) a server of its own
  const database = process.env.VITEST
    ? await testDatabase()
    : await openEmbedded(join(dataDir, "database"));
  await loadDemo(database.db);
  const app = await buildApp(database, readConfig({ DATA_DIR: dataDir }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    as: (username) => sessionFor({ app, database, close: async () => {} }, username),
    database,
    async close() {
      await app.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Content-Security-Policy violations (src/server/csp.ts) Chromium reported in the console
 * ("Refused to …") of any page of the browsers this file launched, since they were last taken:
 * after each browser test there must be none (e2e/csp-watch.ts), on every page a test opens.
 */
const cspViolations: string[] = [];
export const takeCspViolations = (): string[] => cspViolations.splice(0);
const CSP_MESSAGE = /Content Security Policy|Refused to/i;

/**
 * Debian's Chromium; each of its contexts (and pages) waits on the page up to WAIT_MS, and has
 * its Content-Security-Policy violations watched.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: WAIT_MS,
  });
  browser.on("context", (context) => {
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    context.on("console", (message) => {
      if (CSP_MESSAGE.test(message.text())) {
        cspViolations.push(`${message.text()} (${message.page()?.url() ?? ""})`);
      }
    });
  });
  return browser;
}

export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
  // inline <script> (page.addScriptTag)
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
}

/**
 * The errors a page writes to the browser's console from now on (a request answered with an
 * error status is one) and the exceptions it throws: a page that works writes none.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Screenshots of the page at the desktop and phone sizes, and its accessibility check at each. */
export async function checkPage(page: Page, name: string): Promise<AxeViolation[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const found: AxeViolation[] = [];
  for (const [size, viewport] of [
    ["1366x768", { width: 1366, height: 768 }],
    ["390x844", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
    found.push(...(await seriousViolations(page)));
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  return found;
}
