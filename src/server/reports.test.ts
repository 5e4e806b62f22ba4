/**
 * Members' reports to the leader (Vùng cao 2022 Điều 7.1–7.3), on the demonstration's highland
 * cluster: the six-month report sent on time by Mường Toong and 3 days late by Nậm Kè (the clock
 * moved by passing `now` to the command), never by Quảng Lâm; the leader's list, the members'
 * own lists, the cluster's six-month report (Word) and its milestones say so for each unit. A
 * Word file is accepted, an image, a renamed program or a workbook renamed .docx refused in
 * Vietnamese with nothing kept; who may read a report sent; an ad hoc request; a later report
 * supersedes the earlier; the home page and the reminders follow the six-month report; a locked
 * year takes none; the list costs the same statements whatever the number of units; a backup
 * keeps the files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp, tinyPdf } from "../../test/server.ts";
import { countStatements } from "../../test/statements.ts";
import { formatCalendarDate, todayInVietnam } from "../core/workflow.ts";
import { createBackup } from "./backup/create-backup.ts";
import { quotaBytes } from "./commands/evidence/quota.ts";
import { deliverNotifications } from "./commands/notifications/deliver-notifications.ts";
import { addDays } from "./commands/organisation/milestones.ts";
import { daysLate, type RequestKey } from "./commands/reports/standing-requests.ts";
import { submitReport } from "./commands/reports/submit-report.ts";
import {
  auditLog,
  notifications,
  periods,
  periodUnits,
  reportSubmissions,
  units,
  users,
} from "./db/schema.ts";
import { loadDemo } from "./seed/demo.ts";
import { evidenceStorage } from "./storage.ts";

let t: TestApp;
let periodId: number;
let p: string;
/** Unit ids of the highland cluster by name. */
const unit: Record<string, number> = {};
const api: Record<string, Client> = {};

const HIGHLAND = "Cụm thi đua các xã vùng cao";
const SIX_MONTH = "Báo cáo sơ kết 6 tháng đầu năm 2025";
const ANNUAL = "Báo cáo tổng kết năm 2025 và bảng tự chấm điểm thi đua";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** What staff of the highland units and the people around the cluster are called here. */
const PEOPLE = [
  "muongnhe",
  "sinthau",
  "muongtoong",
  "namke",
  "quanglam",
  "bantdkt-dienbien",
  "hoidong-dienbien",
  "cuc-thong-ke",
  "quantri",
  "thuocla",
  "dienluc",
] as const;

async function userId(username: string): Promise<number> {
  const [row] = await t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username));
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** A report sent by a unit's staff at `at` (Vietnam's time), through the command. */
async function send(username: string, name: string, key: RequestKey, at: string, file: string) {
  return submitReport(t.database.db, evidenceStorage(t.app.config.DATA_DIR), {
    periodId,
    requestKey: key,
    unitId: unit[name] as number,
    fileName: file,
    bytes: tinyPdf(`Bao cao ${name}`),
    actorId: await userId(username),
    quotaBytes: quotaBytes(200),
    now: new Date(at),
  });
}

/** Upload a file as a browser form would, with the session of `client`. */
async function upload(client: Client, url: string, fileName: string, bytes: Buffer) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  const res = await client.inject({
    method: "POST",
    url,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") as string },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

interface UnitRow {
  unitId: number;
  name: string;
  status: string;
  statusLabel: string;
  submission: { id: number; submittedAt: string; daysLate: number; fileName: string } | null;
  earlier: { id: number; daysLate: number }[];
}
interface Listed {
  key: string;
  id: number | null;
  kind: string;
  title: string;
  dueOn: string;
  units: UnitRow[];
}

async function requests(username: string): Promise<Listed[]> {
  const res = await (api[username] as Client).get(`${p}/reports`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.requests;
}

const byName = (r: Listed | undefined) =>
  Object.fromEntries((r?.units ?? []).map((u) => [u.name, u]));

/** The text of a Word file's body, and its tables' rows (cells' text). */
async function wordOf(client: Client, url: string) {
  const res = await client.inject({ method: "GET", url });
  expect(res.statusCode).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, "")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => text(m[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) =>
    [...m[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1] as string)),
  );
  return { bytes: res.rawPayload, paragraphs, rows };
}

/** Days from the due day of the six-month report to today (how overdue a missing one is). */
const overdueSixMonth = () =>
  Math.round(
    (Date.parse(`${todayInVietnam()}T00:00:00Z`) - Date.parse("2025-06-30T00:00:00Z")) / 86_400_000,
  );

beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
  for (const username of PEOPLE) api[username] = await sessionFor(t, username);
  const home = (await (api.muongnhe as Client).get("/api/me/periods")).body.periods;
  const year = home.find((y: { cluster: { name: string } }) => y.cluster.name === HIGHLAND);
  periodId = year.id;
  p = `/api/periods/${periodId}`;
  for (const u of year.units as { id: number; name: string }[]) unit[u.name] = u.id;
}, 60_000);
afterAll(() => t?.close());

