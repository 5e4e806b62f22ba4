/**
 * Opening the database: the embedded PGlite under DATA_DIR (one process owns the folder, through
 * a lock file), or a PostgreSQL server named by DATABASE_URL; migrations applied on open.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or a transaction: what commands and queries take. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export const MIGRATIONS = join(import.meta.dirname, "migrations");

/** Take the data folder for this process, or fail with a clear message. */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, "tdkt.lock");
  try {
    const fd = openSync(lock, "wx");
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
  } catch {
    const pid = Number(readFileSync(lock, "utf8"));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {}
    if (alive) {
      throw new Error(
        `Thư mục dữ liệu ${dir} đang được tiến trình ${pid} sử dụng. Dừng tiến trình đó hoặc đặt DATA_DIR khác.`,
      );
    }
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

/** The embedded database in `dir` (or in memory, or from a dumped template). */
export async function openPglite(
  options: { dir?: string; template?: Blob; migrate?: boolean } = {},
): Promise<Database> {
  const unlock = options.dir ? lockDataDir(options.dir) : () => {};
  const pgDir = options.dir ? join(options.dir, "pg") : undefined;
  const client = await PGlite.create(
    pgDir,
    options.template ? { loadDataDir: options.template } : {},
  );
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  if (options.migrate !== false) {
    await migratePglite(db as never, { migrationsFolder: MIGRATIONS });
  }
  return {
    db,
    kind: "pglite",
    async close() {
      await client.close();
      unlock();
    },
  };
}

/** A PostgreSQL server. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  await migrateNodePg(db as never, { migrationsFolder: MIGRATIONS });
  return { db, kind: "postgres", close: () => pool.end() };
}

export function openDatabase(config: {
  DATA_DIR: string;
  DATABASE_URL?: string;
}): Promise<Database> {
  return config.DATABASE_URL
    ? openPostgres(config.DATABASE_URL)
    : openPglite({ dir: config.DATA_DIR });
}
