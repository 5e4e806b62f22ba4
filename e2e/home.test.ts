/**
 * The home page of every role of the demo lists the work waiting for that person, with the
 * right counts, and each item opens the place it names. The year moves on meanwhile through
 * the API as the other people would move it: the leader scores a sheet and sends the proposal,
 * the unit answers, so that every kind of work appears for someone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverNotifications } from "../src/server/commands/notifications/deliver-notifications.ts";
import type { Client } from "../test/server.ts";
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
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Unit {
  id: number;
  name: string;
}

/** The units of the Điện Biên highland cluster's year, by name, as the leader's home reads them. */
async function highland(api: Client): Promise<{ periodId: number; unit(name: string): Unit }> {
  const res = await api.get("/api/me/periods");
  const periods = (
    res.body as { periods: { id: number; cluster: { name: string }; units: Unit[] }[] }
  ).periods;
  const p = periods.find((x) => x.cluster.name === "Cụm thi đua các xã vùng cao");
  if (!p) throw new Error("the demo's highland cluster is missing");
  return {
    periodId: p.id,
    unit: (name) => {
      const u = p.units.find((x) => x.name === name);
      if (!u) throw new Error(`no unit ${name}`);
      return u;
    },
  };
}

/** The home page's waiting work, as the person reads it: each item's count and title. */
async function tasksOn(page: Page): Promise<{ count: string; title: string }[]> {
  const list = page.getByRole("region", { name: "Việc cần làm" });
  await list.waitFor();
  // the list has loaded when it shows an item or says there is none
  await expect
    .poll(
      async () =>
        (await list.locator("[data-task]").count()) > 0 ||
        (await list.getByText("Không có việc nào đang chờ bạn.").count()) > 0,
    )
    .toBe(true);
  const items = list.locator("[data-task]");
  const out = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    out.push({
      count: (await item.locator(".ant-badge").innerText()).trim(),
      title: (await item.getByRole("link").innerText()).trim(),
    });
  }
  return out;
}

async function home(
  username: string,
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await signIn(page, server.url, username);
  return { page, errors, close: () => context.close() };
}

/** Click the item titled `title` and wait for the heading of the place it names. */
async function follow(page: Page, title: string | RegExp, heading: string | RegExp) {
  await page
    .getByRole("region", { name: "Việc cần làm" })
    .getByRole("link", { name: title })
    .click();
  await page.getByRole("heading", { name: heading }).first().waitFor();
}

