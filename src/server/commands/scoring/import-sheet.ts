/**
 * Import a scoring sheet filled offline (Excel): the column of the stage this user writes now
 * (the unit's self-score, a data agency's official figures, the cluster's score, the appraisal)
 * is read, checked cell by cell, and every value that differs from the one saved is saved as if
 * typed on the screen — with its audit row and, where a reason is needed, the file named as the
 * reason. All or nothing: one problem in the file, one value refused, or a row a data agency does
 * not provide changed, and nothing is saved.
 *
 * In two steps. The preview runs the very same import in a transaction it then rolls back, and
 * answers every change (criterion, before, after, as people read them) with a token: the sha256
 * of the file's bytes and the versions of the values it showed. The import takes the file again
 * with that token and saves only that file, over those values: another file, or a value someone
 * saved meanwhile, is refused (409) naming who and when. An import is recorded in one audit row
 * of its own (queries/sheet-imports.ts) with an id, which the undo takes.
 */

import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import {
  notOfficialFigure,
  OFFICIAL_COLUMN_TITLE,
  takesOfficialFigure,
} from "../../../core/official-figures.ts";
import { describeScoreValue } from "../../../core/score-fields.ts";
import { type SheetStatus, sheetStage } from "../../../core/workflow.ts";
import { loadFirstSheet } from "../../../documents/excel-cells.ts";
import { readScoringSheet, SHEET_STAGES, type SheetStage } from "../../../documents/excel-sheet.ts";
import { ImportError, type ImportProblem } from "../../../documents/problems.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, Tx } from "../../db/client.ts";
import { scores } from "../../db/schema.ts";
import { badRequest, conflict, HttpError } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { unitInfoOf } from "../../queries/cluster-year.ts";
import {
  changedBy,
  IMPORT_ACTION,
  IMPORT_ENTITY,
  type ImportRecord,
  lastScoreChange,
} from "../../queries/sheet-imports.ts";
import { leaderWithoutDeputy, saveScore, sheetWriter } from "./save-score.ts";

export interface ImportSheetInput {
  unitId: number;
  fileName: string;
  bytes: Uint8Array;
}

/** One change a file makes, as the preview shows it. */
export interface ImportChange {
  criterionId: string;
  title: string;
  /** The value the sheet's column showed before, as people read it; null where there was none. */
  before: string | null;
  after: string;
}

export interface SheetPreview {
  stage: Stage;
  column: string;
  fileName: string;
  changes: ImportChange[];
  /** Give it back to import this file over these values. */
  token: string;
}

export interface SheetImported {
  stage: Stage;
  column: string;
  changed: string[];
  /** The id to undo this import with; null when nothing changed. */
  importId: string | null;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The token of a preview: the file's sha256, then the versions of the values it would change. */
function tokenOf(sha: string, seen: Record<string, number>): string {
  return `${sha}.${Buffer.from(JSON.stringify(seen)).toString("base64url")}`;
}

function readToken(token: string): { sha: string; seen: Record<string, number> } {
  const bad = () =>
    badRequest(
      "BAD_IMPORT_TOKEN",
      "Mã xác nhận nhập tệp không hợp lệ: hãy chọn lại tệp để xem trước các thay đổi rồi xác nhận.",
    );
  const [sha, seen, ...rest] = token.split(".");
  if (!sha || !/^[0-9a-f]{64}$/.test(sha) || seen === undefined || rest.length > 0) throw bad();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(seen, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw bad();
    const entries = Object.entries(parsed);
    if (!entries.every(([, v]) => Number.isSafeInteger(v) && (v as number) >= 0)) throw bad();
    return { sha, seen: Object.fromEntries(entries) as Record<string, number> };
  } catch {
    throw bad();
  }
}

/** Thrown inside the preview's transaction to roll it back with its answer. */
class PreviewDone extends Error {
  constructor(readonly preview: SheetPreview) {
    super("preview");
  }
}

/** Read and check the file exactly as the import does, save nothing, and answer every change. */
export async function previewSheetImport(
  db: Db,
  access: PeriodAccess,
  input: ImportSheetInput,
): Promise<SheetPreview> {
  try {
    await db.transaction(async (tx) => {
      throw new PreviewDone((await runImport(tx, access, input, null)).preview);
    });
  } catch (e) {
    if (e instanceof PreviewDone) return e.preview;
    throw e;
  }
  throw new Error("unreachable: the preview always rolls back");
}

/**
 * Import the file the preview showed: refused without the preview's token, for another file, or
 * when a value it changes was saved by someone else since.
 */
export async function importSheet(
  db: Db,
  access: PeriodAccess,
  input: ImportSheetInput & { token?: string | null },
): Promise<SheetImported> {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    if (!input.token) {
      throw badRequest(
        "PREVIEW_REQUIRED",
        "Hãy xem trước các thay đổi của tệp rồi xác nhận: tệp chỉ được nhập với mã xác nhận của lần xem trước.",
      );
    }
    const token = readToken(input.token);
    if (token.sha !== sha256(input.bytes)) {
      throw new HttpError(
        409,
        "FILE_CHANGED",
        `Tệp «${input.fileName}» khác với tệp đã xem trước: chưa có gì được lưu. Hãy chọn lại tệp để xem trước các thay đổi rồi xác nhận.`,
      );
    }
    return (await runImport(tx, access, input, token.seen)).imported;
  });
}

