/**
 * Import a scoring sheet filled offline (Excel): the column of the stage this user writes now
 * (the unit's self-score, a data agency's official figures, the cluster's score, the appraisal)
 * is read, checked cell by cell, and every value that differs from the one saved is saved as if
 * typed on the screen — with its audit row and, where a reason is needed, the file named as the
 * reason. All or nothing: one problem in the file, one value refused, or a row a data agency does
 * not provide changed, and nothing is saved.
 */

import { and, eq, inArray } from "drizzle-orm";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import {
  notOfficialFigure,
  OFFICIAL_COLUMN_TITLE,
  takesOfficialFigure,
} from "../../../core/official-figures.ts";
import { type SheetStatus, sheetStage } from "../../../core/workflow.ts";
import { loadFirstSheet } from "../../../documents/excel-cells.ts";
import { readScoringSheet, SHEET_STAGES, type SheetStage } from "../../../documents/excel-sheet.ts";
import { ImportError, type ImportProblem } from "../../../documents/problems.ts";
import type { Db } from "../../db/client.ts";
import { scores } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { unitInfoOf } from "../../queries/cluster-year.ts";
import { leaderWithoutDeputy, saveScore, sheetWriter } from "./save-score.ts";

export interface ImportSheetInput {
  unitId: number;
  fileName: string;
  bytes: Uint8Array;
}

export async function importSheet(db: Db, access: PeriodAccess, input: ImportSheetInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const { scheme, unit, status } = await unitInfoOf(tx, access.period, input.unitId);
    const column = importColumn(
      access,
      input.unitId,
      status,
      access.standing && (await leaderWithoutDeputy(tx, access.period.id, unit.role)),
    );
    const stage = column.stage;
    const ws = await loadFirstSheet(input.bytes, input.fileName);
    const read = readScoringSheet(ws, scheme, unit, access.period.label);
    if (read.problems.length > 0) throw new ImportError(read.problems);
    const saved = await tx
      .select({
        criterionId: scores.criterionId,
        stage: scores.stage,
        value: scores.value,
        version: scores.version,
      })
      .from(scores)
      .where(
        and(
          eq(scores.periodId, access.period.id),
          eq(scores.unitId, input.unitId),
          inArray(scores.stage, [stage, column.read]),
        ),
      );
    const current = new Map(saved.filter((s) => s.stage === stage).map((s) => [s.criterionId, s]));
    // what the file's column showed (the cluster's column: its score, else the official figure)
    const shown = new Map(
      saved.filter((s) => s.stage === column.read).map((s) => [s.criterionId, s.value]),
    );
    const changed: string[] = [];
    const refused: ImportProblem[] = [];
    for (const [criterionId, byStage] of Object.entries(read.sheet.staged)) {
      const value = byStage[column.read] as ScoreValue | undefined;
      if (value === undefined) continue;
      const before = current.get(criterionId);
      const was = shown.get(criterionId) ?? before?.value;
      if (was !== undefined && JSON.stringify(was) === JSON.stringify(value)) continue;
      // a data agency gives only the figures it provides: another row changed is refused by cell
      const kind = scheme.nodes.get(criterionId)?.kind;
      if (stage === "official" && kind && !takesOfficialFigure(kind)) {
        const cell = read.sheet.cells?.[criterionId]?.[column.read] ?? "A1";
        const message = `${notOfficialFigure(criterionId)} Hãy giữ nguyên ô này rồi nhập lại.`;
        refused.push({ sheet: ws.name, cell, message });
        continue;
      }
      await saveScore(tx as unknown as Db, access, {
        unitId: input.unitId,
        criterionId,
        value,
        version: before?.version ?? 0,
        comment: stage === "self" ? null : `Theo biểu chấm điểm nhập từ tệp «${input.fileName}».`,
      });
      changed.push(criterionId);
    }
    if (refused.length > 0) throw new ImportError(refused);
    return { stage, column: column.header, changed };
  });
}

/** The sheet's column of the stage this user writes now, as for a score typed on the screen;
 * a data agency's official figures are read from the cluster's column, where the sheet shows
 * them (documents/excel-sheet.ts), while the sheet waits for the cluster's review. */
function importColumn(
  access: PeriodAccess,
  unitId: number,
  status: SheetStatus,
  leaderAlone: boolean,
): { stage: Stage; read: SheetStage; header: string } {
  const stage = sheetStage(sheetWriter(access, unitId), status, {
    leaderWithoutDeputy: leaderAlone,
  });
  if (stage === "official") {
    return { stage: "official", read: "cluster", header: OFFICIAL_COLUMN_TITLE };
  }
  const column = SHEET_STAGES.find((s) => s.stage === stage);
  if (!column) {
    throw conflict(
      access.data
        ? "Biểu đã qua bước Cụm chấm: không nhập số liệu chính thức được nữa."
        : "Biểu chấm điểm đang ở bước bạn không chấm được: không nhập điểm từ tệp được lúc này.",
    );
  }
  return { ...column, read: column.stage };
}
