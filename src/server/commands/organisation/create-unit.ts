/** Create a unit (ward, district, department, enterprise…) of a level, with a unique code. */
import { eq } from "drizzle-orm";
import type { UnitKind } from "../../../core/labels.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { units } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { findLevel, isUniqueViolation } from "./lookup.ts";
import { headText } from "./update-unit.ts";

export { UNIT_KINDS } from "../../../core/labels.ts";

export interface CreateUnitInput {
  levelId: number;
  code: string;
  name: string;
  kind: UnitKind;
  /** The head who signs for the unit, and the title a signature block writes, if known. */
  headName?: string | null;
  headTitle?: string | null;
}

/** Insert a unit and its audit row, in the caller's transaction. */
export async function insertUnit(
  tx: DbOrTx,
  actorId: number | null,
  input: CreateUnitInput,
  reason?: string,
) {
  const [unit] = await tx
    .insert(units)
    .values({ ...input, headName: headText(input.headName), headTitle: headText(input.headTitle) })
    .returning();
  if (!unit) throw new Error("insert returned nothing");
  await writeAudit(tx, {
    actorId,
    action: "unit.create",
    entity: "unit",
    entityId: unit.id,
    newValue: unit,
    reason,
  });
  return unit;
}

export async function createUnit(db: Db, actorId: number | null, input: CreateUnitInput) {
  const taken = (name: string) =>
    conflict(`Mã đơn vị "${input.code}" đã được dùng cho ${name}. Hãy chọn mã khác.`);
  try {
    return await db.transaction(async (tx) => {
      await findLevel(tx, input.levelId);
      const [existing] = await tx.select().from(units).where(eq(units.code, input.code));
      if (existing) throw taken(existing.name);
      return insertUnit(tx, actorId, input);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken("một đơn vị khác");
    throw e;
  }
}
