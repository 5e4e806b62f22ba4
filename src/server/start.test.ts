/**
 * `npm start` as a user runs it: a real process on a fresh data folder (or, on the PostgreSQL
 * run, a fresh database named by DATABASE_URL), the demo loaded once, the data kept across a
 * restart, and the data folder refused to a second process while the first one runs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { usePostgres } from "../../test/server.ts";
import { verifyPassword } from "./auth.ts";
import { openDatabase } from "./db/client.ts";
import { users } from "./db/schema.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo.ts";

const root = join(import.meta.dirname, "..", "..");
const running = new Set<ChildProcess>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(env: Record<string, string>): Server {
  const { DATABASE_URL: _, ...inherited } = process.env;
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // its own process group, as in a terminal: a signal reaches npm, the shell, tsx and node
    detached: true,
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  // "close": every process of the group holding its output has ended, not only npm
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

/** Wait for the printed address (the server is listening once it is printed). */
async function ready(server: Server): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const match = server.output().match(/đang chạy tại (http:\/\/127\.0\.0\.1:\d+)/);
    if (match && server.output().includes("Nhấn Ctrl+C để dừng.")) return match[1] as string;
    if (server.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`npm start did not get ready:\n${server.output()}`);
}

/** SIGTERM to the process group, as Ctrl+C in a terminal or a service manager sends it. */
function terminate(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), "SIGTERM");
  } catch {}
}

async function stop(server: Server): Promise<void> {
  terminate(server.child);
  await server.exited;
}

async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    get: (path: string) => fetch(`${base}${path}`, { headers: { cookie } }),
    post: (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | null = null;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tdkt-start-"));
  env = { DATA_DIR: dataDir };
  if (usePostgres) {
    const url = process.env.TEST_DATABASE_URL as string;
    const name = `tdkt_start_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    dropDatabase = async () => {
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name}`);
      await drop.end();
    };
  }
});

afterEach(async () => {
  for (const child of running) terminate(child);
  await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase?.();
});

describe("npm start", () => {
  it("starts on an empty database with the demo, keeps data across a restart, loads the demo once", async () => {
    const t0 = performance.now();
    const first = npmStart({ ...env, PORT: String(await freePort()) });
    const base = await ready(first);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`npm start ready on a fresh database in ${seconds.toFixed(1)} s`);

    expect(first.output()).toContain("đã nạp dữ liệu mẫu");
    expect(first.output()).toContain("mật khẩu chung: tdkt2025");
    expect(first.output()).toMatch(/quantri\s+Quản trị hệ thống/);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "ok",
      database: usePostgres ? "postgres" : "pglite",
    });
    const admin = await signIn(base, "quantri");
    const unit = await signIn(base, "tuachua");
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
    expect(first.output()).toContain("Đã dừng máy chủ.");
    if (!usePostgres) expect(existsSync(join(dataDir, "tdkt.lock"))).toBe(false);

    const second = npmStart({ ...env, PORT: String(await freePort()) });
    const again = await ready(second);
    expect(second.output()).not.toContain("đã nạp dữ liệu mẫu");
    expect(second.output()).toContain("dữ liệu mẫu nạp từ lần khởi động đầu");
    const admin2 = await signIn(again, "quantri");
    const levels = (await (await admin2.get("/api/levels")).json()) as {
      levels: { name: string }[];
    };
    expect(levels.levels.map((l) => l.name)).toContain("Tỉnh Cao Bằng");
    const accounts = (await (await admin2.get("/api/users")).json()) as { users: unknown[] };
    expect(accounts.users).toHaveLength(DEMO_ACCOUNTS.length);
    await stop(second);
  }, 240_000);

  it.skipIf(usePostgres)(
    "refuses a second process on the same data folder while the first runs",
    async () => {
      const first = npmStart({ ...env, PORT: String(await freePort()) });
      await ready(first);
      const second = npmStart({ ...env, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(
        /Không mở được cơ sở dữ liệu: Thư mục dữ liệu .* đang được tiến trình \d+ sử dụng\. Dừng tiến trình đó hoặc đặt DATA_DIR khác\./,
      );
      expect(second.output()).not.toMatch(/\bat .*\.ts:\d+/);
      // the first one still answers
      const base = first.output().match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      await stop(first);
    },
    240_000,
  );

  it("stops with a Vietnamese message and exit code 1 on a wrong configuration", async () => {
    const server = npmStart({ ...env, PORT: "không-phải-số" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("Cấu hình không hợp lệ:");
    expect(server.output()).toContain("- PORT:");
    expect(server.output()).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);
});

describe("tdkt admin create", () => {
  /** Run the command the way the README says, on its own data folder (or the test database). */
  function tdkt(dir: string, ...args: string[]) {
    const { DATABASE_URL: _, ...inherited } = process.env;
    const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", "admin", "create", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...inherited, ...env, DATA_DIR: dir },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("creates an administrator who can sign in; an existing name is refused with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdkt-admin-"));
    try {
      const ok = tdkt(
        dir,
        "--username",
        "bantin",
        "--password",
        "mat-khau-9",
        "--name",
        "Lê Thị Hoa",
      );
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('Đã tạo tài khoản quản trị "bantin" (Lê Thị Hoa)');

      const again = tdkt(dir, "--username", "bantin", "--password", "mat-khau-khac");
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('Lỗi: Tên đăng nhập "bantin" đã có. Hãy chọn tên khác.');
      const short = tdkt(dir, "--username", "ngan", "--password", "1234567");
      expect(short.code).toBe(2);
      expect(short.stderr).toContain("Lỗi: Mật khẩu phải có ít nhất 8 ký tự.");

      const database = await openDatabase({ DATA_DIR: dir, DATABASE_URL: env.DATABASE_URL });
      try {
        const rows = await database.db.select().from(users).where(eq(users.role, "admin"));
        const created = rows.filter((u) => u.username === "bantin" || u.username === "ngan");
        expect(created.map((u) => [u.username, u.displayName])).toEqual([["bantin", "Lê Thị Hoa"]]);
        expect(await verifyPassword(created[0]?.passwordHash as string, "mat-khau-9")).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
