/**
 * Save one criterion's value at a stage: the unit's self-score, a data agency's official figure,
 * the cluster's score or the standing agency's appraisal. The value is checked by the engine; a
 * changed score needs a reason; a stale version is refused with who changed it and when (409);
 * the first score freezes the scheme; a unit changing its own figures after reconciliation is
 * flagged.
 *
 * Two statements (issue 12): one read of the sheet (its row, whether the cluster has a deputy,
 * the framework's version, the criterion's saved values), the checks in JavaScript with the
 * scheme from the cache (queries/scheme-cache.ts), then one write whose parts all hang on the
 * rows it holds while it runs: the period (FOR SHARE: not locked, criteria unchanged), its
 * framework while the scheme is not yet frozen (unchanged), the sheet (FOR SHARE: unchanged since
 * the read, so the same status and stage), then the score (inserted, or updated at the version
 * read), the freeze, the flag and their audit rows — all or nothing, one statement being its own
 * transaction. When the write changes nothing, something changed since the read: the save is
 * tried again from a fresh read, whose checks then give the precise refusal (the year locked, the
 * sheet moved on, a stale version with who saved and when).
 *
 * Saves arriving at the same moment share their statements (`Batcher`): the reads go as one,
 * and the writes as one — one commit, one turn of the audit chain's lock — each save still
 * checked and written, or not, on its own.
 */
import { and, eq } from "drizzle-orm";
import pg from "pg";
import { type ScoreValue, type Stage, valueAtStage, valueRefusal } from "../../../core/evaluate.ts";
import { notOfficialFigure, takesOfficialFigure } from "../../../core/official-figures.ts";
import type { Role, UnitFlag } from "../../../core/scheme.ts";
import {
  formatVietnamTime,
  type SheetStatus,
  type SheetWriter,
  sheetStage,
} from "../../../core/workflow.ts";
import { Batcher } from "../../db/batch.ts";
import { type Db, type DbOrTx, pgOf } from "../../db/client.ts";
import { periods, periodUnits } from "../../db/schema.ts";
import { badRequest, conflict, forbidden, notFound } from "../../errors.ts";
import type { Period, PeriodAccess } from "../../policies/access.ts";
import { DENY, yearLocked } from "../../policies/access.ts";
import { cachedPeriodScheme } from "../../queries/scheme-cache.ts";

export interface SaveScoreInput {
  unitId: number;
  criterionId: string;
  value: unknown;
  comment?: string | null;
  explanation?: string | null;
  /** The version of the value the user saw; omitted or 0 when there was none. */
  version?: number;
}

const PRIOR: Record<Stage, Stage | null> = {
  self: null,
  official: "self",
  cluster: "official",
  appraisal: "cluster",
};

/** Who the user is to the unit's sheet (the engine's sheetStage decides what they write). */
export function sheetWriter(access: PeriodAccess, unitId: number): SheetWriter {
  return {
    own: access.user.role === "unit" && access.user.unitId === unitId && access.memberRole !== null,
    leadership: access.leadership,
    standing: access.standing,
    data: access.data,
  };
}

/** The leader unit's sheet in a year without a deputy: its cluster stage is the standing agency's. */
export async function leaderWithoutDeputy(
  db: DbOrTx,
  periodId: number,
  unitRole: string,
): Promise<boolean> {
  if (unitRole !== "leader") return false;
  const [deputy] = await db
    .select({ unitId: periodUnits.unitId })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.role, "deputy")));
  return deputy === undefined;
}

/** Which stage this user writes on this sheet now, or a 403/409 saying why not. */
function stageFor(who: SheetWriter, status: SheetStatus, leaderAlone: boolean): Stage {
  const stage = sheetStage(who, status, { leaderWithoutDeputy: leaderAlone });
  if (stage) return stage;
  if (who.data) {
    throw conflict("Biểu đã qua bước Cụm chấm: không nhập số liệu chính thức được nữa.");
  }
  if (!who.own && !who.leadership && !who.standing) throw forbidden(DENY.ownUnit);
  throw conflict(
    who.standing
      ? "Cơ quan thường trực chỉ thẩm định khi biểu đã khớp điểm."
      : who.own
        ? who.leadership && status === "submitted"
          ? DENY.notOwnReview
          : "Biểu đã nộp nên đơn vị không sửa điểm tự chấm được; nếu cần sửa, đề nghị Cụm trả lại biểu."
        : "Cụm chỉ chấm khi biểu ở trạng thái đã nộp.",
  );
}

