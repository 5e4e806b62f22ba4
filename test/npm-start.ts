/**
 * `npm start` as a user runs it, for the start, durability and backup tests: a real process
 * group (npm, the shell, node; the embedded PostgreSQL in a group of its own), its console
 * output, a free port, and signing in over HTTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect } from "vitest";

export const root = join(import.meta.dirname, "..");
const running = new Map<ChildProcess, Promise<number | null>>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` with `env` over the test's environment (less its DATABASE_URL and NODE_ENV). */
export function npmStart(env: Record<string, string>): Server {
  const { DATABASE_URL: _, NODE_ENV: __, ...inherited } = process.env;
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // its own process group, as in a terminal: a signal reaches npm, the shell, tsx and node
    detached: true,
  });
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
  running.set(child, exited);
  return { child, output: () => output, exited };
}

/** Wait for the printed address (the server is listening once it is printed). */
export async function ready(server: Server): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const match = server.output().match(/đang chạy tại (http:\/\/127\.0\.0\.1:\d+)/);
    if (match && server.output().includes("Nhấn Ctrl+C để dừng.")) return match[1] as string;
    if (server.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`npm start did not get ready:\n${server.output()}`);
}

/** A signal to the process group, as Ctrl+C in a terminal or a service manager sends it. */
export function signal(child: ChildProcess, name: NodeJS.Signals = "SIGTERM"): void {
  try {
    process.kill(-(child.pid as number), name);
  } catch {}
}

/**
 * A stop to the process group (SIGTERM, as a service manager sends it; Ctrl+C's SIGINT is handled
 * alike): the product says it stopped, its database closed.
 */
export async function stop(server: Server): Promise<void> {
  signal(server.child);
  await server.exited;
  expect(server.output()).toContain("Đã dừng máy chủ.");
}

/** Stop every server a test left running. */
export async function stopAll(): Promise<void> {
  for (const child of running.keys()) signal(child);
  await Promise.all(running.values());
}

export async function signIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const send = (method: string) => (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return {
    get: (path: string) => fetch(`${base}${path}`, { headers: { cookie } }),
    post: send("POST"),
    put: send("PUT"),
  };
}
