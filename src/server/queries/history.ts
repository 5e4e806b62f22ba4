/**
 * The audit trail read back, a page at a time, newest first: the history of one unit's sheet
 * in a cluster's year (anyone who may see the sheet), and the whole trail for administrators.
 * Keyset pagination on audit_log.id: a page is the rows below a cursor (`before`), so a row
 * written while someone pages is never repeated nor shifts the pages below it.
 */
import { and, desc, eq, gte, inArray, like, lt, notLike, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { auditLog, clusters, periods, units, users } from "../db/schema.ts";
import { badRequest } from "../errors.ts";
import { IMPORT_ENTITY } from "./sheet-imports.ts";

/** Rows in a page unless asked otherwise, and the most a page holds. */
export const HISTORY_PAGE = { default: 50, max: 200 } as const;

/** Kinds of action a history is filtered by, each a closed set of the audit's entities. */
export const ACTION_KINDS = [
  "score",
  "response",
  "evidence",
  "import",
  "sheet",
  "unit",
  "meeting",
  "inspection",
  "report",
  "period",
  "organisation",
  "account",
  "signIn",
  "backup",
  "system",
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

function kindCondition(kind: ActionKind): SQL | undefined {
  switch (kind) {
    case "score":
      return eq(auditLog.entity, "score");
    case "response":
      return eq(auditLog.entity, "response");
    case "evidence":
      return eq(auditLog.entity, "evidence");
    case "import":
      return eq(auditLog.entity, IMPORT_ENTITY);
    case "sheet":
      return and(eq(auditLog.entity, "period_unit"), like(auditLog.action, "sheet.%"));
    case "unit":
      // a unit in the year: registration, pact, facts, flags, joining, leaving, its role
      return and(eq(auditLog.entity, "period_unit"), notLike(auditLog.action, "sheet.%"));
    case "meeting":
      return inArray(auditLog.entity, ["meeting", "ballot", "decision"]);
    case "inspection":
      return inArray(auditLog.entity, [
        "inspection_plan",
        "inspection_visit",
        "inspection_finding",
      ]);
    case "report":
      return inArray(auditLog.entity, ["report_request", "report_submission"]);
    case "period":
      return inArray(auditLog.entity, ["period", "proposal", "criterion"]);
    case "organisation":
      return inArray(auditLog.entity, [
        "level",
        "unit",
        "cluster",
        "cluster_monitor",
        "council_member",
        "framework",
      ]);
    case "account":
      return and(eq(auditLog.entity, "user"), notLike(auditLog.action, "auth.%"));
    case "signIn":
      return like(auditLog.action, "auth.%");
    case "backup":
      return eq(auditLog.entity, "backup");
    case "system":
      return eq(auditLog.entity, "database");
  }
}

/**
 * The rows about one criterion of the unit's sheet: its scores and the unit's response (their
 * entity id is `unit/criterion[/stage]`), evidence of it, and imports or their undoing that
 * changed it.
 */
function criterionCondition(criterionId: string): SQL | undefined {
  const asJson = JSON.stringify(criterionId);
  return or(
    and(
      inArray(auditLog.entity, ["score", "response"]),
      sql`split_part(${auditLog.entityId}, '/', 2) = ${criterionId}`,
    ),
    sql`${auditLog.newValue} ->> 'criterionId' = ${criterionId}`,
    sql`${auditLog.oldValue} ->> 'criterionId' = ${criterionId}`,
    sql`${auditLog.newValue} -> 'changes' @> ${`[{"criterionId":${asJson}}]`}::jsonb`,
    sql`${auditLog.newValue} -> 'restored' @> ${`[${asJson}]`}::jsonb`,
    sql`${auditLog.newValue} -> 'removed' @> ${`[${asJson}]`}::jsonb`,
  );
}

/** Midnight starting a day (yyyy-mm-dd) on Vietnam's clock (UTC+7 all year). */
const vietnamMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a page of any history is narrowed by. Days are Vietnam's calendar days, both kept. */
export interface HistoryFilter {
  /** Only rows older than this one (the `nextBefore` of the previous page). */
  before?: number;
  limit?: number;
  actorId?: number;
  kind?: ActionKind;
  from?: string;
  to?: string;
}

function commonConditions(filter: HistoryFilter): (SQL | undefined)[] {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw badRequest(
      "VALIDATION",
      "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc trùng ngày kết thúc.",
    );
  }
  return [
    filter.before !== undefined ? lt(auditLog.id, filter.before) : undefined,
    filter.actorId !== undefined ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.kind ? kindCondition(filter.kind) : undefined,
    filter.from ? gte(auditLog.at, vietnamMidnight(filter.from)) : undefined,
    filter.to
      ? lt(auditLog.at, new Date(vietnamMidnight(filter.to).getTime() + DAY_MS))
      : undefined,
  ];
}

const pageSize = (filter: HistoryFilter) =>
  Math.min(Math.max(filter.limit ?? HISTORY_PAGE.default, 1), HISTORY_PAGE.max);

/** The page asked for and the cursor of the next one (null on the last page). */
function paged<T extends { id: number }>(rows: T[], limit: number) {
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, nextBefore: rows.length > limit && last ? last.id : null };
}

