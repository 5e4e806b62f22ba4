/**
 * `npm start`: read the configuration, open the database (migrations applied; the data folder
 * locked for this process), load the demonstration data into an empty database, serve the API,
 * and print the address and the demo accounts. SIGINT/SIGTERM close the server and the database
 * (releasing the lock). A wrong configuration or a busy data folder ends with a Vietnamese
 * message and exit code 1, never a stack trace.
 */
import type { AddressInfo } from "node:net";
import { count } from "drizzle-orm";
import { buildApp } from "./app.ts";
import { ROLE_LABELS } from "./commands/organisation/create-user.ts";
import { type Config, readConfig } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { users } from "./db/schema.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoLoaded, loadDemo } from "./seed/demo.ts";

const started = performance.now();
const say = (text: string) => process.stdout.write(`${text}\n`);

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

function printAccounts(loadedNow: boolean): void {
  say(
    loadedNow
      ? "Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu (3 Cụm, Khối thi đua giữa năm 2025)."
      : "Cơ sở dữ liệu có dữ liệu mẫu nạp từ lần khởi động đầu.",
  );
  say(`Tài khoản mẫu (mật khẩu chung: ${DEMO_PASSWORD}):`);
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length)) + 2;
  let role = "";
  for (const account of DEMO_ACCOUNTS) {
    if (account.role !== role) {
      role = account.role;
      say(`  ${ROLE_LABELS[account.role]}:`);
    }
    say(`    ${account.username.padEnd(width)}${account.description}`);
  }
}

async function start(config: Config, database: Database): Promise<void> {
  const [row] = await database.db.select({ n: count() }).from(users);
  const empty = (row?.n ?? 0) === 0;
  if (empty) await loadDemo(database.db);
  const app = await buildApp(database, config);
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (e) {
    await app.close();
    if ((e as { code?: string }).code === "EADDRINUSE") {
      throw new Error(
        `Cổng ${config.PORT} trên ${config.HOST} đang được chương trình khác dùng. Đặt PORT khác, ví dụ PORT=3001 npm start.`,
      );
    }
    throw e;
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say("Đang dừng máy chủ…");
    try {
      await app.close();
    } finally {
      await database.close();
    }
    say("Đã dừng máy chủ.");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const where =
    database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite tại ${config.DATA_DIR}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
  say(`TĐKT Cụm đang chạy tại http://${host}:${port} (cơ sở dữ liệu: ${where}).`);
  say(`Sẵn sàng sau ${seconds} giây. Tài liệu API: http://${host}:${port}/api/docs`);
  if (empty || (await demoLoaded(database.db))) printAccounts(empty);
  say("Nhấn Ctrl+C để dừng.");
}

let config: Config;
try {
  config = readConfig();
} catch (e) {
  fail(errorMessage(e));
}

let database: Database;
try {
  database = await openDatabase(config);
} catch (e) {
  fail(`Không mở được cơ sở dữ liệu: ${errorMessage(e)}`);
}

try {
  await start(config, database);
} catch (e) {
  await database.close().catch(() => {});
  fail(`Không khởi động được máy chủ: ${errorMessage(e)}`);
}
