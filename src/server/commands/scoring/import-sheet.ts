/**
 * Import a scoring sheet filled offline (Excel): the column of the stage this user writes now
 * (the unit's self-score, the cluster's score, the appraisal) is read, checked cell by cell, and
 * every value that differs from the one saved is saved as if typed on the screen — with its
 * audit row and, where a reason is needed, the file named as the reason. All or nothing: one
 * problem in the file, or one value refused, and nothing is saved.
 */

import { and, eq } from "drizzle-orm";
import type { ScoreValue } from "../../../core/evaluate.ts";
import { type SheetStatus, writableStage } from "../../../core/workflow.ts";
import { loadFirstSheet } from "../../../documents/excel-cells.ts";
import { readScoringSheet, SHEET_STAGES } from "../../../documents/excel-sheet.ts";
import { ImportError } from "../../../documents/problems.ts";
import type { Db } from "../../db/client.ts";
import { scores } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { unitInfoOf } from "../../queries/cluster-year.ts";
import { saveScore } from "./save-score.ts";

export interface ImportSheetInput {
  unitId: number;
  fileName: string;
  bytes: Uint8Array;
}

export async function importSheet(db: Db, access: PeriodAccess, input: ImportSheetInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const { scheme, unit, status } = await unitInfoOf(tx, access.period, input.unitId);
    const column = importColumn(access, input.unitId, status);
    const stage = column.stage;
    const ws = await loadFirstSheet(input.bytes, input.fileName);
    const read = readScoringSheet(ws, scheme, unit);
    if (read.problems.length > 0) throw new ImportError(read.problems);
    const saved = await tx
      .select({ criterionId: scores.criterionId, value: scores.value, version: scores.version })
      .from(scores)
      .where(
        and(
          eq(scores.periodId, access.period.id),
          eq(scores.unitId, input.unitId),
          eq(scores.stage, stage),
        ),
      );
    const current = new Map(saved.map((s) => [s.criterionId, s]));
    const changed: string[] = [];
    for (const [criterionId, byStage] of Object.entries(read.sheet.staged)) {
      const value = byStage[stage] as ScoreValue | undefined;
      if (value === undefined) continue;
      const before = current.get(criterionId);
      if (before && JSON.stringify(before.value) === JSON.stringify(value)) continue;
      await saveScore(tx as unknown as Db, access, {
        unitId: input.unitId,
        criterionId,
        value,
        version: before?.version ?? 0,
        comment: stage === "self" ? null : `Theo biểu chấm điểm nhập từ tệp «${input.fileName}».`,
      });
      changed.push(criterionId);
    }
    return { stage, column: column.header, changed };
  });
}

/** The sheet's column of the stage this user writes now, as for a score typed on the screen
 * (a data agency's official figures are not on the sheet). */
function importColumn(access: PeriodAccess, unitId: number, status: SheetStatus) {
  const own =
    access.user.role === "unit" && access.user.unitId === unitId && access.memberRole !== null;
  const stage =
    (access.standing ? writableStage(status, "standing") : null) ??
    (own ? writableStage(status, "unit") : null) ??
    (access.leadership ? writableStage(status, "leadership") : null);
  const column = SHEET_STAGES.find((s) => s.stage === stage);
  if (!column) {
    throw conflict(
      "Biểu chấm điểm đang ở bước bạn không chấm được: không nhập điểm từ tệp được lúc này.",
    );
  }
  return column;
}