describe("members' reports to the leader", () => {
  it("counts whole days late on Vietnam's calendar", () => {
    expect(daysLate("2025-06-30", new Date("2025-06-30T23:59:00+07:00"))).toBe(0);
    expect(daysLate("2025-06-30", new Date("2025-07-01T00:01:00+07:00"))).toBe(1);
    expect(daysLate("2025-06-30", new Date("2025-06-01T08:00:00+07:00"))).toBe(0);
    expect(daysLate("2025-06-30", new Date("2025-07-03T09:00:00+07:00"))).toBe(3);
  });

  it("lists before any report the two standing requests of the year, due on their milestones", async () => {
    const list = await requests("muongnhe");
    expect(list.map((r) => [r.key, r.id, r.title, r.dueOn])).toEqual([
      ["sixMonth", null, SIX_MONTH, "2025-06-30"],
      ["annual", null, ANNUAL, "2025-12-25"],
    ]);
    expect(list[0]?.units.map((u) => u.name)).toEqual([
      "Xã Mường Nhé",
      "Xã Mường Toong",
      "Xã Nậm Kè",
      "Xã Quảng Lâm",
      "Xã Sín Thầu",
    ]);
    expect(list[0]?.units.every((u) => u.status === "missing" && u.submission === null)).toBe(true);
  });

  it("records one unit on time, one late, one not at all, and the leader's list says so", async () => {
    const onTime = await send(
      "muongtoong",
      "Xã Mường Toong",
      "sixMonth",
      "2025-06-28T10:00:00+07:00",
      "Báo cáo sơ kết 6 tháng - Mường Toong.pdf",
    );
    expect(onTime.submission.daysLate).toBe(0);
    const late = await send(
      "namke",
      "Xã Nậm Kè",
      "sixMonth",
      "2025-07-03T09:00:00+07:00",
      "Báo cáo sơ kết 6 tháng - Nậm Kè.pdf",
    );
    expect(late.submission.daysLate).toBe(3);
    // the first report stored the standing request, the second used the same
    expect(late.request.id).toBe(onTime.request.id);

    for (const who of ["muongnhe", "sinthau", "bantdkt-dienbien", "hoidong-dienbien"]) {
      const [six, annual] = await requests(who);
      expect(six?.id).toBe(onTime.request.id);
      const units = byName(six);
      expect(units["Xã Mường Toong"]).toMatchObject({
        status: "onTime",
        statusLabel: "Đúng hạn",
        submission: {
          fileName: "Báo cáo sơ kết 6 tháng - Mường Toong.pdf",
          submittedAt: "2025-06-28T03:00:00.000Z",
          daysLate: 0,
        },
      });
      expect(units["Xã Nậm Kè"]).toMatchObject({
        status: "late",
        statusLabel: "Chậm 3 ngày",
        submission: { submittedAt: "2025-07-03T02:00:00.000Z", daysLate: 3 },
      });
      expect(units["Xã Quảng Lâm"]).toMatchObject({
        status: "missing",
        statusLabel: `Chưa gửi, quá hạn ${overdueSixMonth()} ngày`,
        submission: null,
      });
      // the annual request is still read from its milestone only
      expect(annual?.id).toBeNull();
    }

    // a member sees its own unit's row only
    const own = await requests("namke");
    expect(own.map((r) => r.units.map((u) => u.name))).toEqual([["Xã Nậm Kè"], ["Xã Nậm Kè"]]);
    expect(own[0]?.units[0]?.statusLabel).toBe("Chậm 3 ngày");

    // each report audited: who, when, how late, the file's hash
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "report.submit"), eq(auditLog.periodId, periodId)));
    expect(
      audits.map((a) => [a.actorId, a.unitId, (a.newValue as { daysLate: number }).daysLate]),
    ).toEqual([
      [await userId("muongtoong"), unit["Xã Mường Toong"], 0],
      [await userId("namke"), unit["Xã Nậm Kè"], 3],
    ]);
    const hashed = audits[1]?.newValue as { sha256: string } | undefined;
    expect(hashed?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses the list to those who do not follow the cluster's reports, in Vietnamese", async () => {
    for (const who of ["cuc-thong-ke", "quantri", "thuocla"]) {
      const res = await (api[who] as Client).get(`${p}/reports`);
      expect(res.status, who).toBe(403);
      expect(res.body.message).toMatch(/^Chỉ đơn vị thành viên của Cụm/);
    }
  });

  it("lists the three in the cluster's six-month report, and none yet in the annual one", async () => {
    const six = await wordOf(api.muongnhe as Client, `${p}/documents/report.docx?kind=six-month`);
    expect(six.paragraphs).toContain("Tình hình gửi báo cáo của các đơn vị thành viên:");
    expect(six.paragraphs).toContain(
      `${SIX_MONTH} (hạn 30/06/2025): 2/5 đơn vị đã gửi (1 đúng hạn, 1 chậm), 3 đơn vị chưa gửi.`,
    );
    const header = six.rows.findIndex((r) => r[2] === "Ngày nhận");
    expect(six.rows.slice(header, header + 6)).toEqual([
      ["STT", "Đơn vị", "Ngày nhận", "Tình trạng"],
      ["1", "Xã Mường Nhé", "—", "Chưa gửi"],
      ["2", "Xã Mường Toong", "28/06/2025", "Đúng hạn"],
      ["3", "Xã Nậm Kè", "03/07/2025", "Chậm 3 ngày"],
      ["4", "Xã Quảng Lâm", "—", "Chưa gửi"],
      ["5", "Xã Sín Thầu", "—", "Chưa gửi"],
    ]);
    // the milestone names who is late with it, never who sent it on time
    const milestone = six.paragraphs.find((x) => x.startsWith("- Hạn gửi báo cáo 6 tháng"));
    expect(milestone).toBe(
      "- Hạn gửi báo cáo 6 tháng — hạn 30/06/2025; chậm: Xã Mường Nhé, Xã Nậm Kè, Xã Quảng Lâm, Xã Sín Thầu.",
    );

    const annual = await wordOf(
      api["bantdkt-dienbien"] as Client,
      `${p}/documents/report.docx?kind=annual`,
    );
    expect(annual.paragraphs).toContain(
      `${ANNUAL} (hạn 25/12/2025): 0/5 đơn vị đã gửi, 5 đơn vị chưa gửi.`,
    );
  });

  it("accepts a Word file and refuses an image, a renamed program or workbook, keeping nothing", async () => {
    const staff = api.muongtoong as Client;
    const url = `${p}/reports/annual/submissions`;
    const filesBefore = await readdir(join(t.app.config.DATA_DIR, "evidence"));
    const rowsBefore = await t.database.db.select().from(reportSubmissions);

    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4830000000049454e44ae426082",
      "hex",
    );
    const image = await upload(staff, url, "Ảnh chụp báo cáo.png", png);
    expect(image.status).toBe(415);
    expect(image.body.message).toBe(
      "Tệp «Ảnh chụp báo cáo.png» không được nhận làm báo cáo. Báo cáo chỉ nhận: PDF (.pdf), Word (.docx, .doc); hãy lưu báo cáo ở một trong các dạng này rồi gửi lại.",
    );
    const program = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), png]);
    const renamed = await upload(staff, url, "Báo cáo năm.docx", program);
    expect(renamed.status).toBe(415);
    expect(renamed.body.message).toBe(
      "Nội dung tệp «Báo cáo năm.docx» không đúng định dạng .docx (tệp hỏng hoặc bị đổi phần mở rộng). Báo cáo chỉ nhận: PDF (.pdf), Word (.docx, .doc).",
    );
    const workbook = new JSZip();
    workbook.file("[Content_Types].xml", "<Types/>");
    workbook.file("xl/workbook.xml", "<workbook/>");
    const xlsx = await workbook.generateAsync({ type: "nodebuffer" });
    const sheet = await upload(staff, url, "Bảng tự chấm điểm.docx", xlsx);
    expect(sheet.status).toBe(415);
    expect(sheet.body.message).toContain("không đúng định dạng .docx");
    const none = await staff.post(url, {});
    expect(none.status).toBe(400);
    expect(none.body.message).toBe("Chưa có tệp báo cáo: hãy chọn một tệp PDF hoặc Word để gửi.");

    expect(await readdir(join(t.app.config.DATA_DIR, "evidence"))).toEqual(filesBefore);
    expect(await t.database.db.select().from(reportSubmissions)).toEqual(rowsBefore);

    // a real Word document: the cluster's own report, as a member would write one
    const word = await wordOf(api.muongnhe as Client, `${p}/documents/report.docx?kind=annual`);
    const sent = await upload(
      staff,
      url,
      "Báo cáo tổng kết năm 2025 - Mường Toong.docx",
      word.bytes,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const late = daysLate("2025-12-25", new Date());
    expect(sent.body).toMatchObject({
      requestKey: "annual",
      fileName: "Báo cáo tổng kết năm 2025 - Mường Toong.docx",
      mediaType: DOCX,
      daysLate: late,
      submittedBy: { name: "Cán bộ TĐKT — Xã Mường Toong" },
    });
    expect(sent.body.message).toMatch(
      new RegExp(
        `^Đã nhận «${ANNUAL}» của Xã Mường Toong lúc \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d: chậm ${late} ngày \\(hạn 25/12/2025\\)\\.$`,
      ),
    );
    // a deputy's or another unit's staff cannot send for Mường Toong: they send their own
    const outsider = await upload(api.thuocla as Client, url, "Báo cáo.pdf", tinyPdf());
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toMatch(/^Chỉ cán bộ của đơn vị thành viên Cụm/);
    for (const who of ["bantdkt-dienbien", "hoidong-dienbien", "quantri"]) {
      const res = await upload(api[who] as Client, url, "Báo cáo.pdf", tinyPdf());
      expect(res.status, who).toBe(403);
    }
  });

  it("lets the leadership, the standing agency, the council member and the unit itself read a report", async () => {
    const [six] = await requests("muongnhe");
    const namKe = byName(six)["Xã Nậm Kè"]?.submission;
    const url = `${p}/report-submissions/${namKe?.id}/file`;
    for (const who of ["muongnhe", "sinthau", "bantdkt-dienbien", "hoidong-dienbien", "namke"]) {
      const res = await (api[who] as Client).inject({ method: "GET", url });
      expect(res.statusCode, who).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
      expect(res.headers["content-disposition"]).toContain(
        `filename*=UTF-8''${encodeURIComponent("Báo cáo sơ kết 6 tháng - Nậm Kè.pdf")}`,
      );
      expect(res.rawPayload.equals(tinyPdf("Bao cao Xã Nậm Kè"))).toBe(true);
    }
    const other = await (api.muongtoong as Client).get(url);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(
      "«Báo cáo sơ kết 6 tháng - Nậm Kè.pdf» là báo cáo của Xã Nậm Kè: bạn chỉ tải được báo cáo của đơn vị mình.",
    );
    for (const who of ["cuc-thong-ke", "quantri", "thuocla"]) {
      const res = await (api[who] as Client).get(url);
      expect(res.status, who).toBe(403);
      expect(res.body.message).toMatch(/[à-ỹĐđ]/);
    }
    // a report of this year asked for under another year: not found
    const lang = (await (api.dienluc as Client).get("/api/me/periods")).body.periods[0];
    const elsewhere = await (api.dienluc as Client).get(
      `/api/periods/${lang.id}/report-submissions/${namKe?.id}/file`,
    );
    expect(elsewhere.status).toBe(404);
  });

  it("takes an ad hoc request from the leadership only, and a member's report for it", async () => {
    const dueOn = addDays(todayInVietnam(), 10);
    const body = {
      title: "Báo cáo đột xuất kết quả chuyển đổi số",
      body: "Thực hiện văn bản của Ban Thi đua - Khen thưởng tỉnh, đề nghị các xã báo cáo kết quả chuyển đổi số.",
      dueOn,
    };
    for (const who of ["namke", "bantdkt-dienbien", "hoidong-dienbien", "quantri"]) {
      const res = await (api[who] as Client).post(`${p}/reports`, body);
      expect(res.status, who).toBe(403);
      expect(res.body.message).toBe(
        "Chỉ Cụm trưởng, Cụm phó được yêu cầu các đơn vị thành viên gửi báo cáo.",
      );
    }
    const past = await (api.muongnhe as Client).post(`${p}/reports`, {
      ...body,
      dueOn: "2025-01-15",
    });
    expect(past.status).toBe(400);
    expect(past.body.message).toBe(
      `Hạn gửi báo cáo 15/01/2025 đã qua: hãy chọn một ngày từ hôm nay (${formatCalendarDate(todayInVietnam())}) trở đi.`,
    );
    const created = await (api.sinthau as Client).post(`${p}/reports`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      key: String(created.body.id),
      kind: "adhoc",
      title: body.title,
      body: body.body,
      dueOn,
      createdBy: { name: "Cán bộ TĐKT — Xã Sín Thầu" },
    });
    expect(created.body.units.map((u: UnitRow) => u.statusLabel)).toEqual(
      Array(5).fill("Chưa gửi"),
    );
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "report.request"));
    expect(audit).toMatchObject({
      actorId: await userId("sinthau"),
      periodId,
      entityId: String(created.body.id),
    });

    // each member is told, and finds it on its home page until it has sent its report
    await deliverNotifications(t.database.db);
    const notices = (await (api.quanglam as Client).get("/api/me/notifications")).body.items;
    expect(notices).toContainEqual(
      expect.objectContaining({
        title: `Yêu cầu báo cáo: ${body.title}`,
        body: `Cụm trưởng yêu cầu báo cáo (Cụm thi đua các xã vùng cao năm 2025), hạn ${formatCalendarDate(dueOn)}.`,
        link: `/ky/${periodId}/bao-cao`,
      }),
    );
    const tasks = async () =>
      (await (api.quanglam as Client).get("/api/me/periods")).body.periods.find(
        (y: { id: number }) => y.id === periodId,
      ).tasks as { kind: string; title: string; detail: string }[];
    expect(await tasks()).toContainEqual(
      expect.objectContaining({
        kind: "report",
        title: `Gửi báo cáo: ${body.title}`,
        detail: `Hạn ${formatCalendarDate(dueOn)}`,
      }),
    );

    const sent = await upload(
      api.quanglam as Client,
      `${p}/reports/${created.body.id}/submissions`,
      "Báo cáo chuyển đổi số.pdf",
      tinyPdf(),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.message).toMatch(/của Xã Quảng Lâm lúc .*: đúng hạn\.$/);
    const listed = (await requests("quanglam")).find((r) => r.id === created.body.id);
    expect(listed?.units).toMatchObject([{ name: "Xã Quảng Lâm", statusLabel: "Đúng hạn" }]);
    expect((await tasks()).map((task) => task.kind)).not.toContain("report");

    // a request of another year is not one of this year's
    const lang = (await (api.dienluc as Client).get("/api/me/periods")).body.periods[0];
    const block = await (api.dienluc as Client).post(`/api/periods/${lang.id}/reports`, body);
    expect(block.status).toBe(201);
    const wrong = await upload(
      api.quanglam as Client,
      `${p}/reports/${block.body.id}/submissions`,
      "Báo cáo.pdf",
      tinyPdf(),
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toBe(
      `Không tìm thấy yêu cầu báo cáo số ${block.body.id} trong kỳ thi đua này.`,
    );
    // a Khối's refusal names the Khối trưởng
    const member = await (api.thuocla as Client).post(`/api/periods/${lang.id}/reports`, body);
    expect(member.body.message).toBe(
      "Chỉ Khối trưởng, Khối phó được yêu cầu các đơn vị thành viên gửi báo cáo.",
    );
  });

  it("counts the last report a unit sent, keeping the earlier one", async () => {
    await send(
      "muongtoong",
      "Xã Mường Toong",
      "sixMonth",
      "2025-07-02T08:00:00+07:00",
      "Báo cáo sơ kết 6 tháng - Mường Toong (bổ sung).pdf",
    );
    const [six] = await requests("muongnhe");
    const row = byName(six)["Xã Mường Toong"];
    expect(row).toMatchObject({
      status: "late",
      statusLabel: "Chậm 2 ngày",
      submission: { fileName: "Báo cáo sơ kết 6 tháng - Mường Toong (bổ sung).pdf", daysLate: 2 },
      earlier: [{ daysLate: 0 }],
    });
    const kept = await t.database.db
      .select()
      .from(reportSubmissions)
      .where(eq(reportSubmissions.unitId, unit["Xã Mường Toong"] as number));
    expect(kept.filter((r) => r.requestId === six?.id)).toHaveLength(2);
  });

  it("meets the six-month milestone on the home page and in the reminders for a unit that sent", async () => {
    const dueOf = async (username: string) => {
      const home = (await (api[username] as Client).get("/api/me/periods")).body.periods;
      const year = home.find((y: { id: number }) => y.id === periodId);
      return (year.due as { key: string; days: number }[]).find((d) => d.key === "sixMonthReport");
    };
    expect(await dueOf("muongtoong")).toBeUndefined();
    expect(await dueOf("namke")).toBeUndefined();
    expect((await dueOf("quanglam"))?.days).toBe(-overdueSixMonth());
    // the leader's: some units have not sent it
    expect(await dueOf("muongnhe")).toBeDefined();

    await deliverNotifications(t.database.db, new Date("2025-06-29T12:00:00+07:00"));
    const reminded = await t.database.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.title, "Hạn gửi báo cáo 6 tháng: còn 1 ngày"));
    const highland = await Promise.all(
      ["muongnhe", "sinthau", "muongtoong", "namke", "quanglam"].map(userId),
    );
    expect(
      reminded
        .map((r) => r.userId)
        .filter((id) => highland.includes(id))
        .sort(),
    ).toEqual([await userId("muongnhe"), await userId("sinthau"), await userId("quanglam")].sort());
  });

  it("reads the list in a fixed number of statements, whatever the number of units", async () => {
    const leader = api.muongnhe as Client;
    const count = async () => {
      await leader.get(`${p}/reports`);
      const { result, count } = await countStatements(() => leader.get(`${p}/reports`));
      expect(result.status).toBe(200);
      return { count, units: result.body.requests[0].units.length as number };
    };
    const before = await count();
    // three more units join the year (directly: scoring has started), two of them report
    const [levelRow] = await t.database.db
      .select({ levelId: units.levelId })
      .from(units)
      .where(eq(units.id, unit["Xã Nậm Kè"] as number));
    const added = await t.database.db
      .insert(units)
      .values(
        ["Xã Chà Cang", "Xã Nà Hỳ", "Xã Mường Chà"].map((name, i) => ({
          levelId: levelRow?.levelId as number,
          code: `them-${i}`,
          name,
          kind: "commune",
        })),
      )
      .returning();
    await t.database.db
      .insert(periodUnits)
      .values(added.map((u) => ({ periodId, unitId: u.id, role: "member" as const })));
    for (const u of added.slice(0, 2)) {
      unit[u.name] = u.id;
      await send("namke", u.name, "sixMonth", "2025-06-20T08:00:00+07:00", `${u.name}.pdf`);
      await send("namke", u.name, "annual", "2025-12-20T08:00:00+07:00", `${u.name} năm.pdf`);
    }
    const after = await count();
    expect(after.units).toBe(before.units + 3);
    expect(after.count).toBe(before.count);
    await t.database.db.delete(reportSubmissions).where(
      inArray(
        reportSubmissions.unitId,
        added.map((u) => u.id),
      ),
    );
    await t.database.db.delete(periodUnits).where(
      inArray(
        periodUnits.unitId,
        added.map((u) => u.id),
      ),
    );
  });

  it("keeps the reports' files in a backup", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdkt-bao-cao-"));
    try {
      const { manifest } = await createBackup(
        t.database.db,
        t.app.config.DATA_DIR,
        join(dir, "sao-luu.tar.gz"),
      );
      const keys = (await t.database.db.select().from(reportSubmissions)).map((r) => r.storageKey);
      expect(keys.length).toBeGreaterThan(3);
      expect(manifest.evidence.map((e) => e.key)).toEqual(expect.arrayContaining(keys));
      expect(manifest.missingEvidence).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes no report and no request once the year is locked", async () => {
    const decision = "Quyết định số 05/QĐ-UBND ngày 20/01/2026";
    await t.database.db
      .update(periods)
      .set({ lockedAt: new Date(), lockDecision: decision })
      .where(eq(periods.id, periodId));
    const sent = await upload(
      api.quanglam as Client,
      `${p}/reports/sixMonth/submissions`,
      "Báo cáo.pdf",
      tinyPdf(),
    );
    expect(sent.status).toBe(409);
    expect(sent.body.code).toBe("PERIOD_LOCKED");
    expect(sent.body.message).toContain(decision);
    const asked = await (api.muongnhe as Client).post(`${p}/reports`, {
      title: "Báo cáo đột xuất",
      dueOn: addDays(todayInVietnam(), 5),
    });
    expect(asked.status).toBe(409);
    expect(asked.body.code).toBe("PERIOD_LOCKED");
    // reading goes on
    expect((await (api.muongnhe as Client).get(`${p}/reports`)).status).toBe(200);
  });
});
