/** Remove an evidence file from a sheet: marked deleted (kept on disk and in the audit trail). */
import { and, eq, isNull } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { evidence } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { confirmSheetStatus } from "./sheet-status.ts";

export interface DeleteEvidenceInput {
  evidenceId: number;
  actorId: number;
  /** The sheet status the deletion was authorised for. */
  sheetStatus: string;
}

export async function deleteEvidence(db: DbOrTx, input: DeleteEvidenceInput): Promise<void> {
  await db.transaction(async (tx) => {
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
      },
    });
  });
}
