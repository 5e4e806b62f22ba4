/**
 * The cross-inspection of the highland cluster's year 2025 through the screens (Vùng cao 2022
 * Điều 7.4–7.5), in Chromium on the demonstration data: the leader (Xã Mường Nhé) drafts the
 * plan from the proposed rotation, no unit inspecting itself; the members agree it by their
 * acknowledgements and the notice comes out of the page, read back through LibreOffice; the
 * team of Xã Nậm Kè records its findings at Xã Mường Toong, which answers on a phone, agreeing
 * two and disputing one, and the two sides reconcile; the agreed values stand at the cluster
 * stage, and the results the screens show are those of `tdkt evaluate` on the exported year;
 * the unit's later change of an agreed figure excludes it, with its reason.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPoints } from "../src/core/decimal.ts";
import { AWARD_STATUS_LABELS } from "../src/core/deliberate.ts";
import { hasOffice, pdfText } from "../test/office.ts";
import type { Client } from "../test/server.ts";
import { wordText } from "../test/word-text.ts";
import {
  hasChromium,
  launchBrowser,
  type Running,
  seriousViolations,
  startServer,
} from "./harness.ts";
import { inTurn } from "./in-turn.ts";
import { downloaded, pageWidth, type ResultRow as Row, resultsOnScreen } from "./read-page.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const CLUSTER = "Cụm thi đua các xã vùng cao";
const LEADER_UNIT = "Xã Mường Nhé";
const INSPECTED = "Xã Mường Toong";
const TEAM = "Xã Nậm Kè";
const UNITS = [LEADER_UNIT, "Xã Sín Thầu", INSPECTED, TEAM, "Xã Quảng Lâm"];
/** The officer each unit sends with its team. */
const OFFICERS: Record<string, { name: string; role: string }> = {
  "Xã Mường Nhé": { name: "Giàng A Dơ", role: "Phó Chủ tịch UBND xã" },
  "Xã Sín Thầu": { name: "Pờ Thị Ly", role: "Phó Chủ tịch UBND xã" },
  "Xã Mường Toong": { name: "Lò Văn Hùng", role: "Phó Chủ tịch UBND xã" },
  "Xã Nậm Kè": { name: "Lò Văn Tâm", role: "Phó Chủ tịch UBND xã" },
  "Xã Quảng Lâm": { name: "Vàng A Páo", role: "Phó Chủ tịch UBND xã" },
};
const PHONE = { width: 390, height: 844 };
const REASON = "tự ý điều chỉnh số liệu sau khi đã thống nhất điểm";

let server: Running;
let browser: Browser;
let periodId: number;
const unitId = new Map<string, number>();
let api: Client;
let leader: Page;
let team: Page;
let unit: Page;
/** The schedule as the leader saved it: who inspects whom, and when. */
let schedule: { inspected: string; team: string; date: string }[] = [];

const story = inTurn("kiem-tra-cheo-that-bai");
const person = (username: string, options?: BrowserContextOptions) =>
  story.person(browser, server.url, username, options);
