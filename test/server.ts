/**
 * Test harness for the server: a fresh database per test, copied from the migrated template of
 * the run's PostgreSQL (the embedded server, or the server of TEST_DATABASE_URL when
 * TDKT_TEST_DB=postgres; see database-setup.ts), the application, and signed-in clients that
 * carry their cookie and CSRF token.
 *
 * A copy costs PostgreSQL 0.1–0.3 s (more on a loaded machine), which a file of many short tests
 * would otherwise wait for each time: from a file's second copy of a template on, the next copy
 * is made while the test runs, and a closed database is dropped while the next test runs; both
 * are awaited when the file's tests end. Every test still gets a database of its own, a copy of
 * the template as it is.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../src/server/app.ts";
import { createSession, hashPassword } from "../src/server/auth.ts";
import { readConfig } from "../src/server/config.ts";
import { type Database, openPostgres } from "../src/server/db/client.ts";
import { RUNTIME_ROLE } from "../src/server/db/privileges.ts";
import { type UserRole, users } from "../src/server/db/schema.ts";
import { atEndOfEachFile } from "./file-end.ts";

export const usePostgres = process.env.TDKT_TEST_DB === "postgres";

/**
 * node-postgres's own `query`, as it was when the harness loaded: the harness's statements (a
 * copy made ahead, a drop behind, while a test runs) are not counted by a test that counts the
 * application's (test/statements.ts patches the prototype meanwhile).
 */
const harnessQuery = pg.Client.prototype.query as (
  this: pg.Client,
  text: string,
) => Promise<unknown>;

/** Run one statement on the test server's maintenance database. */
export async function onTestServer(statement: string): Promise<void> {
  const server = inject("testServer");
  const client = new pg.Client({ ...server.connection, database: server.maintenance });
  await client.connect();
  try {
    await harnessQuery.call(client, statement);
  } finally {
    await client.end();
  }
}

/** A database name of this run (database-setup.ts drops what a killed worker left). */
function runDatabaseName(kind: string): string {
  const run = inject("testServer").template.replace(/^tdkt_template_/, "");
  return `tdkt_${kind}_${run}_${randomBytes(6).toString("hex")}`;
}

/** The next copy of each template, made while the test before it runs. */
const ahead = new Map<string, Promise<string>>();
/** How many copies of each template this file took. */
const taken = new Map<string, number>();
/** Drops under way, and the templates this file made (dropped when its tests end). */
const dropping: Promise<unknown>[] = [];
const fileTemplates: { name: string; dataDir: string }[] = [];

