/**
 * Accounts and sessions: argon2id passwords, server-side sessions in the database, an HttpOnly
 * SameSite=Lax cookie, and a CSRF token required on every write.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, eq, gt, ne } from "drizzle-orm";
import type { DbOrTx } from "./db/client.ts";
import { sessions, type UserRole, users } from "./db/schema.ts";

export const SESSION_COOKIE = "tdkt_session";
export const CSRF_HEADER = "x-csrf-token";

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: number | null;
  levelId: number | null;
  /** An administrator asked for a new password: only the account's own routes answer. */
  mustChangePassword: boolean;
}

export function hashPassword(password: string): Promise<string> {
  // argon2id is the library's default algorithm
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

let dummy: Promise<string> | null = null;

/**
 * A hash of no one's password, computed once with the same parameters: an unknown user name is
 * checked against it, so it takes as long to refuse as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummy;
}

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  db: DbOrTx,
  userId: number,
  minutes: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  await db.insert(sessions).values({ id: digest(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** The session's user and CSRF token, sliding its expiry; null when unknown or expired. */
export async function readSession(
  db: DbOrTx,
  token: string,
  minutes: number,
): Promise<{ user: SessionUser; csrfToken: string } | null> {
  const id = digest(token);
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        unitId: users.unitId,
        levelId: users.levelId,
        mustChangePassword: users.mustChangePassword,
        active: users.active,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  if (!row?.user.active) return null;
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  if (expiresAt.getTime() - row.expiresAt.getTime() > 60_000) {
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  const { active: _, ...user } = row.user;
  return { user, csrfToken: row.csrfToken };
}

export async function endSession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, digest(token)));
}

/** Ends every session of the user but the one of `keepToken`. */
export async function endOtherSessions(
  db: DbOrTx,
  userId: number,
  keepToken: string,
): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, digest(keepToken))));
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
