/** Evidence of a sheet, and the sheet's status, as read for the evidence routes. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { evidence, periodUnits, users } from "../db/schema.ts";

export interface EvidenceItem {
  id: number;
  criterionId: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: { id: number; name: string };
  uploadedAt: Date;
}

/** The evidence of a unit's sheet that is not deleted, by criterion then upload time. */
export async function listEvidence(
  db: DbOrTx,
  periodId: number,
  unitId: number,
): Promise<EvidenceItem[]> {
  const rows = await db
    .select({
      id: evidence.id,
      criterionId: evidence.criterionId,
      fileName: evidence.fileName,
      mediaType: evidence.mediaType,
      size: evidence.size,
      uploaderId: users.id,
      uploaderName: users.displayName,
      uploadedAt: evidence.uploadedAt,
    })
    .from(evidence)
    .innerJoin(users, eq(users.id, evidence.uploadedBy))
    .where(
      and(eq(evidence.periodId, periodId), eq(evidence.unitId, unitId), isNull(evidence.deletedAt)),
    )
    .orderBy(asc(evidence.criterionId), asc(evidence.uploadedAt), asc(evidence.id));
  return rows.map(({ uploaderId, uploaderName, ...row }) => ({
    ...row,
    uploadedBy: { id: uploaderId, name: uploaderName },
  }));
}

/** Bytes a unit's evidence not deleted takes in a period: what counts against its quota. */
export async function evidenceUsedBytes(
  db: DbOrTx,
  periodId: number,
  unitId: number,
): Promise<number> {
  const [row] = await db
    .select({ used: sql<number>`coalesce(sum(${evidence.size}), 0)::bigint`.mapWith(Number) })
    .from(evidence)
    .where(
      and(eq(evidence.periodId, periodId), eq(evidence.unitId, unitId), isNull(evidence.deletedAt)),
    );
  return row?.used ?? 0;
}

/** One evidence file, deleted or not (a deleted one says when it was deleted). */
export async function findEvidenceEvenDeleted(db: DbOrTx, id: number) {
  const [row] = await db.select().from(evidence).where(eq(evidence.id, id));
  return row ?? null;
}

/** One evidence file that is not deleted. */
export async function findEvidence(db: DbOrTx, id: number) {
  const [row] = await db
    .select()
    .from(evidence)
    .where(and(eq(evidence.id, id), isNull(evidence.deletedAt)));
  return row ?? null;
}

/** The status of a unit's sheet in a period, or null when the unit is not in the period. */
export async function findSheetStatus(
  db: DbOrTx,
  periodId: number,
  unitId: number,
): Promise<string | null> {
  const [row] = await db
    .select({ status: periodUnits.sheetStatus })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, unitId)));
  return row?.status ?? null;
}
