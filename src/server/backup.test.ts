/**
 * Backup and restore as an operator checks them: a demonstration system with evidence files is
 * backed up and restored into a fresh empty database and data folder, and every table, every
 * evidence file and the results of every cluster-year are the same; the restored accounts sign
 * in and new records follow the restored ones. A truncated, tampered or newer archive and a
 * target that is not empty are refused with a Vietnamese message, and nothing is changed. The
 * administrators' download produces an archive that restores; the `tdkt backup` and
 * `tdkt restore` commands do the same from the command line.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anonymous,
  type Client,
  dropTestDatabases,
  sessionFor,
  signIn,
  type TestApp,
  testApp,
  testDatabase,
  testDatabaseUrl,
  tinyPdf,
  uploadFile,
} from "../../test/server.ts";
import { buildApp } from "./app.ts";
import { backedUpTables, productSchemaVersion, tableRef } from "./backup/catalog.ts";
import { createBackup } from "./backup/create-backup.ts";
import { BackupError, type Progress } from "./backup/manifest.ts";
import { restoreBackup } from "./backup/restore-backup.ts";
import { readTar, writeTar } from "./backup/tar.ts";
import { verifyAudit } from "./commands/audit/verify-audit.ts";
import { readConfig } from "./config.ts";
import type { Database } from "./db/client.ts";
import { periods, periodUnits, units } from "./db/schema.ts";
import { DEMO_PASSWORD, loadDemo } from "./seed/demo.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const DAMAGED =
  "Tệp sao lưu bị hỏng hoặc không trọn vẹn (có thể bị cắt ngang khi tải về hoặc sao chép) nên không được khôi phục; chưa có gì bị thay đổi. Hãy dùng một bản sao lưu khác hoặc chép lại tệp.";

let work: string;
let source: TestApp;
let archive: string;
const uploaded: Buffer[] = [];
const cleanup: (() => Promise<void>)[] = [];

/** Every backed-up table's rows, as PostgreSQL prints them, in primary-key order. */
async function snapshot(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await backedUpTables(database.db)) {
    const order = table.primaryKey.map((c) => sql`r.${sql.identifier(c)}`);
    const { rows } = (await database.db.execute(
      sql`SELECT coalesce(json_agg(row_to_json(r.*) ORDER BY ${sql.join(order, sql`, `)}), '[]')::text AS rows
            FROM ${tableRef(table.name)} r`,
    )) as unknown as { rows: { rows: string }[] };
    out[table.name] = JSON.parse(rows[0]?.rows ?? "[]");
  }
  return out;
}

async function rowCount(database: Database): Promise<number> {
  const tables = await snapshot(database);
  return Object.values(tables).reduce((sum, rows) => sum + rows.length, 0);
}

async function evidenceFiles(dataDir: string): Promise<Map<string, Buffer>> {
  const dir = join(dataDir, "evidence");
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = new Map<string, Buffer>();
  for (const name of names.sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

/** A fresh, empty database and a data folder that does not exist yet. */
async function emptyTarget(): Promise<{ database: Database; dataDir: string }> {
  const database = await testDatabase();
  cleanup.push(() => database.close());
  return { database, dataDir: join(await mkdtemp(join(work, "target-")), "data") };
}

/** The results of every cluster-year, as an administrator reads them over HTTP. */
async function everyResult(database: Database, admin: Client) {
  const ids = (await database.db.select({ id: periods.id }).from(periods)).map((p) => p.id).sort();
  const results: Record<number, unknown> = {};
  for (const id of ids) {
    const res = await admin.get(`/api/periods/${id}/results`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    results[id] = res.body;
  }
  expect(ids.length).toBeGreaterThanOrEqual(3);
  return results;
}

/** Rewrite an archive entry by entry (`change` may replace an entry's bytes). */
async function repack(
  from: string,
  to: string,
  change: (name: string, bytes: Buffer) => Buffer,
): Promise<void> {
  const entries: { name: string; bytes: Buffer }[] = [];
  const gunzip = createReadStream(from).pipe(createGunzip());
  for await (const entry of readTar(gunzip)) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.body) chunks.push(chunk);
    entries.push({ name: entry.name, bytes: change(entry.name, Buffer.concat(chunks)) });
  }
  await pipeline(
    Readable.from(
      writeTar(entries.map((e) => ({ name: e.name, size: e.bytes.length, body: e.bytes }))),
    ),
    createGzip(),
    createWriteStream(to),
  );
}

async function expectRefused(
  file: string,
  target: { database: Database; dataDir: string },
  code: string,
  message: string | RegExp,
) {
  const error = await restoreBackup(target.database.owner(), target.dataDir, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).code).toBe(code);
  if (typeof message === "string") expect((error as BackupError).message).toBe(message);
  else expect((error as BackupError).message).toMatch(message);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tdkt-backup-test-"));
  source = await testApp();
  await loadDemo(source.database.db);
  // Mường Toong is still self-scoring in the demo: its staff attach evidence, and remove one
  const [unit] = await source.database.db
    .select({ id: units.id, periodId: periodUnits.periodId })
    .from(units)
    .innerJoin(periodUnits, eq(periodUnits.unitId, units.id))
    .where(eq(units.code, "muong-toong"));
  const staff = await sessionFor(source, "muongtoong");
  const url = (criterion: string) =>
    `/api/periods/${unit?.periodId}/units/${unit?.id}/evidence/${criterion}`;
  for (const [criterion, text] of [
    ["I.1", "Bao cao ket qua 6 thang dau nam 2025"],
    ["I.2", "Bien ban kiem tra thu ngan sach"],
    ["I.3", "Ban nhap, da xoa"],
  ] as const) {
    const pdf = tinyPdf(text);
    const up = await uploadFile(staff, url(criterion), `${text}.pdf`, pdf);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    // a deleted file leaves the disk: only the files in use are backed up
    if (criterion === "I.3")
      expect((await staff.delete(`/api/evidence/${up.body.id}`)).status).toBe(204);
    else uploaded.push(pdf);
  }
  archive = join(work, "sao-luu.tar.gz");
});

