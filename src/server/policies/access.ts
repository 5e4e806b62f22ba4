/**
 * Who may do what in a cluster's year. Scope is checked on every request: where a user's unit,
 * level or cluster is unknown, the answer is no. Refusals are 403 with a Vietnamese message.
 */
import { and, asc, eq, getTableColumns, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Role } from "../../core/scheme.ts";
import { formatVietnamTime } from "../../core/workflow.ts";
import type { SessionUser } from "../auth.ts";
import { Batcher } from "../db/batch.ts";
import { type DbOrTx, pgOf } from "../db/client.ts";
import {
  clusterMonitors,
  clusters,
  councilMembers,
  levels,
  periods,
  periodUnits,
} from "../db/schema.ts";
import { forbidden, HttpError, notFound } from "../errors.ts";

export type Period = typeof periods.$inferSelect;
export type Cluster = typeof clusters.$inferSelect;

/** A period as lists show it: without its criteria, which only scoring and files read. */
export type ListedPeriod = Omit<Period, "criteria">;

const { criteria: _criteria, ...listedColumns } = getTableColumns(periods);

export interface PeriodAccess<P extends ListedPeriod = Period> {
  user: SessionUser;
  period: P;
  cluster: Cluster;
  /** The user's unit's role in this period, if the unit is a member. */
  memberRole: Role | null;
  /** Staff of the leader or deputy unit of this period. */
  leadership: boolean;
  /** Staff of the standing agency of the cluster's level (or a level above it). */
  standing: boolean;
  /** A council member assigned to monitor this cluster. */
  council: boolean;
  /** The units the user's unit inspects in this period's agreed cross-inspection. */
  inspects: number[];
  /** A data-providing agency of the cluster's level (or a level above it). */
  data: boolean;
  admin: boolean;
}

/** The levels from `levelId` up to the root, in one statement. */
export async function levelChain(db: DbOrTx, levelId: number): Promise<number[]> {
  // the depth bound ends the walk should the tree ever hold a loop
  const { rows } = (await db.execute(sql`
    WITH RECURSIVE chain(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM levels WHERE id = ${levelId}
      UNION
      SELECT l.id, l.parent_id, c.depth + 1 FROM levels l JOIN chain c ON l.id = c.parent_id
      WHERE c.depth < 64
    )
    SELECT id FROM chain GROUP BY id ORDER BY min(depth)`)) as unknown as {
    rows: { id: number }[];
  };
  // nearest first, as a walk up the tree gives them
  return rows.map((r) => Number(r.id));
}

/**
 * Whether `level` (a column) is the user's level or one under it, that is, whether the user's
 * level is on its way up to the root: decided in SQL, in the statement that asks.
 */
function underLevel(userLevel: SQL | Placeholder | number, level: SQL | AnyPgColumn): SQL {
  return sql`${level} IN (
    WITH RECURSIVE below(id) AS (
      SELECT ${userLevel}::integer
      UNION
      SELECT l.id FROM levels l JOIN below b ON l.parent_id = b.id
    )
    SELECT id FROM below)`;
}

function underUsersLevel(user: SessionUser, level: SQL | AnyPgColumn): SQL {
  return user.levelId === null ? sql`false` : underLevel(user.levelId, level);
}

/** Which of the user's facts decide their access: the shape of the statement that reads it. */
type Kind = "admin" | "unit" | "overseer" | "council" | "none";

function kindOf(user: SessionUser): Kind {
  if (user.role === "admin") return "admin";
  if (user.role === "unit" && user.unitId !== null) return "unit";
  if ((user.role === "standing" || user.role === "data") && user.levelId !== null)
    return "overseer";
  return user.role === "council" ? "council" : "none";
}

type Selection = "one" | "visible" | "visibleOfUnit" | "many";

/** Where the statement finds the user's facts: placeholders, or the columns of the calls
 * read together. */
interface Facts {
  unitId: SQL | Placeholder;
  levelId: SQL | Placeholder;
  userId: SQL | Placeholder;
}

const PLACEHOLDERS: Facts = {
  unitId: sql.placeholder("unitId"),
  levelId: sql.placeholder("levelId"),
  userId: sql.placeholder("userId"),
};

