/** A unit (while self-scoring) or the cluster's leadership (while reviewing) attaches evidence. */

import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { evidence } from "../../db/schema.ts";
import { assertYearOpen } from "../../policies/access.ts";
import type { FileStorage } from "../../storage.ts";
import { checkFileType, cleanFileName } from "./file-type.ts";
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
}

export type EvidenceRow = typeof evidence.$inferSelect;

/** Check the type, store the file, record it with its audit row; nothing is left on failure. */
export async function uploadEvidence(
  db: DbOrTx,
  storage: FileStorage,
  input: UploadEvidenceInput,
): Promise<EvidenceRow> {
  const fileName = cleanFileName(input.fileName);
  const mediaType = checkFileType(fileName, input.bytes);
  const storageKey = await storage.save(input.bytes);
  try {
    return await db.transaction(async (tx) => {
      await assertYearOpen(tx, input.periodId);
      await confirmSheetStatus(tx, input.periodId, input.unitId, input.sheetStatus);
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
        newValue: { criterionId: input.criterionId, fileName, mediaType, size: created.size },
      });
      return created;
    });
  } catch (error) {
    await storage.remove(storageKey);
    throw error;
  }
}
