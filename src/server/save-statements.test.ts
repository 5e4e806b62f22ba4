/**
 * The light save (issue 12): a score saved through the HTTP route costs at most four
 * statements to PostgreSQL — the session, the access, one read and one write — at every stage,
 * and still refuses a stale version naming who saved and when, writes its audit row, and loses
 * a race against a sheet's transition or the year's lock with the precise message. Saves sent at
 * the same moment share their statements, each still checked and audited on its own.
 */
import { and, eq, sql } from "drizzle-orm";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { countStatements } from "../../test/statements.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { auditLog, periodUnits } from "./db/schema.ts";

/** Session (1) + access (1) + read (1) + write (1). */
const MAX_STATEMENTS = 4;

let t: TestApp;
let y: YearFixture;
afterEach(async () => {
  await t?.close();
});

async function setUp() {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
}

/** A signed-in client whose session has had its sliding expiry written once (at most once a
 * minute: the statements counted are those of a save, not of a session's first request). */
async function client(username: string) {
  const c = await sessionFor(t, username);
  expect((await c.get("/api/auth/me")).status).toBe(200);
  return c;
}

/** A save's answer, checked to have cost at most MAX_STATEMENTS (the statements shown if not). */
async function lightSave(save: () => ReturnType<Client["put"]>) {
  const { result, count, statements } = await countStatements(save);
  expect(count, statements.join("\n---\n")).toBeLessThanOrEqual(MAX_STATEMENTS);
  return result;
}

const scoreUrl = (code: string, criterion: string) =>
  `/api/periods/${y.periodId}/units/${y.unit[code]}/scores/${criterion}`;

async function setStatus(code: string, status: string) {
  await t.database.db
    .update(periodUnits)
    .set({ sheetStatus: status })
    .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit[code] ?? 0)));
}

const auditOf = (code: string, criterion: string, stage: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, "score"),
        eq(auditLog.entityId, `${y.unit[code]}/${criterion}/${stage}`),
      ),
    )
    .orderBy(auditLog.seq);

describe("a score save", () => {
  it("costs at most four statements at every stage, session and access included", async () => {
    await setUp();
    const unit = await client("u-c");
    const leader = await client("u-a");
    const standing = await client("standing");

    // the first score of the year: it also freezes the scheme, in the same write
    const first = await lightSave(() => unit.put(scoreUrl("C", "I.1"), { value: 10 }));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await lightSave(() => unit.put(scoreUrl("C", "I.1"), { value: 12, version: 1 }));
    expect(again.body.version).toBe(2);

    await setStatus("C", "submitted");
    const cluster = await lightSave(() =>
      leader.put(scoreUrl("C", "I.1"), { value: 11, comment: "Doanh thu chưa đạt kế hoạch" }),
    );
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(200);
    expect(cluster.body.stage).toBe("cluster");

    await setStatus("C", "reconciled");
    const appraisal = await lightSave(() =>
      standing.put(scoreUrl("C", "I.1"), { value: 9, comment: "Theo số liệu quyết toán" }),
    );
    expect(appraisal.status, JSON.stringify(appraisal.body)).toBe(200);
    expect(appraisal.body.stage).toBe("appraisal");

    // who, when, old, new, why: one audit row a save, the scheme frozen once
    const self = await auditOf("C", "I.1", "self");
    expect(self.map((a) => [a.action, a.oldValue, a.newValue])).toEqual([
      ["score.self", null, { value: 10, comment: null }],
      ["score.self", { value: 10, comment: null }, { value: 12, comment: null }],
    ]);
    const [appraised] = await auditOf("C", "I.1", "appraisal");
    expect(appraised).toMatchObject({
      action: "score.appraisal",
      newValue: { value: 9, comment: "Theo số liệu quyết toán" },
      reason: "Theo số liệu quyết toán",
      periodId: y.periodId,
      unitId: y.unit.C,
    });
    const frozen = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "scheme.frozen"));
    expect(frozen).toHaveLength(1);
  });

  it("refuses a stale version naming who saved and when, and a changed score without a reason", async () => {
    await setUp();
    const unit = await client("u-c");
    expect((await unit.put(scoreUrl("C", "II.1"), { value: 1 })).status).toBe(200);
    const stale = await unit.put(scoreUrl("C", "II.1"), { value: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/^Cán bộ C đã lưu điểm tiêu chí II\.1 lúc .+\. Hãy xem/);
    expect(stale.body.details).toMatchObject({ value: 1, version: 1, by: "Cán bộ C" });
    const gone = await unit.put(scoreUrl("C", "II.2"), { value: 1, version: 3 });
    expect(gone.status).toBe(409);
    expect(gone.body.message).toBe("Điểm tiêu chí II.2 đã thay đổi; hãy tải lại biểu.");

    await setStatus("C", "submitted");
    const leader = await client("u-a");
    const noReason = await leader.put(scoreUrl("C", "II.1"), { value: 0 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe("REASON_REQUIRED");
    expect(await auditOf("C", "II.1", "cluster")).toHaveLength(0);
  });

  it("flags a unit that changes its own figures after reconciliation, in the same write", async () => {
    await setUp();
    const unit = await client("u-c");
    expect((await unit.put(scoreUrl("C", "II.1"), { value: 1 })).status).toBe(200);
    await t.database.db
      .update(periodUnits)
      .set({ reconciledAt: new Date() })
      .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.C ?? 0)));
    const saved = await lightSave(() => unit.put(scoreUrl("C", "II.1"), { value: 0, version: 1 }));
    expect(saved.status).toBe(200);
    const [pu] = await t.database.db
      .select()
      .from(periodUnits)
      .where(and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit.C ?? 0)));
    expect(pu?.flags).toEqual(["adjustedAfterReconciliation"]);
    const flagged = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "unit.flagged"));
    expect(flagged).toHaveLength(1);
  });
});