/** The calls of `many`, one row each: the period asked and the user's facts, in order. */
const asked = sql`unnest(${sql.placeholder("periodIds")}::integer[],
  ${sql.placeholder("unitIds")}::integer[], ${sql.placeholder("levelIds")}::integer[],
  ${sql.placeholder("userIds")}::integer[])
  WITH ORDINALITY AS asked(period_id, unit_id, level_id, user_id, n)`;

const ASKED: Facts = {
  unitId: sql`asked.unit_id`,
  levelId: sql`asked.level_id`,
  userId: sql`asked.user_id`,
};

/**
 * The statement of what a user of `kind` is to periods, the user's facts as placeholders
 * (unitId, levelId, userId; periodId for one period, memberUnitId for a unit's years), so that
 * it is built once and named (parsed and planned once per connection). `many`: the periods of
 * several calls at once, each with its user's facts (arrays), a row per call found, by `n`.
 */
function accessStatement(db: DbOrTx, kind: Kind, selection: Selection) {
  const facts = selection === "many" ? ASKED : PLACEHOLDERS;
  const member =
    kind === "unit"
      ? and(eq(periodUnits.periodId, periods.id), sql`${periodUnits.unitId} = ${facts.unitId}`)
      : sql`false`;
  const aboveOrAt = kind === "overseer" ? underLevel(facts.levelId, clusters.levelId) : sql`false`;
  const council =
    kind === "council"
      ? sql`EXISTS (
          SELECT 1 FROM ${clusterMonitors}
          JOIN ${councilMembers} ON ${councilMembers.id} = ${clusterMonitors.councilMemberId}
          WHERE ${clusterMonitors.clusterId} = ${clusters.id}
            AND ${councilMembers.userId} = ${facts.userId})`
      : sql`false`;
  // the units this unit's team inspects under the year's agreed plan (kiểm tra chéo)
  const inspects =
    kind === "unit"
      ? sql<number[]>`ARRAY(
          SELECT v.inspected_unit_id FROM inspection_visits v
          JOIN inspection_plans p ON p.id = v.plan_id
          WHERE p.period_id = ${periods.id} AND p.agreed_at IS NOT NULL
            AND v.team_unit_id = ${facts.unitId})`
      : sql<number[]>`ARRAY[]::integer[]`;
  const conditions: SQL[] = [];
  if (selection === "one") conditions.push(eq(periods.id, sql.placeholder("periodId")));
  if (selection === "visibleOfUnit") {
    conditions.push(sql`EXISTS (
      SELECT 1 FROM ${periodUnits} mine
      WHERE mine.period_id = ${periods.id} AND mine.unit_id = ${sql.placeholder("memberUnitId")})`);
  }
  // what the user cannot see is left out (canSeePeriod stays the rule that decides: `seen`)
  if ((selection === "visible" || selection === "visibleOfUnit") && kind !== "admin") {
    conditions.push(sql`(${periodUnits.role} IS NOT NULL OR (${aboveOrAt}) OR (${council}))`);
  }
  const fields = {
    // a list does not read the periods' criteria, which only scoring and files need
    period: selection === "visible" ? listedColumns : periods,
    cluster: clusters,
    memberRole: periodUnits.role,
    aboveOrAt: sql<boolean>`(${aboveOrAt})`,
    council: sql<boolean>`(${council})`,
    inspects,
    n: sql<number>`${selection === "many" ? sql`asked.n::integer` : sql`0`}`,
  };
  const base =
    selection === "many"
      ? db.select(fields).from(asked).innerJoin(periods, sql`${periods.id} = asked.period_id`)
      : db.select(fields).from(periods);
  return base
    .innerJoin(clusters, eq(clusters.id, periods.clusterId))
    .leftJoin(periodUnits, member)
    .where(and(...conditions))
    .orderBy(selection === "many" ? sql`asked.n` : asc(periods.id))
    .prepare(`tdkt_access_${kind}_${selection}`);
}

type AccessStatement = ReturnType<typeof accessStatement>;
type AccessRow = Awaited<ReturnType<AccessStatement["execute"]>>[number];

/** The statements built on each database handle (a transaction's are its own). */
const statements = new WeakMap<DbOrTx, Map<string, AccessStatement>>();

function statementOf(db: DbOrTx, kind: Kind, selection: Selection): AccessStatement {
  let built = statements.get(db);
  if (!built) {
    built = new Map();
    statements.set(db, built);
  }
  const key = `${kind}_${selection}`;
  let statement = built.get(key);
  if (!statement) {
    statement = accessStatement(db, kind, selection);
    built.set(key, statement);
  }
  return statement;
}

