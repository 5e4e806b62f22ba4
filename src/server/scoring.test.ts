/** Scoring sheets: concurrency, validation, completeness, scope, restarts. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type Client, signIn, type TestApp, testApp, usePostgres } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { openEmbedded } from "./db/client.ts";
import { periodUnits } from "./db/schema.ts";

let t: TestApp;
let y: YearFixture;
afterEach(async () => {
  await t?.close();
});

async function setUp() {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
}

const scoreUrl = (code: string, criterion: string) =>
  `/api/periods/${y.periodId}/units/${y.unit[code]}/scores/${criterion}`;
const auditCount = async () =>
  Number(
    (
      (await t.database.db.execute(sql`select count(*)::int as n from audit_log`)) as {
        rows: { n: number }[];
      }
    ).rows[0]?.n,
  );

async function submitted(code: string, client: Client) {
  const sheet = await client.get(`/api/periods/${y.periodId}/units/${y.unit[code]}/sheet`);
  for (const c of sheet.body.scheme.criteria) {
    if (c.kind === "group") continue;
    const value =
      c.kind === "level"
        ? { submitted: 0, ineligible: 0 }
        : c.kind === "lossPerItem"
          ? { missing: 0 }
          : 1;
    const bonus = c.roles !== null || c.onePerCluster;
    const v = typeof value === "number" ? (bonus ? 0 : Math.min(1, c.max)) : value;
    const res = await client.put(scoreUrl(code, c.id), { value: v, explanation: "Báo cáo năm" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const res = await client.post(`/api/periods/${y.periodId}/units/${y.unit[code]}/transitions`, {
    action: "submit",
    version: 1,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe("scores", () => {
  it("lets one of two reviewers saving the same criterion at once win; the other gets 409 with the current value", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    await submitted("C", unit);
    const leader = await signIn(t.app, "u-a");
    const deputy = await signIn(t.app, "u-b");
    const [first, second] = await Promise.all([
      leader.put(scoreUrl("C", "II.1"), { value: 1 }),
      deputy.put(scoreUrl("C", "II.1"), { value: 0, comment: "Chưa có kế hoạch học tập" }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const lost = first.status === 409 ? first : second;
    expect(lost.body.message).toMatch(/Cán bộ [AB] đã lưu điểm tiêu chí II\.1 lúc/);
    expect(lost.body.details).toMatchObject({ version: 1 });
    // the loser saves again on the version it now knows
    const retry = await (first.status === 409 ? leader : deputy).put(scoreUrl("C", "II.1"), {
      value: 0,
      comment: "Chưa có kế hoạch học tập",
      version: 1,
    });
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(2);
  });

  it("refuses out-of-range values, negative counts and unknown criteria, changing nothing", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    const before = await auditCount();
    const over = await unit.put(scoreUrl("C", "I.1"), { value: 16 });
    expect(over.status).toBe(400);
    expect(over.body.message).toBe(
      "Đơn vị Công ty C, tiêu chí I.1 (Doanh thu vượt so với kế hoạch năm và tăng so với cùng kỳ năm trước): điểm 16 vượt điểm tối đa 15.",
    );
    const negative = await unit.put(scoreUrl("C", "III.1"), { value: { missing: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toMatch(/số nguyên không âm/);
    const unknown = await unit.put(scoreUrl("C", "IX.9"), { value: 1 });
    expect(unknown.status).toBe(404);
    const group = await unit.put(scoreUrl("C", "III"), { value: 1 });
    expect(group.status).toBe(400);
    expect(await auditCount()).toBe(before);
  });

  it("does not let a unit submit an incomplete sheet, and says how many rows need what", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    await unit.put(scoreUrl("C", "I.1"), { value: 10 });
    const res = await unit.post(`/api/periods/${y.periodId}/units/${y.unit.C}/transitions`, {
      action: "submit",
      version: 1,
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /Chưa nộp được: 27 tiêu chí chưa có điểm .*; 1 tiêu chí có điểm nhưng chưa có minh chứng hoặc giải trình \(I\.1/,
    );
  });

  it("accepts 0 as a value: a total of 0 can be submitted", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    const sheet = await unit.get(`/api/periods/${y.periodId}/units/${y.unit.C}/sheet`);
    for (const c of sheet.body.scheme.criteria) {
      if (c.kind === "group") continue;
      const value =
        c.kind === "level" ? { level: "tu-16" } : c.kind === "lossPerItem" ? { missing: 5 } : 0;
      expect((await unit.put(scoreUrl("C", c.id), { value, explanation: "Không có" })).status).toBe(
        200,
      );
    }
    const res = await unit.post(`/api/periods/${y.periodId}/units/${y.unit.C}/transitions`, {
      action: "submit",
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body.label).toBe("Đã nộp, chờ Cụm chấm");
  });

  it("never shows a unit another unit's sheet before the results are published", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    const other = await unit.get(`/api/periods/${y.periodId}/units/${y.unit.B}/sheet`);
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/chỉ xem được biểu chấm điểm của đơn vị mình/);
    const results = await unit.get(`/api/periods/${y.periodId}/results`);
    expect(results.status).toBe(403);
    const outsider = await signIn(t.app, "u-out");
    expect((await outsider.get(`/api/periods/${y.periodId}`)).status).toBe(403);
    const elsewhere = await signIn(t.app, "other-standing");
    expect((await elsewhere.get(`/api/periods/${y.periodId}/units/${y.unit.B}/sheet`)).status).toBe(
      403,
    );
  });

  it("freezes the criteria once scoring starts: the cluster can no longer change them", async () => {
    await setUp();
    const leader = await signIn(t.app, "u-a");
    await leader.put(scoreUrl("A", "I.1"), { value: 10 });
    const res = await leader.put(`/api/periods/${y.periodId}/criteria`, {
      criteria: [{ id: "I.1", title: "Doanh thu" }],
      version: 1,
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/chỉ cơ quan thường trực được sửa bộ tiêu chí/);
    const standing = await signIn(t.app, "standing");
    const amended = await standing.put(`/api/periods/${y.periodId}/criteria`, {
      criteria: [{ id: "I.1", title: "Doanh thu năm" }],
      version: 1,
      reason: "Quyết định số 3/QĐ-BTĐKT",
    });
    expect(amended.status).toBe(200);
    const notices = await (await signIn(t.app, "u-c")).get(`/api/periods/${y.periodId}/notices`);
    expect(notices.body.notices[0].reason).toBe("Quyết định số 3/QĐ-BTĐKT");
  });

  it("flags a unit that changes its own figures after reconciliation", async () => {
    await setUp();
    const unit = await signIn(t.app, "u-c");
    await submitted("C", unit);
    const leader = await signIn(t.app, "u-a");
    const move = (client: Client, action: string, version: number, reason?: string) =>
      client.post(`/api/periods/${y.periodId}/units/${y.unit.C}/transitions`, {
        action,
        version,
        reason,
      });
    expect((await move(leader, "review", 2)).status).toBe(200);
    expect((await move(unit, "agree", 3)).status).toBe(200);
    expect((await move(leader, "sendBack", 4, "Rà soát lại")).status).toBe(200);
    expect((await move(leader, "sendBack", 5, "Trả lại đơn vị")).status).toBe(200);
    expect((await move(leader, "sendBack", 6, "Đơn vị bổ sung số liệu")).status).toBe(200);
    const sheet = await unit.get(`/api/periods/${y.periodId}/units/${y.unit.C}/sheet`);
    expect(sheet.body.unit.status).toBe("draft");
    const res = await unit.put(scoreUrl("C", "II.1"), { value: 0, version: 1 });
    expect(res.status).toBe(200);
    const after = await unit.get(`/api/periods/${y.periodId}/units/${y.unit.C}/sheet`);
    expect(after.body.unit.flags).toContain("adjustedAfterReconciliation");
  });
});

describe.skipIf(usePostgres)("restarts", () => {
  it("keeps everything acknowledged when the server restarts mid-year", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdkt-restart-"));
    const first = await openEmbedded(dir);
    t = await testApp(first);
    y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
    const unit = await signIn(t.app, "u-c");
    expect((await unit.put(scoreUrl("C", "II.1"), { value: 4.5 })).status).toBe(200);
    await t.close();
    t = await testApp(await openEmbedded(dir));
    const again = await signIn(t.app, "u-c");
    const sheet = await again.get(`/api/periods/${y.periodId}/units/${y.unit.C}/sheet`);
    expect(
      sheet.body.rows.find((r: { criterionId: string }) => r.criterionId === "II.1").values.self
        .value,
    ).toBe(4.5);
  });
});

describe("nobody reviews their own unit", () => {
  it("keeps the leader off its own sheet; without a deputy, the standing agency reviews it", async () => {
    await setUp();
    const p = `/api/periods/${y.periodId}`;
    const submitted = async () =>
      t.database.db
        .update(periodUnits)
        .set({ sheetStatus: "submitted" })
        .where(
          and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.A as number)),
        );
    await submitted();
    const leader = await signIn(t.app, "u-a");
    const own = await leader.put(scoreUrl("A", "II.1"), { value: 3, comment: "Cụm chấm" });
    expect(own.status).toBe(409);
    expect(own.body.message).toMatch(/biểu của đơn vị Cụm trưởng do Cụm phó rà soát/);
    const deputy = await signIn(t.app, "u-b");
    expect((await deputy.put(scoreUrl("A", "II.1"), { value: 3 })).body.stage).toBe("cluster");

    // a year without a deputy: the standing agency does the cluster's step on the leader's sheet
    await t.database.db
      .update(periodUnits)
      .set({ role: "member" })
      .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.B as number)));
    const standing = await signIn(t.app, "standing");
    const saved = await standing.put(scoreUrl("A", "II.2"), { value: 2 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.stage).toBe("cluster");
    const sheet = await standing.get(`${p}/units/${y.unit.A}/sheet`);
    const reviewed = await standing.post(`${p}/units/${y.unit.A}/transitions`, {
      action: "review",
      version: sheet.body.unit.version,
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    // …and not on a member's sheet, which the leader reviews
    expect((await standing.put(scoreUrl("C", "II.2"), { value: 2 })).status).toBe(409);
  });
});
