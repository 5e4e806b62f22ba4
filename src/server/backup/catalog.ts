/**
 * What a backup and a restore learn from PostgreSQL's catalog rather than from a hand-kept list:
 * the tables of the public schema with their columns and primary keys, in foreign-key order
 * (a table after every table it references), the sequences behind identity columns, and the
 * schema version (the last migration drizzle applied, named by the migrations' journal).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { vietnamClock } from "../../core/workflow.ts";
import { type DbOrTx, MIGRATIONS } from "../db/client.ts";

/**
 * Tables a backup leaves out: sessions (a restored system starts with everyone signed out) and
 * failed sign-ins (throttling counters that expire within minutes). A restore ignores them.
 */
export const SKIPPED_TABLES: readonly string[] = ["sessions", "sign_in_failures"];

export interface Column {
  name: string;
  nullable: boolean;
  /** GENERATED … AS IDENTITY: an insert with its value needs OVERRIDING SYSTEM VALUE. */
  identity: boolean;
  /** GENERATED ALWAYS AS (…) STORED: computed, never written. */
  generated: boolean;
}

export interface Table {
  name: string;
  columns: Column[];
  /** The primary key's columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Nullable columns of foreign keys to the table itself (a tree: levels.parent_id). */
  selfReferences: string[];
  /** Sequences owned by a column (identity or serial), as `schema.name`. */
  sequences: { column: string; sequence: string }[];
}

async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** `"public"."name"`, for SQL. */
export const tableRef = (name: string) => sql`${sql.identifier("public")}.${sql.identifier(name)}`;

/** Every table of the public schema, each after the tables its foreign keys reference. */
export async function publicTables(db: DbOrTx): Promise<Table[]> {
  const columns = await rows<{
    table: string;
    column: string;
    nullable: boolean;
    identity: boolean;
    generated: boolean;
    sequence: string | null;
  }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column", NOT a.attnotnull AS "nullable",
          a.attidentity <> '' AS "identity", a.attgenerated <> '' AS "generated",
          pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS "sequence"
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname, a.attnum`,
  );
  const constraints = await rows<{
    table: string;
    kind: "p" | "f";
    referenced: string | null;
    columns: string[];
  }>(
    db,
    sql`SELECT c.relname AS "table", con.contype AS "kind", r.relname AS "referenced",
          (SELECT json_agg(a.attname ORDER BY array_position(con.conkey, a.attnum))
             FROM pg_attribute a
            WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)) AS "columns"
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class r ON r.oid = con.confrelid
        WHERE n.nspname = 'public' AND con.contype IN ('p', 'f')
        ORDER BY c.relname, con.conname`,
  );

  const tables = new Map<string, Table>();
  for (const c of columns) {
    let table = tables.get(c.table);
    if (!table) {
      table = { name: c.table, columns: [], primaryKey: [], selfReferences: [], sequences: [] };
      tables.set(c.table, table);
    }
    table.columns.push({
      name: c.column,
      nullable: c.nullable,
      identity: c.identity,
      generated: c.generated,
    });
    if (c.sequence) table.sequences.push({ column: c.column, sequence: c.sequence });
  }
  const dependsOn = new Map<string, Set<string>>([...tables.keys()].map((t) => [t, new Set()]));
  for (const con of constraints) {
    const table = tables.get(con.table);
    if (!table) continue;
    if (con.kind === "p") {
      table.primaryKey = con.columns;
    } else if (con.referenced === con.table) {
      const nullable = con.columns.filter(
        (name) => table.columns.find((c) => c.name === name)?.nullable,
      );
      table.selfReferences.push(...nullable.filter((n) => !table.selfReferences.includes(n)));
    } else if (con.referenced && tables.has(con.referenced)) {
      dependsOn.get(con.table)?.add(con.referenced);
    }
  }

  // Kahn's algorithm, the ready tables taken by name for a stable order
  const ordered: Table[] = [];
  const remaining = new Set(tables.keys());
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter((t) => [...(dependsOn.get(t) ?? [])].every((d) => !remaining.has(d)))
      .sort();
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle between ${[...remaining].sort().join(", ")}`);
    }
    for (const t of ready) {
      remaining.delete(t);
      ordered.push(tables.get(t) as Table);
    }
  }
  return ordered;
}

/** The tables whose rows a backup keeps (and a restore expects empty). */
export async function backedUpTables(db: DbOrTx): Promise<Table[]> {
  return (await publicTables(db)).filter((t) => !SKIPPED_TABLES.includes(t.name));
}

export interface SchemaVersion {
  /** The migration's file name without `.sql`, e.g. `0003_frameworks`. */
  tag: string;
  /** The journal's `when` of that migration (milliseconds): what drizzle records as applied. */
  createdAt: number;
}

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(): JournalEntry[] {
  const text = readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8");
  return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

/** The schema this program's migrations build: its last migration. */
export function productSchemaVersion(): SchemaVersion {
  const last = journal().at(-1);
  if (!last) throw new Error("the migrations' journal is empty");
  return { tag: last.tag, createdAt: last.when };
}

/** The last migration applied to the database, named from the journal when this program knows it. */
export async function databaseSchemaVersion(db: DbOrTx): Promise<SchemaVersion> {
  const [last] = await rows<{ created_at: string | number }>(
    db,
    sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
  );
  if (!last) throw new Error("no migration has been applied to this database");
  const createdAt = Number(last.created_at);
  const known = journal().find((e) => e.when === createdAt);
  return { tag: known?.tag ?? `không rõ (${createdAt})`, createdAt };
}

/** A schema version as a person reads it: the migration and the day it was written. */
export function describeSchemaVersion(v: SchemaVersion): string {
  const c = vietnamClock(new Date(v.createdAt));
  return `${v.tag} (${c.day}/${c.month}/${c.year})`;
}