function accessOf<P extends ListedPeriod>(user: SessionUser, r: AccessRow): PeriodAccess<P> {
  const memberRole = r.memberRole ?? null;
  return {
    user,
    period: r.period as P,
    cluster: r.cluster,
    memberRole,
    leadership: memberRole === "leader" || memberRole === "deputy",
    standing: user.role === "standing" && r.aboveOrAt === true,
    council: user.role === "council" && r.council === true,
    data: user.role === "data" && r.aboveOrAt === true,
    admin: user.role === "admin",
    inspects: (r.inspects ?? []).map(Number),
  };
}

/** What the user is to the periods selected, as one named statement. */
async function accessRows<P extends ListedPeriod>(
  db: DbOrTx,
  user: SessionUser,
  selection: Selection,
  ids: { periodId?: number; memberUnitId?: number } = {},
): Promise<PeriodAccess<P>[]> {
  const rows = await statementOf(db, kindOf(user), selection).execute({
    unitId: user.unitId,
    levelId: user.levelId,
    userId: user.id,
    ...ids,
  });
  return rows.map((r) => accessOf<P>(user, r));
}

interface Asked {
  user: SessionUser;
  periodId: number;
}

const batchers = new WeakMap<DbOrTx, Map<Kind, Batcher<Asked, PeriodAccess | undefined>>>();

/** The accesses asked at the same moment on the pool by users of one kind, read as one
 * statement (`many`). */
function accessBatcher(db: DbOrTx, kind: Kind) {
  let byKind = batchers.get(db);
  if (!byKind) {
    byKind = new Map();
    batchers.set(db, byKind);
  }
  let batcher = byKind.get(kind);
  if (!batcher) {
    batcher = new Batcher(async (calls: Asked[]) => {
      const rows = await statementOf(db, kind, "many").execute({
        periodIds: calls.map((c) => c.periodId),
        unitIds: calls.map((c) => c.user.unitId),
        levelIds: calls.map((c) => c.user.levelId),
        userIds: calls.map((c) => c.user.id),
      });
      const found = new Map(rows.map((r) => [r.n, r]));
      return calls.map((c, i) => {
        const r = found.get(i + 1);
        return r && accessOf<Period>(c.user, r);
      });
    });
    byKind.set(kind, batcher);
  }
  return batcher;
}

/** Load a period and what the user is to it, in one statement; 404 when there is no such period. */
export async function periodAccess(
  db: DbOrTx,
  user: SessionUser,
  periodId: number,
): Promise<PeriodAccess> {
  // on the pool, the accesses asked at the same moment are read together
  const access =
    pgOf(db) instanceof pg.Pool
      ? await accessBatcher(db, kindOf(user)).call({ user, periodId })
      : (await accessRows<Period>(db, user, "one", { periodId }))[0];
  if (!access) throw notFound(`kỳ thi đua số ${periodId}`);
  return access;
}

/**
 * Every period the user has a part in, with what they are to it, in one statement (the home
 * page, the calendar), without the periods' criteria.
 */
export function visiblePeriods(db: DbOrTx, user: SessionUser) {
  return accessRows<ListedPeriod>(db, user, "visible").then(seen);
}

/** The years a unit is a member of that the user has a part in, whole, in one statement. */
export function visibleYearsOf(db: DbOrTx, user: SessionUser, unitId: number) {
  return accessRows<Period>(db, user, "visibleOfUnit", { memberUnitId: unitId }).then(seen);
}

/** The periods the user sees, by the one rule. */
const seen = <P extends ListedPeriod>(rows: PeriodAccess<P>[]) => rows.filter(canSeePeriod);

/** What the user is to a cluster: its level's standing agency (or one above), or an admin. */
export async function clusterAccess(db: DbOrTx, user: SessionUser, clusterId: number) {
  const [row] = await db
    .select({
      cluster: clusters,
      under: user.role === "standing" ? underUsersLevel(user, clusters.levelId) : sql`false`,
    })
    .from(clusters)
    .where(eq(clusters.id, clusterId));
  if (!row) throw notFound(`Cụm thi đua số ${clusterId}`);
  return { cluster: row.cluster, standing: row.under === true, admin: user.role === "admin" };
}

