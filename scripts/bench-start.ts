/**
 * `npm run bench:start [-- --baseline REF --rounds N]`: the start of the product on an empty
 * and on an existing data folder, and the memory it holds once ready, for this tree and for the
 * baseline commit (default: the last one on PGlite), interleaved in one run so both meet the
 * same machine. The baseline is checked out in a git worktree under the temporary folder and
 * installed there with `npm ci` once.
 *
 * Start time: from the spawn of `tsx src/server/main.ts` (the product after its web build check,
 * started the same way in both trees; `npm start` now runs it with `node --import tsx`) to the
 * console's "Nhấn Ctrl+C để dừng.". Memory: the proportional set size (PSS,
 * shared pages divided among their users) of the product and every process under it, the
 * embedded PostgreSQL included, read from /proc once ready.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const baselineRef = option("--baseline", "c31dd72");
const rounds = Number(option("--rounds", "3"));
const here = join(import.meta.dirname, "..");

function worktree(ref: string): string {
  const sha = execFileSync("git", ["rev-parse", "--short", ref], {
    cwd: here,
    encoding: "utf8",
  }).trim();
  const dir = join(tmpdir(), `tdkt-bench-${sha}`);
  if (!existsSync(join(dir, "package.json"))) {
    execFileSync("git", ["worktree", "add", "--force", "--detach", dir, sha], {
      cwd: here,
      stdio: "ignore",
    });
  }
  if (!existsSync(join(dir, "node_modules"))) {
    console.log(`npm ci in ${dir} …`);
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore" });
  }
  return dir;
}

/** Every process under `pid` (children, their children…), `pid` included. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of parents.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

function pssMegabytes(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      kb += Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

interface Measure {
  seconds: number;
  megabytes: number;
  processes: number;
  saves?: Load;
  firstFile?: FirstFile;
}

/** The summary workbook asked for once the product is ready: the first time and the next. */
interface FirstFile {
  first: number;
  second: number;
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  megabytes: number;
}

const CLIENTS = 50;
const SAVES_EACH = 20;

/**
 * 50 clients at once, each saving 20 self-scores of a demo unit in a row (six criteria, so
 * clients meet: a 409 for a stale version is an answer too, and the client takes the current
 * version as a person would). The time of every answer, the rate, and memory after the load.
 */
