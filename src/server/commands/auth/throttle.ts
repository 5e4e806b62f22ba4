/**
 * Throttling of failed sign-ins, held in the database (sign_in_failures) so that neither a
 * restart nor a second server forgets them. Only failures count: a training room of thirty
 * people behind one office address all sign in.
 *
 * Limits, over a sliding window of 15 minutes:
 * - an account (the user name as typed, lower-cased, known or not): 10 failures. Enough for a
 *   user who mistypes a few times and then tries the old passwords they remember; an attacker
 *   gets 40 guesses an hour per account, far too few for a password of 8 characters or more.
 * - an address: 100 failures. An office behind one address with many people mistyping stays
 *   well below it; a script trying many accounts from one address is stopped.
 * While a limit is reached the password is not even checked, and the refusal is not counted:
 * the account opens again 15 minutes after the failures that filled the limit.
 * A failure is written once its password check is done, so attempts sent at the same instant
 * may pass the limit by as many as are in flight; each still costs an argon2 check.
 */
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { vietnamClock } from "../../../core/workflow.ts";
import type { DbOrTx } from "../../db/client.ts";
import { signInFailures } from "../../db/schema.ts";
import { HttpError } from "../../errors.ts";

export const WINDOW_MINUTES = 15;
export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 100;

const windowLength = sql.raw(`interval '${WINDOW_MINUTES} minutes'`);
const windowStart = sql`now() - ${windowLength}`;

/** The key of an account for throttling: the name as typed, lower-cased. */
export const throttleKey = (username: string) => username.toLowerCase();

/**
 * Seconds until the given column's value has fewer than `limit` failures in the window, or 0.
 * The limit-th newest failure is the one whose leaving the window opens the door again.
 */
async function secondsLocked(
  db: DbOrTx,
  column: typeof signInFailures.username | typeof signInFailures.address,
  value: string,
  limit: number,
): Promise<number> {
  const [row] = await db
    .select({
      wait: sql<number>`ceil(extract(epoch from ${signInFailures.at} + ${windowLength} - now()))::integer`,
    })
    .from(signInFailures)
    .where(and(eq(column, value), gt(signInFailures.at, windowStart)))
    .orderBy(desc(signInFailures.at))
    .offset(limit - 1)
    .limit(1);
  return row ? Math.max(1, Number(row.wait)) : 0;
}

function refusal(seconds: number, what: string): HttpError {
  const minutes = Math.ceil(seconds / 60);
  const { hour, minute } = vietnamClock(new Date(Date.now() + seconds * 1000));
  const at = `${hour}:${minute}`;
  return new HttpError(
    429,
    "TOO_MANY_ATTEMPTS",
    `${what} Vui lòng thử lại sau ${minutes} phút (lúc ${at}); nếu quên mật khẩu, hãy liên hệ quản trị hệ thống để được đặt lại.`,
    { retryAfterSeconds: seconds },
  );
}

/** Refuses (429, in Vietnamese, saying when to retry) while the account or the address is locked. */
export async function assertNotThrottled(
  db: DbOrTx,
  username: string,
  address: string,
): Promise<void> {
  const account = await secondsLocked(
    db,
    signInFailures.username,
    throttleKey(username),
    ACCOUNT_LIMIT,
  );
  if (account > 0) {
    throw refusal(account, "Tài khoản này đã đăng nhập sai quá nhiều lần nên tạm thời bị chặn.");
  }
  const fromAddress = await secondsLocked(db, signInFailures.address, address, ADDRESS_LIMIT);
  if (fromAddress > 0) {
    throw refusal(
      fromAddress,
      "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này nên tạm thời bị chặn.",
    );
  }
}

/** Counts one failure, and forgets the ones older than the window. */
export async function recordFailure(db: DbOrTx, username: string, address: string): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, windowStart));
  await db.insert(signInFailures).values({ username: throttleKey(username), address });
}
