/**
 * One figure, one source: each demonstration cluster is taken through five states of its year
 * (self-scored, reviewed, disputed, appraised, locked), and in each, every place a unit's
 * figures appear — the results, the unit's sheet (which the review drawer shows), the summary,
 * the cluster workbook, the six-month and annual reports and the proposal, read back from the
 * files — shows the numbers `tdkt evaluate` gives
 * on the exported year. The statuses a long workflow would reach are set directly where the
 * values do not depend on them; every value is written through the API, as officers would.
 */
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { formatPoints, type Hundredths, toHundredths } from "../core/decimal.ts";
import { evaluateScenario, type UnitOutput } from "../core/scenario.ts";
import { periods, periodUnits } from "./db/schema.ts";
import { DEMO_ACCOUNTS, loadDemo } from "./seed/demo.ts";

let t: TestApp;
const as = new Map<string, Client>();
const client = async (username: string) => {
  let c = as.get(username);
  if (!c) {
    c = await sessionFor(t, username);
    as.set(username, c);
  }
  return c;
};

interface Year {
  id: number;
  label: string;
  cluster: string;
  units: { id: number; code: string; name: string; role: string }[];
}
let years: Year[] = [];
let admin: Client;

beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
  admin = await client("quantri");
  const org = await admin.get("/api/organisation");
  type Level = { clusters: { periods: { id: number }[] }[]; children: Level[] };
  const periodsOf = (l: Level): number[] => [
    ...l.clusters.flatMap((c) => c.periods.map((p) => p.id)),
    ...l.children.flatMap(periodsOf),
  ];
  const ids = (org.body.levels as Level[]).flatMap(periodsOf);
  years = [];
  for (const id of ids) {
    const p = await admin.get(`/api/periods/${id}`);
    years.push({
      id,
      label: p.body.period.label,
      cluster: p.body.cluster.name,
      units: p.body.units,
    });
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The staff account of a unit of the demo (its username is in DEMO_ACCOUNTS by display name). */
function staffOf(unitName: string): string {
  const account = DEMO_ACCOUNTS.find(
    (a) => a.role === "unit" && a.description.startsWith(`${unitName} (`),
  );
  if (!account) throw new Error(`no demo account for ${unitName}`);
  return account.username;
}
const STANDING: Record<string, string> = {};
async function standingOf(y: Year): Promise<Client> {
  for (const a of DEMO_ACCOUNTS.filter((x) => x.role === "standing")) {
    const c = await client(a.username);
    if ((await c.get(`/api/periods/${y.id}/review`)).status === 200) {
      STANDING[y.cluster] = a.username;
      return c;
    }
  }
  throw new Error(`no standing agency for ${y.cluster}`);
}

async function setStatus(y: Year, status: string, unitIds = y.units.map((u) => u.id)) {
  for (const unitId of unitIds) {
    await t.database.db
      .update(periodUnits)
      .set({ sheetStatus: status })
      .where(and(eq(periodUnits.periodId, y.id), eq(periodUnits.unitId, unitId)));
  }
}

const points = (n: number) => formatPoints(toHundredths(n) as Hundredths);

async function bytes(c: Client, url: string): Promise<Buffer> {
  const res = await c.inject({ method: "GET", url });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.rawPayload;
}

/** The rows of the tables of a Word file, as the text of each cell. */
async function wordRows(file: Buffer): Promise<string[][]> {
  const xml =
    (await (await JSZip.loadAsync(file)).file("word/document.xml")?.async("string")) ?? "";
  return xml
    .split("</w:tr>")
    .map((row) => row.split("</w:tc>").map((cell) => cell.replace(/<[^>]+>/g, "").trim()));
}

/** Every place the year's figures appear, each unit's total as it is shown there. */
async function everywhere(y: Year, expected: UnitOutput[]) {
  const p = `/api/periods/${y.id}`;
  const standing = await standingOf(y);
  const names = new Map(y.units.map((u) => [u.code, u.name]));
  const wanted = expected.map((u) => ({
    name: names.get(u.id) as string,
    total: u.total,
    rank: u.rank,
  }));

  const results = await standing.get(`${p}/results`);
  expect(results.status).toBe(200);
  expect(
    results.body.units.map((u: UnitOutput) => [u.id, u.total, u.rank, u.award, u.status]),
  ).toEqual(expected.map((u) => [u.id, u.total, u.rank, u.award, u.status]));

  const selfTotal = new Map<string, number>();
  const final = new Map<string, boolean>();
  for (const u of y.units) {
    const sheet = await standing.get(`${p}/units/${u.id}/sheet`);
    const total = expected.find((e) => e.id === u.code)?.total;
    expect(sheet.body.totals.appraisal.total, `sheet of ${u.name}`).toBe(total);
    selfTotal.set(u.name, sheet.body.totals.self.total);
    final.set(u.name, ["appraised", "locked"].includes(sheet.body.unit.status));
  }

  // the summary: rank, name, total, a row a unit
  const summary = new ExcelJS.Workbook();
  await summary.xlsx.load((await bytes(standing, `${p}/documents/summary.xlsx`)) as never);
  const shown = (ws: ExcelJS.Worksheet) => {
    // the table starts at its header row, under the heading of Decree 30
    let headerRow = 1;
    while (headerRow < ws.rowCount && ws.getCell(headerRow, 1).value !== "Xếp hạng") headerRow++;
    const head = ws.getRow(headerRow).values as unknown[];
    const totalColumn = head.indexOf("Tổng điểm");
    return wanted.map((w) => {
      for (let r = headerRow + 1; r <= ws.rowCount; r++) {
        if (ws.getCell(r, 2).value === w.name) {
          return {
            name: w.name,
            total: ws.getCell(r, totalColumn).value,
            rank: ws.getCell(r, 1).value,
          };
        }
      }
      return { name: w.name, total: null, rank: null };
    });
  };
  expect(shown(summary.worksheets[0] as ExcelJS.Worksheet)).toEqual(wanted);

  // the workbook: the same summary, and each unit's sheet ending on its total
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytes(standing, `${p}/documents/workbook.xlsx`)) as never);
  expect(shown(workbook.worksheets[0] as ExcelJS.Worksheet)).toEqual(wanted);
  for (const ws of workbook.worksheets.slice(1)) {
    const unit = wanted.find((w) => String(ws.getCell(3, 1).value).endsWith(w.name));
    expect(unit, ws.name).toBeDefined();
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(7).value === "#total") row = n;
    });
    // the total is a live formula: the result it holds, none in a column not filled
    const value = (cell: ExcelJS.Cell) =>
      cell.type === ExcelJS.ValueType.Formula ? (cell.result ?? null) : cell.value;
    const filled = [6, 5, 4].map((col) => value(ws.getCell(row, col))).find((v) => v != null);
    // a unit that has scored nothing yet has a blank form (ranked with 0 in the results)
    expect(filled ?? 0, `workbook sheet of ${unit?.name}`).toBe(unit?.total);
  }

  // the reports (six-month and annual): each unit's progress, its self-score and, once
  // appraised, its result
  for (const kind of ["six-month", "annual"]) {
    const report = await wordRows(await bytes(standing, `${p}/documents/report.docx?kind=${kind}`));
    const progress = report.find((r) => r.includes("Tự chấm")) as string[];
    for (const w of wanted) {
      const row = report.find((r) => r[1] === w.name && r.length === progress.length);
      const self = selfTotal.get(w.name) as number;
      expect(row?.[progress.indexOf("Tự chấm")], `${kind} report, self-score of ${w.name}`).toEqual(
        self === 0 ? expect.stringMatching(/^(0|—)$/) : points(self),
      );
      expect(row?.[progress.indexOf("Kết quả")], `${kind} report, result of ${w.name}`).toBe(
        final.get(w.name) ? points(w.total) : "—",
      );
    }
  }
  // the proposal carries the ranking table: rank, name … total
  const proposal = await wordRows(await bytes(standing, `${p}/documents/proposal.docx`));
  const header = proposal.find((r) => r.includes("Tổng điểm")) as string[];
  const col = header.indexOf("Tổng điểm");
  for (const w of wanted) {
    const row = proposal.find((r) => r[1] === w.name);
    expect(row?.[col], `proposal: ${w.name}`).toBe(points(w.total));
    expect(row?.[0], `proposal: ${w.name}`).toBe(String(w.rank));
  }
}

