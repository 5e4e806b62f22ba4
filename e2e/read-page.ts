/**
 * What a person reads off a page, for the browser tests: the ranking table of the results, a
 * file the page downloads, how wide the page is.
 */
import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";

export type ResultRow = {
  rank: string;
  unit: string;
  total: string;
  award: string;
  status: string;
};

/** The ranking table as a user reads it. */
export async function resultsOnScreen(page: Page): Promise<ResultRow[]> {
  const table = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Hạng" }) });
  await table.getByRole("row").nth(1).waitFor();
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const at = (name: string) => headers.findIndex((h) => h.trim() === name);
  const out: ResultRow[] = [];
  for (const row of await table.locator("tbody tr.ant-table-row").all()) {
    const cells = (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim());
    out.push({
      rank: cells[at("Hạng")] as string,
      unit: cells[at("Đơn vị")] as string,
      total: cells[at("Tổng")] as string,
      award: cells[at("Hình thức đề nghị")] as string,
      status: cells[at("Tình trạng")] as string,
    });
  }
  return out;
}

/** The file a link gives when clicked, as the browser downloads it. */
export async function downloaded(page: Page, link: Locator): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return readFileSync(await download.path());
}

/** How wide the page's content is: wider than the screen means scrolling sideways. */
export const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
