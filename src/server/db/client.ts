/**
 * Opening the database: the embedded PostgreSQL server under DATA_DIR (embedded.ts; one process
 * owns the folder, through a lock file), or a PostgreSQL server named by DATABASE_URL;
 * migrations applied on open. Both are the same node-postgres driver on a real server.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import { type EmbeddedOptions, processAlive, runningEmbedded, startEmbedded } from "./embedded.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or a transaction: what commands and queries take. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "embedded" | "postgres";
  close(): Promise<void>;
}

export const MIGRATIONS = join(import.meta.dirname, "migrations");

/** The process that holds the data folder's lock, if it is alive and not this one. */
function lockOwner(lock: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, "utf8"));
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  return processAlive(pid) ? pid : null;
}

/** Take the data folder for this process: the release, or the live process that holds it. */
function lockDataDir(dir: string): { release: () => void } | { heldBy: number } {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, "tdkt.lock");
  try {
    const fd = openSync(lock, "wx");
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
  } catch {
    const owner = lockOwner(lock);
    if (owner !== null) return { heldBy: owner };
    writeFileSync(lock, String(process.pid)); // left by a process that was killed
  }
  return { release: () => rmSync(lock, { force: true }) };
}

/** A PostgreSQL server: a URL, or node-postgres settings (the embedded server's socket). */
export async function openPostgres(
  connection: string | pg.PoolConfig,
  options: { migrate?: boolean; kind?: Database["kind"]; onClose?: () => Promise<void> } = {},
): Promise<Database> {
  const settings = typeof connection === "string" ? { connectionString: connection } : connection;
  const pool = new pg.Pool({ ...settings, max: 10 });
  // a connection the server ends (a restart, an administrator) must not end the product
  pool.on("error", () => {});
  const db = drizzle(pool, { schema }) as unknown as Db;
  try {
    if (options.migrate !== false) await migrate(db as never, { migrationsFolder: MIGRATIONS });
  } catch (e) {
    await pool.end();
    await options.onClose?.();
    throw e;
  }
  return {
    db,
    kind: options.kind ?? "postgres",
    async close() {
      await pool.end();
      await options.onClose?.();
    },
  };
}

/**
 * The embedded server of `dataDir`. The product (`owner`) takes the folder and starts the
 * server, and is refused while another process holds it. A tool (`tdkt admin`, `tdkt backup`)
 * connects to the server a running product has started, or starts its own for its work.
 */
export async function openEmbedded(
  dataDir: string,
  options: EmbeddedOptions & { owner?: boolean } = {},
): Promise<Database> {
  const lock = lockDataDir(dataDir);
  if ("heldBy" in lock) {
    const running = options.owner ? null : runningEmbedded(dataDir);
    if (!running) {
      throw new Error(
        `Thư mục dữ liệu ${dataDir} đang được tiến trình ${lock.heldBy} sử dụng. Dừng tiến trình đó hoặc đặt DATA_DIR khác.`,
      );
    }
    return openPostgres(running, { migrate: false, kind: "embedded" });
  }
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  try {
    server = await startEmbedded(dataDir, options);
  } catch (e) {
    lock.release();
    throw e;
  }
  return openPostgres(server.connection, {
    kind: "embedded",
    async onClose() {
      await server.stop();
      lock.release();
    },
  });
}

export function openDatabase(
  config: { DATA_DIR: string; DATABASE_URL?: string },
  options: EmbeddedOptions & { owner?: boolean } = {},
): Promise<Database> {
  return config.DATABASE_URL
    ? openPostgres(config.DATABASE_URL)
    : openEmbedded(config.DATA_DIR, options);
}