/** The criterion an audit row is about, if any (the same reading as `criterionCondition`). */
function criterionOf(row: {
  entity: string;
  entityId: string;
  oldValue: unknown;
  newValue: unknown;
}): string | null {
  if (row.entity === "score" || row.entity === "response") {
    return row.entityId.split("/")[1] ?? null;
  }
  for (const v of [row.newValue, row.oldValue]) {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const id = (v as { criterionId?: unknown }).criterionId;
      if (typeof id === "string") return id;
    }
  }
  return null;
}

const entryColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actorId: auditLog.actorId,
  by: users.displayName,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  oldValue: auditLog.oldValue,
  newValue: auditLog.newValue,
  reason: auditLog.reason,
};

export interface HistoryEntry {
  id: number;
  at: Date;
  actorId: number | null;
  /** The actor's display name; null for the system itself. */
  by: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** The criterion of the sheet the row is about, if any. */
  criterionId: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

export interface Person {
  id: number;
  name: string;
}

/**
 * A page of the history of a unit's sheet in a period, newest first, with (on the first page,
 * without `before`) everyone who appears in that history, by name.
 */
export async function unitHistory(
  db: DbOrTx,
  periodId: number,
  unitId: number,
  filter: HistoryFilter & { criterionId?: string },
): Promise<{ entries: HistoryEntry[]; nextBefore: number | null; people?: Person[] }> {
  const limit = pageSize(filter);
  const scope = and(eq(auditLog.periodId, periodId), eq(auditLog.unitId, unitId));
  const rows = await db
    .select(entryColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        scope,
        ...commonConditions(filter),
        filter.criterionId ? criterionCondition(filter.criterionId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = paged(
    rows.map((r) => ({ ...r, criterionId: criterionOf(r) })),
    limit,
  );
  if (filter.before !== undefined) return page;
  const people = await db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorId))
    .where(scope);
  people.sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return { ...page, people };
}

export interface AuditTrailEntry extends HistoryEntry {
  unit: { id: number; name: string } | null;
  period: { id: number; label: string; cluster: string } | null;
}

/**
 * A page of the whole audit trail, newest first, for administrators: narrowed to a cluster's
 * year, a unit, a person, a kind of action and days, each with its unit and year by name.
 */
export async function auditTrail(
  db: DbOrTx,
  filter: HistoryFilter & { periodId?: number; unitId?: number },
): Promise<{ entries: AuditTrailEntry[]; nextBefore: number | null }> {
  const limit = pageSize(filter);
  const rows = await db
    .select({
      ...entryColumns,
      unitName: units.name,
      periodId: auditLog.periodId,
      periodLabel: periods.label,
      clusterName: clusters.name,
      unitId: auditLog.unitId,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .leftJoin(periods, eq(periods.id, auditLog.periodId))
    .leftJoin(clusters, eq(clusters.id, periods.clusterId))
    .where(
      and(
        filter.periodId !== undefined ? eq(auditLog.periodId, filter.periodId) : undefined,
        filter.unitId !== undefined ? eq(auditLog.unitId, filter.unitId) : undefined,
        ...commonConditions(filter),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return paged(
    rows.map(({ unitName, periodId, periodLabel, clusterName, unitId, ...r }) => ({
      ...r,
      criterionId: criterionOf(r),
      unit: unitId !== null && unitName !== null ? { id: unitId, name: unitName } : null,
      period:
        periodId !== null && periodLabel !== null
          ? { id: periodId, label: periodLabel, cluster: clusterName ?? "" }
          : null,
    })),
    limit,
  );
}
