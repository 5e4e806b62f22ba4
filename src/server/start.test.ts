/**
 * `npm start` as a user runs it: a real process on a fresh data folder (the embedded
 * PostgreSQL) or on a fresh database named by DATABASE_URL. The demo only on the embedded
 * default of a development start; no account anywhere else; durable saves through a kill -9;
 * the data folder refused to a second process while the first runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  freePort,
  npmStart,
  ready,
  root,
  type Server,
  signal,
  signIn,
  stop,
  stopAll,
} from "../../test/npm-start.ts";
import { dropTestDatabases, testDatabaseUrl, usePostgres } from "../../test/server.ts";
import { verifyPassword } from "./auth.ts";
import { openDatabase } from "./db/client.ts";
import { processAlive, runningEmbedded } from "./db/embedded.ts";
import { users } from "./db/schema.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo.ts";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tdkt-start-"));
  dirs.push(dir);
  return dir;
}

/** A connection to the embedded server a running product has started on `dir`. */
async function productDatabase(dir: string): Promise<pg.Client> {
  const connection = runningEmbedded(dir);
  if (!connection) throw new Error(`no embedded server running on ${dir}`);
  const client = new pg.Client(connection);
  await client.connect();
  return client;
}

afterEach(stopAll);

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropTestDatabases();
});

async function refusedSignIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { message: string } };
}