async function copyOf(template: string): Promise<string> {
  const name = runDatabaseName("test");
  await onTestServer(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return name;
}

/** A new copy of `template`: the one made ahead, or one made now. */
async function takeCopy(template: string): Promise<string> {
  const made = ahead.get(template);
  ahead.delete(template);
  const count = (taken.get(template) ?? 0) + 1;
  taken.set(template, count);
  // a file that asked twice will likely ask again: the next copy is made meanwhile
  if (count >= 2) {
    const next = copyOf(template);
    next.catch(() => {}); // awaited, and its failure reported, by the next call or at the end of the file
    ahead.set(template, next);
  }
  return made ?? copyOf(template);
}

const dropDatabase = (name: string) => onTestServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

// the file's tests have ended, and it has closed its databases (test/setup.ts)
atEndOfEachFile(async () => {
  taken.clear();
  for (const [template, next] of [...ahead]) {
    ahead.delete(template);
    const name = await next.catch(() => null);
    if (name) dropping.push(dropDatabase(name));
  }
  const results = await Promise.allSettled(dropping.splice(0));
  for (const { name, dataDir } of fileTemplates.splice(0)) {
    await dropDatabase(name);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

function openTestDatabase(name: string, onClose?: () => Promise<void>): Promise<Database> {
  const server = inject("testServer");
  return openPostgres(
    { ...server.connection, database: name, user: RUNTIME_ROLE },
    {
      migrate: false,
      owner: { ...server.connection, database: name },
      kind: server.kind,
      ...(onClose ? { onClose } : {}),
    },
  );
}

/**
 * A new, migrated, empty database for one test (or a copy of a template this file made,
 * `fileTemplate`), dropped when closed: the application connects as the runtime role, as the
 * product does; `owner()` is the owner of the tables.
 */
export async function testDatabase(options: { template?: string } = {}): Promise<Database> {
  const name = await takeCopy(options.template ?? inject("testServer").template);
  return openTestDatabase(name, async () => {
    const drop = dropDatabase(name);
    drop.catch(() => {}); // awaited, and its failure reported, when the file's tests end
    dropping.push(drop);
  });
}

/**
 * A state many tests of a file start from, built once: `fill` runs on the application on a new
 * database; the database then becomes a template, and its data folder (evidence files) the
 * folder each copy starts with: `testApp(await testDatabase({ template: name }), { files:
 * dataDir })`. Both are removed when the file's tests end.
 */
export async function fileTemplate<T>(
  fill: (t: TestApp) => Promise<T>,
): Promise<{ name: string; dataDir: string; value: T }> {
  const name = runDatabaseName("tmpl");
  await onTestServer(`CREATE DATABASE ${name} TEMPLATE ${inject("testServer").template}`);
  const dataDir = mkdtempSync(join(tmpdir(), "tdkt-data-"));
  fileTemplates.push({ name, dataDir });
  const database = await openTestDatabase(name);
  const app = await buildApp(database, readConfig({ DATA_DIR: dataDir }));
  try {
    const value = await fill({ app, database, close: async () => {} });
    return { name, dataDir, value };
  } finally {
    // a template has no connection left
    await app.close();
    await database.close();
  }
}

/**
 * A new database on the test server, named for `DATABASE_URL` (a child process connects to it
 * as the product would): a copy of the migrated template, or empty. Dropped by
 * `dropTestDatabases`.
 */
const urlDatabases: string[] = [];
export async function testDatabaseUrl(options: { template?: boolean } = {}): Promise<string> {
  const server = inject("testServer");
  const name = `tdkt_url_${randomBytes(6).toString("hex")}`;
  const template = options.template === false ? "" : ` TEMPLATE ${server.template}`;
  await onTestServer(`CREATE DATABASE ${name}${template}`);
  urlDatabases.push(name);
  const { host, port, user, password } = server.connection;
  const credentials = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}`;
  return host.startsWith("/")
    ? `postgresql://${credentials}@/${name}?host=${encodeURIComponent(host)}&port=${port}`
    : `postgresql://${credentials}@${host}:${port}/${name}`;
}

/** Drop the databases `testDatabaseUrl` made (for an afterAll). */
export async function dropTestDatabases(): Promise<void> {
  for (const name of urlDatabases.splice(0)) {
    await onTestServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/**
 * The application on a fresh database, its files (evidence) in a temporary data folder (a copy
 * of `files`, the data folder of a `fileTemplate`).
 */
export async function testApp(
  database?: Database,
  options: { files?: string } = {},
): Promise<TestApp> {
  const db = database ?? (await testDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), "tdkt-data-"));
  if (options.files) cpSync(options.files, dataDir, { recursive: true });
  const app = await buildApp(db, readConfig({ DATA_DIR: dataDir }));
  return {
    app,
    database: db,
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Passwords in tests are fast to check: one hash for all. */
let testHash: Promise<string> | null = null;
export const TEST_PASSWORD = "mat-khau-thu-nghiem";

export async function createUser(
  database: Database,
  user: {
    username: string;
    role: UserRole;
    unitId?: number | null;
    levelId?: number | null;
    displayName?: string;
  },
): Promise<number> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await database.db
    .insert(users)
    .values({
      username: user.username,
      displayName: user.displayName ?? user.username,
      passwordHash: await testHash,
      role: user.role,
      unitId: user.unitId ?? null,
      levelId: user.levelId ?? null,
    })
    .returning({ id: users.id });
  return (row as { id: number }).id;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
type Body = any;
type Res = { status: number; body: Body };

export interface Client {
  request(method: InjectOptions["method"], url: string, body?: unknown): Promise<Res>;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  delete(url: string): Promise<Res>;
  /** Raw inject with the session's cookie and CSRF header added. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

function clientFor(app: FastifyInstance, cookie: string | null, csrf: string | null): Client {
  const headers = () => ({
    ...(cookie ? { cookie } : {}),
    ...(csrf ? { "x-csrf-token": csrf } : {}),
  });
  const request: Client["request"] = async (method, url, body) => {
    const res = await app.inject({
      method,
      url,
      headers: headers(),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {}
    return { status: res.statusCode, body: parsed };
  };
  return {
    request,
    get: (url) => request("GET", url),
    post: (url, body) => request("POST", url, body ?? {}),
    put: (url, body) => request("PUT", url, body ?? {}),
    delete: (url) => request("DELETE", url),
    inject: (options) =>
      app.inject({ ...options, headers: { ...headers(), ...(options.headers ?? {}) } }),
  };
}

/** A client signed in as `username` through a session made directly (faster than signing in). */
export async function sessionFor(t: TestApp, username: string): Promise<Client> {
  const [user] = await t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username));
  if (!user) throw new Error(`no user ${username}`);
  const session = await createSession(t.database.db, user.id, 60);
  return clientFor(t.app, `tdkt_session=${session.token}`, session.csrfToken);
}

/** A client with no session. */
export const anonymous = (app: FastifyInstance): Client => clientFor(app, null, null);

/** Sign in through the API and return a client carrying the session. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<Client> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === "tdkt_session");
  return clientFor(app, `tdkt_session=${setCookie?.value}`, JSON.parse(res.body).csrfToken);
}

/** Upload one file as a browser form would (multipart/form-data, field "file"). */
export async function uploadFile(
  client: Client,
  url: string,
  fileName: string,
  bytes: Buffer,
  type = "application/pdf",
) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  const res = await client.inject({
    method: "POST",
    url,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") as string },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

/** A small valid PDF, as an evidence file. */
export function tinyPdf(text = "Bao cao tong ket nam"): Buffer {
  const stream = `BT /F1 12 Tf 50 700 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
