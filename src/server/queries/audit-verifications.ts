/** The last verification of the audit chain, for the administration page. */
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { auditVerifications, users } from "../db/schema.ts";

export async function lastVerification(db: DbOrTx) {
  const [last] = await db
    .select({
      at: auditVerifications.at,
      by: users.displayName,
      ok: auditVerifications.ok,
      rows: auditVerifications.rows,
      records: auditVerifications.records,
      breakCount: auditVerifications.breakCount,
      breaks: auditVerifications.breaks,
    })
    .from(auditVerifications)
    .leftJoin(users, eq(users.id, auditVerifications.actorId))
    .orderBy(desc(auditVerifications.id))
    .limit(1);
  return last ?? null;
}
