/**
 * Who may do what in a cluster's year. Scope is checked on every request: where a user's unit,
 * level or cluster is unknown, the answer is no. Refusals are 403 with a Vietnamese message.
 */
import { and, eq } from "drizzle-orm";
import type { Role } from "../../core/scheme.ts";
import { formatVietnamTime } from "../../core/workflow.ts";
import type { SessionUser } from "../auth.ts";
import type { DbOrTx } from "../db/client.ts";
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

export interface PeriodAccess {
  user: SessionUser;
  period: Period;
  cluster: Cluster;
  /** The user's unit's role in this period, if the unit is a member. */
  memberRole: Role | null;
  /** Staff of the leader or deputy unit of this period. */
  leadership: boolean;
  /** Staff of the standing agency of the cluster's level (or a level above it). */
  standing: boolean;
  /** A council member assigned to monitor this cluster. */
  council: boolean;
  /** A data-providing agency of the cluster's level (or a level above it). */
  data: boolean;
  admin: boolean;
}

/** The levels from `levelId` up to the root. */
export async function levelChain(db: DbOrTx, levelId: number): Promise<number[]> {
  const chain: number[] = [];
  let current: number | null = levelId;
  while (current !== null && !chain.includes(current)) {
    chain.push(current);
    const [row]: { parentId: number | null }[] = await db
      .select({ parentId: levels.parentId })
      .from(levels)
      .where(eq(levels.id, current));
    current = row?.parentId ?? null;
  }
  return chain;
}

/** Load a period and what the user is to it; 404 when there is no such period. */
export async function periodAccess(
  db: DbOrTx,
  user: SessionUser,
  periodId: number,
): Promise<PeriodAccess> {
  const [row] = await db
    .select({ period: periods, cluster: clusters })
    .from(periods)
    .innerJoin(clusters, eq(clusters.id, periods.clusterId))
    .where(eq(periods.id, periodId));
  if (!row) throw notFound(`kỳ thi đua số ${periodId}`);
  let memberRole: Role | null = null;
  if (user.role === "unit" && user.unitId !== null) {
    const [m] = await db
      .select({ role: periodUnits.role })
      .from(periodUnits)
      .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.unitId, user.unitId)));
    memberRole = m?.role ?? null;
  }
  let aboveOrAt = false;
  if ((user.role === "standing" || user.role === "data") && user.levelId !== null) {
    aboveOrAt = (await levelChain(db, row.cluster.levelId)).includes(user.levelId);
  }
  let council = false;
  if (user.role === "council") {
    const [m] = await db
      .select({ id: councilMembers.id })
      .from(clusterMonitors)
      .innerJoin(councilMembers, eq(councilMembers.id, clusterMonitors.councilMemberId))
      .where(
        and(eq(clusterMonitors.clusterId, row.cluster.id), eq(councilMembers.userId, user.id)),
      );
    council = Boolean(m);
  }
  return {
    user,
    period: row.period,
    cluster: row.cluster,
    memberRole,
    leadership: memberRole === "leader" || memberRole === "deputy",
    standing: user.role === "standing" && aboveOrAt,
    council,
    data: user.role === "data" && aboveOrAt,
    admin: user.role === "admin",
  };
}

/** What the user is to a cluster: its level's standing agency (or one above), or an admin. */
export async function clusterAccess(db: DbOrTx, user: SessionUser, clusterId: number) {
  const [cluster] = await db.select().from(clusters).where(eq(clusters.id, clusterId));
  if (!cluster) throw notFound(`Cụm thi đua số ${clusterId}`);
  const standing =
    user.role === "standing" &&
    user.levelId !== null &&
    (await levelChain(db, cluster.levelId)).includes(user.levelId);
  return { cluster, standing, admin: user.role === "admin" };
}

/** What the user is to a level: its standing agency (or one above), or an admin; 404 when
 * there is no such level. */
export async function levelAccess(db: DbOrTx, user: SessionUser, levelId: number) {
  const [level] = await db.select().from(levels).where(eq(levels.id, levelId));
  if (!level) throw notFound(`cấp hành chính số ${levelId}`);
  const standing =
    user.role === "standing" &&
    user.levelId !== null &&
    (await levelChain(db, level.id)).includes(user.levelId);
  return { level, standing, admin: user.role === "admin" };
}

/** Anyone with a part in the cluster's year may see the period itself. */
export function canSeePeriod(a: PeriodAccess): boolean {
  return a.memberRole !== null || a.standing || a.council || a.data || a.admin;
}

/** A unit's sheet: its own staff, the cluster's leadership, the standing agency, the council
 * member monitoring, data agencies; another unit only once the results are published. */
export function canSeeSheet(a: PeriodAccess, unitId: number): boolean {
  if (a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null) return true;
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
