/** A unit (while self-scoring) or the cluster's leadership (while reviewing) attaches evidence. */
import { createHash } from "node:crypto";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { evidence } from "../../db/schema.ts";
import { assertYearOpen } from "../../policies/access.ts";
import type { FileStorage } from "../../storage.ts";
import { checkFileType, cleanFileName } from "./file-type.ts";
import { assertEvidenceFits, lockUnitQuota } from "./quota.ts";
import { confirmSheetStatus } from "./sheet-status.ts";

export interface UploadEvidenceInput {
  periodId: number;
  unitId: number;
  criterionId: string;
  /** The name the browser sent. */
  fileName: string;
  bytes: Uint8Array;
  actorId: number;
  /** The sheet status the upload was authorised for. */
  sheetStatus: string;
  /** Bytes of evidence the unit may keep in the period (EVIDENCE_QUOTA_MB). */
  quotaBytes: number;
}

export type EvidenceRow = typeof evidence.$inferSelect;

/**
 * Check the type and the unit's quota, store the file, record it with its audit row (name,
 * size, SHA-256); nothing is left on failure. The quota is checked under the lock of the unit's
 * period and the file written only once it fits: a refused upload writes nothing to disk.
 */
export async function uploadEvidence(
  db: DbOrTx,
  storage: FileStorage,
  input: UploadEvidenceInput,
): Promise<EvidenceRow> {
  const fileName = cleanFileName(input.fileName);
  const mediaType = checkFileType(fileName, input.bytes);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  let storageKey: string | null = null;
  try {
    return await db.transaction(async (tx) => {
      await assertYearOpen(tx, input.periodId);
      await confirmSheetStatus(tx, input.periodId, input.unitId, input.sheetStatus);
      await lockUnitQuota(tx, "evidence", input.periodId, input.unitId);
      await assertEvidenceFits(tx, {
        periodId: input.periodId,
        unitId: input.unitId,
        fileName,
        size: input.bytes.length,
        quota: input.quotaBytes,
      });
      storageKey = await storage.save(input.bytes);
      const [row] = await tx
        .insert(evidence)
        .values({
          periodId: input.periodId,
          unitId: input.unitId,
          criterionId: input.criterionId,
          fileName,
          mediaType,
          size: input.bytes.length,
          storageKey,
          uploadedBy: input.actorId,
        })
        .returning();
      const created = row as EvidenceRow;
      await writeAudit(tx, {
        actorId: input.actorId,
        action: "evidence.upload",
        entity: "evidence",
        entityId: created.id,
        periodId: input.periodId,
        unitId: input.unitId,
        newValue: {
          criterionId: input.criterionId,
          fileName,
          mediaType,
          size: created.size,
          sha256,
        },
      });
      return created;
    });
  } catch (error) {
    if (storageKey !== null) await storage.remove(storageKey);
    throw error;
  }
}
