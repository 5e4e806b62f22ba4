/** Frameworks (khung tiêu chí) as people read them: whose, from which preset, what they change
 * and lock, and whether a period scoring on one has made it final. */
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { auditLog, frameworks, levels, periods, users } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { levelChain } from "../policies/access.ts";
import type { FrameworkRow } from "./cluster-year.ts";

export async function findFramework(db: DbOrTx, id: number): Promise<FrameworkRow> {
  const [row] = await db.select().from(frameworks).where(eq(frameworks.id, id));
  if (!row) throw notFound(`khung tiêu chí số ${id}`);
  return row;
}

/** The frameworks with who made them, their level, and whether scoring has started on them. */
async function describeFrameworks(db: DbOrTx, rows: FrameworkRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((f) => f.id);
  const levelRows = await db
    .select({ id: levels.id, name: levels.name })
    .from(levels)
    .where(
      inArray(
        levels.id,
        rows.map((f) => f.levelId),
      ),
    );
  const authors = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(
      inArray(
        users.id,
        rows.map((f) => f.createdBy),
      ),
    );
  const frozen = await db
    .selectDistinct({ frameworkId: periods.frameworkId })
    .from(periods)
    .where(and(inArray(periods.frameworkId, ids), isNotNull(periods.schemeFrozenAt)));
  const levelName = new Map(levelRows.map((l) => [l.id, l.name]));
  const author = new Map(authors.map((u) => [u.id, u.name]));
  const final = new Set(frozen.map((f) => f.frameworkId));
  return rows.map((f) => ({
    id: f.id,
    levelId: f.levelId,
    levelName: levelName.get(f.levelId) ?? "",
    name: f.name,
    presetId: f.presetId,
    criteria: f.criteria,
    lockedSections: f.lockedSections,
    createdBy: author.get(f.createdBy) ?? "",
    createdAt: f.createdAt.toISOString(),
    version: f.version,
    /** A period using it has started scoring: it can no longer be changed. */
    frozen: final.has(f.id),
  }));
}

export type FrameworkOut = Awaited<ReturnType<typeof describeFrameworks>>[number];

/** The frameworks clusters of a level may start from: its own, then those of the levels above. */
export async function listFrameworks(db: DbOrTx, levelId: number): Promise<FrameworkOut[]> {
  const chain = await levelChain(db, levelId);
  const rows = await db
    .select()
    .from(frameworks)
    .where(inArray(frameworks.levelId, chain))
    .orderBy(asc(frameworks.id));
  const described = await describeFrameworks(db, rows);
  return described.sort((a, b) => chain.indexOf(a.levelId) - chain.indexOf(b.levelId));
}

export async function frameworkOut(db: DbOrTx, id: number): Promise<FrameworkOut> {
  return (await describeFrameworks(db, [await findFramework(db, id)]))[0] as FrameworkOut;
}

/** Who last changed a framework, and when, from the audit log. */
export async function lastChange(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ by: users.displayName, at: auditLog.at })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, "framework"), eq(auditLog.entityId, String(id))))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row ?? null;
}