describe.skipIf(usePostgres)("npm start on the embedded PostgreSQL", () => {
  it("starts on an empty folder with the demo, keeps data across a restart, loads the demo once", async () => {
    const dir = dataDir();
    const t0 = performance.now();
    const first = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    const base = await ready(first);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`npm start ready on an empty data folder in ${seconds.toFixed(1)} s`);

    expect(first.output()).toContain(`PostgreSQL nhúng tại ${dir}`);
    expect(first.output()).toContain("đã nạp dữ liệu mẫu");
    expect(first.output()).toContain("mật khẩu chung: tdkt2025");
    expect(first.output()).toMatch(/quantri\s+Quản trị hệ thống/);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "embedded" });
    const admin = await signIn(base, "quantri", DEMO_PASSWORD);
    const unit = await signIn(base, "muongnhe", DEMO_PASSWORD);
    const tree = (await (await unit.get("/api/organisation")).json()) as {
      levels: { name: string; clusters: { name: string; periods: { label: string }[] }[] }[];
    };
    expect(tree.levels.map((l) => l.name)).toEqual([
      "Tỉnh Điện Biên",
      "Tỉnh Lạng Sơn",
      "Thành phố Hà Nội",
    ]);
    expect(tree.levels[0]?.clusters[0]?.periods[0]?.label).toBe("2025");
    const created = await admin.post("/api/levels", {
      name: "Tỉnh Cao Bằng",
      kind: "province",
      standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Cao Bằng",
    });
    expect(created.status).toBe(201);

    await stop(first);
    expect(existsSync(join(dir, "tdkt.lock"))).toBe(false);
    expect(runningEmbedded(dir)).toBeNull();

    const t1 = performance.now();
    const second = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    const again = await ready(second);
    console.log(
      `npm start ready on an existing data folder in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    expect(second.output()).not.toContain("đã nạp dữ liệu mẫu");
    expect(second.output()).toContain("dữ liệu mẫu nạp từ lần khởi động đầu");
    const admin2 = await signIn(again, "quantri", DEMO_PASSWORD);
    const levels = (await (await admin2.get("/api/levels")).json()) as {
      levels: { name: string }[];
    };
    expect(levels.levels.map((l) => l.name)).toContain("Tỉnh Cao Bằng");
    const accounts = (await (await admin2.get("/api/users")).json()) as { users: unknown[] };
    expect(accounts.users).toHaveLength(DEMO_ACCOUNTS.length);
    await stop(second);
  }, 240_000);

  it("refuses a second process on the same data folder while the first runs", async () => {
    const dir = dataDir();
    const first = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    await ready(first);
    const second = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      /Không mở được cơ sở dữ liệu: Thư mục dữ liệu .* đang được tiến trình \d+ sử dụng\. Dừng tiến trình đó hoặc đặt DATA_DIR khác\./,
    );
    expect(second.output()).not.toMatch(/\bat .*\.ts:\d+/);
    // the first one still answers
    const base = first.output().match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    await stop(first);
  }, 240_000);

  it("with NODE_ENV=production creates no account and says how to create the administrator", async () => {
    const dir = dataDir();
    const server = npmStart({
      DATA_DIR: dir,
      NODE_ENV: "production",
      PORT: String(await freePort()),
    });
    const base = await ready(server);
    expect(server.output()).toContain("Chưa có tài khoản nào");
    expect(server.output()).toContain("npm run --silent tdkt -- admin create");
    expect(server.output()).not.toContain("tdkt2025");
    const refused = await refusedSignIn(base, "quantri", DEMO_PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
    const db = await productDatabase(dir);
    try {
      expect((await db.query("select count(*)::int as n from users")).rows[0].n).toBe(0);
      expect((await db.query("select count(*)::int as n from levels")).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    await stop(server);
  }, 240_000);

  it("commits durably: fsync and synchronous_commit on, every acknowledged save survives kill -9", async () => {
    const dir = dataDir();
    const first = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    const base = await ready(first);

    // the server the product runs is a PostgreSQL process of its own, syncing every commit
    const db = await productDatabase(dir);
    const show = async (name: string) => (await db.query(`show ${name}`)).rows[0][name];
    expect(await show("fsync")).toBe("on");
    expect(await show("synchronous_commit")).toBe("on");
    expect(await show("full_page_writes")).toBe("on");
    expect(await show("data_directory")).toBe(join(dir, "postgres"));
    const { rows } = await db.query(
      `select pu.period_id, u.id as unit_id from units u
       join period_units pu on pu.unit_id = u.id where u.code = 'xi-mang-dong-banh'`,
    );
    await db.end();
    const { period_id: periodId, unit_id: unitId } = rows[0];
    const postmaster = Number(
      readFileSync(join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0],
    );
    expect(postmaster).not.toBe(first.child.pid);

    // a bounded storm of saves: four writers, one criterion each, values rising by 0,01
    const unit = await signIn(base, "ximangdongbanh", DEMO_PASSWORD);
    const criteria = ["I.1", "I.2", "I.3", "I.4"];
    const acknowledged: { criterion: string; value: number }[] = [];
    let killed = false;
    const deadline = Date.now() + 30_000;
    const writer = async (criterion: string) => {
      let version: number | undefined;
      for (let i = 0; i < 400 && !killed && Date.now() < deadline; ) {
        const value = (100 + i) / 100;
        try {
          const res = await unit.put(
            `/api/periods/${periodId}/units/${unitId}/scores/${criterion}`,
            { value, version },
          );
          const body = (await res.json()) as { version?: number; details?: { version: number } };
          if (res.status === 200) {
            acknowledged.push({ criterion, value });
            version = body.version;
            i++;
          } else if (res.status === 409 && version === undefined) {
            version = body.details?.version; // the value the sheet showed before the storm
          } else if (!killed)
            throw new Error(`save refused: ${res.status} ${JSON.stringify(body)}`);
        } catch (e) {
          if (!killed) throw e;
        }
      }
    };
    const storm = Promise.all(criteria.map(writer));
    while (acknowledged.length < 120 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // the power goes: the product and its database killed at once, mid-storm
    killed = true;
    signal(first.child, "SIGKILL");
    process.kill(postmaster, "SIGKILL");
    await storm;
    await first.exited;
    const acked = [...acknowledged];
    expect(acked.length).toBeGreaterThanOrEqual(120);

    const second = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    await ready(second);
    const after = await productDatabase(dir);
    try {
      const saved = await after.query(
        `select criterion_id, value from scores
         where period_id = $1 and unit_id = $2 and stage = 'self' and criterion_id = any($3)`,
        [periodId, unitId, criteria],
      );
      const audit = await after.query(
        `select entity_id, new_value->'value' as value from audit_log
         where entity = 'score' and entity_id = any($1)`,
        [criteria.map((c) => `${unitId}/${c}/self`)],
      );
      const audited = new Set(
        audit.rows.map((r) => `${r.entity_id.split("/")[1]}=${Number(r.value)}`),
      );
      const present = acked.filter((a) => audited.has(`${a.criterion}=${a.value}`));
      console.log(
        `${acked.length} saves acknowledged before kill -9; ${present.length} present after restart`,
      );
      expect(present.length).toBe(acked.length);
      for (const criterion of criteria) {
        const last = Math.max(
          ...acked.filter((a) => a.criterion === criterion).map((a) => a.value),
        );
        const stored = Number(saved.rows.find((r) => r.criterion_id === criterion)?.value);
        // the last acknowledged value, or the one in flight when the power went
        expect([last, Math.round(last * 100 + 1) / 100]).toContain(stored);
      }
    } finally {
      await after.end();
    }
    await stop(second);
  }, 240_000);

  it("after kill -9 of the product alone, the next start stops the database it left and comes back; Ctrl+C on a busy product stops both", async () => {
    const dir = dataDir();
    const busy = `--import=${join(root, "test/fixtures/busy-on-signal.mjs")}`;
    const first = npmStart({ DATA_DIR: dir, PORT: String(await freePort()) });
    await ready(first);
    const left = runningEmbedded(dir);
    const postmaster = Number(
      readFileSync(join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0],
    );
    signal(first.child, "SIGKILL");
    await first.exited;
    // PostgreSQL has a process group of its own: it outlives the product
    expect(left).not.toBeNull();
    expect(processAlive(postmaster)).toBe(true);

    const second: Server = npmStart({
      DATA_DIR: dir,
      PORT: String(await freePort()),
      NODE_OPTIONS: busy,
    });
    const base = await ready(second);
    expect(second.output()).toContain(
      `Máy chủ cơ sở dữ liệu của lần chạy trước vẫn còn (tiến trình ${postmaster})`,
    );
    expect(processAlive(postmaster)).toBe(false);
    const admin = await signIn(base, "quantri", DEMO_PASSWORD);
    expect((await admin.get("/api/levels")).status).toBe(200);
    // the product (the process holding the folder's lock) answers a signal 200 ms late, as on
    // a loaded machine: Ctrl+C still closes it and its database, nothing kills it first
    process.kill(Number(readFileSync(join(dir, "tdkt.lock"), "utf8")), "SIGUSR2");
    await stop(second);
    expect(runningEmbedded(dir)).toBeNull();
  }, 240_000);
});

describe("npm start on DATABASE_URL", () => {
  it("creates no account on an empty database, refuses the demo password, names the way to the administrator", async () => {
    const url = await testDatabaseUrl({ template: false });
    const server = npmStart({
      DATA_DIR: dataDir(),
      DATABASE_URL: url,
      PORT: String(await freePort()),
    });
    const base = await ready(server);
    expect(server.output()).toContain("PostgreSQL (DATABASE_URL)");
    expect(server.output()).toContain("Chưa có tài khoản nào");
    expect(server.output()).toContain("npm run --silent tdkt -- admin create");
    expect(server.output()).not.toContain("tdkt2025");
    expect((await refusedSignIn(base, "quantri", DEMO_PASSWORD)).status).toBe(401);
    const health = (await (await fetch(`${base}/api/health`)).json()) as { database: string };
    expect(health.database).toBe("postgres");
    await stop(server);
    const database = await openDatabase({ DATA_DIR: dataDir(), DATABASE_URL: url });
    try {
      expect(await database.db.select().from(users)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 240_000);

  it("stops with a Vietnamese message and exit code 1 on a wrong configuration", async () => {
    const server = npmStart({ DATA_DIR: dataDir(), PORT: "không-phải-số" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("Cấu hình không hợp lệ:");
    expect(server.output()).toContain("- PORT:");
    expect(server.output()).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);
});

describe("tdkt admin create", () => {
  /** Run the command the way the README says, on its own data folder (or the test database). */
  function tdkt(env: Record<string, string>, ...args: string[]) {
    const { DATABASE_URL: _, ...inherited } = process.env;
    const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", "admin", "create", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...inherited, ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("creates an administrator who can sign in; an existing name is refused with exit 2", async () => {
    const env: Record<string, string> = { DATA_DIR: dataDir() };
    if (usePostgres) env.DATABASE_URL = await testDatabaseUrl({ template: false });
    const ok = tdkt(
      env,
      "--username",
      "bantin",
      "--password",
      "mat-khau-9",
      "--name",
      "Lê Thị Hoa",
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Đã tạo tài khoản quản trị "bantin" (Lê Thị Hoa)');

    const again = tdkt(env, "--username", "bantin", "--password", "mat-khau-khac");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Lỗi: Tên đăng nhập "bantin" đã có. Hãy chọn tên khác.');
    const short = tdkt(env, "--username", "ngan", "--password", "1234567");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("Lỗi: Mật khẩu phải có ít nhất 8 ký tự.");

    const database = await openDatabase({ DATA_DIR: env.DATA_DIR as string, ...env });
    try {
      const rows = await database.db.select().from(users).where(eq(users.role, "admin"));
      const created = rows.filter((u) => u.username === "bantin" || u.username === "ngan");
      expect(created.map((u) => [u.username, u.displayName])).toEqual([["bantin", "Lê Thị Hoa"]]);
      expect(await verifyPassword(created[0]?.passwordHash as string, "mat-khau-9")).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);

  it.skipIf(usePostgres)(
    "reaches the embedded database while npm start runs on it, and the new administrator signs in",
    async () => {
      const dir = dataDir();
      const server = npmStart({
        DATA_DIR: dir,
        NODE_ENV: "production",
        PORT: String(await freePort()),
      });
      const base = await ready(server);
      const ok = tdkt(
        { DATA_DIR: dir },
        "--username",
        "quantri-tinh",
        "--password",
        "mat-khau-rieng-9",
      );
      expect(ok.code, ok.stderr).toBe(0);
      const admin = await signIn(base, "quantri-tinh", "mat-khau-rieng-9");
      expect((await admin.get("/api/users")).status).toBe(200);
      await stop(server);
    },
    240_000,
  );
});
