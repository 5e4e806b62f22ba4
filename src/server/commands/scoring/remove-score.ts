/**
 * Remove one criterion's value at the stage this user writes now, as if it had never been
 * typed: what an undone import does to a value that did not exist before it. Refused for a
 * stale version (409, naming who saved it and when). The removal and its audit row (old value,
 * no new value, the reason) in one transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Stage } from "../../../core/evaluate.ts";
import { formatVietnamTime } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { scores, users } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { stageWrittenNow } from "../../queries/sheet-imports.ts";

export interface RemoveScoreInput {
  unitId: number;
  criterionId: string;
  /** The stage the value was written at: it must be the one this user writes now. */
  stage: Stage;
  /** The version of the value the user means to remove. */
  version: number;
  reason: string;
}

export async function removeScore(db: Db, access: PeriodAccess, input: RemoveScoreInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const { stage } = await stageWrittenNow(tx, access, input.unitId);
    if (stage !== input.stage) {
      throw conflict(
        `Biểu không còn ở bước bạn ghi điểm này: không xóa được điểm tiêu chí ${input.criterionId}.`,
      );
    }
    const where = and(
      eq(scores.periodId, access.period.id),
      eq(scores.unitId, input.unitId),
      eq(scores.criterionId, input.criterionId),
      eq(scores.stage, stage),
    );
    const [current] = await tx
      .select({ row: scores, by: users.displayName })
      .from(scores)
      .innerJoin(users, eq(users.id, scores.scoredBy))
      .where(where)
      .for("update", { of: scores });
    if (!current || current.row.version !== input.version) {
      throw conflict(
        current
          ? `${current.by} đã lưu điểm tiêu chí ${input.criterionId} lúc ${formatVietnamTime(current.row.scoredAt)}. Hãy xem giá trị hiện tại.`
          : `Điểm tiêu chí ${input.criterionId} đã được xóa; hãy tải lại biểu.`,
      );
    }
    await tx.delete(scores).where(where);
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `score.${stage}.remove`,
      entity: "score",
      entityId: `${input.unitId}/${input.criterionId}/${stage}`,
      periodId: access.period.id,
      unitId: input.unitId,
      oldValue: { value: current.row.value, comment: current.row.comment },
      newValue: null,
      reason: input.reason,
    });
    return { criterionId: input.criterionId, stage };
  });
}