afterAll(async () => {
  for (const close of cleanup.reverse()) await close();
  await source?.close();
  await rm(work, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores a demonstration system whole: every table, every evidence file, every result", async () => {
    const steps: Progress[] = [];
    const backup = await createBackup(source.database.db, source.app.config.DATA_DIR, archive, {
      onProgress: (p) => steps.push(p),
    });
    expect(backup.manifest.schema).toEqual(productSchemaVersion());
    expect(backup.manifest.tables.map((t) => t.name)).not.toContain("sessions");
    expect(backup.manifest.evidence).toHaveLength(2);
    expect(backup.manifest.missingEvidence).toEqual([]);
    const last = steps.at(-1) as Progress;
    expect(last.done).toBe(last.total);
    expect(steps.map((s) => s.done)).toEqual([...steps.map((s) => s.done)].sort((a, b) => a - b));
    // no temporary file left beside the archive
    expect(await readdir(work)).toEqual(["sao-luu.tar.gz"]);

    const target = await emptyTarget();
    const restored = await restoreBackup(target.database.owner(), target.dataDir, archive);
    expect(restored.evidenceFiles).toBe(2);

    const before = await snapshot(source.database);
    const after = await snapshot(target.database);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    expect(before.audit_log?.length).toBeGreaterThan(0);
    // the chain comes back whole, every record matching it
    expect((await verifyAudit(target.database.db)).breaks).toEqual([]);
    expect(before.evidence).toHaveLength(3);
    const { rows: sessions } = (await target.database.db.execute(
      sql`SELECT count(*)::int AS n FROM sessions`,
    )) as unknown as { rows: { n: number }[] };
    expect(sessions[0]?.n).toBe(0);

    const sourceFiles = await evidenceFiles(source.app.config.DATA_DIR);
    const targetFiles = await evidenceFiles(target.dataDir);
    expect([...targetFiles.keys()]).toEqual([...sourceFiles.keys()]);
    for (const [name, bytes] of sourceFiles) {
      expect(Buffer.compare(targetFiles.get(name) as Buffer, bytes), name).toBe(0);
    }
    expect([...sourceFiles.values()].map((b) => b.toString("latin1")).sort()).toEqual(
      uploaded.map((b) => b.toString("latin1")).sort(),
    );
    // the staging folder is gone: the data folder holds the evidence and nothing else
    expect(await readdir(target.dataDir)).toEqual(["evidence"]);

    // the restored system: the demo accounts sign in, every result is the same, new ids follow
    const app = await buildApp(target.database, readConfig({ DATA_DIR: target.dataDir }));
    cleanup.push(() => app.close());
    const restoredAdmin = await signIn(app, "quantri", DEMO_PASSWORD);
    const sourceAdmin = await sessionFor(source, "quantri");
    expect(await everyResult(target.database, restoredAdmin)).toEqual(
      await everyResult(source.database, sourceAdmin),
    );
    const evidenceId = (before.evidence as { id: number }[])[0]?.id;
    const link = await restoredAdmin.post(`/api/evidence/${evidenceId}/link`);
    expect(link.status).toBe(200);
    const file = await app.inject({ method: "GET", url: link.body.url });
    expect(file.statusCode).toBe(200);
    expect(uploaded.some((pdf) => Buffer.compare(pdf, file.rawPayload) === 0)).toBe(true);
    const level = await restoredAdmin.post("/api/levels", {
      name: "Tỉnh Lai Châu",
      kind: "province",
      standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Lai Châu",
    });
    expect(level.status, JSON.stringify(level.body)).toBe(201);
    const maxLevel = Math.max(...(before.levels as { id: number }[]).map((l) => l.id));
    expect(level.body.id).toBe(maxLevel + 1);
  });

  it("refuses a truncated archive, and the empty target stays empty", async () => {
    const bytes = await readFile(archive);
    for (const [name, cut] of [
      ["cut-in-the-middle.tar.gz", Math.floor(bytes.length / 2)],
      ["without-gzip-trailer.tar.gz", bytes.length - 4],
    ] as const) {
      const file = join(work, name);
      await writeFile(file, bytes.subarray(0, cut));
      const target = await emptyTarget();
      await expectRefused(file, target, "BACKUP_DAMAGED", DAMAGED);
      expect(await rowCount(target.database)).toBe(0);
      await expect(readdir(target.dataDir)).rejects.toMatchObject({ code: "ENOENT" });
    }
  });

  it("refuses an archive with a changed table file or evidence file", async () => {
    const tampered = join(work, "tampered.tar.gz");
    await repack(archive, tampered, (name, bytes) =>
      name === "tables/levels.jsonl"
        ? Buffer.from(bytes.toString("utf8").replace("Tỉnh Điện Biên", "Tỉnh Điện Biển"))
        : bytes,
    );
    const target = await emptyTarget();
    await expectRefused(
      tampered,
      target,
      "BACKUP_CHECKSUM",
      /^Tệp sao lưu bị hỏng: dữ liệu của bảng levels không khớp với kích thước và mã kiểm tra \(sha256\)/,
    );
    expect(await rowCount(target.database)).toBe(0);
  });

  it("refuses an archive whose schema is newer than this program's, naming both versions", async () => {
    const product = productSchemaVersion();
    const newer = join(work, "newer.tar.gz");
    await repack(archive, newer, (name, bytes) => {
      if (name !== "manifest.json") return bytes;
      const manifest = JSON.parse(bytes.toString("utf8"));
      manifest.schema = { tag: "0099_future", createdAt: product.createdAt + 86_400_000 };
      return Buffer.from(JSON.stringify(manifest));
    });
    const target = await emptyTarget();
    await expectRefused(
      newer,
      target,
      "BACKUP_NEWER_SCHEMA",
      new RegExp(
        `^Bản sao lưu có phiên bản dữ liệu 0099_future \\(\\d\\d/\\d\\d/\\d{4}\\), mới hơn phiên bản dữ liệu của chương trình này \\(${product.tag} \\(\\d\\d/\\d\\d/\\d{4}\\)\\)\\. Hãy cập nhật TĐKT Cụm`,
      ),
    );
    expect(await rowCount(target.database)).toBe(0);
    await expect(readdir(target.dataDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a database that has rows, or a data folder that has evidence", async () => {
    const countBefore = await rowCount(source.database);
    const elsewhere = join(work, "other-data");
    await expectRefused(
      archive,
      { database: source.database, dataDir: elsewhere },
      "RESTORE_TARGET_NOT_EMPTY",
      /^Cơ sở dữ liệu đích đã có dữ liệu \(bảng .*levels.*\)\. Chỉ khôi phục được vào một hệ thống mới, trống/,
    );
    expect(await rowCount(source.database)).toBe(countBefore);

    const target = await emptyTarget();
    await mkdir(join(target.dataDir, "evidence"), { recursive: true });
    await writeFile(join(target.dataDir, "evidence", "0".repeat(32)), "cũ");
    await expectRefused(
      archive,
      target,
      "RESTORE_TARGET_NOT_EMPTY",
      /^Thư mục minh chứng .* đã có 1 tệp\. Chỉ khôi phục được vào một hệ thống mới, trống/,
    );
    expect(await rowCount(target.database)).toBe(0);
    expect(await readdir(join(target.dataDir, "evidence"))).toEqual(["0".repeat(32)]);
  });

  it("gives administrators a download that restores, and nobody else", async () => {
    const tmpBefore = (await readdir(tmpdir())).filter((n) => n.startsWith("tdkt-sao-luu-"));
    const staff = await sessionFor(source, "muongtoong");
    const refused = await staff.post("/api/admin/backups");
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe("Chỉ quản trị hệ thống được thực hiện thao tác này.");
    expect((await anonymous(source.app).post("/api/admin/backups")).status).toBe(401);

    const admin = await sessionFor(source, "quantri");
    const started = await admin.post("/api/admin/backups");
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    expect((await staff.get(`/api/admin/backups/${id}`)).status).toBe(403);
    expect((await staff.get(`/api/admin/backups/${id}/file`)).status).toBe(403);
    let status = started.body;
    for (let i = 0; status.status === "running" && i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await admin.get(`/api/admin/backups/${id}`)).body;
    }
    expect(status).toMatchObject({ status: "done" });
    expect(status.done).toBe(status.total);
    expect(status.message).toMatch(/^Bản sao lưu đã sẵn sàng: \d+ bảng, 2 tệp minh chứng\.$/);

    const download = await admin.inject({ method: "GET", url: `/api/admin/backups/${id}/file` });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/gzip");
    expect(download.headers["content-disposition"]).toMatch(
      /^attachment; filename="tdkt-sao-luu-\d{4}-\d{2}-\d{2}-\d{4}\.tar\.gz"/,
    );
    // downloaded once: the backup is forgotten once the download has ended (its progress asked
    // for, not its file: that would download it again), then its temporary folder is removed
    await expect
      .poll(async () => (await admin.get(`/api/admin/backups/${id}`)).status, { timeout: 30_000 })
      .toBe(404);
    const again = await admin.get(`/api/admin/backups/${id}/file`);
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(/^Không tìm thấy bản sao lưu này/);
    const left = async () =>
      (await readdir(tmpdir())).filter(
        (n) => n.startsWith("tdkt-sao-luu-") && !tmpBefore.includes(n),
      );
    await expect.poll(left, { timeout: 30_000 }).toEqual([]);

    const file = join(work, "tai-ve.tar.gz");
    await writeFile(file, download.rawPayload);
    const target = await emptyTarget();
    await restoreBackup(target.database.owner(), target.dataDir, file);
    const restored = await snapshot(target.database);
    expect(restored).toEqual(await snapshot(source.database));
    // the backup records who made it
    expect(
      (restored.audit_log as { action: string; actor_id: number }[]).filter(
        (r) => r.action === "backup.create",
      ),
    ).toHaveLength(1);
  });
});