describe.skipIf(!hasChromium)("the home page of tasks", () => {
  it("shows each role its waiting work, with counts, and opens the place named", async () => {
    const leader = await server.as("muongnhe");
    const year = await highland(leader);
    const p = year.periodId;
    const dbd = year.unit("Xã Sín Thầu");

    // a member of the enterprise block in its own self-scoring
    {
      const s = await home("thuocla");
      expect(await tasksOn(s.page)).toEqual([
        {
          count: "1",
          title: "Tự chấm và nộp biểu của Công ty TNHH Một thành viên Thuốc lá Lạng Sơn",
        },
      ]);
      await follow(
        s.page,
        /Tự chấm và nộp biểu/,
        "Biểu chấm điểm: Công ty TNHH Một thành viên Thuốc lá Lạng Sơn",
      );
      expect(s.errors).toEqual([]);
      await s.close();
    }

    // the block's deputy: its own sheet, and the leader's sheet to score (a Khối says Khối)
    {
      const s = await home("ximangdongbanh");
      expect(await tasksOn(s.page)).toEqual([
        { count: "1", title: "Tự chấm và nộp biểu của Công ty Cổ phần Xi măng Đồng Bành" },
        { count: "1", title: "1 biểu chờ Khối chấm" },
      ]);
      await follow(s.page, "1 biểu chờ Khối chấm", "Rà soát, khớp điểm");
      expect(new URL(s.page.url()).pathname).toMatch(/^\/ky\/\d+\/ra-soat$/);
      await s.close();
    }

    // the highland cluster's leader: Sín Thầu's sheet waits for the cluster's scoring
    {
      const s = await home("muongnhe");
      expect(await tasksOn(s.page)).toEqual([{ count: "1", title: "1 biểu chờ Cụm chấm" }]);
      await follow(s.page, "1 biểu chờ Cụm chấm", "Rà soát, khớp điểm");
      await s.close();
    }

    // the leader scores two rows of Sín Thầu's sheet differently
    const sheet = await leader.get(`/api/periods/${p}/units/${dbd.id}/sheet`);
    expect(sheet.status).toBe(200);
    for (const [criterion, value] of [
      ["I.1", { plan: 80, actual: 70 }],
      ["I.2", { plan: 60, actual: 50 }],
    ] as const) {
      const saved = await leader.put(`/api/periods/${p}/units/${dbd.id}/scores/${criterion}`, {
        value,
        comment: "Theo số liệu của Cục Thống kê",
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const version = (sheet.body as { unit: { version: number } }).unit.version;
    const reviewed = await leader.post(`/api/periods/${p}/units/${dbd.id}/transitions`, {
      action: "review",
      version,
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);

    // Sín Thầu (the cluster's deputy): two changes to answer, and the leader's sheet
    {
      const s = await home("sinthau");
      expect(await tasksOn(s.page)).toEqual([
        { count: "2", title: "2 điểm Cụm đã sửa chờ bạn khớp" },
        { count: "1", title: "1 biểu chờ Cụm chấm" },
      ]);
      await follow(s.page, "2 điểm Cụm đã sửa chờ bạn khớp", "Biểu chấm điểm: Xã Sín Thầu");
      // the sheet opens on the rows the cluster changed
      await expect
        .poll(() => s.page.getByRole("checkbox", { name: /Chỉ dòng Cụm đã sửa/ }).isChecked())
        .toBe(true);
      await s.page.getByRole("cell", { name: "I.1", exact: true }).first().waitFor();
      expect(await s.page.getByRole("cell", { name: "I.3", exact: true }).count()).toBe(0);
      expect(s.errors).toEqual([]);
      await s.close();
    }

    // the data agency: the highland sheets handed in wait for its official figures
    {
      const s = await home("cuc-thong-ke");
      expect(await tasksOn(s.page)).toEqual([
        { count: "2", title: "2 đơn vị đã nộp biểu chờ số liệu chính thức" },
      ]);
      await follow(s.page, /chờ số liệu chính thức/, "Số liệu chính thức");
      await s.close();
    }

    // Sín Thầu agrees with both changes: its sheet waits for the standing agency
    const unit = await server.as("sinthau");
    for (const criterion of ["I.1", "I.2"]) {
      const r = await unit.put(`/api/periods/${p}/units/${dbd.id}/responses/${criterion}`, {
        agreement: "agree",
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const now = await unit.get(`/api/periods/${p}/units/${dbd.id}/sheet`);
    const agreed = await unit.post(`/api/periods/${p}/units/${dbd.id}/transitions`, {
      action: "agree",
      version: (now.body as { unit: { version: number } }).unit.version,
    });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    {
      const s = await home("bantdkt-dienbien");
      expect(await tasksOn(s.page)).toEqual([{ count: "1", title: "1 biểu chờ thẩm định" }]);
      await follow(s.page, "1 biểu chờ thẩm định", "Thẩm định");
      await s.close();
    }

    // the leader sends the proposal: the council member monitoring the cluster is told
    const sent = await leader.post(`/api/periods/${p}/proposal`, { note: "Đề nghị của Cụm" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    {
      const s = await home("hoidong-dienbien");
      expect(await tasksOn(s.page)).toEqual([
        {
          count: "1",
          title: "Tờ trình đề nghị khen thưởng của Cụm thi đua các xã vùng cao năm 2025",
        },
      ]);
      await follow(s.page, /Tờ trình đề nghị khen thưởng/, "Kết quả, bình xét");
      // the round of notifications has told them too: the bell counts it, its page opens it
      await deliverNotifications(server.database.db);
      await s.page.goto(server.url);
      const bell = s.page.getByRole("button", { name: /^Thông báo: \d+ chưa đọc$/ });
      await bell.click();
      await s.page.getByRole("heading", { name: "Thông báo", level: 1 }).waitFor();
      await s.page
        .getByRole("link", {
          name: "Tờ trình đề nghị khen thưởng của Cụm thi đua các xã vùng cao năm 2025",
        })
        .click();
      await s.page.getByRole("heading", { name: "Kết quả, bình xét" }).first().waitFor();
      await s.page.getByRole("button", { name: "Thông báo", exact: true }).waitFor();
      expect(s.errors).toEqual([]);
      await s.close();
    }

    // the administrator takes no part in a year's work
    {
      const s = await home("quantri");
      expect(await tasksOn(s.page)).toEqual([]);
      await s.close();
    }
  });
});