/** A saved value of the criterion at one stage, and who saved it when. */
interface SavedValue {
  stage: Stage;
  value: ScoreValue;
  comment: string | null;
  version: number;
  scoredAt: Date;
  by: string;
}

/** What the save reads of the sheet before it writes. */
interface SheetState {
  code: string;
  /** The unit's name, as messages name it. */
  name: string;
  role: Role;
  status: SheetStatus;
  flags: UnitFlag[];
  /** When the sheet was reconciled, or the criterion's figure with an inspection team. */
  reconciledAt: Date | null;
  version: number;
  hasDeputy: boolean;
  /** The period's framework's version now; null without a framework. */
  frameworkVersion: number | null;
  /** The criterion's values at each stage it has one. */
  saved: SavedValue[];
}

interface SheetRow {
  n: string;
  code: string;
  name: string;
  role: Role;
  sheet_status: SheetStatus;
  flags: UnitFlag[];
  reconciled_at: Date | null;
  sheet_version: number;
  has_deputy: boolean;
  framework_version: number | null;
  stage: Stage | null;
  value: ScoreValue;
  comment: string | null;
  version: number;
  scored_at: Date;
  scored_by: string;
}

/** What a save asks the read for. */
interface SheetAsked {
  period: Period;
  unitId: number;
  criterionId: string;
}

/**
 * The sheets of several saves at once, one row a saved stage of the criterion (or one row for a
 * sheet without a value), each marked with its place `n` in the input.
 */
const READ_SHEETS = `
  SELECT i.n, u.code, u.name, pu.role, pu.sheet_status, pu.flags,
    -- reconciled: the whole sheet (khớp điểm), or this criterion with an inspection team
    COALESCE(pu.reconciled_at, (
      SELECT v.reconciled_at FROM inspection_findings f
      JOIN inspection_visits v ON v.id = f.visit_id
      JOIN inspection_plans p ON p.id = v.plan_id
      WHERE p.period_id = pu.period_id AND v.inspected_unit_id = pu.unit_id
        AND f.criterion_id = i.criterion_id AND v.reconciled_at IS NOT NULL)) AS reconciled_at,
    pu.version AS sheet_version,
    EXISTS (SELECT FROM period_units d WHERE d.period_id = pu.period_id AND d.role = 'deputy')
      AS has_deputy,
    (SELECT f.version FROM frameworks f WHERE f.id = i.framework_id) AS framework_version,
    s.stage, s.value, s.comment, s.version, s.scored_at, author.display_name AS scored_by
  FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) WITH ORDINALITY
    AS i(period_id, unit_id, framework_id, criterion_id, n)
  JOIN period_units pu ON pu.period_id = i.period_id AND pu.unit_id = i.unit_id
  JOIN units u ON u.id = pu.unit_id
  LEFT JOIN scores s ON s.period_id = pu.period_id AND s.unit_id = pu.unit_id
    AND s.criterion_id = i.criterion_id
  LEFT JOIN users author ON author.id = s.scored_by`;

/** Each save's sheet, in the order asked; null where the unit is not in the period. */
async function readSheets(
  client: pg.Pool | pg.PoolClient,
  asked: SheetAsked[],
): Promise<(SheetState | null)[]> {
  const { rows } = await client.query<SheetRow>({
    name: "tdkt_save_score_read",
    text: READ_SHEETS,
    values: [
      asked.map((a) => a.period.id),
      asked.map((a) => a.unitId),
      asked.map((a) => a.period.frameworkId),
      asked.map((a) => a.criterionId),
    ],
  });
  const sheets: (SheetState | null)[] = asked.map(() => null);
  for (const r of rows) {
    const i = Number(r.n) - 1;
    const sheet = sheets[i] ?? {
      code: r.code,
      name: r.name,
      role: r.role,
      status: r.sheet_status,
      flags: r.flags,
      reconciledAt: r.reconciled_at,
      version: r.sheet_version,
      hasDeputy: r.has_deputy,
      frameworkVersion: r.framework_version,
      saved: [],
    };
    sheets[i] = sheet;
    if (r.stage !== null) {
      sheet.saved.push({
        stage: r.stage,
        value: r.value,
        comment: r.comment,
        version: r.version,
        scoredAt: r.scored_at,
        by: r.scored_by,
      });
    }
  }
  return sheets;
}

