/**
 * Set a new password for an account; its open sessions end, and the user must choose a password
 * of their own at the next sign-in (the administrator knows this one). The audit row holds no
 * hash.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import { hashPassword } from "../../auth.ts";
import type { Db } from "../../db/client.ts";
import { sessions, users } from "../../db/schema.ts";
import { checkPassword, userOut } from "./create-user.ts";
import { findUser } from "./lookup.ts";

export async function resetPassword(
  db: Db,
  actorId: number | null,
  input: { userId: number; password: string },
) {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await findUser(tx, input.userId);
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true })
      .where(eq(users.id, user.id))
      .returning();
    if (!updated) throw new Error("update returned nothing");
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await writeAudit(tx, {
      actorId,
      action: "user.resetPassword",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      reason:
        "Đặt lại mật khẩu; các phiên đăng nhập đang mở đã kết thúc; người dùng phải đổi mật khẩu khi đăng nhập lần sau.",
    });
    return userOut(updated);
  });
}
