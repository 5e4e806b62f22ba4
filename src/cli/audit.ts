/**
 * `tdkt audit verify`: walk the audit chain of the configured database (DATABASE_URL, or the
 * embedded one under DATA_DIR) and compare every score, unit flag, decision and ballot with its
 * last audit row (decision 007). Exit code 0 when everything holds, 1 when something was
 * changed outside the product (each break named: table, record, time) or the command cannot
 * run.
 */
import { verifyAudit } from "../server/commands/audit/verify-audit.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

export const AUDIT_USAGE =
  "  audit verify            kiểm tra nhật ký thay đổi không bị sửa, xóa và mọi điểm, ghi nhận,\n" +
  "                          quyết định, cuộc bỏ phiếu khớp với nhật ký (DATABASE_URL hoặc DATA_DIR)";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

/** Run `tdkt audit …`; the exit code. */
export async function runAudit(args: string[]): Promise<number> {
  if (args[0] !== "verify" || args.length > 1) {
    const what = args[0] ? `Lệnh "audit ${args.join(" ")}" không có.` : "Thiếu lệnh con của audit.";
    complain(`${what}\n\nCách dùng:\n${AUDIT_USAGE}`);
    return 1;
  }
  const opened = await openConfiguredDatabase();
  if (!opened) return 1;
  const { database } = opened;
  try {
    const result = await verifyAudit(database.db, { onProgress: say });
    if (result.ok) {
      say(
        `Nhật ký nguyên vẹn: ${result.rows} dòng nối đúng chuỗi; ${result.records} bản ghi (điểm, đơn vị trong kỳ, quyết định, cuộc bỏ phiếu) khớp với nhật ký.`,
      );
      return 0;
    }
    complain(
      `Phát hiện ${result.breakCount} chỗ bị thay đổi ngoài phần mềm (${result.rows} dòng nhật ký, ${result.records} bản ghi đã kiểm tra):`,
    );
    for (const b of result.breaks) {
      complain(`- Bảng ${b.table}: ${b.record}${b.at ? ` [${b.at}]` : ""}: ${b.problem}`);
    }
    if (result.breakCount > result.breaks.length) {
      complain(`… và ${result.breakCount - result.breaks.length} chỗ khác.`);
    }
    return 1;
  } finally {
    await database.close();
  }
}
