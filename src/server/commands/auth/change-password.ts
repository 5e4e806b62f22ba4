/**
 * A user changes their own password: the current one is required (a wrong one counts as a failed
 * sign-in for throttling), the new one follows the account rules and differs from it. The
 * user's other sessions end, the current one stays; an administrator's request for a change is
 * cleared. The audit row holds no hash.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import { endOtherSessions, hashPassword, verifyPassword } from "../../auth.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { checkPassword } from "../organisation/create-user.ts";
import { findUser } from "../organisation/lookup.ts";
import { assertNotThrottled, recordFailure } from "./throttle.ts";

export interface ChangePasswordInput {
  userId: number;
  currentPassword: string;
  newPassword: string;
  /** The session that asks: it stays open. */
  sessionToken: string;
  address: string;
}

export async function changePassword(db: Db, input: ChangePasswordInput) {
  checkPassword(input.newPassword);
  if (input.newPassword === input.currentPassword) {
    throw badRequest("SAME_PASSWORD", "Mật khẩu mới phải khác mật khẩu hiện tại.");
  }
  const user = await findUser(db, input.userId);
  await assertNotThrottled(db, user.username, input.address);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await db.transaction(async (tx) => {
      await recordFailure(tx, user.username, input.address);
      await writeAudit(tx, {
        actorId: user.id,
        action: "user.changePasswordFailed",
        entity: "user",
        entityId: user.id,
        unitId: user.unitId,
        newValue: { address: input.address },
        reason: "Mật khẩu hiện tại không đúng.",
      });
    });
    throw badRequest(
      "WRONG_PASSWORD",
      "Mật khẩu hiện tại không đúng. Hãy nhập lại mật khẩu đang dùng để đăng nhập.",
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false })
      .where(eq(users.id, user.id));
    await endOtherSessions(tx, user.id, input.sessionToken);
    await writeAudit(tx, {
      actorId: user.id,
      action: "user.changePassword",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      oldValue: { mustChangePassword: user.mustChangePassword },
      newValue: { mustChangePassword: false, address: input.address },
      reason: "Tự đổi mật khẩu; các phiên đăng nhập khác đã kết thúc.",
    });
  });
  return { mustChangePassword: false };
}
