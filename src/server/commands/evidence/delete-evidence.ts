/**
 * Remove an evidence file from a sheet. The row stays, marked deleted (the audit trail and the
 * history refer to it); the file leaves the disk once the deletion has committed and no evidence
 * not deleted refers to its storage key. The audit row of the deletion keeps the file's name,
 * size and SHA-256.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { auditLog, evidence } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import type { FileStorage } from "../../storage.ts";
import { confirmSheetStatus } from "./sheet-status.ts";

export interface DeleteEvidenceInput {
  evidenceId: number;
  actorId: number;
  /** The sheet status the deletion was authorised for. */
  sheetStatus: string;
}

export interface DeleteEvidenceResult {
  /** Storage keys whose files were removed from disk (or were already gone). */
  removed: string[];
  /** Files that could not be removed (the deletion itself stands): for the server's log. */
  failed: { key: string; error: unknown }[];
}

/** The SHA-256 the upload's audit row keeps (uploads before the hash was kept have none). */
async function uploadedHash(
  tx: DbOrTx,
  row: { id: number; periodId: number; unitId: number },
): Promise<string | null> {
  const [upload] = await tx
    .select({ newValue: auditLog.newValue })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.periodId, row.periodId),
        eq(auditLog.unitId, row.unitId),
        eq(auditLog.entity, "evidence"),
        eq(auditLog.entityId, String(row.id)),
        eq(auditLog.action, "evidence.upload"),
      ),
    )
    .limit(1);
  const sha256 = (upload?.newValue as { sha256?: unknown } | null | undefined)?.sha256;
  return typeof sha256 === "string" ? sha256 : null;
}

/**
 * Mark the evidence deleted with its audit row, then remove the files of the sheet's deleted
 * evidence no evidence still in use refers to: this one, and any a deletion before files were
 * removed left on disk. Given a transaction rather than the database, the files go when that
 * transaction's savepoint is released, before the caller commits: pass the database.
 */
export async function deleteEvidence(
  db: DbOrTx,
  storage: FileStorage,
  input: DeleteEvidenceInput,
): Promise<DeleteEvidenceResult> {
  const unused = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(evidence)
      .where(and(eq(evidence.id, input.evidenceId), isNull(evidence.deletedAt)));
    if (!current) throw notFound(`minh chứng số ${input.evidenceId}`);
    await assertYearOpen(tx, current.periodId);
    await confirmSheetStatus(tx, current.periodId, current.unitId, input.sheetStatus);
    const [deleted] = await tx
      .update(evidence)
      .set({ deletedAt: new Date() })
      .where(and(eq(evidence.id, input.evidenceId), isNull(evidence.deletedAt)))
      .returning({ id: evidence.id });
    if (!deleted) throw notFound(`minh chứng số ${input.evidenceId}`);
    const sha256 = (await uploadedHash(tx, current)) ?? (await storage.hash(current.storageKey));
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "evidence.delete",
      entity: "evidence",
      entityId: current.id,
      periodId: current.periodId,
      unitId: current.unitId,
      oldValue: {
        criterionId: current.criterionId,
        fileName: current.fileName,
        mediaType: current.mediaType,
        size: current.size,
        sha256,
      },
    });
    const rows = await tx
      .selectDistinct({ key: evidence.storageKey })
      .from(evidence)
      .where(
        and(
          eq(evidence.periodId, current.periodId),
          eq(evidence.unitId, current.unitId),
          isNotNull(evidence.deletedAt),
          sql`NOT EXISTS (SELECT 1 FROM ${evidence} AS in_use WHERE in_use.storage_key = ${evidence.storageKey} AND in_use.deleted_at IS NULL)`,
        ),
      );
    return rows.map((r) => r.key);
  });
  const result: DeleteEvidenceResult = { removed: [], failed: [] };
  for (const key of unused) {
    try {
      await storage.remove(key);
      result.removed.push(key);
    } catch (error) {
      result.failed.push({ key, error });
    }
  }
  return result;
}