/** What the write does, checked by the read before it. */
interface Write {
  period: Period;
  /** The framework's version the scheme was compiled with, held while the scheme is not frozen. */
  frameworkVersion: number | null;
  unitId: number;
  /** The sheet's version the checks were made on. */
  sheetVersion: number;
  criterionId: string;
  stage: Stage;
  value: unknown;
  comment: string | null;
  explanation: string | null;
  actorId: number;
  at: Date;
  /** The version of the value replaced, 0 when there is none. */
  replacing: number;
  /** The value replaced, as its audit row keeps it. */
  oldValue: { value: ScoreValue; comment: string | null } | null;
  /** The unit's flags with "adjustedAfterReconciliation" added, when this save adds it. */
  flag: { before: UnitFlag[]; after: UnitFlag[] } | null;
}

const FREEZE_REASON =
  "Bắt đầu chấm điểm: bộ tiêu chí chỉ còn được sửa bằng quyết định của cơ quan thường trực.";

/**
 * The write of a save that also freezes the scheme (the year's first scores) or flags the unit,
 * alone, as one statement. Its parts hang on one another (each reads the one before), so they
 * run in order: the rows held first, the score then, the freeze and the flag only with the score,
 * the audit rows of what was written. Named by its shape: the text of a name never changes.
 */
function singleWrite(w: Write): pg.QueryConfig {
  const freeze = w.period.schemeFrozenAt === null;
  const framework = freeze && w.period.frameworkId !== null;
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const period = param(w.period.id, "int");
  const unit = param(w.unitId, "int");
  const actor = param(w.actorId, "int");
  const at = param(w.at, "timestamptz");
  const value = param(JSON.stringify(w.value), "jsonb");
  const comment = param(w.comment, "text");
  const replacing = param(w.replacing, "int");
  const criterion = param(w.criterionId, "text");
  const stage = param(w.stage, "text");
  const explanation = param(w.explanation, "text");
  // the first score takes the period for itself: it writes the freeze on the row it holds
  const parts = [
    `period AS (
      SELECT id FROM periods
      WHERE id = ${period} AND locked_at IS NULL AND version = ${param(w.period.version, "int")}
      ${freeze ? "FOR NO KEY UPDATE" : "FOR SHARE"})`,
  ];
  if (framework) {
    parts.push(`framework AS (
      SELECT id FROM frameworks
      WHERE id = ${param(w.period.frameworkId, "int")} AND version = ${param(w.frameworkVersion, "int")}
      FOR SHARE)`);
  }
  parts.push(
    `sheet AS (
      SELECT unit_id FROM period_units
      WHERE period_id = (SELECT id FROM period) AND unit_id = ${unit}
        AND version = ${param(w.sheetVersion, "int")}${framework ? " AND EXISTS (SELECT FROM framework)" : ""}
      ${w.flag ? "FOR NO KEY UPDATE" : "FOR SHARE"})`,
    `inserted AS (
      INSERT INTO scores (period_id, unit_id, criterion_id, stage, value, comment, explanation,
        scored_by, scored_at, version)
      SELECT ${period}, unit_id, ${criterion}, ${stage}, ${value}, ${comment}, ${explanation},
        ${actor}, ${at}, 1
      FROM sheet WHERE ${replacing} = 0
      ON CONFLICT DO NOTHING
      RETURNING version)`,
    `updated AS (
      UPDATE scores SET value = ${value}, comment = ${comment}, explanation = ${explanation},
        scored_by = ${actor}, scored_at = ${at}, version = version + 1
      WHERE period_id = ${period} AND unit_id = (SELECT unit_id FROM sheet)
        AND criterion_id = ${criterion} AND stage = ${stage} AND version = ${replacing}
      RETURNING version)`,
    "saved AS (SELECT version FROM inserted UNION ALL SELECT version FROM updated)",
  );
  const audits = [
    `SELECT ${actor}, 'score.' || ${stage}, 'score', ${unit} || '/' || ${criterion} || '/' || ${stage},
      ${period}, ${unit}, ${param(w.oldValue === null ? null : JSON.stringify(w.oldValue), "jsonb")},
      jsonb_build_object('value', ${value}, 'comment', ${comment}), ${comment}
    FROM saved`,
  ];
  if (freeze) {
    parts.push(`frozen AS (
      UPDATE periods SET scheme_frozen_at = ${at}
      WHERE id = (SELECT id FROM period) AND scheme_frozen_at IS NULL AND EXISTS (SELECT FROM saved)
      RETURNING id)`);
    audits.push(`SELECT ${actor}, 'scheme.frozen', 'period', id::text, id, NULL, NULL, NULL,
      ${param(FREEZE_REASON, "text")}
    FROM frozen`);
  }
  if (w.flag) {
    parts.push(`flagged AS (
      UPDATE period_units SET flags = ${param(JSON.stringify(w.flag.after), "jsonb")},
        version = version + 1
      WHERE period_id = ${period} AND unit_id = (SELECT unit_id FROM sheet)
        AND EXISTS (SELECT FROM saved)
      RETURNING unit_id)`);
    audits.push(`SELECT ${actor}, 'unit.flagged', 'period_unit', ${period} || '/' || ${unit},
      ${period}, ${unit}, ${param(JSON.stringify({ flags: w.flag.before }), "jsonb")},
      ${param(JSON.stringify({ flags: w.flag.after }), "jsonb")},
      ${param(`Đơn vị tự điều chỉnh số liệu tiêu chí ${w.criterionId} sau khi đã thống nhất điểm: không xét khen thưởng năm nay.`, "text")}
    FROM flagged`);
  }
  parts.push(`audit AS (
    INSERT INTO audit_log (actor_id, action, entity, entity_id, period_id, unit_id, old_value,
      new_value, reason)
    ${audits.join("\n    UNION ALL ")}
    RETURNING id)`);
  return {
    name: `tdkt_save_score${freeze ? (framework ? "_freeze_framework" : "_freeze") : ""}${w.flag ? "_flag" : ""}`,
    text: `WITH ${parts.join(",\n")}
SELECT 1 AS n, (SELECT version FROM saved) AS version, (SELECT count(*) FROM audit) AS audited`,
    values,
  };
}

