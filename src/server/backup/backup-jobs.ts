/**
 * Backups made for a download from the administration page: one at a time per server, run in
 * the background while the page follows its progress, the archive kept in a temporary folder
 * until it has been downloaded (or for an hour), then removed. Closing the server stops a
 * backup under way and removes every temporary file.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vietnamClock } from "../../core/workflow.ts";
import type { Db } from "../db/client.ts";
import { createBackup } from "./create-backup.ts";

/** How long a finished (or failed) backup waits for its download. */
const KEEP_MS = 60 * 60 * 1000;

export type BackupJobStatus = "running" | "done" | "failed";

export interface BackupJob {
  id: string;
  ownerId: number;
  status: BackupJobStatus;
  done: number;
  total: number;
  message: string | null;
  /** The archive's name for the download: tdkt-sao-luu-2026-12-02-1530.tar.gz (Vietnam time). */
  fileName: string;
  /** The archive, once done. */
  path: string;
  bytes: number | null;
}

interface Entry {
  job: BackupJob;
  dir: string | null;
  controller: AbortController;
  finished: Promise<void>;
  expiry: NodeJS.Timeout | null;
}

/** `tdkt-sao-luu-YYYY-MM-DD-HHmm.tar.gz`, the time in Vietnam. */
export function backupFileName(now = new Date()): string {
  const c = vietnamClock(now);
  return `tdkt-sao-luu-${c.year}-${c.month}-${c.day}-${c.hour}${c.minute}.tar.gz`;
}

export class BackupJobs {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  /** The backup under way, if any. */
  running(): BackupJob | null {
    for (const { job } of this.entries.values()) if (job.status === "running") return job;
    return null;
  }

  /**
   * Start a backup for `ownerId`; `before` (the audit row) runs first, so the snapshot holds
   * it. The job is registered at once: a second start while it runs sees it.
   */
  start(ownerId: number, before?: (id: string) => Promise<void>): BackupJob {
    const fileName = backupFileName();
    const job: BackupJob = {
      id: randomUUID(),
      ownerId,
      status: "running",
      done: 0,
      total: 0,
      message: null,
      fileName,
      path: "",
      bytes: null,
    };
    const controller = new AbortController();
    const entry: Entry = { job, dir: null, controller, finished: Promise.resolve(), expiry: null };
    this.entries.set(job.id, entry);
    const run = async () => {
      await before?.(job.id);
      entry.dir = await mkdtemp(join(tmpdir(), "tdkt-sao-luu-"));
      job.path = join(entry.dir, fileName);
      return createBackup(this.db, this.dataDir, job.path, {
        signal: controller.signal,
        onProgress: (p) => {
          job.done = p.done;
          job.total = p.total;
          job.message = p.message;
        },
      });
    };
    entry.finished = run().then(
      (summary) => {
        job.status = "done";
        job.bytes = summary.bytes;
        job.message = `Bản sao lưu đã sẵn sàng: ${summary.manifest.tables.length} bảng, ${summary.manifest.evidence.length} tệp minh chứng.`;
        this.expireLater(entry);
      },
      async () => {
        job.status = "failed";
        job.message = controller.signal.aborted
          ? "Việc sao lưu đã dừng vì máy chủ đang tắt."
          : "Không tạo được bản sao lưu do lỗi máy chủ. Vui lòng thử lại; nếu vẫn lỗi, hãy sao lưu bằng lệnh tdkt backup trên máy chủ.";
        if (entry.dir) await rm(entry.dir, { recursive: true, force: true });
        this.expireLater(entry);
      },
    );
    return job;
  }

  private expireLater(entry: Entry): void {
    entry.expiry = setTimeout(() => void this.discard(entry.job.id), KEEP_MS);
    entry.expiry.unref();
  }

  /** The backup `id` of `ownerId`, or null. */
  get(id: string, ownerId: number): BackupJob | null {
    const entry = this.entries.get(id);
    return entry && entry.job.ownerId === ownerId ? entry.job : null;
  }

  /** Stop the backup if it runs, remove its files and forget it. */
  async discard(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.expiry) clearTimeout(entry.expiry);
    entry.controller.abort();
    await entry.finished.catch(() => {});
    if (entry.dir) await rm(entry.dir, { recursive: true, force: true });
  }

  /** Stop and remove everything (the server is closing). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.discard(id)));
  }
}
