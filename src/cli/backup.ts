/**
 * `tdkt backup TỆP` and `tdkt restore TỆP`: back up the whole system (the database named by
 * DATABASE_URL or the embedded one under DATA_DIR, and the evidence files under DATA_DIR) into
 * one archive, or restore an archive into an empty system. Progress is printed step by step. A
 * refused archive or a target that is not empty ends with exit code 2; a wrong command, a wrong
 * configuration or another failure with exit code 1; a Vietnamese message either way.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createBackup } from "../server/backup/create-backup.ts";
import { BackupError, describeTime, type Progress } from "../server/backup/manifest.ts";
import { restoreBackup } from "../server/backup/restore-backup.ts";
import { describeDatabase, openConfiguredDatabase } from "./configured-database.ts";

export const BACKUP_USAGE =
  "  backup TỆP.tar.gz       sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và tệp minh chứng) vào một tệp\n" +
  "  restore TỆP.tar.gz      khôi phục bản sao lưu vào hệ thống còn trống (DATABASE_URL hoặc DATA_DIR)";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

/** A file size as a person reads it: "850 KB", "12,4 MB". */
const fileSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.ceil(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;

function printProgress(p: Progress): void {
  say(p.total > 0 ? `[${p.done}/${p.total}] ${p.message}` : p.message);
}

/** What is wrong with the file named before the database is opened, or null. */
function checkFile(
  command: "backup" | "restore",
  file: string,
): { message: string; code: number } | null {
  if (command === "restore") {
    return existsSync(file) && statSync(file).isFile()
      ? null
      : {
          message: `Lỗi: không đọc được tệp sao lưu ${file}: tệp không tồn tại hoặc không phải một tệp.`,
          code: 2,
        };
  }
  if (existsSync(file)) {
    return {
      message: `Tệp ${file} đã có. Hãy chọn tên khác hoặc xóa tệp cũ: bản sao lưu không ghi đè một tệp có sẵn.`,
      code: 1,
    };
  }
  const folder = dirname(resolve(file));
  if (!existsSync(folder)) {
    return { message: `Thư mục ${folder} không tồn tại: hãy tạo thư mục trước.`, code: 1 };
  }
  return null;
}

/** Run `tdkt backup …` or `tdkt restore …`; the exit code. */
export async function runBackup(command: "backup" | "restore", args: string[]): Promise<number> {
  const [file, ...extra] = args;
  if (!file || file.startsWith("-") || extra.length > 0) {
    complain(
      `${file ? `Tham số "${extra[0] ?? file}" không hợp lệ.` : "Thiếu đường dẫn tệp sao lưu."}\n\nCách dùng:\n${BACKUP_USAGE}`,
    );
    return 1;
  }
  const problem = checkFile(command, file);
  if (problem) {
    complain(problem.message);
    return problem.code;
  }
  const opened = await openConfiguredDatabase();
  if (!opened) return 1;
  const { config, database } = opened;
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once("SIGINT", interrupt);
  try {
    if (command === "backup") {
      say(
        `Sao lưu ${describeDatabase(database, config)} và tệp minh chứng trong ${config.DATA_DIR}…`,
      );
      const summary = await createBackup(database.db, config.DATA_DIR, file, {
        onProgress: printProgress,
        signal: stop.signal,
      });
      const { manifest } = summary;
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      say(
        `Đã sao lưu vào ${summary.file} (${fileSize(summary.bytes)}): ${manifest.tables.length} bảng, ${rows} dòng, ${manifest.evidence.length} tệp minh chứng; phiên bản dữ liệu ${manifest.schema.tag}.`,
      );
      if (manifest.missingEvidence.length > 0) {
        say(
          `Lưu ý: ${manifest.missingEvidence.length} tệp minh chứng có trong cơ sở dữ liệu nhưng không có trong thư mục dữ liệu, nên không có trong bản sao lưu: ${manifest.missingEvidence.join(", ")}.`,
        );
      }
      return 0;
    }
    say(
      `Khôi phục ${file} vào ${describeDatabase(database, config)} và thư mục dữ liệu ${config.DATA_DIR}…`,
    );
    const summary = await restoreBackup(database.owner(), config.DATA_DIR, file, {
      onProgress: printProgress,
    });
    say(
      `Đã khôi phục: ${summary.tables} bảng, ${summary.rows} dòng, ${summary.evidenceFiles} tệp minh chứng (bản sao lưu tạo lúc ${describeTime(summary.manifest.createdAt)}).`,
    );
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      complain(`Lỗi: ${e.message}`);
      return 2;
    }
    if (stop.signal.aborted) {
      complain("Đã dừng sao lưu theo yêu cầu; không có tệp nào được tạo.");
      return 1;
    }
    throw e;
  } finally {
    process.off("SIGINT", interrupt);
    await database.close();
  }
}
