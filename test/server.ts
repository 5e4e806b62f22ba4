/**
 * Test harness for the server: a fresh database per test, copied from the migrated template of
 * the run's PostgreSQL (the embedded server, or the server of TEST_DATABASE_URL when
 * TDKT_TEST_DB=postgres; see database-setup.ts), the application, and signed-in clients that
 * carry their cookie and CSRF token.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
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

export const usePostgres = process.env.TDKT_TEST_DB === "postgres";

/** Run one statement on the test server's maintenance database. */
export async function onTestServer(statement: string): Promise<void> {
  const server = inject("testServer");
  const client = new pg.Client({ ...server.connection, database: server.maintenance });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, migrated, empty database for one test, dropped when closed: the application connects
 * as the runtime role, as the product does; `owner()` is the owner of the tables.
 */
export async function testDatabase(): Promise<Database> {
  const server = inject("testServer");
  const name = `tdkt_test_${randomBytes(6).toString("hex")}`;
  await onTestServer(`CREATE DATABASE ${name} TEMPLATE ${server.template}`);
  return openPostgres(
    { ...server.connection, database: name, user: RUNTIME_ROLE },
    {
      migrate: false,
      owner: { ...server.connection, database: name },
      kind: server.kind,
      onClose: () => onTestServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    },
  );
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

/** The application on a fresh database, its files (evidence) in a temporary data folder. */
export async function testApp(database?: Database): Promise<TestApp> {
  const db = database ?? (await testDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), "tdkt-data-"));
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
