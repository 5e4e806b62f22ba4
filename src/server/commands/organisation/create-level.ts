/** Create an administrative level (province, district, commune) under its parent. */
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { levels } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { findLevel } from "./lookup.ts";

export interface CreateLevelInput {
  parentId: number | null;
  name: string;
  kind: "province" | "district" | "commune";
  standingAgency: string;
}

export async function createLevel(db: Db, actorId: number | null, input: CreateLevelInput) {
  return db.transaction(async (tx) => {
    if (input.kind === "province" && input.parentId !== null) {
      throw badRequest("INVALID_LEVEL", "Cấp tỉnh, thành phố là cấp cao nhất: không có cấp trên.");
    }
    if (input.kind !== "province" && input.parentId === null) {
      throw badRequest("INVALID_LEVEL", "Cấp huyện, xã phải thuộc một cấp trên (parentId).");
    }
    if (input.parentId !== null) {
      const parent = await findLevel(tx, input.parentId);
      if (parent.kind === "commune") {
        throw badRequest("INVALID_LEVEL", `${parent.name} là cấp xã: không có cấp dưới.`);
      }
    }
    const [level] = await tx.insert(levels).values(input).returning();
    if (!level) throw new Error("insert returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "level.create",
      entity: "level",
      entityId: level.id,
      newValue: level,
    });
    return level;
  });
}