const open = (page: Page, path: string) => story.open(page, server.url, periodId, path);
const P = () => `/api/periods/${periodId}`;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
  api = await server.as("muongnhe");
  const years = (await api.get("/api/me/periods")).body.periods as {
    id: number;
    cluster: { name: string };
    units: { id: number; name: string }[];
  }[];
  const highland = years.find((y) => y.cluster.name === CLUSTER);
  if (!highland) throw new Error("no highland year");
  periodId = highland.id;
  for (const u of highland.units) unitId.set(u.name, u.id);
  [leader, team, unit] = await Promise.all([
    person("muongnhe"),
    person("namke"),
    person("muongtoong", { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!hasChromium)("the cross-inspection through the screens", () => {
  it("the leader drafts the plan from the rotation: five visits, no unit inspects itself", async () => {
    await open(leader, "");
    await leader.getByRole("link", { name: "Kiểm tra chéo", exact: true }).click();
    await leader.getByRole("heading", { name: "Lập kế hoạch kiểm tra chéo" }).waitFor();
    await leader.getByRole("checkbox", { name: /^I\. Thi đua phát triển kinh tế/ }).click();
    await leader.getByText("Đã chọn: I (12 tiêu chí).").waitFor();
    await leader
      .getByLabel("Ghi chú của kế hoạch")
      .fill("Kiểm tra kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2025.");
    await leader.getByRole("button", { name: "Đề xuất luân phiên" }).click();
    const visits = leader.getByRole("region", { name: /^Lượt kiểm tra \d+$/ });
    await expect.poll(() => visits.count()).toBe(5);
    for (let n = 1; n <= 5; n++) {
      const row = leader.getByRole("region", { name: `Lượt kiểm tra ${n}`, exact: true });
      // the officer comes from the unit whose team it is, as the row shows it
      const shown = await row.innerText();
      const teamName = UNITS.find((u) => shown.includes(`Đoàn kiểm tra của\n${u}`)) as string;
      const date = row.getByLabel("Ngày kiểm tra");
      await date.fill(`${19 + n}/10/2025`);
      await date.press("Enter");
      await row.getByLabel("Địa điểm").fill("Trụ sở UBND xã");
      await row.getByRole("button", { name: "Thêm cán bộ" }).click();
      const officer = OFFICERS[teamName] as { name: string; role: string };
      await row.getByLabel(`Họ tên cán bộ 1, lượt ${n}`).fill(officer.name);
      await row.getByLabel(`Chức vụ cán bộ 1, lượt ${n}`).fill(officer.role);
    }
    expect(await seriousViolations(leader)).toEqual([]);
    await leader.getByRole("button", { name: "Lưu kế hoạch" }).click();
    await leader
      .getByRole("heading", { name: /Kế hoạch kiểm tra chéo\s+Chờ thống nhất/ })
      .waitFor();

    schedule = await scheduleOnScreen(leader);
    expect(schedule).toHaveLength(5);
    for (const v of schedule) {
      expect(UNITS).toContain(v.inspected);
      expect(UNITS).toContain(v.team);
      expect(v.team, `${v.inspected} tự kiểm tra`).not.toBe(v.inspected);
    }
    // every unit inspected once, on the days the leader gave
    expect(schedule.map((v) => v.inspected).sort()).toEqual([...UNITS].sort());
    expect(schedule.map((v) => v.date)).toEqual([
      "20/10/2025",
      "21/10/2025",
      "22/10/2025",
      "23/10/2025",
      "24/10/2025",
    ]);
    expect(schedule.find((v) => v.inspected === INSPECTED)?.team).toBe(TEAM);
    // the notice is written once the plan is agreed
    expect(
      await leader
        .getByRole("button", { name: "Thông báo kế hoạch kiểm tra chéo (Word)" })
        .isDisabled(),
    ).toBe(true);
  });

  it("the members acknowledge the plan; the notice of the agreed plan comes out of the page", async () => {
    await leader.getByRole("button", { name: "Đơn vị tôi đồng ý kế hoạch" }).click();
    await leader.getByText("1/5 đơn vị đã xác nhận").waitFor();
    await leader.getByText(/^Đã xác nhận \d/).waitFor();
    // three members acknowledge at their own desks
    for (const username of ["sinthau", "muongtoong", "quanglam"]) {
      const ack = await (await server.as(username)).post(`${P()}/inspection/acknowledgement`, {});
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
      expect(ack.body.agreed).toBe(false);
    }
    // the team's unit is the last one
    await open(team, "/kiem-tra-cheo");
    await team.getByText("4/5 đơn vị đã xác nhận").waitFor();
    await team.getByRole("button", { name: "Đơn vị tôi đồng ý kế hoạch" }).click();
    await team.getByText(/: mọi đơn vị thành viên đã xác nhận\.$/).waitFor();
    await team.getByRole("heading", { name: /Kế hoạch kiểm tra chéo\s+Đã thống nhất/ }).waitFor();

    await leader.reload();
    await leader.getByRole("heading", { name: /Kế hoạch kiểm tra chéo\s+Đã thống nhất/ }).waitFor();
    expect(await seriousViolations(leader)).toEqual([]);
    const notice = await downloaded(
      leader,
      leader.getByRole("link", { name: "Thông báo kế hoạch kiểm tra chéo (Word)" }),
    );
    const text = await documentText(notice);
    expect(text).toContain("THÔNG BÁO");
    expect(text).toContain("Kế hoạch kiểm tra chéo năm 2025");
    // each visit on its line of the table: the unit inspected, the team, the date
    const lines = text.split("\n");
    for (const v of schedule) {
      expect(
        lines.some((l) => l.includes(v.inspected) && l.includes(v.team) && l.includes(v.date)),
        `${v.inspected} — ${v.team} — ${v.date}\n${text}`,
      ).toBe(true);
    }
    // signed for the cluster by the head of the leader unit, whose name ends the notice
    const signature = text.slice(text.indexOf("TM. CỤM THI ĐUA")).trim().split("\n");
    expect(signature[1]).toMatch(/CỤM TRƯỞNG$/);
    expect(signature.at(-1)?.trim()).toBe("Thào A Sùng");
  });

  it("the team records its findings at Xã Mường Toong; the unit answers on a phone; both reconcile", async () => {
    await team
      .getByRole("button", { name: `Ghi kết quả: kiểm tra tại ${INSPECTED}`, exact: true })
      .click();
    await team.getByRole("heading", { name: `Kiểm tra tại ${INSPECTED}` }).waitFor();
    await team.getByText(/^Đã ghi 0\/12 tiêu chí/).waitFor();

    await record(team, "I.5", { plan: "100", actual: "86" }, "Báo cáo thống kê ghi 86%");
    await team.getByText(/^Đã ghi 1\/12 tiêu chí/).waitFor();
    // I.9 as the unit reported it
    await team
      .getByRole("button", {
        name: "Lấy số liệu này (đơn vị tự chấm) làm kết quả kiểm tra, tiêu chí I.9",
      })
      .click();
    expect(await team.getByLabel("Kết quả kiểm tra, thực hiện — tiêu chí I.9").inputValue()).toBe(
      "104,1",
    );
    await record(team, "I.9", null, "Khớp hồ sơ");
    await team.getByText(/^Đã ghi 2\/12 tiêu chí/).waitFor();
    await record(team, "I.7", { plan: "80", actual: "70" }, "Thiếu xác nhận của cơ quan công an");
    await team.getByText(/^Đã ghi 3\/12 tiêu chí.*chờ trả lời 3\./).waitFor();
    // nothing to reconcile until the unit has answered every finding
    await team
      .getByText(`${INSPECTED} chưa trả lời 3 kết quả (I.5, I.9, I.7)`, { exact: false })
      .waitFor();
    expect(await team.getByRole("button", { name: "Đối chiếu, thống nhất" }).isDisabled()).toBe(
      true,
    );
    expect(await seriousViolations(team)).toEqual([]);

    // the unit, on its phone: the schedule as cards, its findings to answer
    await open(unit, "/kiem-tra-cheo");
    await unit
      .getByRole("button", { name: `Trả lời kết quả: kiểm tra tại ${INSPECTED}`, exact: true })
      .click();
    await unit.getByRole("heading", { name: `Kiểm tra tại ${INSPECTED}` }).waitFor();
    await unit.getByText("Còn 3 kết quả chờ đơn vị trả lời.").waitFor();
    const card = (id: string) => unit.getByRole("article", { name: `Tiêu chí ${id}`, exact: true });
    expect(await card("I.5").innerText()).toMatch(/KH 100 · TH 86/);
    expect(await card("I.5").innerText()).toMatch(/Báo cáo thống kê ghi 86%/);
    for (const id of ["I.5", "I.9"]) {
      const agree = card(id).getByRole("button", {
        name: `Đồng ý kết quả kiểm tra tiêu chí ${id}`,
        exact: true,
      });
      await agree.click();
      // answered: the button gives way to the answer
      await agree.waitFor({ state: "detached" });
    }
    await card("I.7")
      .getByRole("button", { name: "Không đồng ý kết quả kiểm tra tiêu chí I.7" })
      .click();
    const dispute = unit.getByRole("dialog", {
      name: "Không đồng ý kết quả kiểm tra tiêu chí I.7",
    });
    await dispute.getByLabel("Lý do không đồng ý").fill("Số liệu 71% có xác nhận của Công an tỉnh");
    await dispute.getByRole("button", { name: "Ghi không đồng ý" }).click();
    await dispute.waitFor({ state: "hidden" });
    await card("I.7").getByText("Lý do: Số liệu 71% có xác nhận của Công an tỉnh").waitFor();
    await unit.getByText("Đơn vị đã trả lời mọi kết quả đoàn đã ghi.").waitFor();
    expect(await card("I.5").innerText()).toMatch(/Đồng ý/);
    expect(await pageWidth(unit)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(unit)).toEqual([]);

    // the team's page shows the answers as they come, without reloading
    await team
      .getByText(/^Đã ghi 3\/12 tiêu chí; đơn vị đồng ý 2, không đồng ý 1, chờ trả lời 0\./)
      .waitFor();
    await team.getByRole("button", { name: "Đối chiếu, thống nhất" }).click();
    const confirm = team.getByRole("dialog", {
      name: `Đối chiếu, thống nhất kết quả kiểm tra tại ${INSPECTED}?`,
    });
    await confirm.getByText(/2 kết quả đơn vị đồng ý trở thành điểm Cụm chấm/).waitFor();
    await confirm.getByRole("button", { name: "Thống nhất" }).click();
    await confirm.waitFor({ state: "hidden" });
    await team.getByText(/^Đã đối chiếu, thống nhất lúc /).waitFor();
    expect(await team.getByRole("button", { name: "Đối chiếu, thống nhất" }).count()).toBe(0);

    // the minutes of the visit, from the same page
    const minutes = await downloaded(
      team,
      team.getByRole("link", { name: "Biên bản kiểm tra (Word)" }),
    );
    const words = await wordText(minutes);
    expect(words).toContain(
      "Hai bên thống nhất 2 tiêu chí: I.5 (thực hiện 86 / kế hoạch 100); I.9",
    );
    expect(words).toContain("I.7: ý kiến của đơn vị: Số liệu 71% có xác nhận của Công an tỉnh.");
  });

  it("the agreed values stand at the cluster stage; the results on the screen are tdkt evaluate's", async () => {
    await open(leader, `/don-vi/${unitId.get(INSPECTED)}`);
    await leader.getByRole("heading", { name: `Biểu chấm điểm: ${INSPECTED}` }).waitFor();
    expect(await sheetCell(leader, "I.5", "Cụm chấm")).toMatch(/KH 100 · TH 86/);
    expect(await sheetCell(leader, "I.5", "Tự chấm")).toMatch(/KH 100 · TH 88/);
    expect(await sheetCell(leader, "I.9", "Cụm chấm")).toMatch(/KH 100 · TH 104,1/);
    // the disputed figure waits for the preparatory meeting: nothing at the cluster stage
    expect(await sheetCell(leader, "I.7", "Cụm chấm")).not.toMatch(/TH 70/);
    await leader
      .getByRole("button", { name: /^Cụm sửa: KH 100 · TH 88 → KH 100 · TH 86\./ })
      .waitFor();

    const evaluated = await tdktEvaluate();
    await open(leader, "/ket-qua");
    const shown = await resultsOnScreen(leader);
    expect(shown).toEqual(evaluated);
    expect(shown.find((r) => r.unit === INSPECTED)?.status).not.toMatch(/^Không xét/);
  });

  it("the unit's later change of an agreed figure excludes it, with its reason", async () => {
    await unit.setViewportSize({ width: 1366, height: 768 });
    await unit.goto(`${server.url}/ky/${periodId}`);
    await unit.getByRole("link", { name: "Biểu chấm điểm", exact: true }).click();
    await unit.getByRole("heading", { name: `Biểu chấm điểm: ${INSPECTED}` }).waitFor();
    await unit.getByText(/tiêu chí đã được đối chiếu, thống nhất khi kiểm tra chéo/).waitFor();
    const actual = unit.getByLabel("Thực hiện — tiêu chí I.5", { exact: true });
    expect(await actual.inputValue()).toBe("88");
    await actual.fill("90");
    await actual.press("Enter");
    // asked first: what the change means, and a way to keep the agreed figure
    const asked = unit.getByRole("dialog", {
      name: "Sửa số liệu đã thống nhất khi kiểm tra chéo?",
    });
    await asked.getByText(/đoàn kiểm tra của Xã Nậm Kè đối chiếu, thống nhất/).waitFor();
    await asked.getByRole("button", { name: "Giữ số liệu đã thống nhất" }).waitFor();
    await asked.getByRole("button", { name: "Vẫn sửa số liệu" }).click();
    await unit
      .getByText(/Đã lưu lúc/)
      .first()
      .waitFor();

    await open(leader, "/ket-qua");
    const row = (await resultsOnScreen(leader)).find((r) => r.unit === INSPECTED);
    expect(row?.status).toBe(`${AWARD_STATUS_LABELS.excluded}\n${REASON}`);
    expect(row?.award).toBe("—");
    await leader.getByRole("button", { name: INSPECTED, exact: true }).click();
    const drawer = leader.getByRole("dialog", { name: INSPECTED });
    await drawer.getByText(REASON, { exact: false }).first().waitFor();
    expect(await drawer.innerText()).toMatch(/Không xét/);
    // the engine on the exported year agrees
    expect(await resultsOnScreen(leader)).toEqual(await tdktEvaluate());
  });
});

// ————— helpers —————

/** The schedule's table as the leader reads it: each visit's unit inspected, team and date. */
async function scheduleOnScreen(page: Page) {
  const table = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Đoàn kiểm tra" }) });
  await table.getByRole("row").nth(1).waitFor();
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((h) => h.trim());
  const at = (name: string) => headers.indexOf(name);
  const out: { inspected: string; team: string; date: string }[] = [];
  for (const row of await table.locator("tbody tr.ant-table-row").all()) {
    const cells = (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim());
    const first = (i: number) => (cells[i] ?? "").split("\n")[0]?.trim() ?? "";
    out.push({
      inspected: first(at("Đơn vị được kiểm tra")),
      team: first(at("Đoàn kiểm tra")),
      date: first(at("Ngày")),
    });
  }
  return out;
}

/** The team records one finding: the figures (or those already in the row) and a remark. */
async function record(
  page: Page,
  id: string,
  figures: { plan: string; actual: string } | null,
  remark: string,
) {
  if (figures) {
    await page.getByLabel(`Kết quả kiểm tra, kế hoạch — tiêu chí ${id}`).fill(figures.plan);
    await page.getByLabel(`Kết quả kiểm tra, thực hiện — tiêu chí ${id}`).fill(figures.actual);
  }
  await page.getByLabel(`Nhận xét của đoàn — tiêu chí ${id}`).fill(remark);
  const save = page.getByRole("button", { name: `Lưu kết quả kiểm tra tiêu chí ${id}` });
  await save.click();
  // saved: the row is no longer changed, its button off until the next change
  await expect.poll(() => save.isDisabled()).toBe(true);
}

/** The text of a Word file as LibreOffice prints it (the document's own text without it). */
async function documentText(docx: Buffer): Promise<string> {
  return hasOffice ? pdfText(docx, "docx") : wordText(docx);
}

/** The text of a criterion's cell in a column of the scoring sheet's table. */
async function sheetCell(page: Page, criterionId: string, column: string): Promise<string> {
  const headers = (await page.getByRole("columnheader").allInnerTexts()).map((h) => h.trim());
  const at = headers.indexOf(column);
  expect(at, headers.join(" | ")).toBeGreaterThanOrEqual(0);
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: criterionId, exact: true }) });
  return row.getByRole("cell").nth(at).innerText();
}