/** What the user is to a level: its standing agency (or one above), or an admin; 404 when
 * there is no such level. */
export async function levelAccess(db: DbOrTx, user: SessionUser, levelId: number) {
  const [row] = await db
    .select({
      level: levels,
      under: user.role === "standing" ? underUsersLevel(user, levels.id) : sql`false`,
    })
    .from(levels)
    .where(eq(levels.id, levelId));
  if (!row) throw notFound(`cấp hành chính số ${levelId}`);
  return { level: row.level, standing: row.under === true, admin: user.role === "admin" };
}

/** Anyone with a part in the cluster's year may see the period itself. */
export function canSeePeriod(a: Omit<PeriodAccess, "period">): boolean {
  return a.memberRole !== null || a.standing || a.council || a.data || a.admin;
}

/** A unit's sheet: its own staff, the cluster's leadership, the standing agency, the council
 * member monitoring, data agencies, the team that inspects it under the agreed plan. */
export function canSeeSheet(a: PeriodAccess, unitId: number): boolean {
  if (a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null) return true;
  if (a.memberRole !== null && a.inspects.includes(unitId)) return true;
  if (a.leadership || a.standing || a.council || a.data || a.admin) return true;
  return false;
}

export function canSeeResults(a: PeriodAccess): boolean {
  if (a.leadership || a.standing || a.council || a.admin) return true;
  return a.memberRole !== null && a.period.resultsPublishedAt !== null;
}

export function assert(allowed: boolean, message: string): void {
  if (!allowed) throw forbidden(message);
}

export const DENY = {
  period: "Bạn không tham gia Cụm thi đua này nên không xem được kỳ thi đua.",
  sheet:
    "Bạn chỉ xem được biểu chấm điểm của đơn vị mình (và của các đơn vị khác sau khi Cụm công bố kết quả).",
  results: "Kết quả của Cụm chưa được công bố.",
  leadership: "Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.",
  notOwnReview:
    "Không ai chấm, rà soát biểu của chính đơn vị mình: biểu của đơn vị Cụm trưởng do Cụm phó rà soát (Cơ quan thường trực, nếu Cụm không có Cụm phó).",
  standing: "Chỉ cơ quan thường trực Hội đồng Thi đua - Khen thưởng được thực hiện thao tác này.",
  ownUnit: "Bạn chỉ được thao tác trên biểu của đơn vị mình.",
  admin: "Chỉ quản trị hệ thống được thực hiện thao tác này.",
  data: "Chỉ cơ quan cung cấp số liệu được nhập số liệu chính thức.",
  settleBonus:
    "Chỉ Cụm trưởng, Cụm phó (bước Cụm chấm) hoặc cơ quan thường trực (bước thẩm định) quyết định đơn vị được thưởng.",
} as const;

/**
 * A year whose result is locked takes no write that would change it (scores, sheets, flags and
 * facts, registration and pact, members and roles, criteria, evidence, decisions, award
 * ballots): 409 in Vietnamese. Read in the caller's transaction, so a write that waited for the
 * lock sees it. Only the standing agency reopens a year (unlock, with a reason).
 */
export async function assertYearOpen(tx: DbOrTx, periodId: number): Promise<void> {
  const [row] = await tx
    .select({
      label: periods.label,
      lockedAt: periods.lockedAt,
      lockDecision: periods.lockDecision,
      cluster: clusters.name,
    })
    .from(periods)
    .innerJoin(clusters, eq(clusters.id, periods.clusterId))
    .where(eq(periods.id, periodId));
  if (row?.lockedAt) throw yearLocked(row.label, row.cluster, row.lockedAt, row.lockDecision);
}

/** The refusal of a write to a locked year, naming the year, the cluster, when and by what. */
export function yearLocked(
  label: string,
  cluster: string,
  lockedAt: Date,
  decision: string | null,
): HttpError {
  return new HttpError(
    409,
    "PERIOD_LOCKED",
    `Kết quả năm ${label} của ${cluster} đã khóa lúc ${formatVietnamTime(lockedAt)}${decision ? ` (${decision})` : ""}: không thay đổi được điểm, biểu, xếp loại, thành viên, quyết định hay biểu quyết về khen thưởng. Muốn sửa, cơ quan thường trực mở khóa kết quả, có ghi lý do.`,
  );
}
