/**
 * Province benchmark: what the main pages cost as a province grows. For each size (cluster-
 * years: 2, 50 and 200 by default) a new database on the machine's PostgreSQL
 * (`tdkt_bench_province_<random>`, made from BENCH_DATABASE_URL's maintenance connection and
 * dropped at the end) gets a province through `loadProvince` (the product's own import; timed),
 * then the product runs in-process (`buildApp` on `openPostgres`, as test/server.ts does) and,
 * signed in as the province's standing agency and as a member unit of the first cluster, each
 * route is asked once to count its statements (test/statements.ts) and then `--runs` times to
 * take the median time. The measured year (the first cluster's last year, a ward cluster of
 * 146 criteria) has its results published first, so the member unit may see them.
 *
 * What the table should show: the work of a sheet, a cluster's results and its summary file is
 * one cluster's, so their time and statements stay flat as the province grows; the home page
 * grows only with what it lists; a unit's years with the unit's years.
 *
 * Run: `npm run bench:province [-- --sizes 2,50,200 --runs 5 --years 2]`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildApp } from "../src/server/app.ts";
import { readConfig } from "../src/server/config.ts";
import { type Database, openPostgres } from "../src/server/db/client.ts";
import {
  type LoadedProvince,
  loadProvince,
  PROVINCE_PASSWORD,
} from "../src/server/seed/province.ts";
import { countStatements } from "../test/statements.ts";

const MAINTENANCE = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ?? fallback;
}

const SIZES = option("sizes", "2,50,200")
  .split(",")
  .map((s) => Number(s.trim()));
const RUNS = Number(option("runs", "5"));
const YEARS = Number(option("years", "2"));
if (SIZES.some((s) => !Number.isInteger(s) || s < 1) || !(RUNS >= 1) || !(YEARS >= 1)) {
  process.stderr.write(
    "Cách dùng: npm run bench:province -- [--sizes 2,50,200] [--runs 5] [--years 2]\n",
  );
  process.exit(1);
}

/** The maintenance URL with another database. */
function databaseUrl(name: string): string {
  const u = new URL(MAINTENANCE);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: MAINTENANCE });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const made: string[] = [];
async function dropAll(): Promise<void> {
  for (const name of made.splice(0)) {
    await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
process.once("SIGINT", () => {
  void dropAll().finally(() => process.exit(130));
});

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(app: FastifyInstance, username: string): Promise<Session> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password: PROVINCE_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "tdkt_session")?.value;
  return { cookie: `tdkt_session=${cookie}`, csrf: JSON.parse(res.body).csrfToken };
}

interface Measure {
  status: number;
  statements: number;
  bytes: number;
  times: number[];
}

/**
 * One route for both accounts: a first request each counts the statements (and warms the route
 * up), then `RUNS` timed requests each, the two accounts in turn.
 */
