/**
 * Download links for evidence that expire: `/api/evidence/:id/file?expires=…&signature=…`, the
 * signature an HMAC-SHA256 over the id and the expiry with a server secret kept in the database
 * (made once, on first use). The link is the only key: whoever holds it until it expires may
 * download, so it is given only to those who may see the sheet, for 15 minutes.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { settings } from "../../db/schema.ts";

export const LINK_MINUTES = 15;
const SECRET_KEY = "evidence_link_secret";

async function linkSecret(db: DbOrTx): Promise<Buffer> {
  await db
    .insert(settings)
    .values({ key: SECRET_KEY, value: randomBytes(32).toString("hex") })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, SECRET_KEY));
  return Buffer.from((row as { value: string }).value, "hex");
}

function sign(secret: Buffer, evidenceId: number, expires: number): Buffer {
  return createHmac("sha256", secret).update(`evidence:${evidenceId}:${expires}`).digest();
}

export async function createEvidenceLink(
  db: DbOrTx,
  evidenceId: number,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const expires = Math.floor(now.getTime() / 1000) + LINK_MINUTES * 60;
  const signature = sign(await linkSecret(db), evidenceId, expires).toString("hex");
  return {
    url: `/api/evidence/${evidenceId}/file?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires * 1000),
  };
}

/** Whether a link is genuine and still valid. */
export async function checkEvidenceLink(
  db: DbOrTx,
  evidenceId: number,
  expires: string | undefined,
  signature: string | undefined,
  now = new Date(),
): Promise<"valid" | "invalid" | "expired"> {
  if (!expires || !/^\d{1,12}$/.test(expires) || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    return "invalid";
  }
  const expected = sign(await linkSecret(db), evidenceId, Number(expires));
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) return "invalid";
  return Number(expires) * 1000 > now.getTime() ? "valid" : "expired";
}
