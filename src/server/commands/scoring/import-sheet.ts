/**
 * Import a scoring sheet filled offline (Excel): the column of the stage this user writes now
 * (the unit's self-score, the cluster's score, the appraisal) is read, checked cell by cell, and
 * every value that differs from the one saved is saved as if typed on the screen — with its
 * audit row and, where a reason is needed, the file named as the reason. All or nothing: one
 * problem in the file, or one value refused, and nothing is saved.
 */

import { and, eq } from "drizzle-orm";
import type ExcelJS from "exceljs";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import { type SheetStatus, writableStage } from "../../../core/workflow.ts";
import { describeProblems, loadWorkbook } from "../../../documents/excel-cells.ts";
import { readScoringSheet, SHEET_STAGES } from "../../../documents/excel-sheet.ts";
import type { Db } from "../../db/client.ts";
import { scores } from "../../db/schema.ts";
import { badRequest, conflict, HttpError } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { unitInfoOf } from "../../queries/cluster-year.ts";
import { saveScore } from "./save-score.ts";

export interface ImportSheetInput {
  unitId: number;
  fileName: string;
  bytes: Uint8Array;
}

export async function importSheet(db: Db, access: PeriodAccess, input: ImportSheetInput) {
  return db.transaction(async (tx) => {
    const { scheme, unit, status } = await unitInfoOf(tx, access.period, input.unitId);
    const stage = importStage(access, input.unitId, status);
    const column = SHEET_STAGES.find((s) => s.stage === stage);
    if (!column) {
      throw conflict(
        "Số liệu chính thức của cơ quan cung cấp số liệu không nhập từ biểu chấm điểm.",
      );
    }
    let workbook: ExcelJS.Workbook;
    try {
      workbook = await loadWorkbook(input.bytes, input.fileName);
    } catch (e) {
      throw badRequest("IMPORT_PROBLEMS", (e as Error).message);
    }
    const ws = workbook.worksheets[0];
    if (!ws) throw badRequest("IMPORT_PROBLEMS", "Tệp không có trang tính nào.");
    const read = readScoringSheet(ws, scheme, unit);
    if (read.problems.length > 0) {
      throw new HttpError(400, "IMPORT_PROBLEMS", describeProblems(read.problems), {
        problems: read.problems,
      });
    }
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
      const value = byStage[column.stage] as ScoreValue | undefined;
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

/** The stage this user writes on the sheet now, as for a score typed on the screen. */
function importStage(access: PeriodAccess, unitId: number, status: SheetStatus): Stage {
  const own =
    access.user.role === "unit" && access.user.unitId === unitId && access.memberRole !== null;
  const stage =
    (access.standing ? writableStage(status, "standing") : null) ??
    (own ? writableStage(status, "unit") : null) ??
    (access.leadership ? writableStage(status, "leadership") : null);
  if (!stage) {
    throw conflict(
      "Biểu chấm điểm đang ở bước bạn không chấm được: không nhập điểm từ tệp được lúc này.",
    );
  }
  return stage;
}