/**
 * The write of several saves at once (the common one: a score of a frozen scheme, no flag), as
 * one statement: each save's row of the input is written only if its period is unlocked and at
 * the version its scheme was checked on, its sheet at the version read, and its score at the
 * version it replaces; each score written gets its audit row. A save whose row is not written
 * changes nothing and is told so (no row of the answer for its `n`).
 */
const GROUP_WRITE = `
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::int[], $13::text[])
    WITH ORDINALITY AS i(period_id, period_version, unit_id, sheet_version, criterion_id, stage,
      value, comment, explanation, actor, at, replacing, old_value, n)
),
period AS (
  SELECT id, version FROM periods
  WHERE id = ANY ($1::int[]) AND locked_at IS NULL
  ORDER BY id
  FOR SHARE
),
sheet AS (
  SELECT period_id, unit_id, version FROM period_units
  WHERE (period_id, unit_id) IN (
    SELECT i.period_id, i.unit_id FROM input i
    JOIN period p ON p.id = i.period_id AND p.version = i.period_version)
  ORDER BY period_id, unit_id
  FOR SHARE
),
ready AS (
  SELECT i.* FROM input i
  JOIN sheet s ON s.period_id = i.period_id AND s.unit_id = i.unit_id
    AND s.version = i.sheet_version
),
inserted AS (
  INSERT INTO scores (period_id, unit_id, criterion_id, stage, value, comment, explanation,
    scored_by, scored_at, version)
  SELECT period_id, unit_id, criterion_id, stage, value::jsonb, comment, explanation, actor, at, 1
  FROM ready WHERE replacing = 0
  ON CONFLICT DO NOTHING
  RETURNING period_id, unit_id, criterion_id, stage, version
),
updated AS (
  UPDATE scores s SET value = r.value::jsonb, comment = r.comment, explanation = r.explanation,
    scored_by = r.actor, scored_at = r.at, version = s.version + 1
  FROM ready r
  WHERE s.period_id = r.period_id AND s.unit_id = r.unit_id AND s.criterion_id = r.criterion_id
    AND s.stage = r.stage AND s.version = r.replacing
  RETURNING s.period_id, s.unit_id, s.criterion_id, s.stage, s.version
),
saved AS (
  SELECT r.*, w.version AS saved_version
  FROM (SELECT * FROM inserted UNION ALL SELECT * FROM updated) w
  JOIN ready r USING (period_id, unit_id, criterion_id, stage)
),
audit AS (
  INSERT INTO audit_log (actor_id, action, entity, entity_id, period_id, unit_id, old_value,
    new_value, reason)
  SELECT actor, 'score.' || stage, 'score', unit_id || '/' || criterion_id || '/' || stage,
    period_id, unit_id, old_value::jsonb,
    jsonb_build_object('value', value::jsonb, 'comment', comment), comment
  FROM saved ORDER BY n
  RETURNING id
)
SELECT n, saved_version AS version, (SELECT count(*) FROM audit) AS audited FROM saved`;

