/**
 * The imports of a scoring sheet from files, as their audit rows keep them: each import writes
 * one row (action `sheet.import`, entity `sheet_import`, entity id the import's id) holding every
 * value it wrote with the value before, and its undo one more (`sheet.importUndo`). The audit
 * log is append-only, so this is the record the undo reads; the scores' own audit rows, written
 * by saveScore, sit beside it in the same transaction.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { ScoreValue, Stage } from "../../core/evaluate.ts";
import { formatVietnamTime, type SheetStatus, sheetStage } from "../../core/workflow.ts";
import { leaderWithoutDeputy, sheetWriter } from "../commands/scoring/save-score.ts";
import type { DbOrTx } from "../db/client.ts";
import { auditLog, periodUnits, users } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { PeriodAccess } from "../policies/access.ts";

export const IMPORT_ENTITY = "sheet_import";
export const IMPORT_ACTION = "sheet.import";
export const UNDO_ACTION = "sheet.importUndo";

/** A value as it was saved at a stage: what an undo puts back. */
export interface SavedValue {
  value: ScoreValue;
  comment: string | null;
  version: number;
}

/** What an import wrote, kept in the `newValue` of its audit row. */
export interface ImportRecord {
  importId: string;
  fileName: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  stage: Stage;
  column: string;
  changes: {
    criterionId: string;
    /** The value at the stage before the import; null where there was none. */
    before: SavedValue | null;
    value: ScoreValue;
    /** The version the import saved: a later change of the value has another. */
    version: number;
  }[];
}

/** The reason written on every value an undo puts back, and on the undo itself. */
export const undoReason = (fileName: string) => `Hoàn tác nhập từ tệp «${fileName}».`;

/** Who changed a score last, and when, from its audit rows (a removed value has them too). */
export async function lastScoreChange(
  db: DbOrTx,
  periodId: number,
  unitId: number,
  criterionId: string,
  stages: Stage[],
): Promise<{ by: string; at: Date } | null> {
  const [row] = await db
    .select({ by: users.displayName, at: auditLog.at })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.periodId, periodId),
        eq(auditLog.unitId, unitId),
        eq(auditLog.entity, "score"),
        inArray(
          auditLog.entityId,
          stages.map((s) => `${unitId}/${criterionId}/${s}`),
        ),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row ? { by: row.by ?? "Hệ thống", at: row.at } : null;
}

/** "Nguyễn Văn A đã sửa … lúc 14:05 ngày 03/02/2025" or a sentence without a name. */
export const changedBy = (who: { by: string; at: Date } | null, what: string) =>
  who ? `${who.by} đã sửa ${what} lúc ${formatVietnamTime(who.at)}` : `${what} đã được sửa`;

/** The stage this user writes now on the unit's sheet (the engine's rule), or null. */
export async function stageWrittenNow(
  db: DbOrTx,
  access: PeriodAccess,
  unitId: number,
): Promise<{ stage: Stage | null; status: SheetStatus }> {
  const [pu] = await db
    .select({ status: periodUnits.sheetStatus, role: periodUnits.role })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, unitId)));
  if (!pu) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
  const status = pu.status as SheetStatus;
  const alone = access.standing && (await leaderWithoutDeputy(db, access.period.id, pu.role));
  return {
    stage: sheetStage(sheetWriter(access, unitId), status, { leaderWithoutDeputy: alone }),
    status,
  };
}

interface ImportRow {
  id: number;
  action: string;
  entityId: string;
  at: Date;
  by: string | null;
  newValue: unknown;
}

async function importRows(
  db: DbOrTx,
  periodId: number,
  unitId: number,
  importId?: string,
): Promise<ImportRow[]> {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityId: auditLog.entityId,
      at: auditLog.at,
      by: users.displayName,
      newValue: auditLog.newValue,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.periodId, periodId),
        eq(auditLog.unitId, unitId),
        eq(auditLog.entity, IMPORT_ENTITY),
        ...(importId ? [eq(auditLog.entityId, importId)] : []),
      ),
    )
    .orderBy(desc(auditLog.id));
}

export interface ImportOfSheet {
  record: ImportRecord;
  at: Date;
  by: string;
  undone: { at: Date; by: string } | null;
}

const ofRows = (rows: ImportRow[]): ImportOfSheet[] => {
  const undone = new Map(
    rows.filter((r) => r.action === UNDO_ACTION).map((r) => [r.entityId, r] as const),
  );
  return rows
    .filter((r) => r.action === IMPORT_ACTION)
    .map((r) => {
      const u = undone.get(r.entityId);
      return {
        record: r.newValue as ImportRecord,
        at: r.at,
        by: r.by ?? "Hệ thống",
        undone: u ? { at: u.at, by: u.by ?? "Hệ thống" } : null,
      };
    });
};

/** One import of the unit's sheet, or 404. */
export async function importOfSheet(
  db: DbOrTx,
  periodId: number,
  unitId: number,
  importId: string,
): Promise<ImportOfSheet> {
  const [found] = ofRows(await importRows(db, periodId, unitId, importId));
  if (!found) throw notFound(`lần nhập từ tệp có mã ${importId} của biểu này`);
  return found;
}

/**
 * The latest imports of the unit's sheet (ten at most), newest first, each saying whether this
 * user may undo it now: not undone yet, and the stage it wrote still the one they write.
 */
export async function sheetImports(db: DbOrTx, access: PeriodAccess, unitId: number) {
  const { stage } = await stageWrittenNow(db, access, unitId);
  const all = ofRows(await importRows(db, access.period.id, unitId)).slice(0, 10);
  return {
    imports: all.map((i) => ({
      importId: i.record.importId,
      fileName: i.record.fileName,
      stage: i.record.stage,
      column: i.record.column,
      criteria: i.record.changes.map((c) => c.criterionId),
      at: i.at,
      by: i.by,
      undone: i.undone,
      undoable: i.undone === null && stage === i.record.stage,
    })),
  };
}
