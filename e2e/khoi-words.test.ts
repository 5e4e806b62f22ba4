/**
 * A Khối's pages say Khối: the year of the Lạng Sơn enterprise block, as its leader (Công ty
 * Điện lực) reads the overview, the review, a unit's sheet and the results, names the stage
 * "Khối chấm" and its officers "Khối trưởng", and says Cụm nowhere but where the year's data do
 * (the Lạng Sơn guidance is written for "Cụm, Khối" and its criteria say "trong Cụm"). The
 * highland cluster, a Cụm, still says "Cụm chấm".
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consoleErrors,
  hasChromium,
  launchBrowser,
  type Running,
  signIn,
  startServer,
} from "./harness.ts";

let server: Running;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Year {
  periodId: number;
  units: { id: number; name: string; role: string }[];
  /** What the year's own data write: unit names, the scheme's title and criteria. */
  data: string[];
}

const BLOCK = { name: "Khối thi đua các doanh nghiệp", kind: "block" };
const HIGHLAND = { name: "Cụm thi đua các xã vùng cao", kind: "cluster" };

/** The year of `cluster` that `username` takes part in, with what its data write. */
async function yearOf(username: string, cluster: { name: string; kind: string }): Promise<Year> {
  const api = await server.as(username);
  const mine = await api.get("/api/me/periods");
  const period = (
    mine.body as { periods: { id: number; cluster: { name: string; kind: string } }[] }
  ).periods.find((p) => p.cluster.name === cluster.name);
  if (!period) throw new Error(`${username} has no year of ${cluster.name}`);
  expect(period.cluster.kind).toBe(cluster.kind);
  const overview = await api.get(`/api/periods/${period.id}`);
  expect(overview.status).toBe(200);
  const { units, scheme } = overview.body as {
    units: Year["units"];
    scheme: { title: string; criteria: { title: string }[] };
  };
  return {
    periodId: period.id,
    units,
    data: [...units.map((u) => u.name), scheme.title, ...scheme.criteria.map((c) => c.title)],
  };
}

/** The page's main content as it reads, without what the year's data write. */
async function ownWords(page: Page, data: string[]): Promise<string> {
  let text = await page.evaluate(() => document.querySelector("main")?.innerText ?? "");
  // the longest first: a criterion's title may hold a shorter one
  for (const d of [...data].sort((a, b) => b.length - a.length)) text = text.replaceAll(d, "");
  return text;
}

/** The lines saying Cụm alone: not "Cụm, Khối" (both named) nor the product's "TĐKT Cụm". */
const strayCum = (text: string) =>
  text.split("\n").filter((line) => /(?<!TĐKT )Cụm(?!, Khối)/u.test(line));

async function person(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await signIn(page, server.url, username);
  return { page, errors };
}

describe.skipIf(!hasChromium)("a Khối's words", () => {
  it("the block's overview, review, sheet and results say Khối chấm, Khối trưởng, never Cụm", async () => {
    const year = await yearOf("dienluc", BLOCK);
    const leaderUnit = year.units.find((u) => u.role === "leader");
    if (!leaderUnit) throw new Error("the block has no leader unit");
    const { page, errors } = await person("dienluc");
    const base = `${server.url}/ky/${year.periodId}`;

    // the overview: each unit's steps and role
    await page.goto(base);
    await page.getByRole("heading", { name: "Tổng quan", level: 2 }).waitFor();
    await page.getByText(leaderUnit.name).first().waitFor();
    const overview = await ownWords(page, year.data);
    expect(overview).toContain("Khối chấm");
    expect(overview).toContain("Khối trưởng");
    expect(strayCum(overview)).toEqual([]);

    // the review: the units side by side
    await page.goto(`${base}/ra-soat`);
    await page.getByRole("heading", { name: "Rà soát, khớp điểm", level: 2 }).waitFor();
    await page.getByRole("button", { name: `Thao tác với ${leaderUnit.name}` }).waitFor();
    const review = await ownWords(page, year.data);
    expect(review).toMatch(/\d+ biểu chờ Khối chấm/);
    expect(strayCum(review)).toEqual([]);
    // a unit's drawer: its role and its totals at each stage
    await page.getByRole("button", { name: `Thao tác với ${leaderUnit.name}` }).click();
    const drawer = page.getByRole("dialog", { name: leaderUnit.name });
    await drawer.getByText("Tổng Khối chấm").waitFor();
    await drawer.getByText("Khối trưởng", { exact: true }).waitFor();
    await drawer.getByText("Ý kiến của đơn vị về điểm Khối chấm").waitFor();
    expect(strayCum(await drawer.innerText())).toEqual([]);

    // the leader unit's own sheet, waiting for the deputy's review
    await page.goto(`${base}/don-vi/${leaderUnit.id}`);
    await page.getByRole("heading", { name: `Biểu chấm điểm: ${leaderUnit.name}` }).waitFor();
    await page.getByRole("columnheader", { name: "Khối chấm", exact: true }).waitFor();
    await page.getByRole("checkbox", { name: "Chỉ dòng Khối đã sửa" }).waitFor();
    const sheet = await ownWords(page, year.data);
    expect(sheet).toContain("Đã nộp, chờ Khối chấm");
    expect(strayCum(sheet)).toEqual([]);

    // the results, and what publishing them does
    await page.goto(`${base}/ket-qua`);
    await page.getByRole("columnheader", { name: "Tổng" }).waitFor();
    const results = await ownWords(page, year.data);
    expect(results).toContain("Cả Khối: tổng hợp và biểu từng đơn vị (Excel)");
    expect(strayCum(results)).toEqual([]);
    // a unit's reasons, as the engine gives them for a Cụm, read in the Khối's words
    await page.getByRole("button", { name: leaderUnit.name, exact: true }).first().click();
    const reasons = page.getByRole("dialog", { name: leaderUnit.name });
    await reasons.getByText("Căn cứ, lý do").waitFor();
    const reasonText = await reasons.innerText();
    expect(reasonText).toMatch(/xếp thứ \d+\/5 trong Khối\./);
    expect(strayCum(reasonText)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the highland cluster, a Cụm, still says Cụm chấm", async () => {
    const year = await yearOf("muongnhe", HIGHLAND);
    const { page, errors } = await person("muongnhe");
    const base = `${server.url}/ky/${year.periodId}`;
    await page.goto(`${base}/ra-soat`);
    await page.getByRole("heading", { name: "Rà soát, khớp điểm", level: 2 }).waitFor();
    const first = year.units[0];
    if (!first) throw new Error("the highland cluster has no unit");
    await page.getByRole("button", { name: `Thao tác với ${first.name}` }).waitFor();
    const review = await ownWords(page, year.data);
    expect(review).toMatch(/\d+ biểu chờ Cụm chấm/);
    expect(review).not.toContain("Khối");

    await page.goto(`${base}/don-vi/${first.id}`);
    await page.getByRole("heading", { name: `Biểu chấm điểm: ${first.name}` }).waitFor();
    await page.getByRole("columnheader", { name: "Cụm chấm", exact: true }).waitFor();
    await page.getByRole("checkbox", { name: "Chỉ dòng Cụm đã sửa" }).waitFor();
    expect(await ownWords(page, year.data)).not.toContain("Khối");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
