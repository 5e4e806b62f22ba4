/**
 * Reminders and notifications: the clock moved past each milestone's reminder day of the demo
 * year delivers the notice in the application to the people the milestone waits for, and one
 * digest a day by e-mail per person (at a real SMTP server the test starts), none to a person
 * who turned mail off. Events reach their people too: a sheet sent back, a proposal sent.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { deliverNotifications } from "./commands/notifications/deliver-notifications.ts";
import { type Mail, sendDigests } from "./commands/notifications/send-digests.ts";
import { addDays } from "./commands/organisation/milestones.ts";
import { readConfig } from "./config.ts";
import { mailOf } from "./notifier.ts";
import { DEMO_ACCOUNTS, loadDemo } from "./seed/demo.ts";

let t: TestApp;
let smtp: SMTPServer;
let mail: Mail;
const inbox: ParsedMail[] = [];
const api: Record<string, Client> = {};
const PUBLIC_URL = "https://tdkt.example.gov.vn";
/** The people of the demo who read mail, and the one who turned it off. */
const PEOPLE = DEMO_ACCOUNTS.filter((a) => a.role !== "admin").map((a) => a.username);
const NO_MAIL = "thuocla";
const address = (username: string) => `${username}@example.gov.vn`;

beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => {
          inbox.push(m);
          done();
        })
        .catch(done);
    },
  });
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  const { port } = smtp.server.address() as AddressInfo;
  mail = mailOf(readConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL })) as Mail;
  for (const username of PEOPLE) {
    api[username] = await sessionFor(t, username);
    const res = await api[username].put("/api/me/mail", {
      email: address(username),
      emailDigest: username !== NO_MAIL,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});

afterAll(async () => {
  mail?.transport.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await t?.close();
});

interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  readAt: string | null;
}