async function tdktEvaluate(): Promise<Row[]> {
  const exported = await api.get(`${P()}/export`);
  expect(exported.status).toBe(200);
  const folder = await mkdtemp(join(tmpdir(), "tdkt-e2e-inspection-"));
  try {
    const file = join(folder, "nam-2025.json");
    await writeFile(file, JSON.stringify(exported.body));
    const { stdout } = await run("npm", ["run", "--silent", "tdkt", "--", "evaluate", file], {
      cwd: ROOT,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const output = JSON.parse(stdout) as {
      units: {
        id: string;
        total: number;
        rank: number;
        award: string | null;
        status: keyof typeof AWARD_STATUS_LABELS;
        reasons: string[];
      }[];
    };
    const names = new Map(
      (exported.body.units as { id: string; name: string }[]).map((u) => [u.id, u.name]),
    );
    return output.units.map((u) => ({
      rank: String(u.rank),
      unit: names.get(u.id) as string,
      total: formatPoints(Math.round(u.total * 100)),
      // the award's name is the screen's (see the report: the screen and the files name the
      // Vùng cao flag differently); whether one is proposed is the engine's
      award: u.award === null ? "—" : expect.not.stringMatching(/^—$/),
      status: [AWARD_STATUS_LABELS[u.status], ...reasonOf(u)].join("\n"),
    })) as Row[];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The reason under a "Không xét" or "Chưa xem xét": its line of the reasons, first sentence. */
function reasonOf(u: { status: string; reasons: string[] }): string[] {
  if (u.status !== "excluded" && u.status !== "postponed") return [];
  const label = AWARD_STATUS_LABELS[u.status as keyof typeof AWARD_STATUS_LABELS];
  const line = u.reasons.find((r) => r.startsWith(`${label} khen thưởng: `)) ?? "";
  return [
    line
      .slice(line.indexOf(": ") + 2)
      .split(". ")[0]
      ?.replace(/\.$/, "") ?? "",
  ];
}
