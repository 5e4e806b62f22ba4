/**
 * Back up the whole system into one archive (manifest.ts): every table of the public schema
 * but the skipped ones (catalog.ts), read in one consistent snapshot (a REPEATABLE READ, READ
 * ONLY transaction) through a cursor, a thousand rows at a time, into table files beside the
 * archive; then the evidence files the snapshot's evidence not deleted names (a deleted file
 * leaves the disk; its row, kept for the audit trail, needs none) and the files of the reports
 * members sent (report_submissions, kept in the same folder); the manifest last. The
 * archive is written under a temporary name, flushed to disk, then renamed: a backup that fails
 * leaves no file behind.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.ts";
import { evidence, reportSubmissions } from "../db/schema.ts";
import {
  backedUpTables,
  databaseSchemaVersion,
  SKIPPED_TABLES,
  type Table,
  tableRef,
} from "./catalog.ts";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  EVIDENCE_KEY,
  evidenceFile,
  MANIFEST_NAME,
  type Manifest,
  type OnProgress,
  tableFile,
} from "./manifest.ts";
import { type TarEntryIn, writeTar } from "./tar.ts";

const FETCH_ROWS = 1000;

export interface BackupOptions {
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

export interface BackupSummary {
  file: string;
  /** Size of the archive. */
  bytes: number;
  manifest: Manifest;
}

interface DumpedTable {
  table: Table;
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** One table, in primary-key order, as JSON lines in `path`. */
async function dumpTable(
  tx: DbOrTx,
  table: Table,
  path: string,
  signal?: AbortSignal,
): Promise<DumpedTable> {
  const order =
    table.primaryKey.length > 0
      ? sql.join(
          table.primaryKey.map((c) => sql`r.${sql.identifier(c)}`),
          sql`, `,
        )
      : sql`row_to_json(r.*)::text`;
  await tx.execute(
    sql`DECLARE tdkt_backup NO SCROLL CURSOR FOR
          SELECT row_to_json(r.*)::text AS line FROM ${tableRef(table.name)} r ORDER BY ${order}`,
  );
  const hash = createHash("sha256");
  let rows = 0;
  let bytes = 0;
  const handle = await open(path, "wx", 0o600);
  try {
    for (;;) {
      signal?.throwIfAborted();
      const batch = (
        (await tx.execute(sql`FETCH FORWARD ${sql.raw(String(FETCH_ROWS))} FROM tdkt_backup`)) as {
          rows: { line: string }[];
        }
      ).rows;
      if (batch.length === 0) break;
      const chunk = Buffer.from(batch.map((r) => `${r.line}\n`).join(""), "utf8");
      hash.update(chunk);
      await handle.write(chunk);
      rows += batch.length;
      bytes += chunk.length;
    }
  } finally {
    await handle.close();
  }
  await tx.execute(sql`CLOSE tdkt_backup`);
  return { table, path, rows, bytes, sha256: hash.digest("hex") };
}

async function* hashed(source: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Write a backup of the database and of `dataDir/evidence` to `file`. */
export async function createBackup(
  db: Db,
  dataDir: string,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const { signal } = options;
  const target = resolve(file);
  const work = await mkdtemp(join(dirname(target), ".tdkt-sao-luu-"));
  const part = join(work, "archive.tar.gz");
  let done = 0;
  let total = 0;
  const step = (message: string) => {
    done += 1;
    options.onProgress?.({ done, total, message });
  };
  try {
    const snapshot = await db.transaction(
      async (tx) => {
        const tables = await backedUpTables(tx);
        const schema = await databaseSchemaVersion(tx);
        const [now] = (
          (await tx.execute(
            sql`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`,
          )) as { rows: { at: string }[] }
        ).rows;
        // the files of the evidence not deleted and of the reports the members sent (kept, each)
        const keys = (
          await tx
            .select({ key: evidence.storageKey })
            .from(evidence)
            .where(isNull(evidence.deletedAt))
            .union(tx.select({ key: reportSubmissions.storageKey }).from(reportSubmissions))
            .orderBy(sql`1`)
        ).map((r) => r.key);
        total = tables.length + keys.length + 1;
        options.onProgress?.({ done, total, message: "Bắt đầu sao lưu." });
        const dumped: DumpedTable[] = [];
        for (const table of tables) {
          const d = await dumpTable(tx, table, join(work, `${table.name}.jsonl`), signal);
          dumped.push(d);
          step(`Đã đọc ${dumped.length}/${tables.length} bảng dữ liệu.`);
        }
        return { dumped, schema, keys, createdAt: now?.at ?? new Date().toISOString() };
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );

    const evidenceDir = resolve(dataDir, "evidence");
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      product: "TĐKT Cụm",
      createdAt: snapshot.createdAt,
      schema: snapshot.schema,
      skippedTables: [...SKIPPED_TABLES],
      tables: snapshot.dumped.map((d) => ({
        name: d.table.name,
        columns: d.table.columns.filter((c) => !c.generated).map((c) => c.name),
        rows: d.rows,
        bytes: d.bytes,
        sha256: d.sha256,
      })),
      evidence: [],
      missingEvidence: [],
    };
    const mtime = new Date(snapshot.createdAt);
    async function* entries(): AsyncGenerator<TarEntryIn> {
      for (const d of snapshot.dumped) {
        yield {
          name: tableFile(d.table.name),
          size: d.bytes,
          mtime,
          body: createReadStream(d.path),
        };
      }
      let n = 0;
      for (const key of snapshot.keys) {
        signal?.throwIfAborted();
        n += 1;
        const path = join(evidenceDir, key);
        const size = EVIDENCE_KEY.test(key)
          ? await stat(path).then(
              (s) => s.size,
              () => null,
            )
          : null;
        if (size === null) {
          manifest.missingEvidence.push(key);
          step(`Không thấy một tệp minh chứng (mã lưu trữ ${key}) trong thư mục dữ liệu: bỏ qua.`);
          continue;
        }
        const hash = createHash("sha256");
        yield { name: evidenceFile(key), size, mtime, body: hashed(createReadStream(path), hash) };
        manifest.evidence.push({ key, bytes: size, sha256: hash.digest("hex") });
        step(`Đã chép tệp minh chứng ${n}/${snapshot.keys.length}.`);
      }
      const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
      yield { name: MANIFEST_NAME, size: text.length, mtime, body: text };
    }
    await pipeline(
      Readable.from(writeTar(entries())),
      createGzip(),
      createWriteStream(part, { flags: "wx", mode: 0o600 }),
      { signal: signal ?? new AbortController().signal },
    );
    const handle = await open(part, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const { size } = await stat(part);
    await rename(part, target);
    step(`Đã ghi tệp sao lưu ${target}.`);
    return { file: target, bytes: size, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