function groupWrite(writes: Write[]): pg.QueryConfig {
  const column = <T>(f: (w: Write) => T) => writes.map(f);
  return {
    name: "tdkt_save_scores",
    text: GROUP_WRITE,
    values: [
      column((w) => w.period.id),
      column((w) => w.period.version),
      column((w) => w.unitId),
      column((w) => w.sheetVersion),
      column((w) => w.criterionId),
      column((w) => w.stage),
      column((w) => JSON.stringify(w.value)),
      column((w) => w.comment),
      column((w) => w.explanation),
      column((w) => w.actorId),
      column((w) => w.at),
      column((w) => w.replacing),
      column((w) => (w.oldValue === null ? null : JSON.stringify(w.oldValue))),
    ],
  };
}

/** PostgreSQL's "deadlock detected" and "could not serialize": the statement did nothing. */
const RETRYABLE = new Set(["40P01", "40001"]);
const retryable = (e: unknown) => RETRYABLE.has((e as { code?: string }).code ?? "");

/** The versions written, in the order of the writes; null where a save was not written. */
async function runWrite(
  client: pg.Pool | pg.PoolClient,
  query: pg.QueryConfig,
  count: number,
): Promise<(number | null)[]> {
  const { rows } = await client.query<{ n: string; version: number | null }>(query);
  const versions: (number | null)[] = Array.from({ length: count }, () => null);
  for (const r of rows) versions[Number(r.n) - 1] = r.version;
  return versions;
}

/** The reads and the common writes of the saves on one pool. */
const batchers = new WeakMap<
  pg.Pool,
  { reads: Batcher<SheetAsked, SheetState | null>; writes: Batcher<Write, number | null> }
>();

function batchersOf(pool: pg.Pool) {
  let b = batchers.get(pool);
  if (!b) {
    b = {
      reads: new Batcher((asked) => readSheets(pool, asked)),
      writes: new Batcher(
        (writes) => runWrite(pool, groupWrite(writes), writes.length),
        (w) => `${w.period.id}/${w.unitId}/${w.criterionId}/${w.stage}`,
      ),
    };
    batchers.set(pool, b);
  }
  return b;
}

/**
 * What a save reads of its sheet: on the pool, with the saves reading at the same moment; in a
 * caller's transaction, on its connection.
 */
async function readSheet(
  client: pg.Pool | pg.PoolClient,
  asked: SheetAsked,
): Promise<SheetState | null> {
  if (client instanceof pg.Pool) return batchersOf(client).reads.call(asked);
  return (await readSheets(client, [asked]))[0] ?? null;
}

/**
 * Write a save checked by its read: the new version, or null when its rows changed since the
 * read (nothing written). The year's first scores and a flag are written alone; the others on
 * the pool with the saves written at the same moment; in a caller's transaction, on its
 * connection.
 */
async function writeSave(client: pg.Pool | pg.PoolClient, w: Write): Promise<number | null> {
  const alone = w.period.schemeFrozenAt === null || w.flag !== null;
  if (!(client instanceof pg.Pool)) {
    const query = alone ? singleWrite(w) : groupWrite([w]);
    return (await runWrite(client, query, 1))[0] ?? null;
  }
  try {
    if (alone) return (await runWrite(client, singleWrite(w), 1))[0] ?? null;
    return await batchersOf(client).writes.call(w);
  } catch (e) {
    // a deadlock with another write (PostgreSQL ended the statement): nothing was written, and
    // the save may start again
    if (retryable(e)) return null;
    throw e;
  }
}

/** Attempts of a save whose write found its rows changed since its read. */
const ATTEMPTS = 3;

interface Saved {
  criterionId: string;
  stage: Stage;
  value: unknown;
  comment: string | null;
  version: number;
  scoredAt: Date;
}

