/** Deactivate an account: it can no longer sign in, and its open sessions end. */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { sessions, users } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { userOut } from "./create-user.ts";
import { findUser } from "./lookup.ts";

export async function deactivateUser(
  db: Db,
  actorId: number | null,
  input: { userId: number; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, input.userId);
    if (user.id === actorId) {
      throw badRequest("SELF", "Không thể tự khóa tài khoản đang dùng.");
    }
    if (!user.active) throw conflict(`Tài khoản ${user.username} đã bị khóa từ trước.`);
    const [updated] = await tx
      .update(users)
      .set({ active: false })
      .where(eq(users.id, user.id))
      .returning();
    if (!updated) throw new Error("update returned nothing");
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await writeAudit(tx, {
      actorId,
      action: "user.deactivate",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      oldValue: { active: true },
      newValue: { active: false },
      reason: input.reason ?? null,
    });
    return userOut(updated);
  });
}
