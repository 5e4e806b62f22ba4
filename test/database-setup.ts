/**
 * The tests' PostgreSQL, started once per run: the embedded server the product runs by default
 * (in a temporary folder), or the server of TEST_DATABASE_URL for the "postgres" project. A
 * migrated template database is made once; each test's database is a copy of it
 * (`CREATE DATABASE … TEMPLATE`, well under a second).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres } from "../src/server/db/client.ts";
import { startEmbedded } from "../src/server/db/embedded.ts";
import { RUNTIME_ROLE } from "../src/server/db/privileges.ts";

export interface TestServer {
  /** node-postgres settings of the server, without the database. */
  connection: { host: string; port: number; user: string; password?: string };
  /** The database a maintenance connection opens (to create and drop test databases). */
  maintenance: string;
  template: string;
  kind: "embedded" | "postgres";
}

declare module "vitest" {
  export interface ProvidedContext {
    testServer: TestServer;
  }
}

function fromUrl(url: string): { connection: TestServer["connection"]; database: string } {
  const u = new URL(url);
  return {
    connection: {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username || "postgres"),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    },
    database: decodeURIComponent(u.pathname.slice(1)) || "postgres",
  };
}

export default async function setup(project: TestProject) {
  const template = `tdkt_template_${randomBytes(6).toString("hex")}`;
  let server: Omit<TestServer, "template">;
  let stop: () => Promise<void>;
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TDKT_TEST_DB === "postgres" || project.config.env?.TDKT_TEST_DB === "postgres") {
    if (!url) throw new Error("TDKT_TEST_DB=postgres needs TEST_DATABASE_URL");
    const { connection, database } = fromUrl(url);
    server = { connection, maintenance: database, kind: "postgres" };
    stop = async () => {};
  } else {
    // its folder in memory where the machine has one: each test's copy of the template costs
    // 0.3 s of the kernel's time on this machine's disk (ext4 mounted with discard) and 0.03 s
    // in /dev/shm, for the hundreds of copies of a run (the product's own folder, and npm
    // start's in the start tests, stay on disk)
    const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tdkt-test-pg-"));
    const embedded = await startEmbedded(dir);
    const { database: _, ...connection } = embedded.connection;
    server = { connection, maintenance: "postgres", kind: "embedded" };
    stop = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ ...server.connection, database: server.maintenance });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const migrated = await openPostgres(
    { ...server.connection, database: template, user: RUNTIME_ROLE },
    { owner: { ...server.connection, database: template }, createRole: true },
  );
  await migrated.close();
  project.provide("testServer", { ...server, template });

  return async () => {
    const drop = new pg.Client({ ...server.connection, database: server.maintenance });
    await drop.connect();
    // and the copies a test file could not drop itself (its worker killed by a timeout)
    const { rows } = await drop.query<{ name: string }>(
      "select datname as name from pg_database where datname like $1",
      [`tdkt\\_%\\_${template.replace(/^tdkt_template_/, "")}\\_%`],
    );
    for (const { name } of [...rows, { name: template }]) {
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await drop.end();
    await stop();
  };
}