export async function saveScore(db: Db, access: PeriodAccess, input: SaveScoreInput) {
  const client = pgOf(db);
  let period = access.period;
  for (let attempt = 1; ; attempt++) {
    const saved = await trySave(db, client, access, period, input);
    if (saved) return saved;
    if (attempt === ATTEMPTS) {
      throw conflict("Biểu vừa được người khác thay đổi nhiều lần: chưa lưu được. Hãy lưu lại.");
    }
    // something changed between the read and the write: the next attempt starts from the period
    // as it is now (locked, or its criteria changed) and reads the sheet again
    const [now] = await db.select().from(periods).where(eq(periods.id, period.id));
    if (!now) throw notFound(`kỳ thi đua số ${period.id}`);
    period = now;
  }
}

/** One read, the checks, one write: the saved value, or null when the write found its rows
 * changed since the read. */
async function trySave(
  db: Db,
  client: pg.Pool | pg.PoolClient,
  access: PeriodAccess,
  period: Period,
  input: SaveScoreInput,
): Promise<Saved | null> {
  if (period.lockedAt) {
    throw yearLocked(period.label, access.cluster.name, period.lockedAt, period.lockDecision);
  }
  const sheet = await readSheet(client, {
    period,
    unitId: input.unitId,
    criterionId: input.criterionId,
  });
  if (!sheet) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);
  const stage = stageFor(
    sheetWriter(access, input.unitId),
    sheet.status,
    access.standing && sheet.role === "leader" && !sheet.hasDeputy,
  );
  const { scheme, frameworkVersion } = await cachedPeriodScheme(db, period, sheet.frameworkVersion);
  const criterion = scheme.nodes.get(input.criterionId);
  if (!criterion) throw notFound(`tiêu chí ${input.criterionId} trong bộ tiêu chí của Cụm`);
  if (criterion.kind === "group") {
    throw badRequest(
      "GROUP_CRITERION",
      `Tiêu chí ${criterion.id} là nhóm, hãy chấm các tiêu chí con.`,
    );
  }
  if (stage === "official" && !takesOfficialFigure(criterion.kind)) {
    throw badRequest("NOT_OFFICIAL", notOfficialFigure(criterion.id));
  }
  const refused = valueRefusal(
    scheme,
    // the refusal names the unit by its name
    { id: sheet.name, role: sheet.role },
    criterion.id,
    input.value as ScoreValue,
  );
  if (refused) throw badRequest("INVALID_SCORE", refused);
  const staged = Object.fromEntries(sheet.saved.map((s) => [s.stage, s.value]));
  const prior = PRIOR[stage];
  const before = prior ? valueAtStage(staged, prior) : undefined;
  const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(input.value);
  const comment = input.comment?.trim() || null;
  if ((stage === "cluster" || stage === "appraisal") && changed && !comment) {
    throw badRequest(
      "REASON_REQUIRED",
      "Điểm khác với điểm đơn vị đề xuất: cần ghi lý do thay đổi.",
    );
  }

  const current = sheet.saved.find((s) => s.stage === stage);
  if ((current?.version ?? 0) !== (input.version ?? 0)) {
    throw conflict(
      current
        ? `${current.by} đã lưu điểm tiêu chí ${criterion.id} lúc ${formatVietnamTime(current.scoredAt)}. Hãy xem giá trị hiện tại rồi lưu lại.`
        : `Điểm tiêu chí ${criterion.id} đã thay đổi; hãy tải lại biểu.`,
      current
        ? { value: current.value, version: current.version, by: current.by, at: current.scoredAt }
        : null,
    );
  }

  const flag: UnitFlag = "adjustedAfterReconciliation";
  const ownFigures =
    stage === "self" &&
    current !== undefined &&
    JSON.stringify(current.value) !== JSON.stringify(input.value);
  const at = new Date();
  const planned: Write = {
    period,
    frameworkVersion,
    unitId: input.unitId,
    sheetVersion: sheet.version,
    criterionId: criterion.id,
    stage,
    value: input.value,
    comment,
    explanation: input.explanation?.trim() || null,
    actorId: access.user.id,
    at,
    replacing: current?.version ?? 0,
    oldValue: current ? { value: current.value, comment: current.comment } : null,
    flag:
      ownFigures && sheet.reconciledAt !== null && !sheet.flags.includes(flag)
        ? { before: sheet.flags, after: [...sheet.flags, flag] }
        : null,
  };
  const version = await writeSave(client, planned);
  if (version === null) return null;
  return { criterionId: criterion.id, stage, value: input.value, comment, version, scoredAt: at };
}
