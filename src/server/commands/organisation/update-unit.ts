/**
 * Change a unit: its name (its code stays: files and history refer to it) and the head who
 * signs for it, a person's name and the title as a signature block writes it ("Giám đốc",
 * "Chủ tịch"): the head of the leader unit signs the cluster's documents. Each change is
 * audited with the values before and after: a new name as `unit.rename`, a new head as
 * `unit.head`; a field left out stays as it is, an empty one is cleared.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema.ts";
import { findUnit } from "./lookup.ts";

export interface UpdateUnitInput {
  unitId: number;
  name: string;
  /** Left out: unchanged; null or blank: none recorded. */
  headName?: string | null;
  headTitle?: string | null;
  reason?: string | null;
}

/** A name or title as kept: trimmed, null when blank. */
export const headText = (text: string | null | undefined): string | null =>
  text?.trim().replace(/\s+/g, " ") || null;

export async function updateUnit(db: Db, actorId: number | null, input: UpdateUnitInput) {
  return db.transaction(async (tx) => {
    const before = await findUnit(tx, input.unitId);
    const head = {
      headName: input.headName === undefined ? before.headName : headText(input.headName),
      headTitle: input.headTitle === undefined ? before.headTitle : headText(input.headTitle),
    };
    const [unit] = await tx
      .update(units)
      .set({ name: input.name, ...head })
      .where(eq(units.id, input.unitId))
      .returning();
    if (!unit) throw new Error("update returned nothing");
    const reason = input.reason ?? null;
    const renamed = unit.name !== before.name;
    const headChanged = unit.headName !== before.headName || unit.headTitle !== before.headTitle;
    if (renamed || !headChanged) {
      await writeAudit(tx, {
        actorId,
        action: "unit.rename",
        entity: "unit",
        entityId: unit.id,
        unitId: unit.id,
        oldValue: { name: before.name },
        newValue: { name: unit.name },
        reason,
      });
    }
    if (headChanged) {
      await writeAudit(tx, {
        actorId,
        action: "unit.head",
        entity: "unit",
        entityId: unit.id,
        unitId: unit.id,
        oldValue: { headName: before.headName, headTitle: before.headTitle },
        newValue: { headName: unit.headName, headTitle: unit.headTitle },
        reason,
      });
    }
    return unit;
  });
}
