/** Loading the records an organisation command works on: 404 in Vietnamese when missing. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { clusters, councilMembers, levels, periods, units, users } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";

export async function findLevel(db: DbOrTx, id: number) {
  const [row] = await db.select().from(levels).where(eq(levels.id, id));
  if (!row) throw notFound(`cấp hành chính số ${id}`);
  return row;
}

export async function findUnit(db: DbOrTx, id: number) {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  if (!row) throw notFound(`đơn vị số ${id}`);
  return row;
}

export async function findCluster(db: DbOrTx, id: number) {
  const [row] = await db.select().from(clusters).where(eq(clusters.id, id));
  if (!row) throw notFound(`Cụm, Khối thi đua số ${id}`);
  return row;
}

export async function findCouncilMember(db: DbOrTx, id: number) {
  const [row] = await db.select().from(councilMembers).where(eq(councilMembers.id, id));
  if (!row) throw notFound(`thành viên Hội đồng số ${id}`);
  return row;
}

export async function findUser(db: DbOrTx, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound(`tài khoản số ${id}`);
  return row;
}

export async function findPeriod(db: DbOrTx, id: number) {
  const [row] = await db.select().from(periods).where(eq(periods.id, id));
  if (!row) throw notFound(`kỳ thi đua số ${id}`);
  return row;
}

/** A unique index refused the write (PostgreSQL 23505), whichever driver reports it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
