/**
 * A whole year of the Lạng Sơn enterprise block through the screens, as three people in turn:
 * the leader's office (Công ty Điện lực), a member unit (Công ty Thuốc lá) and the standing
 * agency (Ban TĐKT tỉnh). The other units' officers do their part through the API meanwhile.
 * The data are those of the worked file lang-son-enterprises-tie.json, with section I.7 split
 * by the cluster into two items; the results on the screen must equal `tdkt evaluate` on the
 * cluster-year file the server exports, and the worked answers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateScenario } from "../src/core/scenario.ts";
import type { Client } from "../test/server.ts";
import { tinyPdf } from "../test/server.ts";
import { checkPage, hasChromium, launchBrowser, type Running, startServer } from "./harness.ts";
import { inTurn } from "./in-turn.ts";
import { downloaded, type ResultRow as Row, resultsOnScreen } from "./read-page.ts";

const SCENARIOS = join(import.meta.dirname, "../test/fixtures/scenarios");
const worked = (name: string) => JSON.parse(readFileSync(join(SCENARIOS, name), "utf8"));
const FILE = worked("lang-son-enterprises-tie.json");
const TIE = worked("lang-son-enterprises-tie.expected.json");
const HELD = worked("lang-son-enterprises-ballot-held.expected.json");

type Value = number | Record<string, number | Record<string, number>>;
/** The worked file's unit ids and the demo units and accounts that play them. */
const CAST = {
  A: { code: "dien-luc-lang-son", user: "dienluc" },
  B: { code: "xi-mang-dong-banh", user: "ximangdongbanh" },
  C: { code: "thuoc-la-lang-son", user: "thuocla" },
  D: { code: "cap-thoat-nuoc-lang-son", user: "capthoatnuoc" },
  E: { code: "xay-dung-giao-thong", user: "xaydunggiaothong" },
} as const;
type Id = keyof typeof CAST;
const IDS = Object.keys(CAST) as Id[];
const idOf = (code: string) => IDS.find((k) => CAST[k].code === code) as Id;

/** I.7 (10 points) split by the cluster: safety and environment 5, fire prevention 5. */
function splitI7(scores: Record<string, Value>): Record<string, Value> {
  const { "I.7": whole, ...rest } = scores;
  const v = Number(whole ?? 0);
  return { ...rest, "I.7.1": Math.min(v, 5), "I.7.2": v - Math.min(v, 5) };
}
/** What each unit scores itself: the final scores, except C's I.1 (the cluster gives 12) and
 * A's II.4 (the standing agency gives 4). */
const selfScores = (id: Id): Record<string, Value> => ({
  ...splitI7(FILE.scores[id]),
  ...(id === "C" ? { "I.1": 14 } : {}),
  ...(id === "A" ? { "II.4": 5 } : {}),
});

let server: Running;
let browser: Browser;
let periodId: number;
const unitId = {} as Record<Id, number>;
const api = {} as Record<Id | "admin", Client>;
let leader: Page;
let member: Page;
let standing: Page;

