/**
 * Histories in pages: the history of a unit's sheet and the administrators' audit trail come a
 * page at a time, newest first, with a cursor that neither misses nor repeats a row; each is
 * narrowed by criterion, person, kind of action and Vietnam's days; bad query strings get a
 * Vietnamese 400, and nobody sees a history they may not.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Client,
  sessionFor,
  signIn,
  type TestApp,
  testApp,
  tinyPdf,
  uploadFile,
} from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { auditLog, users } from "./db/schema.ts";

let t: TestApp;
let y: YearFixture;
afterEach(async () => {
  await t?.close();
});

async function setUp() {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
}

const historyUrl = (code: string, query = "") =>
  `/api/periods/${y.periodId}/units/${y.unit[code]}/history${query ? `?${query}` : ""}`;

async function userId(username: string): Promise<number> {
  const [row] = await t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username));
  return (row as { id: number }).id;
}

/** Every audit row of a unit's sheet in the year, newest first, as the database has them. */
async function idsInDatabase(code: string): Promise<number[]> {
  const rows = await t.database.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.periodId, y.periodId), eq(auditLog.unitId, y.unit[code] as number)))
    .orderBy(sql`${auditLog.id} desc`);
  return rows.map((r) => r.id);
}

/** `n` score rows of unit `code` written straight into the (append-only) audit log. */
async function insertScores(code: string, n: number, actorId: number, start: Date) {
  await t.database.db.insert(auditLog).values(
    Array.from({ length: n }, (_, i) => ({
      at: new Date(start.getTime() + i * 60_000),
      actorId,
      action: "score.self",
      entity: "score",
      entityId: `${y.unit[code]}/${i % 2 === 0 ? "I.1" : "II.1"}/self`,
      periodId: y.periodId,
      unitId: y.unit[code] as number,
      oldValue: { value: i, comment: null },
      newValue: { value: i + 1, comment: null },
    })),
  );
}

/** Every page of a history, following its cursor; the ids of each page. */
async function allPages(client: Client, url: (before: number | null) => string) {
  const pages: { id: number; at: string }[][] = [];
  let before: number | null = null;
  for (let i = 0; i < 100; i++) {
    const res = await client.get(url(before));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body.entries);
    before = res.body.nextBefore;
    if (before === null) break;
  }
  return pages;
}

