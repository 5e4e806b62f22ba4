/** A person sets where their daily digest goes, or turns it off. */
import { eq } from "drizzle-orm";
import type { SessionUser } from "../../auth.ts";
import type { DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema.ts";

export async function updateMailSettings(
  db: DbOrTx,
  user: SessionUser,
  input: { email: string | null; emailDigest: boolean },
) {
  const email = input.email?.trim() || null;
  await db
    .update(users)
    .set({ email, emailDigest: input.emailDigest })
    .where(eq(users.id, user.id));
  return { email, emailDigest: input.emailDigest };
}
