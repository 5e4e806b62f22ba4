/** Evidence changes only in a given state of the sheet: confirm it under a row lock. */
import { and, eq } from "drizzle-orm";
import { SHEET_STATUS_LABELS, type SheetStatus } from "../../../core/workflow.ts";
import type { DbOrTx } from "../../db/client.ts";
import { periodUnits } from "../../db/schema.ts";
import { HttpError } from "../../errors.ts";

/**
 * Lock the sheet's row until the transaction ends and check it is still in the status the
 * request was authorised for (a sheet submitted meanwhile is not changed behind the unit's back).
 */
export async function confirmSheetStatus(
  tx: DbOrTx,
  periodId: number,
  unitId: number,
  expected: string,
): Promise<void> {
  const [row] = await tx
    .select({ status: periodUnits.sheetStatus })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, unitId)))
    .for("share");
  if (row?.status !== expected) {
    const label = SHEET_STATUS_LABELS[row?.status as SheetStatus] ?? row?.status ?? "không rõ";
    throw new HttpError(
      409,
      "SHEET_STATUS",
      `Biểu chấm điểm vừa chuyển sang trạng thái «${label}». Vui lòng tải lại trang.`,
    );
  }
}
