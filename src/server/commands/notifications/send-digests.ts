/**
 * The daily digest by e-mail: to each person with an address who has not turned it off, one
 * message a day (Vietnam's day) at most, with the notices not yet mailed, each with its link.
 * A message that fails is tried again at the next round; a notice is marked mailed only once
 * its message is accepted by the mail server.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { todayInVietnam } from "../../../core/workflow.ts";
import type { DbOrTx } from "../../db/client.ts";
import { notifications } from "../../db/schema.ts";

export interface Mail {
  transport: Transporter;
  from: string;
  /** The address of the web interface, for the links. */
  publicUrl: string;
}

interface Pending {
  user_id: number;
  email: string;
  display_name: string;
  notices: { id: number; title: string; body: string; link: string }[];
}

/** The people to mail today and what each is told: one statement. */
async function pendingDigests(db: DbOrTx, now: Date): Promise<Pending[]> {
  const today = todayInVietnam(now);
  const { rows } = (await db.execute(sql`
    SELECT u.id AS user_id, u.email, u.display_name,
      jsonb_agg(jsonb_build_object('id', n.id, 'title', n.title, 'body', n.body, 'link', n.link)
        ORDER BY n.created_at, n.id) AS notices
    FROM users u JOIN notifications n ON n.user_id = u.id
    WHERE u.active AND u.email_digest AND u.email IS NOT NULL AND u.email <> ''
      AND n.emailed_at IS NULL AND n.read_at IS NULL
      AND n.created_at <= ${now.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM notifications d WHERE d.user_id = u.id
        AND (d.emailed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = ${today}::date)
    GROUP BY u.id`)) as unknown as { rows: Pending[] };
  return rows;
}

function message(p: Pending, mail: Mail) {
  const base = mail.publicUrl.replace(/\/+$/, "");
  const lines = p.notices.map((n) => `- ${n.title}\n  ${n.body}\n  ${base}${n.link}`);
  const count = p.notices.length;
  return {
    from: mail.from,
    to: { name: p.display_name, address: p.email },
    subject: `TĐKT Cụm: ${count} thông báo mới`,
    text: [
      `Kính gửi ${p.display_name},`,
      "",
      `Bạn có ${count} thông báo mới trên TĐKT Cụm:`,
      "",
      ...lines,
      "",
      `Xem tất cả thông báo: ${base}/thong-bao`,
      "Không muốn nhận thư này nữa? Tắt mục «Nhận thư tổng hợp hằng ngày» ở trang Thông báo.",
    ].join("\n"),
  };
}

/** Send the digests due at `now`: how many the mail server accepted, and the refusals. */
export async function sendDigests(db: DbOrTx, mail: Mail, now = new Date()) {
  let sent = 0;
  const failed: { email: string; error: string }[] = [];
  for (const p of await pendingDigests(db, now)) {
    try {
      await mail.transport.sendMail(message(p, mail));
    } catch (e) {
      // the mail server refused or was away: the notices stay unmailed for the next round
      failed.push({ email: p.email, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    await db
      .update(notifications)
      .set({ emailedAt: now })
      .where(
        and(
          eq(notifications.userId, p.user_id),
          inArray(
            notifications.id,
            p.notices.map((n) => n.id),
          ),
        ),
      );
    sent++;
  }
  return { sent, failed };
}
