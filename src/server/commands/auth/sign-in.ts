/**
 * Sign in: refused while the account or the address has too many recent failures (throttle.ts);
 * the password is checked with argon2id, against a fixed dummy hash when the name is unknown so
 * that both refusals take the same time and read the same. A success opens a session; both a
 * success and a failure leave an audit row with the client's address, never the password.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import { createSession, dummyPasswordHash, type SessionUser, verifyPassword } from "../../auth.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { HttpError } from "../../errors.ts";
import { assertNotThrottled, recordFailure, throttleKey } from "./throttle.ts";

export interface SignInInput {
  username: string;
  password: string;
  /** The client's address (request.ip). */
  address: string;
}

export const badCredentials = () =>
  new HttpError(401, "BAD_CREDENTIALS", "Tên đăng nhập hoặc mật khẩu không đúng.");

export async function signIn(db: Db, input: SignInInput, sessionMinutes: number) {
  await assertNotThrottled(db, input.username, input.address);
  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  // always one argon2 check, whether the name exists or not
  const matches = await verifyPassword(
    user?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!user?.active || !matches) {
    await db.transaction(async (tx) => {
      await recordFailure(tx, input.username, input.address);
      await writeAudit(tx, {
        actorId: null,
        action: "auth.signInFailed",
        entity: "user",
        entityId: user?.id ?? throttleKey(input.username),
        unitId: user?.unitId ?? null,
        newValue: {
          username: throttleKey(input.username),
          address: input.address,
          reason: !user ? "unknownUser" : !matches ? "wrongPassword" : "inactive",
        },
      });
    });
    throw badCredentials();
  }
  return db.transaction(async (tx) => {
    const session = await createSession(tx, user.id, sessionMinutes);
    await writeAudit(tx, {
      actorId: user.id,
      action: "auth.signIn",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      newValue: { address: input.address },
    });
    const out: SessionUser = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      unitId: user.unitId,
      levelId: user.levelId,
      mustChangePassword: user.mustChangePassword,
    };
    return { user: out, session };
  });
}