describe("saves sent at once", () => {
  it("share their statements, each checked, written and audited on its own", async () => {
    await setUp();
    const unit = await client("u-c");
    // the year's first score freezes the scheme, alone
    expect((await unit.put(scoreUrl("C", "II.1"), { value: 1 })).status).toBe(200);
    const sheet = await unit.get(`/api/periods/${y.periodId}/units/${y.unit.C}/sheet`);
    const manual = (sheet.body.scheme.criteria as Record<string, unknown>[])
      .filter((c) => c.kind === "manual" && c.roles === null && !c.onePerCluster)
      .map((c) => c.id as string)
      .filter((id) => id !== "II.1")
      .slice(0, 12);
    expect(manual.length).toBe(12);
    const sent = [
      ...manual.map((id) => unit.put(scoreUrl("C", id), { value: 0 })),
      // two saves of one score on the version they saw: one wins, the other is told who won
      unit.put(scoreUrl("C", "II.1"), { value: 0, version: 1 }),
      unit.put(scoreUrl("C", "II.1"), { value: 0.5, version: 1 }),
    ];
    const { result: answers, count } = await countStatements(() => Promise.all(sent));
    expect(answers.slice(0, 12).map((a) => a.status)).toEqual(manual.map(() => 200));
    expect(
      answers
        .slice(12)
        .map((a) => a.status)
        .sort(),
    ).toEqual([200, 409]);
    const lost = answers.slice(12).find((a) => a.status === 409);
    expect(lost?.body.message).toMatch(/^Cán bộ C đã lưu điểm tiêu chí II\.1 lúc/);
    expect(lost?.body.details).toMatchObject({ version: 2 });
    // one by one, 14 saves would cost 56 statements; together they share the session, the
    // read and the write (each save's access is its own)
    expect(count).toBeLessThan(3 * answers.length);
    for (const id of manual) {
      const audit = await auditOf("C", id, "self");
      expect(audit.map((a) => [a.action, a.newValue])).toEqual([
        ["score.self", { value: 0, comment: null }],
      ]);
    }
    const won = answers.slice(12).find((a) => a.status === 200);
    expect((await auditOf("C", "II.1", "self")).map((a) => a.newValue)).toEqual([
      { value: 1, comment: null },
      { value: won?.body.value, comment: null },
    ]);
  });
});

/**
 * A change held open on its own connection (as the owner) while a save is sent: the save reads
 * around it, waits on it at its write, and answers once it is committed.
 */
async function racing(change: string, save: () => Promise<{ status: number; body: unknown }>) {
  const owner = (t.database.owner() as unknown as { _: { session: { client: pg.Pool } } })._.session
    .client;
  const holder = await owner.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(change);
    const answer = save();
    // the save is waiting for the held row: commit the change under it
    for (let i = 0; i < 200; i++) {
      const { rows } = await holder.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await holder.query("COMMIT");
    return await answer;
  } finally {
    holder.release();
  }
}

describe("a save racing another write", () => {
  it("does not land after the year is locked, nor on a sheet that was just submitted", async () => {
    await setUp();
    const unit = await client("u-c");
    expect((await unit.put(scoreUrl("C", "I.1"), { value: 10 })).status).toBe(200);

    const submittedMeanwhile = (await racing(
      `UPDATE period_units SET sheet_status = 'submitted', version = version + 1 WHERE period_id = ${y.periodId} AND unit_id = ${y.unit.C}`,
      () => unit.put(scoreUrl("C", "I.1"), { value: 11, version: 1 }),
    )) as { status: number; body: { message: string } };
    expect(submittedMeanwhile.status).toBe(409);
    expect(submittedMeanwhile.body.message).toBe(
      "Biểu đã nộp nên đơn vị không sửa điểm tự chấm được; nếu cần sửa, đề nghị Cụm trả lại biểu.",
    );

    const other = await client("u-b");
    const lockedMeanwhile = (await racing(
      `UPDATE periods SET locked_at = now(), lock_decision = 'Quyết định số 1' WHERE id = ${y.periodId}`,
      () => other.put(scoreUrl("B", "I.1"), { value: 10 }),
    )) as { status: number; body: { code: string; message: string } };
    expect(lockedMeanwhile.status).toBe(409);
    expect(lockedMeanwhile.body.code).toBe("PERIOD_LOCKED");
    expect(lockedMeanwhile.body.message).toMatch(/^Kết quả năm 2024 của .+ đã khóa lúc/);

    const { rows } = (await t.database.db.execute(
      sql`SELECT unit_id, criterion_id, stage, version FROM scores ORDER BY unit_id`,
    )) as unknown as { rows: unknown[] };
    expect(rows).toEqual([{ unit_id: y.unit.C, criterion_id: "I.1", stage: "self", version: 1 }]);
  });
});
