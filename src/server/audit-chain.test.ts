/**
 * The tamper-evident record (decision 007): a score, a unit's flags and an audit row changed
 * directly in the database by the owner of the tables are each named by `tdkt audit verify`
 * (exit 1); an untouched demo verifies (exit 0); the same attempts by the runtime role the
 * product connects as are refused by PostgreSQL itself.
 */
import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { fingerprint, world } from "../../test/routes.ts";
import {
  dropTestDatabases,
  sessionFor,
  type TestApp,
  testApp,
  testDatabaseUrl,
} from "../../test/server.ts";
import { verifyAudit } from "./commands/audit/verify-audit.ts";
import { openPostgres } from "./db/client.ts";
import { RUNTIME_ROLE } from "./db/privileges.ts";
import { loadDemo } from "./seed/demo.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(dropTestDatabases);

/** The product on a database a child process can reach by URL (the owner's URL). */
async function appOnUrl(): Promise<{ t: TestApp; ownerUrl: string }> {
  const ownerUrl = await testDatabaseUrl();
  const runtime = ownerUrl.replace(/^(postgres(?:ql)?:\/\/)[^@]*@/, `$1${RUNTIME_ROLE}@`);
  const database = await openPostgres(runtime, { migrate: false, owner: ownerUrl });
  return { t: await testApp(database), ownerUrl };
}

