/** The audit trail: who, when, what, old and new value, why — written in the caller's transaction. */
import type { DbOrTx } from "./db/client.ts";
import { auditLog } from "./db/schema.ts";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  periodId?: number | null;
  unitId?: number | null;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
}

const row = (entry: AuditEntry) => ({
  actorId: entry.actorId,
  action: entry.action,
  entity: entry.entity,
  entityId: String(entry.entityId),
  periodId: entry.periodId ?? null,
  unitId: entry.unitId ?? null,
  oldValue: entry.oldValue ?? null,
  newValue: entry.newValue ?? null,
  reason: entry.reason ?? null,
});

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(row(entry));
}

/** Several audit rows at once (one per value of a change that touches many). */
export async function writeAudits(db: DbOrTx, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.insert(auditLog).values(entries.map(row));
}
