/**
 * Restore a backup (manifest.ts) into an empty system: a database with its migrations applied
 * and no rows, and a data folder without evidence files. Nothing is written to either before
 * the whole archive has been read and checked: gzip and tar readable to their end, the manifest
 * present, every file's size and sha256 (and every table's row count) as the manifest says, and
 * a schema version this program knows. The files are unpacked into a staging folder inside the
 * data folder; the tables are loaded in one transaction in foreign-key order (identity values
 * kept, sequences set past them); the evidence folder is renamed into place only once that
 * transaction has committed. A refused or failed restore leaves the database and the folder as
 * they were.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { access, mkdir, mkdtemp, open, readdir, rename, rm, rmdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { type SQL, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.ts";
import {
  describeSchemaVersion,
  productSchemaVersion,
  publicTables,
  SKIPPED_TABLES,
  type Table,
  tableRef,
} from "./catalog.ts";
import {
  BACKUP_VERSION,
  BackupError,
  describeTime,
  EVIDENCE_KEY,
  MANIFEST_NAME,
  MAX_MANIFEST_BYTES,
  type Manifest,
  manifestSchema,
  type OnProgress,
  TABLE_NAME,
} from "./manifest.ts";
import { readTar, TarFormatError } from "./tar.ts";

/** Rows (and at most this many bytes of JSON) sent to the database in one statement. */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoreOptions {
  onProgress?: OnProgress;
}

export interface RestoreSummary {
  manifest: Manifest;
  tables: number;
  rows: number;
  evidenceFiles: number;
}

const DAMAGED =
  "Tệp sao lưu bị hỏng hoặc không trọn vẹn (có thể bị cắt ngang khi tải về hoặc sao chép) nên không được khôi phục; chưa có gì bị thay đổi. Hãy dùng một bản sao lưu khác hoặc chép lại tệp.";

const damaged = (detail?: string) =>
  new BackupError("BACKUP_DAMAGED", detail ? `${DAMAGED} (${detail})` : DAMAGED);
const checksumWrong = (what: string) =>
  new BackupError(
    "BACKUP_CHECKSUM",
    `Tệp sao lưu bị hỏng: ${what} không khớp với kích thước và mã kiểm tra (sha256) ghi trong manifest.json, nên không được khôi phục; chưa có gì bị thay đổi. Hãy dùng một bản sao lưu khác.`,
  );

interface StagedFile {
  path: string;
  bytes: number;
  sha256: string;
  lines: number;
}

interface Staged {
  manifest: Buffer | null;
  tables: Map<string, StagedFile>;
  evidence: Map<string, StagedFile>;
}

