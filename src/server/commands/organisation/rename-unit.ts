/** Rename a unit (its code stays: files and history refer to it). */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema.ts";
import { findUnit } from "./lookup.ts";

export async function renameUnit(
  db: Db,
  actorId: number | null,
  input: { unitId: number; name: string; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const before = await findUnit(tx, input.unitId);
    const [unit] = await tx
      .update(units)
      .set({ name: input.name })
      .where(eq(units.id, input.unitId))
      .returning();
    if (!unit) throw new Error("update returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "unit.rename",
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      oldValue: { name: before.name },
      newValue: { name: unit.name },
      reason: input.reason ?? null,
    });
    return unit;
  });
}
