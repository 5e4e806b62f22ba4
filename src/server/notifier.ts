/**
 * The notices' round, every minute while the server runs: deliver what is due, then, when
 * mail is set up (SMTP_URL), the daily digests. A round that is still running when the next is
 * due is not doubled; a failure is logged and the next round tries again.
 */
import nodemailer from "nodemailer";
import { deliverNotifications } from "./commands/notifications/deliver-notifications.ts";
import { type Mail, sendDigests } from "./commands/notifications/send-digests.ts";
import type { Config } from "./config.ts";
import type { DbOrTx } from "./db/client.ts";

const ROUND_MS = 60_000;

interface Log {
  info(message: string): void;
  error(message: string): void;
}

export function mailOf(config: Config): Mail | null {
  if (!config.SMTP_URL) return null;
  return {
    transport: nodemailer.createTransport(config.SMTP_URL),
    from: config.MAIL_FROM,
    publicUrl: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
  };
}

/** Start the rounds; the function returned stops them. */
export function startNotifier(db: DbOrTx, config: Config, log: Log): () => void {
  const mail = mailOf(config);
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await deliverNotifications(db);
      if (mail) {
        const { failed } = await sendDigests(db, mail);
        for (const f of failed) log.error(`Không gửi được thư tổng hợp tới ${f.email}: ${f.error}`);
      }
    } catch (e) {
      log.error(`Vòng gửi thông báo lỗi: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
    }
  };
  void round();
  const timer = setInterval(() => void round(), ROUND_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    mail?.transport.close();
  };
}