function verifyCli(ownerUrl: string) {
  const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", "audit", "verify"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: ownerUrl },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run statements as the owner of the tables, with triggers off: what a tamperer would do. */
async function asOwnerUnchecked(ownerUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    for (const s of statements) await client.query(s);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

describe("the audit chain", () => {
  it("verifies an untouched demo, then names a score, a flag and an audit row changed as the owner", async () => {
    const app = await appOnUrl();
    t = app.t;
    await loadDemo(t.database.db);
    const clean = verifyCli(app.ownerUrl);
    expect(clean.stderr).toBe("");
    expect(clean.stdout).toMatch(/Nhật ký nguyên vẹn: \d+ dòng nối đúng chuỗi/);
    expect(clean.status).toBe(0);

    const { rows } = (await t.database.db.execute(sql`
      SELECT s.period_id, s.unit_id, s.criterion_id, u.name AS unit, p.label
      FROM scores s JOIN units u ON u.id = s.unit_id JOIN periods p ON p.id = s.period_id
      ORDER BY s.period_id, s.unit_id, s.criterion_id LIMIT 1`)) as unknown as {
      rows: {
        period_id: number;
        unit_id: number;
        criterion_id: string;
        unit: string;
        label: string;
      }[];
    };
    const score = rows[0] as (typeof rows)[number];
    const { rows: members } = (await t.database.db.execute(sql`
      SELECT pu.period_id, pu.unit_id, u.name AS unit FROM period_units pu
      JOIN units u ON u.id = pu.unit_id WHERE pu.flags = '[]'::jsonb
      ORDER BY pu.period_id, pu.unit_id LIMIT 1`)) as unknown as {
      rows: { period_id: number; unit_id: number; unit: string }[];
    };
    const member = members[0] as (typeof members)[number];
    await asOwnerUnchecked(app.ownerUrl, [
      `UPDATE scores SET value = '3.33' WHERE period_id = ${score.period_id} AND unit_id = ${score.unit_id} AND criterion_id = '${score.criterion_id}' AND stage = 'self'`,
      `UPDATE period_units SET flags = '["seriousViolation"]' WHERE period_id = ${member.period_id} AND unit_id = ${member.unit_id}`,
      "UPDATE audit_log SET reason = 'sửa lén' WHERE seq = 2",
    ]);

    const tampered = verifyCli(app.ownerUrl);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/Phát hiện 3 chỗ bị thay đổi ngoài phần mềm/);
    const lines = tampered.stderr.split("\n").filter((l) => l.startsWith("- "));
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^- Bảng audit_log: dòng nhật ký số 2 \(score\.self, \d\d\/\d\d\/\d{4} \d\d:\d\d\) \[.+\]: nội dung đã bị sửa sau khi ghi/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringContaining(
        `- Bảng scores: Điểm tự chấm tiêu chí ${score.criterion_id} của ${score.unit} (${score.label}) [`,
      ),
    );
    expect(lines.find((l) => l.includes("Bảng scores"))).toMatch(
      /trong cơ sở dữ liệu là 3\.33, nhật ký ghi .+ lúc \d\d\/\d\d\/\d{4} \d\d:\d\d: đã bị sửa ngoài phần mềm/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^- Bảng period_units: Ghi nhận về ${member.unit} \\(.+\\): có trong cơ sở dữ liệu \\(\\["seriousViolation"\\]\\) nhưng nhật ký không có dòng nào`,
        ),
      ),
    );
    // the administration page reads the same verification
    const admin = await sessionFor(t, "quantri");
    const last = await admin.get("/api/admin/audit/verification");
    expect(last.status).toBe(200);
    expect(last.body.last).toMatchObject({ ok: false, breakCount: 3, by: null });
  });

  it("names rows removed from the chain, and rows removed after the last verification", async () => {
    const app = await appOnUrl();
    t = app.t;
    await loadDemo(t.database.db);
    expect((await verifyAudit(t.database.db)).breaks).toEqual([]);
    // the last rows, removed after that verification, leave no gap: the anchor names them
    await asOwnerUnchecked(app.ownerUrl, [
      "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) - 1 FROM audit_log)",
      "DELETE FROM audit_log WHERE seq = 5",
    ]);
    const result = await verifyAudit(t.database.db);
    expect(result.ok).toBe(false);
    const problems = result.breaks.map((b) => `${b.table}: ${b.record}: ${b.problem}`);
    expect(problems).toContainEqual(
      expect.stringMatching(/^audit_log: dòng nhật ký số 5: không còn trong nhật ký \(đã bị xóa\)/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^audit_log: dòng nhật ký số \d+ \(dòng cuối ở lần kiểm tra trước\): không còn trong nhật ký/,
      ),
    );
  });

  it("keeps a year's work verifiable: scores, flags, decisions and ballots through the product", async () => {
    const w = await world();
    t = w.t;
    const unit = await sessionFor(t, "u-c");
    expect((await unit.put(`${w.p}/units/${w.c}/scores/II.1`, { value: 4 })).status).toBe(200);
    const standing = await sessionFor(t, "standing");
    const facts = await standing.put(`${w.p}/units/${w.c}/standing-facts`, {
      flags: ["publicOutcry"],
      reason: "Có đơn thư phản ánh đang xác minh",
      version: 1,
    });
    expect(facts.status).toBe(200);
    const result = await verifyAudit(t.database.db);
    expect(result.breaks).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.records).toBeGreaterThan(3);
  });

  it("refuses the runtime role every way around the record", async () => {
    const w = await world();
    t = w.t;
    const unit = await sessionFor(t, "u-c");
    await unit.put(`${w.p}/units/${w.c}/scores/II.1`, { value: 4 });
    const before = await fingerprint(t);
    const { db } = t.database;
    const refused = async (statement: string) => {
      const error = await db
        .transaction(async (tx) => {
          await tx.execute(sql.raw(statement));
        })
        .then(
          () => null,
          (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
        );
      expect(error, statement).not.toBeNull();
      return error as string;
    };
    const key = `period_id = ${w.y.periodId} AND unit_id = ${w.c}`;
    expect(await refused("SET LOCAL session_replication_role = replica")).toMatch(
      /permission denied/,
    );
    expect(await refused("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")).toMatch(
      /must be owner/,
    );
    expect(await refused("DROP TABLE audit_log")).toMatch(/must be owner/);
    expect(await refused("CREATE TABLE spare (id int)")).toMatch(/permission denied/);
    expect(await refused("TRUNCATE sheet_transitions")).toMatch(/permission denied/);
    expect(await refused("UPDATE audit_log SET reason = 'sửa lén'")).toMatch(/permission denied/);
    expect(await refused("DELETE FROM audit_log")).toMatch(/permission denied/);
    expect(await refused("UPDATE proposals SET note = ''")).toMatch(/permission denied/);
    expect(await refused(`UPDATE scores SET value = '3.33' WHERE ${key}`)).toMatch(
      /không có dòng nhật ký đi kèm/,
    );
    expect(
      await refused(`UPDATE period_units SET flags = '["seriousViolation"]' WHERE ${key}`),
    ).toMatch(/không có dòng nhật ký đi kèm/);
    expect(await refused(`UPDATE decisions SET votes_for = 1 WHERE id = ${w.decisionId}`)).toMatch(
      /không có dòng nhật ký đi kèm/,
    );
    expect(await refused(`UPDATE ballots SET status = 'closed' WHERE id = ${w.ballotId}`)).toMatch(
      /không có dòng nhật ký đi kèm/,
    );
    // an audit row that says something else does not cover a change either
    expect(
      await refused(`INSERT INTO audit_log (action, entity, entity_id, period_id, new_value)
        VALUES ('score.self', 'score', '${w.c}/II.1/self', ${w.y.periodId}, '{"value": 1}');
        UPDATE scores SET value = '3.33' WHERE ${key}`),
    ).toMatch(/khác dòng nhật ký đi kèm/);
    // nor may it write a row with a place in the chain of its choosing
    await db.execute(sql`INSERT INTO audit_log (action, entity, entity_id, seq, prev_hash, hash)
      VALUES ('probe', 'probe', '1', 1, ${"0".repeat(64)}, ${"f".repeat(64)})`);
    const { rows } = (await db.execute(
      sql`SELECT seq, hash FROM audit_log WHERE action = 'probe'`,
    )) as unknown as { rows: { seq: string; hash: string }[] };
    expect(Number(rows[0]?.seq)).toBeGreaterThan(1);
    expect(rows[0]?.hash).not.toBe("f".repeat(64));
    expect(await fingerprint(t)).not.toBe(before); // the probe row, and only it
    const result = await verifyAudit(t.database.db);
    expect(result.breaks).toEqual([]);
  });

  it("lets only an administrator run and read the verification", async () => {
    const w = await world();
    t = w.t;
    const unit = await sessionFor(t, "u-c");
    expect((await unit.post("/api/admin/audit/verify", {})).status).toBe(403);
    expect((await unit.get("/api/admin/audit/verification")).status).toBe(403);
    const admin = await sessionFor(t, "admin");
    expect((await admin.get("/api/admin/audit/verification")).body).toEqual({ last: null });
    const run = await admin.post("/api/admin/audit/verify", {});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ ok: true, breakCount: 0, breaks: [] });
    const last = (await admin.get("/api/admin/audit/verification")).body.last;
    expect(last).toMatchObject({ ok: true, breakCount: 0, by: expect.any(String) });
    expect(last.rows).toBe(run.body.rows);
  });
});