/** Copy an entry's bytes to `path`, counting its bytes and lines and hashing them. */
async function stageEntry(
  body: AsyncIterable<Buffer>,
  path: string,
  durable: boolean,
): Promise<StagedFile> {
  const hash = createHash("sha256");
  let bytes = 0;
  let lines = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
      callback(null, chunk);
    },
  });
  await pipeline(body, measure, createWriteStream(path, { flags: "wx", mode: 0o600 }));
  if (durable) {
    const handle = await open(path, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return { path, bytes, sha256: hash.digest("hex"), lines };
}

/** A read error of the archive itself (gzip or tar), as opposed to one of the staging folder. */
const isArchiveError = (e: unknown) =>
  e instanceof TarFormatError || /^Z_/.test(String((e as { code?: unknown }).code ?? ""));

/** Read the whole archive into `stage`: every entry, to the end of the gzip stream. */
async function readArchive(file: string, stage: string): Promise<Staged> {
  await mkdir(join(stage, "tables"));
  await mkdir(join(stage, "evidence"));
  const staged: Staged = { manifest: null, tables: new Map(), evidence: new Map() };
  const seen = new Set<string>();
  const gunzip = createGunzip();
  const source = createReadStream(file);
  source.on("error", (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  try {
    for await (const entry of readTar(gunzip)) {
      if (seen.has(entry.name)) throw damaged(`tệp ${entry.name} có hai lần`);
      seen.add(entry.name);
      const table = /^tables\/(.+)\.jsonl$/.exec(entry.name)?.[1];
      const key = /^evidence\/(.+)$/.exec(entry.name)?.[1];
      if (entry.name === MANIFEST_NAME) {
        if (entry.size > MAX_MANIFEST_BYTES) throw damaged("manifest.json quá lớn");
        const chunks: Buffer[] = [];
        for await (const chunk of entry.body) chunks.push(chunk);
        staged.manifest = Buffer.concat(chunks);
      } else if (table !== undefined && TABLE_NAME.test(table)) {
        const path = join(stage, "tables", `${table}.jsonl`);
        staged.tables.set(table, await stageEntry(entry.body, path, false));
      } else if (key !== undefined && EVIDENCE_KEY.test(key)) {
        staged.evidence.set(key, await stageEntry(entry.body, join(stage, "evidence", key), true));
      } else {
        throw damaged(`tệp lạ ${entry.name}`);
      }
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    if (isArchiveError(e)) throw damaged();
    throw e;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return staged;
}

/** The manifest, and every file checked against it; a BackupError when anything is off. */
function checkArchive(staged: Staged, tables: Table[]): Manifest {
  const notBackup = (why: string) =>
    new BackupError(
      "BACKUP_NOT_A_BACKUP",
      `Tệp này không phải bản sao lưu của TĐKT Cụm (${why}) nên không được khôi phục; chưa có gì bị thay đổi.`,
    );
  if (!staged.manifest) throw notBackup("không có manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(staged.manifest.toString("utf8"));
  } catch {
    throw notBackup("manifest.json không phải JSON hợp lệ");
  }
  const version = (json as { version?: unknown })?.version;
  if (typeof version === "number" && version > BACKUP_VERSION) {
    throw new BackupError(
      "BACKUP_NEWER_FORMAT",
      `Bản sao lưu theo định dạng phiên bản ${version}, chương trình này chỉ đọc được đến phiên bản ${BACKUP_VERSION}. Hãy cập nhật TĐKT Cụm rồi khôi phục lại; chưa có gì bị thay đổi.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw notBackup("manifest.json không đúng định dạng tdkt-backup");
  const manifest = parsed.data;

  const product = productSchemaVersion();
  if (manifest.schema.createdAt > product.createdAt) {
    throw new BackupError(
      "BACKUP_NEWER_SCHEMA",
      `Bản sao lưu có phiên bản dữ liệu ${describeSchemaVersion(manifest.schema)}, mới hơn phiên bản dữ liệu của chương trình này (${describeSchemaVersion(product)}). Hãy cập nhật TĐKT Cụm lên phiên bản đã tạo bản sao lưu (hoặc mới hơn) rồi khôi phục lại; chưa có gì bị thay đổi.`,
    );
  }

  const listedTables = new Set<string>();
  for (const t of manifest.tables) {
    if (listedTables.has(t.name)) throw notBackup(`bảng ${t.name} được liệt kê hai lần`);
    listedTables.add(t.name);
    const file = staged.tables.get(t.name);
    if (!file) throw checksumWrong(`thiếu dữ liệu của bảng ${t.name}`);
    if (file.bytes !== t.bytes || file.sha256 !== t.sha256 || file.lines !== t.rows) {
      throw checksumWrong(`dữ liệu của bảng ${t.name}`);
    }
  }
  const listedEvidence = new Set<string>();
  for (const e of manifest.evidence) {
    listedEvidence.add(e.key);
    const file = staged.evidence.get(e.key);
    if (!file) throw checksumWrong(`thiếu tệp minh chứng ${e.key}`);
    if (file.bytes !== e.bytes || file.sha256 !== e.sha256) {
      throw checksumWrong(`tệp minh chứng ${e.key}`);
    }
  }
  const unlisted = [
    ...[...staged.tables.keys()].filter((t) => !listedTables.has(t)).map((t) => `bảng ${t}`),
    ...[...staged.evidence.keys()].filter((k) => !listedEvidence.has(k)).map((k) => `tệp ${k}`),
  ];
  if (unlisted.length > 0) throw damaged(`manifest.json không liệt kê ${unlisted.join(", ")}`);

  const known = new Set(tables.map((t) => t.name));
  const unknown = manifest.tables.filter(
    (t) => !known.has(t.name) && !SKIPPED_TABLES.includes(t.name),
  );
  if (unknown.length > 0) {
    throw new BackupError(
      "BACKUP_UNKNOWN_TABLE",
      `Bản sao lưu có bảng ${unknown.map((t) => t.name).join(", ")} mà cơ sở dữ liệu của phiên bản chương trình này không có. Hãy khôi phục bằng phiên bản TĐKT Cụm đã tạo bản sao lưu; chưa có gì bị thay đổi.`,
    );
  }
  return manifest;
}

const NOT_EMPTY_HINT =
  "Chỉ khôi phục được vào một hệ thống mới, trống: một DATA_DIR mới (chưa chạy npm start, vì npm start nạp dữ liệu mẫu vào cơ sở dữ liệu trống), hoặc một cơ sở dữ liệu PostgreSQL mới tạo cho DATABASE_URL. Chưa có gì bị thay đổi.";

/** Refuse a database with a row in any table a backup holds. */
async function assertDatabaseEmpty(db: DbOrTx, tables: Table[]): Promise<void> {
  if (tables.length === 0) return;
  const probes = tables.map(
    (t) =>
      sql`SELECT ${t.name}::text AS name WHERE EXISTS (SELECT 1 FROM ${tableRef(t.name)} LIMIT 1)`,
  );
  const { rows } = (await db.execute(sql.join(probes, sql` UNION ALL `))) as {
    rows: { name: string }[];
  };
  if (rows.length > 0) {
    throw new BackupError(
      "RESTORE_TARGET_NOT_EMPTY",
      `Cơ sở dữ liệu đích đã có dữ liệu (bảng ${rows.map((r) => r.name).join(", ")}). ${NOT_EMPTY_HINT}`,
    );
  }
}

/** Refuse a data folder that already holds evidence files. */
async function assertEvidenceFolderEmpty(evidenceDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(evidenceDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (names.length > 0) {
    throw new BackupError(
      "RESTORE_TARGET_NOT_EMPTY",
      `Thư mục minh chứng ${evidenceDir} đã có ${names.length} tệp. ${NOT_EMPTY_HINT}`,
    );
  }
}

/** A table file's rows as JSON arrays of at most BATCH_ROWS rows (and about BATCH_BYTES). */
async function* batches(path: string): AsyncGenerator<{ json: string; rows: number }> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let batch: string[] = [];
  let bytes = 0;
  for await (const line of lines) {
    if (line === "") continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
      yield { json: `[${batch.join(",")}]`, rows: batch.length };
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield { json: `[${batch.join(",")}]`, rows: batch.length };
}

const columnList = (names: string[], prefix?: string): SQL =>
  sql.join(
    names.map((n) => (prefix ? sql`${sql.raw(prefix)}.${sql.identifier(n)}` : sql.identifier(n))),
    sql`, `,
  );

/** Load one table from its staged file; the number of rows in the table afterwards. */
async function loadTable(
  tx: DbOrTx,
  table: Table,
  archiveColumns: string[],
  path: string,
): Promise<number> {
  // the columns both the archive and this schema have; a column added since gets its default
  const columns = table.columns
    .filter((c) => !c.generated && archiveColumns.includes(c.name))
    .map((c) => c.name);
  // a tree's parent link is written once every row is in (a parent may come after its child)
  const deferred =
    table.primaryKey.length > 0 ? table.selfReferences.filter((c) => columns.includes(c)) : [];
  const overriding = table.columns.some((c) => c.identity && columns.includes(c.name))
    ? sql` OVERRIDING SYSTEM VALUE`
    : sql``;
  const selected = sql.join(
    columns.map((c) => (deferred.includes(c) ? sql`NULL` : sql`s.${sql.identifier(c)}`)),
    sql`, `,
  );
  const ref = tableRef(table.name);
  for await (const batch of batches(path)) {
    await tx.execute(
      sql`INSERT INTO ${ref} (${columnList(columns)})${overriding}
          SELECT ${selected} FROM json_populate_recordset(NULL::${ref}, ${batch.json}::json) s`,
    );
  }
  if (deferred.length > 0) {
    const assign = sql.join(
      deferred.map((c) => sql`${sql.identifier(c)} = s.${sql.identifier(c)}`),
      sql`, `,
    );
    const match = sql.join(
      table.primaryKey.map((k) => sql`d.${sql.identifier(k)} = s.${sql.identifier(k)}`),
      sql` AND `,
    );
    for await (const batch of batches(path)) {
      await tx.execute(
        sql`UPDATE ${ref} AS d SET ${assign}
            FROM json_populate_recordset(NULL::${ref}, ${batch.json}::json) s WHERE ${match}`,
      );
    }
  }
  const { rows } = (await tx.execute(sql`SELECT count(*)::bigint AS n FROM ${ref}`)) as {
    rows: { n: string | number }[];
  };
  return Number(rows[0]?.n ?? 0);
}

/** Set every sequence of the table past the largest value restored. */
async function resetSequences(tx: DbOrTx, table: Table): Promise<void> {
  for (const { column, sequence } of table.sequences) {
    await tx.execute(
      sql`SELECT setval(${sequence}::regclass, m)
            FROM (SELECT max(${sql.identifier(column)}) AS m FROM ${tableRef(table.name)}) x
           WHERE m IS NOT NULL`,
    );
  }
}

/** Restore the backup `file` into the database and `dataDir`, both empty. */
export async function restoreBackup(
  db: Db,
  dataDir: string,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const dir = resolve(dataDir);
  const evidenceDir = join(dir, "evidence");
  const tables = (await publicTables(db)).filter((t) => !SKIPPED_TABLES.includes(t.name));
  await assertDatabaseEmpty(db, tables);
  await assertEvidenceFolderEmpty(evidenceDir);
  try {
    await access(file);
  } catch {
    throw new BackupError(
      "BACKUP_UNREADABLE",
      `Không đọc được tệp sao lưu ${file}: tệp không tồn tại hoặc không có quyền đọc.`,
    );
  }

  let done = 0;
  let total = 0;
  const step = (message: string) => {
    done += 1;
    options.onProgress?.({ done, total, message });
  };
  options.onProgress?.({ done, total, message: "Đang đọc và kiểm tra toàn bộ tệp sao lưu…" });

  const dirExisted = existsSync(dir);
  await mkdir(dir, { recursive: true });
  const stage = await mkdtemp(join(dir, ".tdkt-khoi-phuc-"));
  let keepStage = false;
  let committed = false;
  try {
    const staged = await readArchive(file, stage);
    const manifest = checkArchive(staged, tables);
    const listed = new Map(manifest.tables.map((t) => [t.name, t]));
    const loading = tables.filter((t) => listed.has(t.name));
    total = 1 + loading.length + 1;
    step(
      `Tệp sao lưu nguyên vẹn: ${manifest.tables.length} bảng, ${manifest.evidence.length} tệp minh chứng, phiên bản dữ liệu ${describeSchemaVersion(manifest.schema)}, tạo lúc ${describeTime(manifest.createdAt)}.`,
    );

    let rows = 0;
    await db.transaction(async (tx) => {
      if (tables.length > 0) {
        const refs = sql.join(
          tables.map((t) => tableRef(t.name)),
          sql`, `,
        );
        await tx.execute(sql`LOCK TABLE ${refs} IN EXCLUSIVE MODE`);
      }
      // the rows come with their audit rows, as they were: the database's check that each
      // change has its audit row in the same transaction does not apply (decision 007)
      await tx.execute(sql`SET LOCAL tdkt.unaudited = 'on'`);
      await assertDatabaseEmpty(tx, tables);
      for (const table of loading) {
        const entry = listed.get(table.name) as Manifest["tables"][number];
        const path = (staged.tables.get(table.name) as StagedFile).path;
        const count = await loadTable(tx, table, entry.columns, path);
        if (count !== entry.rows) {
          throw new Error(`table ${table.name}: ${count} rows loaded, ${entry.rows} in the backup`);
        }
        rows += count;
        step(`Đã nạp bảng ${table.name} (${count} dòng).`);
      }
      for (const table of tables) await resetSequences(tx, table);
    });
    committed = true;

    if (manifest.evidence.length > 0) {
      try {
        if (existsSync(evidenceDir)) await rmdir(evidenceDir);
        await rename(join(stage, "evidence"), evidenceDir);
      } catch (e) {
        keepStage = true;
        throw new Error(
          `Đã khôi phục cơ sở dữ liệu nhưng không chuyển được tệp minh chứng vào ${evidenceDir} (${(e as Error).message}). Các tệp đang ở ${join(stage, "evidence")}: hãy chuyển chúng vào ${evidenceDir}.`,
        );
      }
    }
    step(`Đã đặt ${manifest.evidence.length} tệp minh chứng vào ${evidenceDir}.`);
    return {
      manifest,
      tables: loading.length,
      rows,
      evidenceFiles: manifest.evidence.length,
    };
  } finally {
    if (!keepStage) await rm(stage, { recursive: true, force: true });
    if (!committed && !dirExisted) await rmdir(dir).catch(() => {});
  }
}
