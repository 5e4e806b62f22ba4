/**
 * `npm run bench:saves [-- --clients 10,50 --seconds 20 --rounds 4 --share --profile DIR
 * --tree DIR]`: how many score saves a second the product answers over HTTP, against what the
 * same PostgreSQL server does with pgbench's simple-update transaction, on the same machine, in
 * the same run.
 *
 * On the PostgreSQL server of BENCH_DATABASE_URL (a maintenance connection; default
 * postgres://postgres@127.0.0.1:5432/postgres) it creates two databases, dropped at the end:
 * `tdkt_bench_saves_<random>`, migrated and given the demonstration data, and
 * `tdkt_bench_pgbench_<random>` (`pgbench -i -s 10`). The product runs as a child process on the
 * first (`node --import tsx src/server/main.ts`: what `npm start` runs, without npm's and tsx's
 * wrapper processes; as the runtime role `tdkt_app`, the owner running the migrations).
 *
 * For each number of clients C, this process (the load generator; the server is another) signs
 * C clients in as the staff of the demo units whose sheets are open for self-scoring; each
 * client saves its own criterion of its unit over one keep-alive connection (Node's http agent),
 * with the version its last save answered. After 3 s of warm-up, `--seconds` of saves and of
 * `pgbench -N -c C -j 2` alternate in `--rounds` slices, so that both meet the same machine
 * (other work on it comes and goes): saves answered a second, p50 and p99 of the time to answer;
 * pgbench's transactions a second; the ratio. Also measured, over the saves: the CPU time of the
 * server process, of its PostgreSQL backends and of the load generator per save, and the
 * transactions PostgreSQL counted per save (pg_stat_database: each statement of a save, the
 * session and the access included, is its own transaction, so this is its statements; saves
 * sent at the same moment share theirs); and the CPU of pgbench's backends per transaction.
 *
 * `--share`: two clients save each criterion, so some saves meet a stale version (409) and the
 * client goes on with the version the answer names, as a person would. `--profile DIR`: the
 * server writes a CPU profile (`--cpu-prof`) into DIR when it stops. `--tree DIR`: the product of
 * another tree is measured (an earlier commit checked out there, with its node_modules).
 *
 * Goals (issue 12): ratio ≥ 30 %, p99 < 100 ms at 50 clients.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { openPostgres } from "../src/server/db/client.ts";
import { RUNTIME_ROLE } from "../src/server/db/privileges.ts";
import { DEMO_PASSWORD, loadDemo } from "../src/server/seed/demo.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const clientCounts = option("--clients", "10,50").split(",").map(Number);
const seconds = Number(option("--seconds", "20"));
const rounds = Number(option("--rounds", "4"));
const slice = seconds / rounds;
const share = args.includes("--share");
const profileDir = option("--profile", "");
/** The tree whose product is measured: this one, or another (a checkout of an earlier commit,
 * with its node_modules). */
const tree = option("--tree", join(import.meta.dirname, ".."));
const WARM_UP_SECONDS = 3;

const maintenanceUrl =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** The URL of another database on the same server, as `user`. */
function urlOf(database: string, user?: string): string {
  const u = new URL(maintenanceUrl);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = "";
  }
  return u.toString();
}

async function onServer<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** CPU time (user and system) a process has used, in ms; null once it is gone. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/**
 * The CPU the PostgreSQL backends of one database use while it runs: their processes are
 * found by their title ("postgres: … DATABASE …") every 200 ms, each counted from its value
 * when first seen (0 for a backend started after the start).
 */
function backendCpu(database: string) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = () => {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (!last.has(pid)) {
        let title = "";
        try {
          title = readFileSync(`/proc/${name}/cmdline`, "utf8");
        } catch {}
        if (!title.startsWith("postgres:") || !title.includes(` ${database} `)) continue;
      }
      const ms = cpuMs(pid);
      if (ms === null) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : ms);
      last.set(pid, ms);
    }
  };
  sample();
  started = true;
  const timer = setInterval(sample, 200);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/**
 * Transactions PostgreSQL counted in a database (a statement outside BEGIN is one). A backend
 * reports its counts at most once a second while busy, and within 10 s once idle: read after
 * STATS_SETTLE_MS without work, the count is whole.
 */
async function transactions(database: string): Promise<number> {
  const [row] = await onServer<{ n: string }>(
    "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1",
    [database],
  );
  return Number(row?.n ?? 0);
}
const STATS_SETTLE_MS = 11_000;

