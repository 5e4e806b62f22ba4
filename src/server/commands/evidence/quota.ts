/**
 * The evidence quota: how many bytes of evidence a unit may keep in one period (its files not
 * deleted, together), set by EVIDENCE_QUOTA_MB. An upload checks it under a lock held for the
 * unit's period until its transaction ends, so two uploads at once cannot both fit in the space
 * only one of them fits in.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { periods, units } from "../../db/schema.ts";
import { HttpError } from "../../errors.ts";
import { evidenceUsedBytes } from "../../queries/evidence.ts";

export const MEGABYTE = 1024 * 1024;

export const quotaBytes = (megabytes: number): number => Math.round(megabytes * MEGABYTE);

type Rounding = "nearest" | "up" | "down";

const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

function tenths(value: number, rounding: Rounding): number {
  const scaled = value * 10;
  const rounded =
    rounding === "up"
      ? Math.ceil(scaled - 1e-9)
      : rounding === "down"
        ? Math.floor(scaled + 1e-9)
        : Math.round(scaled);
  return rounded / 10;
}

/**
 * A size as a person reads it, with a decimal comma: "850 KB", "195,3 MB", "200 MB". A size
 * compared with another is rounded so the comparison still reads true: the file up, the space
 * left down.
 */
export function sizeText(bytes: number, rounding: Rounding = "nearest"): string {
  if (bytes <= 0) return "0 MB";
  if (bytes < MEGABYTE) return `${number.format(Math.max(0.1, tenths(bytes / 1024, rounding)))} KB`;
  return `${number.format(tenths(bytes / MEGABYTE, rounding))} MB`;
}

/**
 * Hold the lock of a unit's quota in a period (its evidence, or the reports it sent) until the
 * transaction ends: two uploads at once cannot both fit in what one alone would fill.
 */
export async function lockUnitQuota(
  tx: DbOrTx,
  what: "evidence" | "report",
  periodId: number,
  unitId: number,
): Promise<void> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tdkt:${what}-quota:${periodId}:${unitId}`}, 0))`,
  );
}

/**
 * Refuse a file that does not fit in what is left of the unit's quota for the period; call it
 * holding the lock (`lockUnitQuota`).
 */
export async function assertEvidenceFits(
  tx: DbOrTx,
  input: { periodId: number; unitId: number; fileName: string; size: number; quota: number },
): Promise<void> {
  const used = await evidenceUsedBytes(tx, input.periodId, input.unitId);
  if (used + input.size <= input.quota) return;
  const [where] = await tx
    .select({ unit: units.name, period: periods.label })
    .from(units)
    .innerJoin(periods, eq(periods.id, input.periodId))
    .where(eq(units.id, input.unitId));
  const left = Math.max(0, input.quota - used);
  throw new HttpError(
    409,
    "EVIDENCE_QUOTA",
    `Minh chứng của ${where?.unit ?? `đơn vị số ${input.unitId}`} năm ${where?.period ?? ""} đã dùng ${sizeText(used)} trong hạn mức ${sizeText(input.quota)}; tệp «${input.fileName}» (${sizeText(input.size, "up")}) vượt phần còn lại (${sizeText(left, "down")}). Hãy xóa minh chứng không cần hoặc nén tệp.`,
    { usedBytes: used, quotaBytes: input.quota, fileBytes: input.size },
  );
}