const P = () => `/api/periods/${periodId}`;
const sheetOf = async (id: Id) => {
  const res = await api[id].get(`${P()}/units/${unitId[id]}/sheet`);
  expect(res.status).toBe(200);
  return res.body;
};
async function move(client: Client, id: Id, action: string) {
  const { unit } = await sheetOf(id);
  const res = await client.post(`${P()}/units/${unitId[id]}/transitions`, {
    action,
    version: unit.version,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const story = inTurn("that-bai");
const person = (username: string) => story.person(browser, server.url, username);
const open = (page: Page, path: string) => story.open(page, server.url, periodId, path);
/** A number as the screens write it: decimal comma. */
const vn = (n: number) => String(n).replace(".", ",");

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
  api.admin = await server.as("quantri");
  for (const id of IDS) api[id] = await server.as(CAST[id].user);
  // the administrator opens the year 2026 of the block, with last year's members and roles
  const org = await api.admin.get("/api/organisation");
  const block = org.body.levels
    .flatMap((l: { clusters: unknown[] }) => l.clusters)
    .find((c: { name: string }) => c.name === "Khối thi đua các doanh nghiệp");
  const last = await api.admin.get(`/api/periods/${block.periods[0].id}`);
  const units = last.body.units.map((u: { id: number; code: string; role: string }) => {
    unitId[idOf(u.code)] = u.id;
    return { unitId: u.id, role: u.role };
  });
  const created = await api.admin.post(`/api/clusters/${block.id}/periods`, {
    label: "2026",
    kind: "calendar",
    startsOn: "2026-01-01",
    endsOn: "2026-12-31",
    schemeId: "lang-son-2019/B",
    units,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  periodId = created.body.id;
  leader = await person(CAST.A.user);
  member = await person(CAST.C.user);
  standing = await person("bantdkt-langson");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!hasChromium)("a year of the block through the screens", () => {
  it("the leader builds the scheme: I.7 split in two, each section's maximum kept", async () => {
    await open(leader, "/tieu-chi");
    await leader.getByRole("button", { name: "Thao tác với tiêu chí I.7" }).click();
    await leader.getByRole("menuitem", { name: /Tách/ }).click();
    const split = leader.getByRole("dialog", { name: /Tách tiêu chí I\.7/ });
    await split.getByLabel("Nội dung phần 1").fill("An toàn, vệ sinh lao động, bảo vệ môi trường");
    await split.getByLabel("Nội dung phần 2").fill("Phòng cháy, chữa cháy");
    await split.getByRole("button", { name: "Tách" }).click();
    await split.waitFor({ state: "hidden" });
    // too many points under I.7: the engine's message beside the item, and no save
    await leader.getByLabel("Điểm tối đa của tiêu chí I.7.2").fill("6");
    await expect
      .poll(() => leader.getByRole("alert").filter({ hasText: /I\.7/ }).count())
      .toBeGreaterThan(0);
    expect(await leader.getByRole("button", { name: "Lưu bộ tiêu chí" }).isDisabled()).toBe(true);
    await leader.getByLabel("Điểm tối đa của tiêu chí I.7.2").fill("5");
    await leader.getByRole("button", { name: "Lưu bộ tiêu chí" }).click();
    await expect.poll(() => leader.getByText("Có thay đổi chưa lưu").count()).toBe(0);
    const overview = await api.C.get(P());
    const ids = overview.body.scheme.criteria.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["I.7", "I.7.1", "I.7.2"]));
  });

  it("the member registers; the leader records the pact of the units that signed", async () => {
    for (const id of ["A", "B", "E"] as const) {
      const { unit } = await sheetOf(id);
      const res = await api[id].put(`${P()}/units/${unitId[id]}/registration`, {
        targets: "Doanh thu tăng 10%, nộp thuế đúng hạn, không có tai nạn lao động",
        titles: ["Cờ thi đua của UBND tỉnh"],
        version: unit.version,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await open(member, "");
    const mine = member.getByRole("listitem").filter({ hasText: "Công ty TNHH Một thành viên" });
    await mine.getByRole("button", { name: "Đăng ký thi đua" }).click();
    const reg = member.getByRole("dialog", { name: /Đăng ký thi đua/ });
    await reg
      .getByLabel("Chỉ tiêu, nội dung đăng ký thi đua")
      .fill("Doanh thu tăng 8%, bảo đảm việc làm cho người lao động");
    await reg.getByRole("button", { name: "Ghi đăng ký" }).click();
    await reg.waitFor({ state: "hidden" });
    // registering again starts from what was registered
    await mine.getByRole("button", { name: "Đăng ký lại" }).click();
    expect(await reg.getByLabel("Chỉ tiêu, nội dung đăng ký thi đua").inputValue()).toMatch(
      /Doanh thu tăng 8%/,
    );
    await reg.getByRole("button", { name: "Hủy" }).click();
    await reg.waitFor({ state: "hidden" });

    await open(leader, "");
    for (const id of ["A", "B", "C", "E"] as const) {
      const name = FILE.units.find((u: { id: string }) => u.id === id).name as string;
      const row = leader.getByRole("listitem").filter({ hasText: name });
      await row.getByRole("button", { name: "Ghi ký giao ước" }).click();
      const pact = leader.getByRole("dialog", { name: /Ký kết giao ước thi đua/ });
      await pact.getByLabel("Ngày ký giao ước").fill("20/02/2026");
      await pact.getByLabel("Ngày ký giao ước").press("Enter");
      await pact.getByRole("button", { name: "Ghi ngày ký" }).click();
      await pact.waitFor({ state: "hidden" });
    }
    const overview = await api.A.get(P());
    const state = Object.fromEntries(
      overview.body.units.map((u: { code: string; registered: boolean; pactSigned: boolean }) => [
        idOf(u.code),
        [u.registered, u.pactSigned],
      ]),
    );
    expect(state).toEqual({
      A: [true, true],
      B: [true, true],
      C: [true, true],
      D: [false, false],
      E: [true, true],
    });
  });

  it("the member self-scores through the sheet, with evidence, and submits", async () => {
    // the other units' officers fill their sheets meanwhile
    for (const id of ["A", "B", "D", "E"] as const) await fillByApi(id);

    await open(member, `/don-vi/${unitId.C}`);
    const values = selfScores("C");
    const sheet = await sheetOf("C");
    const leaves = sheet.scheme.criteria.filter((c: { kind: string }) => c.kind !== "group");
    // a score above the maximum: the reason beside the cell, nothing saved
    await typeInto(member, "I.1", { Điểm: "16" });
    expect(await textOf(cellOf(member, "I.1").getByRole("alert"))).toMatch(/tối đa/);
    // a negative count
    await typeInto(member, "III.5.3", { "Số văn bản, báo cáo thiếu hoặc chậm": "-1" });
    expect(await textOf(cellOf(member, "III.5.3").getByRole("alert"))).toMatch(
      /số nguyên không âm/,
    );
    const refused = await sheetOf("C");
    const stored = (id: string) =>
      refused.rows.find((r: { criterionId: string }) => r.criterionId === id).values.self;
    expect(stored("I.1")).toBeUndefined();
    expect(stored("III.5.3")).toBeUndefined();

    for (const c of leaves as { id: string; kind: string }[]) {
      const v = values[c.id] ?? (c.kind === "lossPerItem" ? { missing: 5 } : 0);
      await typeInto(member, c.id, fieldsFor(c.id, v));
    }
    // evidence: a file of the wrong type is refused and not kept; a PDF is
    await member.getByRole("button", { name: "Thêm minh chứng — tiêu chí I.1" }).click();
    const modal = member.getByRole("dialog", { name: /Minh chứng — I\.1/ });
    await modal.locator("input[type=file]").setInputFiles({
      name: "bao-cao.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("MZ\x90\x00 this is not a PDF but a program"),
    });
    expect(await textOf(modal.getByRole("alert"))).toMatch(/không đúng định dạng \.pdf/);
    expect((await api.C.get(`${P()}/units/${unitId.C}/evidence`)).body.items).toEqual([]);
    await modal.locator("input[type=file]").setInputFiles({
      name: "Báo cáo doanh thu năm 2026.pdf",
      mimeType: "application/pdf",
      buffer: tinyPdf(),
    });
    await modal.getByText("Báo cáo doanh thu năm 2026.pdf").first().waitFor();
    await modal.getByRole("button", { name: "Đóng" }).last().click();
    // every other scored row explained
    for (const c of leaves as { id: string }[]) {
      if (c.id === "I.1") continue;
      const box = member.getByLabel(`Giải trình khi không có minh chứng — tiêu chí ${c.id}`);
      if ((await box.count()) === 0) continue;
      await box.fill("Báo cáo tổng kết năm 2026 của Công ty, mục tương ứng");
      await box.press("Enter");
    }
    await member.getByText(/Đã lưu lúc/).waitFor();
    await member.getByText(/Tự chấm:\s*111,5/).waitFor();
    await member.getByRole("button", { name: "Nộp", exact: true }).click();
    await member.getByRole("dialog").getByRole("button", { name: "Nộp" }).click();
    await member.getByText("Đã nộp, chờ Khối chấm").first().waitFor();
    expect(await checkPage(member, "bieu-cham-diem-da-nop")).toEqual([]);
    const submitted = await sheetOf("C");
    expect(submitted.unit.status).toBe("submitted");
    expect(submitted.totals.self.total).toBe(111.5);
  });

  it("the leader reviews the cluster side by side: accepts with Enter, changes with a reason", async () => {
    await open(leader, "/ra-soat");
    // C's revenue item: the tax office's figure says 12, not 14
    await matrixCell(leader, "Công ty TNHH Một thành viên", "I.1").click();
    const editor = leader.getByRole("dialog", { name: /^I\.1 — / });
    await editor.getByLabel("Điểm Khối chấm").fill("12");
    await editor.getByRole("button", { name: "Lưu điểm Khối chấm" }).click();
    expect(await textOf(editor.getByText(/cần ghi lý do/))).toMatch(/cần ghi lý do/);
    expect((await sheetOf("C")).rows[1].values.cluster).toBeUndefined();
    await editor
      .getByLabel("Lý do thay đổi")
      .fill("Doanh thu chỉ đạt 96% kế hoạch theo số liệu của Cục Thuế");
    await editor.getByRole("button", { name: "Lưu điểm Khối chấm" }).click();
    await editor.waitFor({ state: "hidden" });
    // the next item accepted from the keyboard, in one keystroke
    await matrixCell(leader, "Công ty TNHH Một thành viên", "I.2").focus();
    await leader.keyboard.press("Enter");
    await expect
      .poll(async () => await matrixCell(leader, "Công ty TNHH Một thành viên", "I.2").innerText())
      .toMatch(/✓/);
    // nobody reviews their own unit: the leader unit's sheet is the deputy's (at its own desk)
    await move(api.B, "A", "review");
    for (const id of IDS.filter((x) => x !== "A")) {
      await leader.getByRole("button", { name: `Thao tác với ${nameOf(id)}` }).click();
      const drawer = leader.getByRole("dialog", { name: nameOf(id) });
      await drawer.getByRole("button", { name: "Hoàn thành Khối chấm" }).click();
      const finish = leader.getByRole("dialog", { name: "Hoàn thành Khối chấm" });
      await finish.getByText(`Hoàn thành Khối chấm biểu của ${nameOf(id)}`).waitFor();
      await finish.getByRole("button", { name: "Hoàn thành Khối chấm" }).click();
      await drawer.getByText("Khối đã chấm, chờ đơn vị khớp điểm").first().waitFor();
      await drawer
        .getByRole("button", { name: /Close|Đóng/ })
        .first()
        .click();
    }
    expect(await checkPage(leader, "ra-soat-da-cham")).toEqual([]);
    const c = await sheetOf("C");
    expect(c.unit.status).toBe("reviewed");
    expect(c.totals.cluster.total).toBe(109.5);

    // publishing before the units reconciled: the confirmation names what is missing and offers
    // only provisional results (tạm tính), with the cluster's reason; withdrawn with a reason
    await open(leader, "/ket-qua");
    await leader.getByRole("alert").filter({ hasText: "KẾT QUẢ TẠM TÍNH" }).first().waitFor();
    await leader.getByRole("button", { name: "Công bố kết quả" }).click();
    const publishing = leader.getByRole("dialog", { name: "Công bố kết quả tạm tính" });
    await publishing.getByText("Còn 5/5 biểu chưa khớp điểm").waitFor();
    await publishing
      .getByLabel("Lý do Khối quyết định công bố tạm tính")
      .fill("Hội nghị Cụm thống nhất công bố để các đơn vị đối chiếu");
    await publishing.getByRole("button", { name: "Công bố tạm tính" }).click();
    await leader.getByText("công bố tạm tính, theo quyết định của Khối").waitFor();
    await leader.getByRole("button", { name: "Thu hồi công bố" }).click();
    const withdrawing = leader.getByRole("dialog", { name: "Thu hồi công bố kết quả" });
    await withdrawing.getByLabel("Lý do thu hồi").fill("Chờ các đơn vị khớp điểm xong");
    await withdrawing.getByRole("button", { name: "Thu hồi công bố" }).click();
    await leader.getByText("Kết quả chưa công bố: các đơn vị thành viên chưa xem được.").waitFor();
  });

  it("the member disputes a change; the preparatory meeting settles it", async () => {
    for (const id of ["A", "B", "D", "E"] as const) await move(api[id], id, "agree");
    await open(member, `/don-vi/${unitId.C}`);
    await member
      .getByRole("radiogroup", { name: "Khớp điểm tiêu chí I.1" })
      .getByText("Không đồng ý")
      .click();
    const why = member.getByLabel("Lý do không đồng ý — tiêu chí I.1");
    await why.fill("Doanh thu quý IV chưa được Cục Thuế cập nhật");
    await why.press("Enter");
    await member.getByRole("button", { name: "Khiếu nại", exact: true }).click();
    const dialog = member.getByRole("dialog", { name: "Khiếu nại điểm Khối chấm" });
    await dialog.getByLabel(/Lý do/).fill("Không đồng ý điểm tiêu chí I.1");
    await dialog.getByRole("button", { name: "Khiếu nại" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect((await sheetOf("C")).unit.status).toBe("disputed");

    const meeting = await schedule(
      leader,
      "Họp trù bị",
      "Họp trù bị tổng kết năm 2026",
      "05/01/2027 08:00",
    );
    await attend(meeting, ["A", "B", "C", "D"]);
    await meeting.getByText(/Đủ số thành viên dự họp/).waitFor();
    await meeting
      .getByLabel("Nội dung quyết định")
      .fill("Giữ 12 điểm tiêu chí I.1 của Công ty Thuốc lá theo số liệu Cục Thuế");
    await meeting.getByLabel("Số phiếu tán thành").fill("3");
    await meeting.getByLabel("Số phiếu không tán thành").fill("1");
    await meeting.getByRole("button", { name: "Ghi quyết định" }).click();
    await meeting
      .getByText(/Thông qua/)
      .first()
      .waitFor();

    await open(leader, "/ra-soat");
    await leader.getByRole("button", { name: `Thao tác với ${nameOf("C")}` }).click();
    const drawer = leader.getByRole("dialog", { name: nameOf("C") });
    expect(await textOf(drawer.getByText("Doanh thu quý IV"))).toMatch(/Cục Thuế/);
    await drawer.getByRole("button", { name: "Thống nhất tại họp trù bị" }).click();
    const settle = leader.getByRole("dialog", { name: "Thống nhất tại họp trù bị" });
    await settle.getByLabel("Lý do").fill("Họp trù bị ngày 05/01/2027 thống nhất giữ 12 điểm");
    await settle.getByRole("button", { name: "Thống nhất tại họp trù bị" }).click();
    await settle.waitFor({ state: "hidden" });
    expect((await sheetOf("C")).unit.status).toBe("reconciled");
  });

  it("the standing agency appraises and records a pending case", async () => {
    await open(standing, "/tham-dinh");
    // II.4 is below the fold of the virtual table: down the unit's column by keyboard, F2 edits
    await matrixCell(standing, nameOf("A"), "I.1").focus();
    const focused = () =>
      standing.evaluate(() => document.activeElement?.getAttribute("data-cell") ?? null);
    for (let i = 0; i < 40; i++) {
      const at = await focused();
      if (at?.startsWith("II.4:")) break;
      await standing.keyboard.press("ArrowDown");
      // the matrix moves the focus on a later frame, once the virtual table has scrolled
      await expect.poll(focused).not.toBe(at);
    }
    await standing.keyboard.press("F2");
    const editor = standing.getByRole("dialog", { name: /^II\.4 — / });
    await editor.getByLabel("Điểm Thẩm định").fill("4");
    await editor.getByLabel("Lý do thay đổi").fill("Công đoàn cơ sở chỉ xếp loại vững mạnh");
    await editor.getByRole("button", { name: "Lưu điểm Thẩm định" }).click();
    await editor.waitFor({ state: "hidden" });
    for (const id of IDS) {
      await standing.getByRole("button", { name: `Thao tác với ${nameOf(id)}` }).click();
      const drawer = standing.getByRole("dialog", { name: nameOf(id) });
      if (id === "E") {
        await drawer.getByRole("checkbox", { name: /đang xem xét/ }).check();
        await drawer
          .getByLabel("Lý do, căn cứ")
          .fill("Công văn của Thanh tra tỉnh: đang xác minh dấu hiệu sai phạm");
        await drawer.getByRole("button", { name: "Lưu xếp loại, vụ việc" }).click();
        await standing.getByText("Đã lưu thông tin xếp loại").waitFor();
      }
      await drawer.getByRole("button", { name: "Hoàn thành thẩm định" }).click();
      const finish = standing.getByRole("dialog", { name: "Hoàn thành thẩm định" });
      await finish.getByText(`Hoàn thành thẩm định biểu của ${nameOf(id)}`).waitFor();
      await finish.getByRole("button", { name: "Hoàn thành thẩm định" }).click();
      await drawer.getByText("Đã thẩm định", { exact: false }).first().waitFor();
      await drawer
        .getByRole("button", { name: /Close|Đóng/ })
        .first()
        .click();
    }
    expect(await checkPage(standing, "tham-dinh")).toEqual([]);
  });

  it("deliberates: the tie for the flag goes to a secret ballot; the screen equals tdkt evaluate", async () => {
    await open(leader, "/ket-qua");
    await leader.getByText("Cần bỏ phiếu: Cờ thi đua của UBND tỉnh").waitFor();
    expect(await resultsOnScreen(leader)).toEqual(expectedRows(await evaluated(), TIE));

    await leader.getByRole("button", { name: "Mở bỏ phiếu tại cuộc họp" }).click();
    const meeting = await schedule(
      leader,
      "Tổng kết, bình xét",
      "Hội nghị tổng kết, bình xét thi đua năm 2026",
      "20/01/2027 08:00",
    );
    await attend(meeting, IDS);
    await meeting.getByRole("button", { name: "Mở cuộc bỏ phiếu" }).click();
    const opening = meeting.getByRole("dialog", { name: "Mở cuộc bỏ phiếu kín" });
    await opening.getByRole("button", { name: "Dùng" }).click();
    await opening.getByRole("button", { name: "Mở bỏ phiếu" }).click();
    await opening.waitFor({ state: "hidden" });
    const meetingUrl = meeting.url();
    // the leader's unit and the member vote on their screens; the others at their own desks
    await vote(leader, nameOf("A"));
    await member.goto(meetingUrl);
    await member.getByRole("group", { name: /Phiếu bầu của đơn vị/ }).waitFor();
    expect(await checkPage(member, "bo-phieu")).toEqual([]);
    await vote(member, nameOf("B"));
    const detail = await api.A.get(
      `/api/periods/${periodId}/meetings/${meetingUrl.split("/").pop()}`,
    );
    const ballot = detail.body.ballots[0];
    for (const [id, choice] of [
      ["B", "B"],
      ["D", "B"],
      ["E", "A"],
    ] as const) {
      const res = await api[id].post(
        `/api/periods/${periodId}/meetings/${detail.body.id}/ballots/${ballot.id}/votes`,
        { choice: CAST[choice].code },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await leader.reload();
    await leader.getByText("Đã có 5/5 đơn vị có mặt bỏ phiếu.").waitFor();
    await leader.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();
    await leader.getByRole("button", { name: "Kết thúc", exact: true }).click();
    await leader.getByText("Đã kết thúc").waitFor();

    await open(leader, "/ket-qua");
    await leader.getByRole("columnheader", { name: "Tổng" }).waitFor();
    expect(await leader.getByText(/Cần bỏ phiếu/).count()).toBe(0);
    expect(await resultsOnScreen(leader)).toEqual(expectedRows(await evaluated(), HELD));
    expect(await checkPage(leader, "ket-qua-sau-bo-phieu")).toEqual([]);

    // the files for the council, from the same page: the same ranks and totals, the proposal
    const summary = await downloaded(
      leader,
      leader.getByRole("link", { name: "Bảng tổng hợp (Excel)" }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(summary as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const output = await evaluated();
    // the table starts at its header row, under the heading of Decree 30
    let header = 1;
    while (header < ws.rowCount && ws.getCell(header, 1).value !== "Xếp hạng") header++;
    const totalColumn = (ws.getRow(header).values as unknown[]).indexOf("Tổng điểm");
    expect(totalColumn).toBeGreaterThan(0);
    expect(
      output.units.map((_, i) => [
        ws.getCell(header + 1 + i, 1).value,
        ws.getCell(header + 1 + i, 2).value,
        ws.getCell(header + 1 + i, totalColumn).value,
      ]),
    ).toEqual(output.units.map((u) => [u.rank, nameOf(idOf(u.id)), u.total]));
    const proposal = await downloaded(
      leader,
      leader.getByRole("link", { name: "Tờ trình đề nghị khen thưởng (Word)" }),
    );
    const xml = await (await JSZip.loadAsync(proposal)).file("word/document.xml")?.async("string");
    const text = (xml ?? "").replace(/<[^>]+>/g, "");
    expect(text).toContain("TỜ TRÌNH");
    expect(text).toContain(`Cờ thi đua của UBND tỉnh: ${nameOf("B")}`);
  });

  it("the standing agency locks the deliberated result; nothing that changes it is taken after", async () => {
    await open(standing, "/tham-dinh");
    await standing.getByRole("button", { name: "Khóa kết quả" }).click();
    const lock = standing.getByRole("dialog", { name: "Khóa kết quả của Khối" });
    await lock
      .getByLabel("Số, ngày của văn bản quyết định kết quả")
      .fill("Quyết định số 15/QĐ-BTĐKT ngày 15/01/2027");
    await lock.getByLabel(/Để xác nhận/).fill("KHÓA KẾT QUẢ");
    await lock.getByRole("button", { name: "Khóa kết quả" }).click();
    await lock.waitFor({ state: "hidden" });
    expect((await sheetOf("A")).unit.status).toBe("locked");
    // after the lock: a flag recorded through the API is refused, the results stay as voted
    const agency = await server.as("bantdkt-langson");
    const facts = await agency.put(`${P()}/units/${unitId.A}/standing-facts`, {
      flags: ["seriousViolation"],
      reason: "Vụ việc báo sau khi khóa",
      version: (await sheetOf("A")).unit.version,
    });
    expect(facts.status).toBe(409);
    expect(facts.body.code).toBe("PERIOD_LOCKED");
    await open(leader, "/ket-qua");
    await leader.getByRole("columnheader", { name: "Tổng" }).waitFor();
    expect(await resultsOnScreen(leader)).toEqual(expectedRows(await evaluated(), HELD));
  });
});

// ————— helpers —————

const nameOf = (id: Id): string =>
  FILE.units.find((u: { id: string }) => u.id === id).name as string;

/** A unit's cell of a criterion in the review matrix. */
const matrixCell = (page: Page, unitName: string, criterionId: string): Locator =>
  page.getByRole("button", {
    name: new RegExp(`— ${unitName}[^,]*, ${criterionId.replace(/\./g, "\\.")}:`),
  });

/** Pick an option of a drop-down list (Ant Design's Select). */
async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  await page
    .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`)
    .click();
}

/** Schedule a meeting from the meetings page; returns the page on the meeting. */
async function schedule(page: Page, kind: string, title: string, at: string): Promise<Page> {
  if (!page.url().endsWith("/hop")) await open(page, "/hop");
  await page.getByRole("button", { name: "Lên lịch cuộc họp" }).click();
  const dialog = page.getByRole("dialog", { name: "Lên lịch cuộc họp" });
  await choose(page, dialog.getByLabel("Loại cuộc họp"), kind);
  await dialog.getByLabel("Tên cuộc họp").fill(title);
  await dialog.getByLabel("Thời gian (giờ Việt Nam)").fill(at);
  await dialog.getByLabel("Thời gian (giờ Việt Nam)").press("Enter");
  await dialog.getByLabel("Địa điểm").fill("Hội trường Công ty Điện lực Lạng Sơn");
  await dialog.getByRole("button", { name: "Lên lịch", exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  await page.getByRole("heading", { name: title }).waitFor();
  return page;
}

async function attend(page: Page, ids: readonly Id[]) {
  for (const id of ids) await page.getByLabel(`${nameOf(id)} có mặt`).check();
  await page.getByRole("button", { name: "Lưu điểm danh" }).click();
  await page.getByText(`Có mặt ${ids.length}`, { exact: false }).first().waitFor();
}

async function vote(page: Page, unitName: string) {
  const paper = page.getByRole("group", { name: /Phiếu bầu của đơn vị/ });
  await paper.getByRole("radio", { name: unitName }).check();
  await paper.getByRole("button", { name: "Bỏ phiếu" }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "Bỏ phiếu" }).click();
  await page.getByText("Đơn vị đã bỏ phiếu").waitFor();
}

/** `tdkt evaluate` on the cluster-year file the server exports. */
async function evaluated() {
  const exported = await api.A.get(`${P()}/export`);
  expect(exported.status).toBe(200);
  return evaluateScenario(exported.body).output;
}

const AWARDS: Record<string, string> = {
  "co-tinh": "Cờ thi đua của UBND tỉnh",
  "bang-khen-tinh": "Bằng khen của Chủ tịch UBND tỉnh",
};
const STATUSES: Record<string, string> = {
  proposed: "Đề nghị",
  none: "Không đề nghị",
  postponed: "Chưa xem xét",
  excluded: "Không xét",
  ballot: "Chờ bỏ phiếu",
};

/** The rows the screen must show: the engine's output, checked against the worked answer. */
function expectedRows(
  output: ReturnType<typeof evaluateScenario>["output"],
  answer: {
    units: { id: string; total: number; rank: number; award: string | null; status: string }[];
  },
): Row[] {
  const pick = (u: {
    id: string;
    total: number;
    rank: number;
    award: string | null;
    status: string;
  }) => [u.id, u.total, u.rank, u.award, u.status];
  expect(output.units.map((u) => pick({ ...u, id: idOf(u.id) }))).toEqual(answer.units.map(pick));
  return output.units.map((u) => ({
    rank: String(u.rank),
    unit: nameOf(idOf(u.id)),
    total: vn(u.total),
    award: u.award ? (AWARDS[u.award] as string) : "—",
    // a status not proposed for an award shows its reason under it, as the engine gave it
    status: [STATUSES[u.status] as string, ...reasonOf(u.status, u.reasons)].join("\n"),
  }));
}

/** The reason a "Không xét" or "Chưa xem xét" rests on: its line of the reasons, to its first
 * sentence's end. */
function reasonOf(status: string, reasons: string[]): string[] {
  if (status !== "excluded" && status !== "postponed") return [];
  const line = reasons.find((r) => r.startsWith(`${STATUSES[status]} khen thưởng: `)) ?? "";
  return [
    line
      .slice(line.indexOf(": ") + 2)
      .split(". ")[0]
      ?.replace(/\.$/, "") ?? "",
  ];
}

/** The text of the first element the locator finds, once it is there. */
async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return locator.first().innerText();
}

/** The cell of the stage being scored, for one criterion. */
const cellOf = (page: Page, criterionId: string): Locator =>
  page.getByRole("group", { name: new RegExp(`— tiêu chí ${criterionId.replace(/\./g, "\\.")}$`) });

/** Type the fields of a cell (by their labels) and leave it with Enter. */
async function typeInto(page: Page, criterionId: string, fields: Record<string, string>) {
  const entries = Object.entries(fields);
  for (const [label, text] of entries) {
    await page.getByLabel(`${label} — tiêu chí ${criterionId}`, { exact: true }).fill(text);
  }
  const [lastLabel] = entries[entries.length - 1] as [string, string];
  await page.getByLabel(`${lastLabel} — tiêu chí ${criterionId}`, { exact: true }).press("Enter");
}

/** The fields of a value, by the labels of the sheet's inputs. */
function fieldsFor(criterionId: string, v: Value): Record<string, string> {
  if (typeof v === "number") {
    return criterionId === "III.6.3"
      ? { "Tỷ lệ năm nay (%)": "0", "Tỷ lệ năm trước (%)": "0" }
      : { Điểm: vn(v) };
  }
  if ("missing" in v) return { "Số văn bản, báo cáo thiếu hoặc chậm": String(v.missing) };
  if ("submitted" in v) {
    return {
      "Số hồ sơ trình": String(v.submitted),
      "Số hồ sơ không đủ điều kiện": String(v.ineligible),
    };
  }
  throw new Error(`no fields for ${criterionId}`);
}

/** A unit's officer fills every criterion (with an explanation) and submits. */
async function fillByApi(id: Id) {
  const sheet = await sheetOf(id);
  const values = selfScores(id);
  for (const c of sheet.scheme.criteria as { id: string; kind: string }[]) {
    if (c.kind === "group") continue;
    const value = values[c.id] ?? (c.kind === "lossPerItem" ? { missing: 5 } : 0);
    const res = await api[id].put(`${P()}/units/${unitId[id]}/scores/${c.id}`, {
      value,
      explanation: "Báo cáo tổng kết năm 2026 của đơn vị, mục tương ứng",
    });
    expect(res.status, `${id} ${c.id} ${JSON.stringify(res.body)}`).toBe(200);
  }
  await move(api[id], id, "submit");
}