/** The product on `database`: started, ready, and how to stop it. */
async function startProduct(
  database: string,
): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const node = [...profile, "--import", "tsx", "src/server/main.ts"];
  const child: ChildProcess = spawn(process.execPath, node, {
    cwd: tree,
    env: {
      ...process.env,
      DATABASE_URL: urlOf(database, RUNTIME_ROLE),
      MIGRATION_DATABASE_URL: urlOf(database),
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<void>((r) => child.on("close", () => r()));
  while (!output.includes("Nhấn Ctrl+C để dừng.")) {
    if (child.exitCode !== null) throw new Error(`the product did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async stop() {
      child.kill("SIGINT");
      await exited;
    },
  };
}

interface Answer {
  status: number;
  body: { version?: number; details?: { version?: number } | null; [k: string]: unknown };
}

/** One client of the product: its own keep-alive connection, its cookie and CSRF token. */
class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly headers: Record<string, string> = { "content-type": "application/json" };
  constructor(private readonly base: string) {}

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...this.headers,
            ...(payload ? { "content-length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const setCookie = res.headers["set-cookie"]?.[0];
            if (setCookie) this.headers.cookie = setCookie.split(";")[0] as string;
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  async signIn(username: string): Promise<void> {
    const res = await this.request("POST", "/api/auth/login", {
      username,
      password: DEMO_PASSWORD,
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username}: ${JSON.stringify(res.body)}`);
    this.headers["x-csrf-token"] = res.body.csrfToken as string;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A criterion a client saves, and the two values it alternates between. */
interface Target {
  username: string;
  periodId: number;
  unitId: number;
  criterionId: string;
  values: [unknown, unknown];
}

/**
 * Every criterion the demo's open sheets (draft: the unit self-scores) take a plain value for:
 * points (manual, not a bonus) or a plan and an actual figure (ratio); one of each sheet in
 * turn, so that the clients spread over the units.
 */
async function openCriteria(base: string, database: string): Promise<Target[]> {
  const owner = new pg.Client({ connectionString: urlOf(database) });
  await owner.connect();
  const { rows } = await owner.query<{ period_id: number; unit_id: number; username: string }>(
    `SELECT pu.period_id, pu.unit_id, min(u.username) AS username
     FROM period_units pu JOIN users u ON u.unit_id = pu.unit_id AND u.role = 'unit'
     WHERE pu.sheet_status = 'draft' GROUP BY pu.period_id, pu.unit_id ORDER BY pu.unit_id`,
  );
  await owner.end();
  const perSheet: Target[][] = [];
  for (const sheet of rows) {
    const client = new Client(base);
    await client.signIn(sheet.username);
    const res = await client.request(
      "GET",
      `/api/periods/${sheet.period_id}/units/${sheet.unit_id}/sheet`,
    );
    client.close();
    const criteria = (res.body.scheme as { criteria: Record<string, unknown>[] }).criteria;
    perSheet.push(
      criteria.flatMap((c): Target[] => {
        const plain = c.roles === null && !c.onePerCluster;
        const values: [unknown, unknown] | null =
          c.kind === "manual" && plain
            ? [0, Math.min(1, c.max as number)]
            : c.kind === "ratio"
              ? [
                  { plan: 100, actual: 100 },
                  { plan: 100, actual: 90 },
                ]
              : null;
        if (!values) return [];
        const { period_id: periodId, unit_id: unitId, username } = sheet;
        return [{ username, periodId, unitId, criterionId: c.id as string, values }];
      }),
    );
  }
  const targets: Target[] = [];
  for (let i = 0; perSheet.some((s) => i < s.length); i++) {
    for (const s of perSheet) if (s[i]) targets.push(s[i] as Target);
  }
  return targets;
}

/** C clients, signed in, each with its criterion and the version it knows. */
async function signInClients(base: string, targets: Target[], clients: number) {
  const load = Array.from({ length: clients }, (_, i) => ({
    target: targets[(share ? Math.floor(i / 2) : i) % targets.length] as Target,
    client: new Client(base),
    version: undefined as number | undefined,
    n: i,
  }));
  for (const c of load) await c.client.signIn(c.target.username);
  return load;
}

interface Slice {
  times: number[];
  stale: number;
  seconds: number;
}

/** Every client saving, one save after the other, for `duration` seconds. */
async function saveFor(clients: Awaited<ReturnType<typeof signInClients>>, duration: number) {
  const times: number[] = [];
  let stale = 0;
  const t0 = performance.now();
  const until = t0 + duration * 1000;
  await Promise.all(
    clients.map(async (c) => {
      const { target } = c;
      const url = `/api/periods/${target.periodId}/units/${target.unitId}/scores/${target.criterionId}`;
      while (performance.now() < until) {
        const start = performance.now();
        const value = target.values[c.n++ % 2];
        const res = await c.client.request("PUT", url, { value, version: c.version });
        if (res.status === 200) c.version = res.body.version;
        else if (res.status === 409 && res.body.details) c.version = res.body.details.version;
        else throw new Error(`a save answered ${res.status}: ${JSON.stringify(res.body)}`);
        times.push(performance.now() - start);
        if (res.status === 409) stale++;
      }
    }),
  );
  return { times, stale, seconds: (performance.now() - t0) / 1000 };
}

/** pgbench's simple-update transaction (-N) with C clients for `duration` seconds. */
async function pgbenchFor(database: string, clients: number, duration: number) {
  const backends = backendCpu(database);
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      "pgbench",
      ["-n", "-N", "-c", String(clients), "-j", "2", "-T", String(duration), urlOf(database)],
      { encoding: "utf8" },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const cpu = backends.stop();
  const tps = out.match(/tps = ([\d.]+) \(without initial connection time\)/);
  const count = out.match(/number of transactions actually processed: (\d+)/);
  if (!tps || !count) throw new Error(`pgbench said:\n${out}`);
  return { tps: Number(tps[1]), transactions: Number(count[1]), cpu };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const suffix = randomBytes(4).toString("hex");
const productDb = `tdkt_bench_saves_${suffix}`;
const pgbenchDb = `tdkt_bench_pgbench_${suffix}`;
let product: Awaited<ReturnType<typeof startProduct>> | null = null;
try {
  await onServer(`CREATE DATABASE ${productDb}`);
  await onServer(`CREATE DATABASE ${pgbenchDb}`);
  // migrated by the owner, the runtime role granted its rights, the demo loaded as the product
  // loads it; then the product starts on it as on a server of DATABASE_URL
  const database = await openPostgres(urlOf(productDb, RUNTIME_ROLE), {
    owner: urlOf(productDb),
    createRole: true,
  });
  await loadDemo(database.db);
  await database.close();
  execFileSync("pgbench", ["-i", "-q", "-s", "10", urlOf(pgbenchDb)], { stdio: "ignore" });

  product = await startProduct(productDb);
  const targets = await openCriteria(product.base, productDb);
  console.log(
    `${targets.length} criteria of ${new Set(targets.map((t) => t.unitId)).size} open sheets; for each number of clients, ${rounds} × (${slice} s of saves, ${slice} s of pgbench) after ${WARM_UP_SECONDS} s of warm-up${share ? "; two clients a criterion" : ""}`,
  );
  const table: string[] = [];
  let goals = "";
  for (const clients of clientCounts) {
    const load = await signInClients(product.base, targets, clients);
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
    const transactions0 = await transactions(productDb);
    const warmUp = await saveFor(load, WARM_UP_SECONDS);
    const saves: Slice[] = [];
    const benches: Awaited<ReturnType<typeof pgbenchFor>>[] = [];
    let serverCpu = 0;
    let backendsCpu = 0;
    let generatorCpu = 0;
    for (let round = 0; round < rounds; round++) {
      const server0 = cpuMs(product.pid) ?? 0;
      const generator0 = process.cpuUsage();
      const backends = backendCpu(productDb);
      saves.push(await saveFor(load, slice));
      backendsCpu += backends.stop();
      const generator = process.cpuUsage(generator0);
      generatorCpu += (generator.user + generator.system) / 1000;
      serverCpu += (cpuMs(product.pid) ?? 0) - server0;
      benches.push(await pgbenchFor(pgbenchDb, clients, slice));
    }
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
    const all = warmUp.times.length + saves.reduce((t, s) => t + s.times.length, 0);
    const perSave = ((await transactions(productDb)) - transactions0) / all;
    for (const c of load) c.client.close();
    const times = saves.flatMap((s) => s.times).sort((a, b) => a - b);
    const perSecond = times.length / saves.reduce((t, s) => t + s.seconds, 0);
    const tps = benches.reduce((t, b) => t + b.tps, 0) / benches.length;
    const pgbenchTransactions = benches.reduce((t, b) => t + b.transactions, 0);
    const pgbenchCpu = benches.reduce((t, b) => t + b.cpu, 0);
    const stale = saves.reduce((t, s) => t + s.stale, 0);
    const ratio = (100 * perSecond) / tps;
    const per = (ms: number, n: number) => (ms / n).toFixed(2);
    console.log(
      `${clients} clients: product ${perSecond.toFixed(0)} saves/s (${times.length} saves${share ? `, ${stale} stale` : ""}; by round ${saves.map((s) => (s.times.length / s.seconds).toFixed(0)).join(", ")}), p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms; pgbench -N ${tps.toFixed(0)} tps (by round ${benches.map((b) => b.tps.toFixed(0)).join(", ")}); ratio ${ratio.toFixed(0)} %`,
    );
    console.log(
      `  CPU a save: server ${per(serverCpu, times.length)} ms, its PostgreSQL backends ${per(backendsCpu, times.length)} ms, load generator ${per(generatorCpu, times.length)} ms; transactions a save ${perSave.toFixed(2)}; CPU a pgbench transaction (backends) ${per(pgbenchCpu, pgbenchTransactions)} ms`,
    );
    if (clients === 50) {
      const met = (ok: boolean) => (ok ? "met" : "missed");
      goals = `Goals at 50 clients: ratio ≥ 30 % ${met(ratio >= 30)}, p99 < 100 ms ${met(quantile(times, 0.99) < 100)}.`;
    }
    table.push(
      `| ${clients} | ${perSecond.toFixed(0)} | ${tps.toFixed(0)} | ${ratio.toFixed(0)} % | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.99).toFixed(1)} | ${perSave.toFixed(2)} |`,
    );
  }
  console.log(
    "\n| clients | product saves/s | pgbench -N tps | ratio | p50 (ms) | p99 (ms) | transactions a save |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const row of table) console.log(row);
  if (goals) console.log(`\n${goals}`);
} finally {
  await product?.stop();
  await onServer(`DROP DATABASE IF EXISTS ${productDb} WITH (FORCE)`);
  await onServer(`DROP DATABASE IF EXISTS ${pgbenchDb} WITH (FORCE)`);
}