describe("a backup under way when the server closes", () => {
  it("is stopped, and leaves no temporary file", async () => {
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith("tdkt-sao-luu-"));
    const t = await testApp();
    await loadDemo(t.database.db);
    const started = await (await sessionFor(t, "quantri")).post("/api/admin/backups");
    expect(started.status).toBe(202);
    await t.close();
    const after = (await readdir(tmpdir())).filter((n) => n.startsWith("tdkt-sao-luu-"));
    expect(after.filter((n) => !before.includes(n))).toEqual([]);
  });
});

describe("tdkt backup and tdkt restore", () => {
  afterAll(dropTestDatabases);

  function tdkt(env: Record<string, string>, ...args: string[]) {
    const { DATABASE_URL: _, DATA_DIR: __, ...inherited } = process.env;
    const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...inherited, ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("backs up a system and restores it into an empty database; refuses what it must with exit 2", async () => {
    const url = await testDatabaseUrl();
    const from = { DATABASE_URL: url, DATA_DIR: source.app.config.DATA_DIR };
    const file = join(work, "cli.tar.gz");
    // the demo system goes to the database of the URL first, through the command itself
    const seed = tdkt({ ...from, DATA_DIR: join(work, "cli-source") }, "restore", archive);
    expect(seed.code, seed.stderr).toBe(0);

    const backup = tdkt({ ...from, DATA_DIR: join(work, "cli-source") }, "backup", file);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("Sao lưu PostgreSQL (DATABASE_URL)");
    expect(backup.stdout).toMatch(/\[\d+\/\d+\] Đã đọc \d+\/\d+ bảng dữ liệu\./);
    expect(backup.stdout).toMatch(
      /Đã sao lưu vào .*cli\.tar\.gz \(\d+ KB\): \d+ bảng, \d+ dòng, 2 tệp minh chứng/,
    );

    const exists = tdkt({ ...from, DATA_DIR: join(work, "cli-source") }, "backup", file);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain("đã có. Hãy chọn tên khác hoặc xóa tệp cũ");

    const to = {
      DATABASE_URL: await testDatabaseUrl({ template: false }),
      DATA_DIR: join(work, "cli-target"),
    };
    const restore = tdkt(to, "restore", file);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("Tệp sao lưu nguyên vẹn:");
    expect(restore.stdout).toMatch(/Đã khôi phục: \d+ bảng, \d+ dòng, 2 tệp minh chứng/);
    expect(await evidenceFiles(to.DATA_DIR)).toEqual(
      await evidenceFiles(source.app.config.DATA_DIR),
    );

    const twice = tdkt(to, "restore", file);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^Lỗi: Cơ sở dữ liệu đích đã có dữ liệu/);

    const cut = join(work, "cli-cut.tar.gz");
    await writeFile(cut, (await readFile(file)).subarray(0, 1000));
    const damaged = tdkt(
      { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: join(work, "cli-other") },
      "restore",
      cut,
    );
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`Lỗi: ${DAMAGED}`);
  }, 120_000);
});
