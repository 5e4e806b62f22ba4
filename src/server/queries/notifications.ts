/** A person's notifications (the bell and its page) and their mail settings. */
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { SessionUser } from "../auth.ts";
import type { DbOrTx } from "../db/client.ts";
import { notifications, users } from "../db/schema.ts";

/** The latest notifications shown, and how many are unread. */
const SHOWN = 100;

export async function myNotifications(db: DbOrTx, user: SessionUser) {
  const [items, [unread]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(eq(notifications.userId, user.id))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(SHOWN),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt))),
  ]);
  return { unread: unread?.n ?? 0, items };
}

export async function mailSettings(db: DbOrTx, user: SessionUser, mailEnabled: boolean) {
  const [row] = await db
    .select({ email: users.email, emailDigest: users.emailDigest })
    .from(users)
    .where(eq(users.id, user.id));
  return { email: row?.email ?? null, emailDigest: row?.emailDigest ?? true, mailEnabled };
}