describe("history of a unit's sheet", () => {
  it("comes newest first in pages whose cursor misses and repeats nothing", async () => {
    await setUp();
    const c = await sessionFor(t, "u-c");
    // a few real changes through the commands, then many rows straight into the log
    expect(
      (await c.put(historyUrl("C").replace("history", "scores/I.1"), { value: 10 })).status,
    ).toBe(200);
    await insertScores("C", 127, await userId("u-c"), new Date("2024-03-01T08:00:00+07:00"));
    await insertScores("B", 20, await userId("u-b"), new Date("2024-03-01T08:00:00+07:00"));
    expect(
      (await c.put(historyUrl("C").replace("history", "scores/II.1"), { value: 3 })).status,
    ).toBe(200);

    const expected = await idsInDatabase("C");
    expect(expected).toHaveLength(129);

    const first = await c.get(historyUrl("C"));
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(50);
    // newest first: the last save is on top, with who and what
    expect(first.body.entries[0]).toMatchObject({
      by: "Cán bộ C",
      action: "score.self",
      criterionId: "II.1",
      newValue: { value: 3 },
    });
    expect(first.body.nextBefore).toBe(first.body.entries[49].id);
    expect(first.body.people).toEqual([{ id: await userId("u-c"), name: "Cán bộ C" }]);

    const pages = await allPages(c, (before) =>
      historyUrl("C", `limit=40${before ? `&before=${before}` : ""}`),
    );
    expect(pages.map((p) => p.length)).toEqual([40, 40, 40, 9]);
    const ids = pages.flat().map((e) => e.id);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);

    // a page asked past the cursor of a later page carries no people list
    const second = await c.get(historyUrl("C", `before=${first.body.nextBefore}`));
    expect(second.body.people).toBeUndefined();
    expect(second.body.entries[0].id).toBeLessThan(first.body.nextBefore);

    // a row written while paging goes on top and shifts no page below it
    await insertScores("C", 1, await userId("u-c"), new Date());
    const again = await c.get(historyUrl("C", `before=${first.body.nextBefore}`));
    expect(again.body.entries.map((e: { id: number }) => e.id)).toEqual(
      second.body.entries.map((e: { id: number }) => e.id),
    );

    // at most 200 a page
    const big = await c.get(historyUrl("C", "limit=200"));
    expect(big.body.entries).toHaveLength(130);
    expect(big.body.nextBefore).toBeNull();
  });

  it("is narrowed by criterion, person, kind of action and Vietnam's days", async () => {
    await setUp();
    const c = await sessionFor(t, "u-c");
    const leader = await sessionFor(t, "u-a");
    const sheet = (path: string) => historyUrl("C").replace("history", path);
    expect((await c.put(sheet("scores/I.1"), { value: 10 })).status).toBe(200);
    expect((await c.put(sheet("scores/I.1"), { value: 11, version: 1 })).status).toBe(200);
    expect((await c.put(sheet("scores/II.1"), { value: 3 })).status).toBe(200);
    const upload = await uploadFile(c, sheet("evidence/I.1"), "Báo cáo doanh thu.pdf", tinyPdf());
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    // the leader's office writes a row about the unit too (straight into the log)
    const leaderId = await userId("u-a");
    await t.database.db.insert(auditLog).values([
      {
        // 23:30 on 1 March in Vietnam (16:30 UTC)
        at: new Date("2024-03-01T23:30:00+07:00"),
        actorId: leaderId,
        action: "score.cluster",
        entity: "score",
        entityId: `${y.unit.C}/I.1/cluster`,
        periodId: y.periodId,
        unitId: y.unit.C as number,
        newValue: { value: 9, comment: "Thiếu hóa đơn" },
        reason: "Thiếu hóa đơn",
      },
      {
        // 00:30 on 2 March in Vietnam (still 1 March in UTC)
        at: new Date("2024-03-02T00:30:00+07:00"),
        actorId: leaderId,
        action: "score.cluster",
        entity: "score",
        entityId: `${y.unit.C}/II.1/cluster`,
        periodId: y.periodId,
        unitId: y.unit.C as number,
        newValue: { value: 2, comment: "Chưa đủ" },
        reason: "Chưa đủ",
      },
    ]);

    const actions = async (query: string, client: Client = c) => {
      const res = await client.get(historyUrl("C", query));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.entries.map(
        (e: { action: string; criterionId: string | null }) => `${e.action} ${e.criterionId}`,
      );
    };

    // by criterion: its scores at every stage and its evidence, nothing of another (newest
    // written first: the rows put straight into the log came last)
    expect(await actions("criterionId=I.1")).toEqual([
      "score.cluster I.1",
      "evidence.upload I.1",
      "score.self I.1",
      "score.self I.1",
    ]);
    expect(await actions("criterionId=II.1")).toEqual(["score.cluster II.1", "score.self II.1"]);
    expect(await actions("criterionId=III.9")).toEqual([]);

    // by person, with everyone who appears offered by name
    const all = await c.get(historyUrl("C"));
    expect(all.body.people).toEqual([
      { id: leaderId, name: "Cán bộ A" },
      { id: await userId("u-c"), name: "Cán bộ C" },
    ]);
    expect(await actions(`actorId=${leaderId}`)).toEqual([
      "score.cluster II.1",
      "score.cluster I.1",
    ]);
    expect(await actions(`actorId=${await userId("standing")}`)).toEqual([]);

    // by kind of action
    expect(await actions("kind=evidence")).toEqual(["evidence.upload I.1"]);
    expect(await actions(`kind=score&criterionId=I.1&actorId=${leaderId}`)).toEqual([
      "score.cluster I.1",
    ]);

    // by days, counted in Vietnam: 1 March holds 23:30, 2 March holds 00:30
    expect(await actions("from=2024-03-01&to=2024-03-01")).toEqual(["score.cluster I.1"]);
    expect(await actions("from=2024-03-02&to=2024-03-02")).toEqual(["score.cluster II.1"]);
    expect(await actions("from=2024-03-01&to=2024-03-02")).toHaveLength(2);
    expect(await actions("to=2024-02-29")).toEqual([]);
    expect(await actions("from=2024-03-03")).toHaveLength(4);

    // the leader sees the same history
    expect(await actions("criterionId=II.1", leader)).toEqual([
      "score.cluster II.1",
      "score.self II.1",
    ]);
  });

  it("refuses a bad query string in Vietnamese", async () => {
    await setUp();
    const c = await sessionFor(t, "u-c");
    for (const query of [
      "limit=0",
      "limit=201",
      "limit=abc",
      "limit=1e1",
      "before=0x2",
      "before=-1",
      "before=12345678901234567",
      "actorId=2147483648",
      "actorId=+2",
      "kind=mọi-thứ",
      "from=2024-02-30",
      "from=01/03/2024",
      "from=2024-03-02&to=2024-03-01",
      `criterionId=${"x".repeat(51)}`,
      "sort=asc",
    ]) {
      const res = await c.get(historyUrl("C", query));
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.code, query).toBe("VALIDATION");
      expect(res.body.message, query).toMatch(/[à-ỹĐđ]/);
    }
  });

  it("is refused to another unit's staff and to staff outside the cluster", async () => {
    await setUp();
    const refusedC = await (await sessionFor(t, "u-c")).get(historyUrl("A"));
    expect(refusedC.status).toBe(403);
    expect(refusedC.body.message).toMatch(/đơn vị mình/);
    const outsider = await (await sessionFor(t, "u-out")).get(historyUrl("C"));
    expect(outsider.status).toBe(403);
    for (const who of ["u-a", "u-b", "standing", "council", "admin"]) {
      expect((await (await sessionFor(t, who)).get(historyUrl("C"))).status, who).toBe(200);
    }
  });
});

