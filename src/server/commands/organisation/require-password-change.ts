/**
 * An administrator requires an account to change its password: from its next request on (the
 * open sessions too) only the account's own routes answer until the user has changed it.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { userOut } from "./create-user.ts";
import { findUser } from "./lookup.ts";

export async function requirePasswordChange(
  db: Db,
  actorId: number | null,
  input: { userId: number; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, input.userId);
    if (user.mustChangePassword) {
      throw conflict(`Tài khoản ${user.username} đã được yêu cầu đổi mật khẩu từ trước.`);
    }
    const [updated] = await tx
      .update(users)
      .set({ mustChangePassword: true })
      .where(eq(users.id, user.id))
      .returning();
    if (!updated) throw new Error("update returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "user.requirePasswordChange",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      oldValue: { mustChangePassword: false },
      newValue: { mustChangePassword: true },
      reason: input.reason ?? null,
    });
    return userOut(updated);
  });
}
