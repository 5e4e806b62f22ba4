/**
 * Undo a whole import of a scoring sheet from a file, while the stage it wrote is still open
 * (the sheet in a status where this user writes that stage): every value it wrote goes back to
 * what it was before, a value it created is removed, each with its audit row whose reason says
 * "Hoàn tác nhập từ tệp «…»", and the undo itself is recorded; all in one transaction.
 * Refused (409) once undone, when the stage is closed, or when a value it wrote was changed
 * again since (naming the criterion, who and when).
 */
import { and, eq } from "drizzle-orm";
import { formatVietnamTime, SHEET_STATUS_LABELS } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { scores } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import {
  changedBy,
  IMPORT_ENTITY,
  importOfSheet,
  lastScoreChange,
  stageWrittenNow,
  UNDO_ACTION,
  undoReason,
} from "../../queries/sheet-imports.ts";
import { removeScore } from "./remove-score.ts";
import { saveScore } from "./save-score.ts";

export interface UndoSheetImportInput {
  unitId: number;
  importId: string;
}

export async function undoSheetImport(db: Db, access: PeriodAccess, input: UndoSheetImportInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const found = await importOfSheet(tx, access.period.id, input.unitId, input.importId);
    const { record } = found;
    const file = `tệp «${record.fileName}»`;
    if (found.undone) {
      throw conflict(
        `${found.undone.by} đã hoàn tác lần nhập từ ${file} lúc ${formatVietnamTime(found.undone.at)}.`,
      );
    }
    const { stage, status } = await stageWrittenNow(tx, access, input.unitId);
    if (stage !== record.stage) {
      throw conflict(
        `Lần nhập từ ${file} đã ghi cột «${record.column}»; biểu nay ở bước «${SHEET_STATUS_LABELS[status]}», bạn không còn ghi cột này nên không hoàn tác được.`,
      );
    }
    // every value as the import left it, or nothing is undone
    for (const change of record.changes) {
      const [now] = await tx
        .select({ version: scores.version })
        .from(scores)
        .where(
          and(
            eq(scores.periodId, access.period.id),
            eq(scores.unitId, input.unitId),
            eq(scores.criterionId, change.criterionId),
            eq(scores.stage, record.stage),
          ),
        )
        .for("update");
      if (now?.version !== change.version) {
        const who = await lastScoreChange(tx, access.period.id, input.unitId, change.criterionId, [
          record.stage,
        ]);
        throw conflict(
          `${changedBy(who, `điểm tiêu chí ${change.criterionId}`)} sau lần nhập từ ${file}: không hoàn tác được lần nhập này, chưa có gì thay đổi. Hãy sửa trực tiếp trên biểu những tiêu chí cần trả lại.`,
        );
      }
    }
    const reason = undoReason(record.fileName);
    const restored: string[] = [];
    const removed: string[] = [];
    for (const change of record.changes) {
      if (change.before) {
        await saveScore(tx as unknown as Db, access, {
          unitId: input.unitId,
          criterionId: change.criterionId,
          value: change.before.value,
          version: change.version,
          comment: change.before.comment
            ? `${reason} Lý do trước đó: ${change.before.comment}`
            : reason,
        });
        restored.push(change.criterionId);
      } else {
        await removeScore(tx as unknown as Db, access, {
          unitId: input.unitId,
          criterionId: change.criterionId,
          stage: record.stage,
          version: change.version,
          reason,
        });
        removed.push(change.criterionId);
      }
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: UNDO_ACTION,
      entity: IMPORT_ENTITY,
      entityId: record.importId,
      periodId: access.period.id,
      unitId: input.unitId,
      oldValue: { importId: record.importId, fileName: record.fileName },
      newValue: { importId: record.importId, restored, removed },
      reason,
    });
    return {
      importId: record.importId,
      fileName: record.fileName,
      stage: record.stage,
      column: record.column,
      restored,
      removed,
    };
  });
}
