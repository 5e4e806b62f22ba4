/**
 * `tdkt demo province` as a user runs it, on a database of the test server named by
 * DATABASE_URL: the province, its clusters, units, years and scores as counted, each score and
 * each year with its audit row, results equal to the engine's on the exported year, and the
 * accounts it prints sign in.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  dropTestDatabases,
  signIn,
  type TestApp,
  testApp,
  testDatabaseUrl,
} from "../../test/server.ts";
import { evaluateScenario } from "../core/scenario.ts";
import { type Database, openPostgres } from "../server/db/client.ts";
import {
  auditLog,
  clusters,
  levels,
  periods,
  periodUnits,
  scores,
  units,
  users,
} from "../server/db/schema.ts";
import { PROVINCE_PASSWORD } from "../server/seed/province.ts";
import { runDemo } from "./demo.ts";

const ROOT = join(import.meta.dirname, "../..");

function tdkt(env: Record<string, string>, ...args: string[]) {
  const { DATABASE_URL: _, MIGRATION_DATABASE_URL: __, DATA_DIR: ___, ...inherited } = process.env;
  const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...inherited, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("tdkt demo province", () => {
  let env: Record<string, string>;
  let dataDir: string;
  let t: TestApp;
  let run: ReturnType<typeof tdkt>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tdkt-demo-"));
    env = { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: dataDir };
    run = tdkt(env, "demo", "province", "--clusters", "2", "--years", "2", "--units", "5");
    const database: Database = await openPostgres(env.DATABASE_URL as string, { migrate: false });
    t = await testApp(database);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await dropTestDatabases();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("loads 2 clusters × 2 years of 5 units, as it counts them, and prints the accounts", async () => {
    expect(run.stderr).toContain(
      "Đã nạp 4/4 năm thi đua — Khối thi đua số 1 các sở, ban, ngành, năm 2025",
    );
    expect(run.code).toBe(0);
    const db = t.database.db;
    const [province] = await db.select().from(levels).where(eq(levels.name, "Tỉnh Hà Sơn"));
    expect(province?.kind).toBe("province");
    expect(province?.standingAgency).toBe("Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hà Sơn");
    const clusterRows = await db.select().from(clusters).orderBy(clusters.id);
    expect(clusterRows.map((c) => [c.name, c.kind, c.memberKind])).toEqual([
      ["Cụm thi đua số 1 các phường", "cluster", "ward"],
      ["Khối thi đua số 1 các sở, ban, ngành", "block", "other"],
    ]);
    const periodRows = await db.select().from(periods).orderBy(periods.id);
    expect(periodRows.map((p) => [p.clusterId, p.label, p.schemeId])).toEqual([
      [clusterRows[0]?.id, "2024", "ba-dinh-2022"],
      [clusterRows[0]?.id, "2025", "ba-dinh-2022"],
      [clusterRows[1]?.id, "2024", "long-bien-2024"],
      [clusterRows[1]?.id, "2025", "long-bien-2024"],
    ]);
    const [unitCount] = await db.select({ n: count() }).from(units);
    expect(unitCount?.n).toBe(10);
    const members = await db.select().from(periodUnits);
    expect(members).toHaveLength(20);
    expect(members.every((m) => m.sheetStatus === "appraised")).toBe(true);
    // one leader and one deputy a year, changing with the year
    for (const p of periodRows) {
      const roles = members.filter((m) => m.periodId === p.id).map((m) => m.role);
      expect(roles.filter((r) => r === "leader")).toHaveLength(1);
      expect(roles.filter((r) => r === "deputy")).toHaveLength(1);
    }
    // every unit has a complete appraised sheet: 146 criteria a ward, 93 a department
    const perYear = await db
      .select({ periodId: scores.periodId, n: count() })
      .from(scores)
      .groupBy(scores.periodId)
      .orderBy(scores.periodId);
    expect(perYear.map((r) => r.n)).toEqual([730, 730, 465, 465]);
    const [stages] = await db
      .select({ n: count() })
      .from(scores)
      .where(sql`${scores.stage} <> 'appraisal'`);
    expect(stages?.n).toBe(0);

    expect(run.stdout).toContain("2 Cụm, Khối thi đua; 10 đơn vị; 4 năm thi đua đã thẩm định");
    expect(run.stdout).toContain("(các năm 2024–2025); 2.390 điểm.");
    expect(run.stdout).toContain(`Tài khoản đăng nhập (mật khẩu ${PROVINCE_PASSWORD}):`);
    expect(run.stdout).toMatch(/bantdkt-hason +Ban Thi đua - Khen thưởng tỉnh Hà Sơn/);
    expect(run.stdout).toMatch(/hason-0001-05 +Cán bộ thi đua — Phường /);
    const accounts = await db
      .select({ username: users.username, role: users.role, must: users.mustChangePassword })
      .from(users)
      .orderBy(users.id);
    expect(accounts).toEqual([
      { username: "bantdkt-hason", role: "standing", must: false },
      { username: "hason-0001-05", role: "unit", must: false },
      { username: "hason-0002-05", role: "unit", must: false },
    ]);
  });

  it("writes an audit row for every unit, score and year it loads", async () => {
    const db = t.database.db;
    const actions = await db
      .select({ action: auditLog.action, n: count() })
      .from(auditLog)
      .groupBy(auditLog.action);
    const n = Object.fromEntries(actions.map((a) => [a.action, a.n]));
    expect(n["level.create"]).toBe(1);
    expect(n["cluster.create"]).toBe(2);
    expect(n["unit.create"]).toBe(10);
    expect(n["user.create"]).toBe(3);
    expect(n["period.imported"]).toBe(4);
    expect(n["score.appraisal"]).toBe(2390);
    const [flagged] = await db
      .select({ n: count() })
      .from(periodUnits)
      .where(sql`${periodUnits.flags} <> '[]'::jsonb`);
    expect(n["unit.standing"] ?? 0).toBe(flagged?.n);
    // the imports name the standing agency as who did it
    const [agency] = await db.select().from(users).where(eq(users.username, "bantdkt-hason"));
    const imported = await db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(inArray(auditLog.action, ["period.imported", "score.appraisal"]));
    expect(new Set(imported.map((r) => r.actorId))).toEqual(new Set([agency?.id]));
  });

  it("gives every unit a head who signs for it: a full name, the title of its kind of body", async () => {
    const rows = await t.database.db
      .select({ name: units.name, headName: units.headName, headTitle: units.headTitle })
      .from(units);
    expect(rows).toHaveLength(10);
    for (const u of rows) {
      expect(u.headName, u.name).toMatch(/^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*){2,3}$/u);
      expect(u.headTitle, u.name).toMatch(/^(Chủ tịch|Giám đốc|Chánh Văn phòng|Chánh Thanh tra)$/);
    }
  });

  it("gives the results `tdkt evaluate` gives on each exported year, to the accounts it printed", async () => {
    const agency = await signIn(t.app, "bantdkt-hason", PROVINCE_PASSWORD);
    const home = await agency.get("/api/me/periods");
    expect(home.status).toBe(200);
    expect(home.body.periods).toHaveLength(4);
    for (const p of home.body.periods) {
      const results = await agency.get(`/api/periods/${p.id}/results`);
      expect(results.status).toBe(200);
      const exported = await agency.get(`/api/periods/${p.id}/export`);
      expect(exported.status).toBe(200);
      const engine = evaluateScenario(exported.body).output;
      expect(results.body.units).toEqual(engine.units);
      expect(results.body.units).toHaveLength(5);
      // realistic totals: a ward sheet of 1,000 points, a department sheet of 1,000
      for (const u of results.body.units) {
        expect(u.total).toBeGreaterThan(600);
        expect(u.total).toBeLessThanOrEqual(1000);
      }
    }
    const unit = await signIn(t.app, "hason-0001-05", PROVINCE_PASSWORD);
    const [own] = await t.database.db
      .select({ id: users.unitId })
      .from(users)
      .where(eq(users.username, "hason-0001-05"));
    const years = await unit.get(`/api/units/${own?.id}/years`);
    expect(years.status).toBe(200);
    expect(years.body.years.map((y: { label: string }) => y.label)).toEqual(["2024", "2025"]);
  });

  it("refuses to load the same province twice, with exit code 2", () => {
    const again = tdkt(env, "demo", "province", "--clusters", "1");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("Cơ sở dữ liệu đã có Tỉnh Hà Sơn");
    expect(again.stderr).toContain('Đặt tên tỉnh khác (--name "Tỉnh …")');
  });

  it("explains a wrong command line with exit code 1, before opening any database", async () => {
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    try {
      expect(await runDemo(["province", "--clusters", "hai"])).toBe(1);
      expect(await runDemo(["province", "--years", "2"])).toBe(1);
      expect(await runDemo(["city", "--clusters", "2"])).toBe(1);
    } finally {
      stderr.mockRestore();
    }
    const [notANumber, noClusters, noSuchCommand] = written;
    expect(notANumber).toContain('--clusters cần một số nguyên dương (nhận "hai").');
    expect(notANumber).toContain("demo province --clusters N");
    expect(noClusters).toContain("Cần có --clusters N (số Cụm, Khối).");
    expect(noSuchCommand).toContain('Lệnh "demo city" không có.');
  });
});
