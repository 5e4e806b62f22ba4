/** A person marks their notifications read: the ones named, or all. */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { SessionUser } from "../../auth.ts";
import type { DbOrTx } from "../../db/client.ts";
import { notifications } from "../../db/schema.ts";

export async function markRead(db: DbOrTx, user: SessionUser, ids?: number[]) {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, user.id),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return { read: rows.length };
}