async function saveStorm(base: string, pid: number): Promise<Load> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "ximangdongbanh", password: "tdkt2025" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { csrfToken, user } = (await login.json()) as {
    csrfToken: string;
    user: { unitId: number };
  };
  const headers = { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" };
  const { periods } = (await (await fetch(`${base}/api/me/periods`, { headers })).json()) as {
    periods: { id: number; myUnit?: { id: number } }[];
  };
  const period = periods.find((p) => p.myUnit?.id === user.unitId)?.id;
  const times: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const criterion = `I.${(client % 6) + 1}`;
      let version: number | undefined;
      for (let i = 0; i < SAVES_EACH; i++) {
        const start = performance.now();
        const res = await fetch(
          `${base}/api/periods/${period}/units/${user.unitId}/scores/${criterion}`,
          {
            method: "PUT",
            headers,
            body: JSON.stringify({ value: ((client * SAVES_EACH + i) % 900) / 100, version }),
          },
        );
        const body = (await res.json()) as { version?: number; details?: { version?: number } };
        times.push(performance.now() - start);
        if (res.status === 200) version = body.version;
        else if (res.status === 409) version = body.details?.version;
        else throw new Error(`save answered ${res.status}: ${JSON.stringify(body)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    perSecond: times.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: times.at(-1) ?? 0,
    megabytes: pssMegabytes(tree(pid)),
  };
}

/**
 * A standing agency's officer signs in as soon as the product is ready and downloads a year's
 * summary workbook, then downloads it again: the first file waits for whatever the libraries
 * still have to load, the second does not.
 */
async function firstFile(base: string): Promise<FirstFile> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "bantdkt-dienbien", password: "tdkt2025" }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { periods } = (await (
    await fetch(`${base}/api/me/periods`, { headers: { cookie } })
  ).json()) as {
    periods: { id: number }[];
  };
  const url = `${base}/api/periods/${periods[0]?.id}/documents/summary.xlsx`;
  const time = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`summary answered ${res.status}`);
    return performance.now() - t0;
  };
  const first = await time();
  return { first, second: await time() };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startOnce(tree_: string, dataDir: string, load = false): Promise<Measure> {
  const port = String(await freePort());
  const t0 = performance.now();
  const child = spawn(join(tree_, "node_modules/.bin/tsx"), ["src/server/main.ts"], {
    cwd: tree_,
    env: { ...process.env, DATA_DIR: dataDir, PORT: port, NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<void>((r) => child.on("close", () => r()));
  while (!output.includes("Nhấn Ctrl+C để dừng.")) {
    if (child.exitCode !== null) throw new Error(`start failed:\n${output}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // settle: background work after ready
  const pids = tree(child.pid as number);
  const megabytes = pssMegabytes(pids);
  const base = `http://127.0.0.1:${port}`;
  const file = load ? await firstFile(base) : undefined;
  const saves = load ? await saveStorm(base, child.pid as number) : undefined;
  child.kill("SIGTERM");
  await exited;
  return { seconds, megabytes, processes: pids.length, saves, firstFile: file };
}

const range = (xs: number[], digits: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(digits);
  return `${f(sorted[Math.floor(sorted.length / 2)] as number)} (${f(sorted[0] as number)}–${f(sorted.at(-1) as number)})`;
};

const trees = { baseline: worktree(baselineRef), current: here };
const results: Record<string, { empty: Measure[]; existing: Measure[] }> = {
  baseline: { empty: [], existing: [] },
  current: { empty: [], existing: [] },
};
for (let round = 1; round <= rounds; round++) {
  for (const [name, dir] of Object.entries(trees)) {
    const data = mkdtempSync(join(tmpdir(), `tdkt-bench-start-${name}-`));
    try {
      const empty = await startOnce(dir, data);
      const existing = await startOnce(dir, data, true);
      results[name]?.empty.push(empty);
      results[name]?.existing.push(existing);
      console.log(
        `round ${round} ${name}: empty ${empty.seconds.toFixed(2)} s ${empty.megabytes.toFixed(0)} MB, existing ${existing.seconds.toFixed(2)} s ${existing.megabytes.toFixed(0)} MB (${existing.processes} processes); first summary file ${existing.firstFile?.first.toFixed(0)} ms, next ${existing.firstFile?.second.toFixed(0)} ms; ${CLIENTS} clients saving: ${existing.saves?.perSecond.toFixed(0)}/s, p50 ${existing.saves?.p50.toFixed(0)} ms, p99 ${existing.saves?.p99.toFixed(0)} ms, max ${existing.saves?.max.toFixed(0)} ms, ${existing.saves?.megabytes.toFixed(0)} MB after`,
      );
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }
}
console.log(`\nmedian (min–max) over ${rounds} rounds; baseline ${baselineRef}`);
console.log(
  "| tree | start, empty folder (s) | start, existing folder (s) | memory after the empty start (MB PSS) | memory after the existing start (MB PSS) |",
);
console.log("|---|---|---|---|---|");
for (const [name, r] of Object.entries(results)) {
  console.log(
    `| ${name} | ${range(
      r.empty.map((m) => m.seconds),
      2,
    )} | ${range(
      r.existing.map((m) => m.seconds),
      2,
    )} | ${range(
      r.empty.map((m) => m.megabytes),
      0,
    )} | ${range(
      r.existing.map((m) => m.megabytes),
      0,
    )} |`,
  );
}

console.log(
  `\n| tree | ${CLIENTS} clients × ${SAVES_EACH} saves: answers/s | p50 (ms) | p99 (ms) | slowest (ms) | memory after (MB PSS) |`,
);
console.log("|---|---|---|---|---|---|");
for (const [name, r] of Object.entries(results)) {
  const loads = r.existing.map((m) => m.saves as Load);
  console.log(
    `| ${name} | ${range(
      loads.map((l) => l.perSecond),
      0,
    )} | ${range(
      loads.map((l) => l.p50),
      0,
    )} | ${range(
      loads.map((l) => l.p99),
      0,
    )} | ${range(
      loads.map((l) => l.max),
      0,
    )} | ${range(
      loads.map((l) => l.megabytes),
      0,
    )} |`,
  );
}

console.log("\n| tree | first summary file after the start (ms) | the next one (ms) |");
console.log("|---|---|---|");
for (const [name, r] of Object.entries(results)) {
  const files = r.existing.map((m) => m.firstFile as FirstFile);
  console.log(
    `| ${name} | ${range(
      files.map((f) => f.first),
      0,
    )} | ${range(
      files.map((f) => f.second),
      0,
    )} |`,
  );
}
