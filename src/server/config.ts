/** Configuration, read once from the environment and validated; a wrong value stops the start. */
import { z } from "zod";

z.config(z.locales.vi());

const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "phải bắt đầu bằng postgres:// hoặc postgresql://")
    .optional(),
  /**
   * The owner of the tables on that server, for the migrations: DATABASE_URL is then the
   * runtime role, granted only what the product does (decision 007).
   */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "phải bắt đầu bằng postgres:// hoặc postgresql://")
    .optional(),
  /** Minutes of inactivity before a session ends. */
  SESSION_MINUTES: z.coerce.number().int().min(5).default(480),
  /** Megabytes of evidence a unit may keep in one period (its files not deleted, together). */
  EVIDENCE_QUOTA_MB: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** Behind a reverse proxy: read the client's address and scheme from X-Forwarded-*. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"], "phải là true hoặc false")
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Where the daily digests of notifications are sent from: smtp://user:pass@host:port
   * (smtps:// for TLS); without it, notifications stay in the application. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "phải bắt đầu bằng smtp:// hoặc smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("TĐKT Cụm <tdkt@localhost>"),
  /** The address people open the web interface at, for the links in e-mails. */
  PUBLIC_URL: z.url("phải là một địa chỉ web, ví dụ https://tdkt.example.gov.vn").optional(),
  NODE_ENV: z.string().optional(),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Cấu hình không hợp lệ:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/**
 * Demonstration mode: the embedded database of a development start (no DATABASE_URL, not
 * NODE_ENV=production). Only then does an empty database get the demo data and accounts, and
 * the web interface shows a "dữ liệu minh họa" banner.
 */
export function demoMode(config: Pick<Config, "DATABASE_URL" | "NODE_ENV">): boolean {
  return !config.DATABASE_URL && config.NODE_ENV !== "production";
}