describe("the administrators' audit trail", () => {
  it("is for administrators only", async () => {
    await setUp();
    for (const who of ["u-a", "u-c", "standing", "council", "data"]) {
      const res = await (await sessionFor(t, who)).get("/api/admin/audit");
      expect(res.status, who).toBe(403);
      expect(res.body.message).toBe("Chỉ quản trị hệ thống được thực hiện thao tác này.");
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/admin/audit" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("pages the whole trail newest first, each row with its person, unit and year by name, narrowed by every filter", async () => {
    await setUp();
    const admin = await sessionFor(t, "admin");
    const c = await signIn(t.app, "u-c"); // an audited sign-in: a unit, no year
    await insertScores("B", 60, await userId("u-b"), new Date("2024-03-01T08:00:00+07:00"));
    expect(
      (await c.put(`/api/periods/${y.periodId}/units/${y.unit.C}/scores/I.1`, { value: 10 }))
        .status,
    ).toBe(200);

    const total = Number(
      (
        (await t.database.db.execute(sql`select count(*)::int as n from audit_log`)) as {
          rows: { n: number }[];
        }
      ).rows[0]?.n,
    );
    const pages = await allPages(
      admin,
      (before) => `/api/admin/audit?limit=25${before ? `&before=${before}` : ""}`,
    );
    const ids = pages.flat().map((e) => e.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const newest = (await admin.get("/api/admin/audit?limit=2")).body.entries;
    // the first save froze the criteria of the year: a row of the year, no unit
    expect(newest[0]).toMatchObject({ action: "scheme.frozen", unit: null });
    const first = newest[1];
    expect(first).toMatchObject({
      by: "Cán bộ C",
      action: "score.self",
      criterionId: "I.1",
      unit: { id: y.unit.C, name: "Công ty C" },
      period: { id: y.periodId, label: "2024", cluster: "Cụm thi đua các doanh nghiệp" },
      newValue: { value: 10 },
    });

    const actions = async (query: string) => {
      const res = await admin.get(`/api/admin/audit?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.entries as { action: string; unit: { name: string } | null }[];
    };
    expect(await actions(`periodId=${y.periodId}&unitId=${y.unit.C}`)).toHaveLength(1);
    expect(await actions(`unitId=${y.unit.C}`)).toHaveLength(2); // the score and the sign-in
    const signIns = await actions("kind=signIn");
    expect(signIns).toEqual([
      expect.objectContaining({ action: "auth.signIn", unit: { id: y.unit.C, name: "Công ty C" } }),
    ]);
    expect(await actions(`actorId=${await userId("u-b")}&limit=200`)).toHaveLength(60);
    expect(
      await actions(`periodId=${y.periodId}&from=2024-03-01&to=2024-03-01&limit=100`),
    ).toHaveLength(60);
    expect(await actions(`periodId=999999`)).toEqual([]);

    for (const query of ["periodId=0x2", "unitId=abc", "kind=everything", "limit=500", "x=1"]) {
      const res = await admin.get(`/api/admin/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(/Tham số truy vấn không hợp lệ/);
    }
  });
});
