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
import { grantRuntime, RUNTIME_ROLE } from "./privileges.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or a transaction: what commands and queries take. */
export type DbOrTx = Db | Tx;

export interface Database {
  /** The running server's connection: the runtime role (privileges.ts), or the owner. */
  db: Db;
  kind: "embedded" | "postgres";
  /**
   * The owner of the tables, for what the runtime role may not do (a restore); opened on first
   * use. The same as `db` when the product connects as the owner.
   */
  owner(): Db;
  close(): Promise<void>;
}

export const MIGRATIONS = join(import.meta.dirname, "migrations");

/**
 * The node-postgres pool (each statement its own transaction), or the client of the caller's
 * transaction, behind a Drizzle handle: for statements written in SQL and named (parsed and
 * planned once per connection), without the query builder's cost.
 */
export function pgOf(db: DbOrTx): pg.Pool | pg.PoolClient {
  return (db._.session as unknown as { client: pg.Pool | pg.PoolClient }).client;
}

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

type Connection = string | pg.PoolConfig;

const settingsOf = (c: Connection): pg.PoolConfig =>
  typeof c === "string" ? { connectionString: c } : c;

/** The login of a connection (a URL's user name, or the settings' user). */
function userOf(settings: pg.PoolConfig): string | undefined {
  if (settings.user) return settings.user;
  // not `new URL`: a URL to a Unix socket (postgresql://user@/db?host=/run/…) has no host
  const name = settings.connectionString?.match(/^postgres(?:ql)?:\/\/([^:@/]+)(?::[^@]*)?@/)?.[1];
  return name ? decodeURIComponent(name) : undefined;
}

function pool(settings: pg.PoolConfig, max: number): { pool: pg.Pool; db: Db } {
  const p = new pg.Pool({ ...settings, max });
  // a connection the server ends (a restart, an administrator) must not end the product
  p.on("error", () => {});
  return { pool: p, db: drizzle(p, { schema }) as unknown as Db };
}

/**
 * A PostgreSQL server: a URL, or node-postgres settings (the embedded server's socket). With
 * `owner`, `connection` is the runtime role: the migrations run as the owner, who then grants
 * the runtime role its privileges (creating it first with `createRole`).
 */
export async function openPostgres(
  connection: Connection,
  options: {
    migrate?: boolean;
    kind?: Database["kind"];
    onClose?: () => Promise<void>;
    owner?: Connection;
    createRole?: boolean;
  } = {},
): Promise<Database> {
  const settings = settingsOf(connection);
  const ownerSettings = options.owner ? settingsOf(options.owner) : null;
  try {
    if (options.migrate !== false) {
      const migrator = pool(ownerSettings ?? settings, 1);
      try {
        await migrate(migrator.db as never, { migrationsFolder: MIGRATIONS });
        const role = userOf(settings);
        if (ownerSettings && role) {
          await grantRuntime(migrator.db, role, { create: options.createRole === true });
        }
      } finally {
        await migrator.pool.end();
      }
    }
  } catch (e) {
    await options.onClose?.();
    throw e;
  }
  const runtime = pool(settings, 10);
  let owner: ReturnType<typeof pool> | null = null;
  return {
    db: runtime.db,
    kind: options.kind ?? "postgres",
    owner() {
      if (!ownerSettings) return runtime.db;
      owner ??= pool(ownerSettings, 2);
      return owner.db;
    },
    async close() {
      await runtime.pool.end();
      await owner?.pool.end();
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
  return openPostgres(
    { ...server.connection, user: RUNTIME_ROLE },
    {
      owner: server.connection,
      createRole: true,
      kind: "embedded",
      async onClose() {
        await server.stop();
        lock.release();
      },
    },
  );
}

/**
 * The product's database: the server of DATABASE_URL (as the runtime role when
 * MIGRATION_DATABASE_URL names the owner, or as the owner alone), or the embedded server.
 */
export function openDatabase(
  config: { DATA_DIR: string; DATABASE_URL?: string; MIGRATION_DATABASE_URL?: string },
  options: EmbeddedOptions & { owner?: boolean } = {},
): Promise<Database> {
  if (!config.DATABASE_URL) return openEmbedded(config.DATA_DIR, options);
  return config.MIGRATION_DATABASE_URL
    ? openPostgres(config.DATABASE_URL, { owner: config.MIGRATION_DATABASE_URL })
    : openPostgres(config.DATABASE_URL);
}
