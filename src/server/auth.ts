/**
 * Accounts and sessions: argon2id passwords, server-side sessions in the database, an HttpOnly
 * SameSite=Lax cookie, and a CSRF token required on every write.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, eq, ne } from "drizzle-orm";
import pg from "pg";
import { Batcher } from "./db/batch.ts";
import { type DbOrTx, pgOf } from "./db/client.ts";
import { sessions, type UserRole } from "./db/schema.ts";

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

interface SessionRow {
  session_id: string;
  csrf_token: string;
  expires_at: Date;
  id: number;
  username: string;
  display_name: string;
  role: UserRole;
  unit_id: number | null;
  level_id: number | null;
  must_change_password: boolean;
  active: boolean;
}

/**
 * Every request with a cookie reads its session: one named statement (parsed and planned once
 * per connection), without the query builder's cost, for all the sessions asked at the same
 * moment (db/batch.ts).
 */
const READ_SESSIONS = `
  SELECT s.id AS session_id, s.csrf_token, s.expires_at, u.id, u.username, u.display_name,
    u.role, u.unit_id, u.level_id, u.must_change_password, u.active
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = ANY ($1::text[]) AND s.expires_at > $2::timestamptz`;

async function readSessions(client: pg.Pool | pg.PoolClient, ids: string[]) {
  const { rows } = await client.query<SessionRow>({
    name: "tdkt_read_sessions",
    text: READ_SESSIONS,
    values: [ids, new Date()],
  });
  return new Map(rows.map((r) => [r.session_id, r]));
}

const sessionReads = new WeakMap<pg.Pool, Batcher<string, SessionRow | undefined>>();

async function sessionRow(db: DbOrTx, id: string): Promise<SessionRow | undefined> {
  const client = pgOf(db);
  if (!(client instanceof pg.Pool)) return (await readSessions(client, [id])).get(id);
  let reads = sessionReads.get(client);
  if (!reads) {
    // the sessions a pool's requests ask for at the same moment are read together
    reads = new Batcher(async (ids) => {
      const rows = await readSessions(client, ids);
      return ids.map((i) => rows.get(i));
    });
    sessionReads.set(client, reads);
  }
  return reads.call(id);
}

/**
 * The session's user and CSRF token, sliding its expiry; null when unknown or expired. One
 * statement; a second one (the new expiry) at most once a minute of a session.
 */
export async function readSession(
  db: DbOrTx,
  token: string,
  minutes: number,
): Promise<{ user: SessionUser; csrfToken: string } | null> {
  const id = digest(token);
  const row = await sessionRow(db, id);
  if (!row?.active) return null;
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  if (expiresAt.getTime() - row.expires_at.getTime() > 60_000) {
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return {
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      unitId: row.unit_id,
      levelId: row.level_id,
      mustChangePassword: row.must_change_password,
    },
    csrfToken: row.csrf_token,
  };
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
