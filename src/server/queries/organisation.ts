/**
 * The organisation as people read it: levels as a tree with their clusters and periods, units,
 * clusters with the council members monitoring them, council members, accounts (never a hash),
 * and the member units of a period with their role.
 */
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import {
  clusterMonitors,
  clusters,
  councilMembers,
  levels,
  periods,
  periodUnits,
  units,
  users,
} from "../db/schema.ts";

export type Level = typeof levels.$inferSelect;
export type Cluster = typeof clusters.$inferSelect;

export interface PeriodSummary {
  id: number;
  label: string;
  kind: "calendar" | "school";
  startsOn: string;
  endsOn: string;
  schemeId: string;
}

export interface ClusterNode extends Cluster {
  monitors: { councilMemberId: number; name: string; title: string }[];
  periods: PeriodSummary[];
}

export interface LevelNode extends Level {
  clusters: ClusterNode[];
  children: LevelNode[];
}

export function listLevels(db: DbOrTx): Promise<Level[]> {
  return db.select().from(levels).orderBy(asc(levels.id));
}

export async function listClusters(db: DbOrTx): Promise<ClusterNode[]> {
  const [rows, monitors, years] = await Promise.all([
    db.select().from(clusters).orderBy(asc(clusters.id)),
    db
      .select({
        clusterId: clusterMonitors.clusterId,
        councilMemberId: councilMembers.id,
        name: councilMembers.name,
        title: councilMembers.title,
      })
      .from(clusterMonitors)
      .innerJoin(councilMembers, eq(councilMembers.id, clusterMonitors.councilMemberId))
      .orderBy(asc(councilMembers.id)),
    db
      .select({
        id: periods.id,
        clusterId: periods.clusterId,
        label: periods.label,
        kind: periods.kind,
        startsOn: periods.startsOn,
        endsOn: periods.endsOn,
        schemeId: periods.schemeId,
      })
      .from(periods)
      .orderBy(asc(periods.startsOn), asc(periods.id)),
  ]);
  return rows.map((c) => ({
    ...c,
    monitors: monitors.filter((m) => m.clusterId === c.id).map(({ clusterId: _, ...m }) => m),
    periods: years.filter((p) => p.clusterId === c.id).map(({ clusterId: _, ...p }) => p),
  }));
}

/** Levels from the provinces down, each with its clusters and their periods. */
export async function organisationTree(db: DbOrTx): Promise<LevelNode[]> {
  const [all, clusterList] = await Promise.all([listLevels(db), listClusters(db)]);
  const nodes = new Map<number, LevelNode>(
    all.map((l) => [
      l.id,
      { ...l, clusters: clusterList.filter((c) => c.levelId === l.id), children: [] },
    ]),
  );
  const roots: LevelNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function listUnits(db: DbOrTx, levelId?: number) {
  const query = db.select().from(units);
  return (levelId === undefined ? query : query.where(eq(units.levelId, levelId))).orderBy(
    asc(units.code),
  );
}

export function listCouncilMembers(db: DbOrTx) {
  return db.select().from(councilMembers).orderBy(asc(councilMembers.id));
}

export async function listUsers(db: DbOrTx) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      levelId: users.levelId,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username));
  return rows.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }));
}

export function periodMembers(db: DbOrTx, periodId: number) {
  return db
    .select({ unitId: units.id, code: units.code, name: units.name, role: periodUnits.role })
    .from(periodUnits)
    .innerJoin(units, eq(units.id, periodUnits.unitId))
    .where(eq(periodUnits.periodId, periodId))
    .orderBy(asc(units.code));
}