/**
 * The import, in the caller's transaction: `seen` the versions the preview showed (the import),
 * or null (the preview, whose transaction is rolled back).
 */
async function runImport(
  tx: Tx,
  access: PeriodAccess,
  input: ImportSheetInput,
  seen: Record<string, number> | null,
): Promise<{ preview: SheetPreview; imported: SheetImported }> {
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
      comment: scores.comment,
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
  const changes: ImportChange[] = [];
  const record: ImportRecord["changes"] = [];
  const versions: Record<string, number> = {};
  const refused: ImportProblem[] = [];
  for (const [criterionId, byStage] of Object.entries(read.sheet.staged)) {
    const value = byStage[column.read] as ScoreValue | undefined;
    if (value === undefined) continue;
    const before = current.get(criterionId);
    const was = (shown.get(criterionId) ?? before?.value) as ScoreValue | undefined;
    if (was !== undefined && JSON.stringify(was) === JSON.stringify(value)) continue;
    // a data agency gives only the figures it provides: another row changed is refused by cell
    const criterion = scheme.nodes.get(criterionId);
    if (stage === "official" && criterion && !takesOfficialFigure(criterion.kind)) {
      const cell = read.sheet.cells?.[criterionId]?.[column.read] ?? "A1";
      const message = `${notOfficialFigure(criterionId)} Hãy giữ nguyên ô này rồi nhập lại.`;
      refused.push({ sheet: ws.name, cell, message });
      continue;
    }
    let version = before?.version ?? 0;
    if (seen) {
      const expected = seen[criterionId];
      if (expected === undefined) {
        // the preview did not show this change: the value was saved again since
        const who = await lastScoreChange(tx, access.period.id, input.unitId, criterionId, [
          stage,
          column.read,
        ]);
        throw conflict(
          `${changedBy(who, `điểm tiêu chí ${criterionId}`)} sau khi bạn xem trước tệp: chưa có gì được lưu. Hãy chọn lại tệp để xem trước các thay đổi rồi xác nhận.`,
        );
      }
      // saveScore refuses a stale version naming who saved it and when
      version = expected;
    }
    const text = (v: ScoreValue) =>
      criterion ? describeScoreValue(criterion, v) : JSON.stringify(v);
    changes.push({
      criterionId,
      title: criterion?.title ?? "",
      before: was === undefined ? null : text(was),
      after: text(value),
    });
    versions[criterionId] = before?.version ?? 0;
    const savedNow = await saveScore(tx as unknown as Db, access, {
      unitId: input.unitId,
      criterionId,
      value,
      version,
      comment: stage === "self" ? null : `Theo biểu chấm điểm nhập từ tệp «${input.fileName}».`,
    });
    record.push({
      criterionId,
      before: before
        ? { value: before.value as ScoreValue, comment: before.comment, version: before.version }
        : null,
      value,
      version: savedNow.version,
    });
  }
  if (refused.length > 0) throw new ImportError(refused);

  const sha = sha256(input.bytes);
  const importId = record.length > 0 && seen ? randomUUID() : null;
  if (importId) {
    const kept: ImportRecord = {
      importId,
      fileName: input.fileName,
      sha256: sha,
      stage,
      column: column.header,
      changes: record,
    };
    await writeAudit(tx, {
      actorId: access.user.id,
      action: IMPORT_ACTION,
      entity: IMPORT_ENTITY,
      entityId: importId,
      periodId: access.period.id,
      unitId: input.unitId,
      newValue: kept,
      reason: `Nhập cột «${column.header}» từ tệp «${input.fileName}»: ${record.length} tiêu chí thay đổi.`,
    });
  }
  return {
    preview: {
      stage,
      column: column.header,
      fileName: input.fileName,
      changes,
      token: tokenOf(sha, versions),
    },
    imported: {
      stage,
      column: column.header,
      changed: record.map((r) => r.criterionId),
      importId,
    },
  };
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