async function noticesOf(username: string): Promise<Notice[]> {
  const res = await (api[username] as Client).get("/api/me/notifications");
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Noon in Vietnam on `date`. */
const noon = (date: string) => new Date(`${date}T12:00:00+07:00`);

/** The demo's years, as their leader's home reads them: units with their staff's accounts. */
async function demoYears() {
  const res = await (api.dienluc as Client).get("/api/me/periods");
  const lang = res.body.periods[0];
  return { milestones: lang.milestones as { key: string; label: string; dueOn: string }[] };
}

describe("reminders", () => {
  it("reminds, on each milestone's reminder day, the people it waits for, in the app and by one e-mail each", async () => {
    const { milestones } = await demoYears();
    // the enterprise block's year (Lạng Sơn): who the milestones wait for in the demo
    const waiting: Record<string, string[]> = {
      // units not registered, units still scoring their own sheet, the leader and deputy
      registration: ["capthoatnuoc"],
      // units that have not sent the leader their six-month report: none has
      sixMonthReport: ["dienluc", "ximangdongbanh", "thuocla", "capthoatnuoc", "xaydunggiaothong"],
      selfScore: ["thuocla", "capthoatnuoc", "xaydunggiaothong", "ximangdongbanh"],
      midyear: ["dienluc", "ximangdongbanh"],
      summary: ["dienluc", "ximangdongbanh"],
    };
    const days: Record<string, number> = {
      registration: 7,
      sixMonthReport: 7,
      midyear: 7,
      selfScore: 10,
      summary: 14,
    };
    for (const m of milestones) {
      const expected = waiting[m.key] as string[];
      // the day after its reminder day: before it nothing of it was delivered
      const before = noon(addDays(m.dueOn, -(days[m.key] as number) - 1));
      await deliverNotifications(t.database.db, before);
      for (const u of expected) {
        expect((await noticesOf(u)).filter((n) => n.title.startsWith(m.label))).toEqual([]);
      }
      const now = noon(addDays(m.dueOn, -(days[m.key] as number) + 1));
      inbox.length = 0;
      expect(await deliverNotifications(t.database.db, now)).toBeGreaterThan(0);
      for (const u of expected) {
        const notices = (await noticesOf(u)).filter((n) => n.title.startsWith(m.label));
        expect(notices, `${u}: ${m.label}`).toHaveLength(1);
        const left = (days[m.key] as number) - 1;
        expect(notices[0]?.title).toBe(`${m.label}: còn ${left} ngày`);
        expect(notices[0]?.body).toContain(
          `Khối thi đua các doanh nghiệp năm 2025: hạn ${m.dueOn.split("-").reverse().join("/")}.`,
        );
      }
      // no one the milestone does not wait for is reminded of it in that year
      for (const u of [
        "capthoatnuoc",
        "dienluc",
        "ximangdongbanh",
        "thuocla",
        "xaydunggiaothong",
      ]) {
        if (expected.includes(u)) continue;
        expect((await noticesOf(u)).filter((n) => n.title.startsWith(m.label))).toEqual([]);
      }
      // delivering again writes nothing
      expect(await deliverNotifications(t.database.db, now)).toBe(0);

      const { sent, failed } = await sendDigests(t.database.db, mail, now);
      expect(failed).toEqual([]);
      expect(sent).toBe(inbox.length);
      const to = inbox.map((x) => (x.to && !Array.isArray(x.to) ? x.to.value[0]?.address : null));
      // one message per person, none to the one who turned mail off
      expect(new Set(to).size).toBe(to.length);
      expect(to).not.toContain(address(NO_MAIL));
      for (const u of expected.filter((x) => x !== NO_MAIL)) {
        const message = inbox.find(
          (x) => !Array.isArray(x.to) && x.to?.value[0]?.address === address(u),
        );
        expect(message, `${u} gets the digest`).toBeDefined();
        expect(message?.subject).toMatch(/^TĐKT Cụm: \d+ thông báo mới$/);
        expect(message?.text).toContain(`${m.label}: còn ${(days[m.key] as number) - 1} ngày`);
        const notice = (await noticesOf(u)).find((n) => n.title.startsWith(m.label));
        expect(message?.text).toContain(`${PUBLIC_URL}${notice?.link}`);
      }
      // at most one digest a day: nothing more the same day
      expect((await sendDigests(t.database.db, mail, now)).sent).toBe(0);
    }
  });

  it("tells a unit its sheet was sent back, and the council member of a proposal sent", async () => {
    const leader = api.muongnhe as Client;
    const periods = (await leader.get("/api/me/periods")).body.periods;
    const year = periods.find(
      (p: { cluster: { name: string } }) => p.cluster.name === "Cụm thi đua các xã vùng cao",
    );
    const dbd = year.units.find((u: { name: string }) => u.name === "Xã Sín Thầu");
    const sheet = await leader.get(`/api/periods/${year.id}/units/${dbd.id}/sheet`);
    const back = await leader.post(`/api/periods/${year.id}/units/${dbd.id}/transitions`, {
      action: "sendBack",
      reason: "Thiếu minh chứng tiêu chí I.3",
      version: sheet.body.unit.version,
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const sent = await leader.post(`/api/periods/${year.id}/proposal`, { note: "Đề nghị" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await deliverNotifications(t.database.db);
    const returned = (await noticesOf("sinthau")).find((n) => n.kind === "returned");
    expect(returned).toMatchObject({
      title: "Biểu của Xã Sín Thầu bị trả lại",
      link: `/ky/${year.id}/don-vi/${dbd.id}`,
    });
    expect(returned?.body).toContain("lý do: Thiếu minh chứng tiêu chí I.3");
    // and its home page puts it first among its work, with the reason
    const home = (await (api.sinthau as Client).get("/api/me/periods")).body.periods;
    const tasks = home.find((p: { id: number }) => p.id === year.id).tasks;
    expect(tasks[0]).toMatchObject({
      kind: "returned",
      title: "Biểu của Xã Sín Thầu bị trả lại: sửa và nộp lại",
      detail: "Cán bộ TĐKT — Xã Mường Nhé trả lại, lý do: Thiếu minh chứng tiêu chí I.3",
      link: `/ky/${year.id}/don-vi/${dbd.id}`,
    });
    const proposal = (await noticesOf("hoidong-dienbien")).find((n) => n.kind === "proposal");
    expect(proposal).toMatchObject({
      title: "Tờ trình đề nghị khen thưởng của Cụm thi đua các xã vùng cao năm 2025",
      link: `/ky/${year.id}/ket-qua`,
    });
    // the council member of another cluster is not told
    expect((await noticesOf("hoidong-langson")).some((n) => n.kind === "proposal")).toBe(false);

    // the bell: unread until read
    const unread = (await (api["hoidong-dienbien"] as Client).get("/api/me/notifications")).body
      .unread;
    expect(unread).toBeGreaterThan(0);
    const read = await (api["hoidong-dienbien"] as Client).post("/api/me/notifications/read", {});
    expect(read.body.read).toBe(unread);
    expect(
      (await (api["hoidong-dienbien"] as Client).get("/api/me/notifications")).body.unread,
    ).toBe(0);
  });
});