async function measure(app: FastifyInstance, sessions: Session[], url: string): Promise<Measure[]> {
  const get = (s: Session) => app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
  const out: Measure[] = [];
  for (const s of sessions) {
    const counted = await countStatements(() => get(s));
    out.push({
      status: counted.result.statusCode,
      statements: counted.count,
      bytes: counted.result.rawPayload.length,
      times: [],
    });
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [k, s] of sessions.entries()) {
      const m = out[k] as Measure;
      const started = performance.now();
      const res = await get(s);
      m.times.push(performance.now() - started);
      if (res.statusCode !== m.status) throw new Error(`${url}: status changed`);
    }
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US"));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;

function cell(m: Measure | null): string {
  if (!m) return "—";
  if (m.status !== 200) return `${m.status}`;
  const range = `${ms(Math.min(...m.times))}–${ms(Math.max(...m.times))}`;
  return `${ms(median(m.times))} ms (${range}) · ${m.statements} st. · ${kb(m.bytes)}`;
}

interface SizeResult {
  size: number;
  clusters: number;
  years: number;
  loaded: LoadedProvince;
  loadSeconds: number;
  rows: { route: string; standing: Measure | null; unit: Measure | null }[];
}

async function benchSize(size: number): Promise<SizeResult> {
  const years = Math.min(YEARS, size);
  const clusters = Math.ceil(size / years);
  const name = `tdkt_bench_province_${randomBytes(5).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  made.push(name);
  const database: Database = await openPostgres(databaseUrl(name));
  const dataDir = mkdtempSync(join(tmpdir(), "tdkt-bench-province-"));
  let app: FastifyInstance | null = null;
  try {
    const started = performance.now();
    const loaded = await loadProvince(database.db, {
      clusters,
      years,
      onProgress: (done, total) => {
        if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) {
          const s = ((performance.now() - started) / 1000).toFixed(0);
          process.stderr.write(`  ${size}: đã nạp ${done}/${total} năm thi đua (${s} s)\n`);
        }
      },
    });
    const loadSeconds = (performance.now() - started) / 1000;
    app = await buildApp(database, readConfig({ DATA_DIR: dataDir }));

    const [standingAccount, unitAccount] = loaded.accounts;
    if (!standingAccount || !unitAccount?.unitId) throw new Error("no accounts");
    const standing = await signIn(app, standingAccount.username);
    const member = await signIn(app, unitAccount.username);
    const periodId = loaded.periodIds[years - 1] as number; // the first cluster's last year
    const unitId = unitAccount.unitId;
    const published = await app.inject({
      method: "POST",
      url: `/api/periods/${periodId}/publish`,
      headers: { cookie: standing.cookie, "x-csrf-token": standing.csrf },
      payload: {},
    });
    if (published.statusCode !== 200) throw new Error(`publish: ${published.body}`);

    const routes: [string, string][] = [
      ["home page `GET /api/me/periods`", "/api/me/periods"],
      [
        "sheet `GET /api/periods/:p/units/:u/sheet`",
        `/api/periods/${periodId}/units/${unitId}/sheet`,
      ],
      ["results `GET /api/periods/:p/results`", `/api/periods/${periodId}/results`],
      [
        "summary file `GET /api/periods/:p/documents/summary.xlsx`",
        `/api/periods/${periodId}/documents/summary.xlsx`,
      ],
      ["a unit's years `GET /api/units/:u/years`", `/api/units/${unitId}/years`],
    ];
    const rows: SizeResult["rows"] = [];
    for (const [route, url] of routes) {
      process.stderr.write(`  ${size}: ${url}\n`);
      const [s, u] = await measure(app, [standing, member], url);
      rows.push({ route, standing: s ?? null, unit: u ?? null });
    }
    return { size, clusters, years, loaded, loadSeconds, rows };
  } finally {
    await app?.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    made.splice(made.indexOf(name), 1);
  }
}

function print(r: SizeResult): void {
  const n = (x: number) => x.toLocaleString("en-US");
  const say = (line = "") => process.stdout.write(`${line}\n`);
  say(
    `### ${n(r.loaded.periodIds.length)} cluster-years: ${n(r.clusters)} cluster${r.clusters === 1 ? "" : "s"} × ${r.years} year${r.years === 1 ? "" : "s"}, ` +
      `${n(r.loaded.unitIds.length)} units, ${n(r.loaded.scores)} scores`,
  );
  say();
  say(
    `Loaded in ${r.loadSeconds.toFixed(1)} s. Median of ${RUNS} requests (range), statements, response size:`,
  );
  say();
  say("| route | standing agency of the province | member unit of the first cluster |");
  say("|---|---|---|");
  for (const row of r.rows) say(`| ${row.route} | ${cell(row.standing)} | ${cell(row.unit)} |`);
  say();
}

const [version] = await onServer(async (c) => (await c.query("SHOW server_version")).rows);
process.stdout.write(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ` +
    `Node.js ${process.version}, PostgreSQL ${version?.server_version ?? "?"} (${new URL(MAINTENANCE).host}).\n\n`,
);
try {
  for (const size of SIZES) print(await benchSize(size));
} finally {
  await dropAll();
}