/** tdkt evaluate on the year exported, and the same numbers everywhere. */
async function consistent(y: Year) {
  const exported = await admin.get(`/api/periods/${y.id}/export`);
  expect(exported.status).toBe(200);
  const { output } = evaluateScenario(exported.body);
  await everywhere(y, output.units);
}

/** A manual criterion of the unit's sheet with a value above 0, and that value. */
async function someManual(c: Client, y: Year, unitId: number) {
  const sheet = await c.get(`/api/periods/${y.id}/units/${unitId}/sheet`);
  const row = sheet.body.rows.find(
    (r: {
      kind: string;
      roles: unknown;
      onePerCluster: boolean;
      values: { self?: { value: unknown } };
    }) =>
      r.kind === "manual" &&
      !r.roles &&
      !r.onePerCluster &&
      typeof r.values.self?.value === "number" &&
      (r.values.self.value as number) >= 1,
  );
  return row ? { id: row.criterionId as string, value: row.values.self.value as number } : null;
}

describe("the same figures everywhere, in every state of the year", () => {
  it("in each demonstration cluster: self-scored, reviewed, disputed, appraised, locked", async () => {
    expect(years.length).toBe(3);
    for (const y of years) {
      const p = `/api/periods/${y.id}`;
      const leaderUnit = y.units.find((u) => u.role === "leader");
      const deputyUnit = y.units.find((u) => u.role === "deputy");
      const leader = await client(staffOf(leaderUnit?.name as string));
      const deputy = deputyUnit ? await client(staffOf(deputyUnit.name)) : null;

      // 1. self-scored, as the demo stands mid-year
      await consistent(y);

      // 2. reviewed: every sheet submitted, the cluster lowers one value of each unit by 1
      await setStatus(y, "submitted");
      const changed = new Map<number, string>();
      for (const u of y.units) {
        const reviewer = u.role === "leader" ? deputy : leader;
        if (!reviewer) continue;
        const item = await someManual(reviewer, y, u.id);
        if (!item) continue;
        const res = await reviewer.put(`${p}/units/${u.id}/scores/${item.id}`, {
          value: item.value - 1,
          comment: "Minh chứng chưa đủ cho mức điểm tự chấm",
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        changed.set(u.id, item.id);
      }
      await setStatus(y, "reviewed");
      await consistent(y);

      // 3. disputed: a member disputes the change on its sheet
      const member = y.units.find((u) => u.role === "member" && changed.has(u.id));
      if (member) {
        const unit = await client(staffOf(member.name));
        const res = await unit.put(`${p}/units/${member.id}/responses/${changed.get(member.id)}`, {
          agreement: "dispute",
          reason: "Đơn vị có đủ minh chứng, đề nghị giữ điểm tự chấm",
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        await setStatus(y, "disputed", [member.id]);
      }
      await consistent(y);

      // 4. appraised: reconciled, the standing agency changes one value and appraises all
      await setStatus(y, "reconciled");
      const standing = await standingOf(y);
      const first = y.units[0] as Year["units"][number];
      const item = await someManual(standing, y, first.id);
      if (item) {
        const res = await standing.put(`${p}/units/${first.id}/scores/${item.id}`, {
          value: item.value - 0.5,
          comment: "Thẩm định: trừ 0,5 điểm vì minh chứng ngoài kỳ",
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      for (const u of y.units) {
        const sheet = await standing.get(`${p}/units/${u.id}/sheet`);
        const res = await standing.post(`${p}/units/${u.id}/transitions`, {
          action: "appraise",
          version: sheet.body.unit.version,
        });
        expect(res.status, `${u.name}: ${JSON.stringify(res.body)}`).toBe(200);
      }
      await consistent(y);

      // 5. locked
      const lock = await standing.post(`${p}/lock`, {
        confirmation: "KHÓA KẾT QUẢ",
        decision: `Quyết định số 15/QĐ-TĐKT ngày 15/01/${Number(y.label) + 1}`,
      });
      expect(lock.status, JSON.stringify(lock.body)).toBe(200);
      const [row] = await t.database.db.select().from(periods).where(eq(periods.id, y.id));
      expect(row?.lockedAt).not.toBeNull();
      await consistent(y);
    }
  }, 300_000);
});
