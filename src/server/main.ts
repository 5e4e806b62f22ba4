/**
 * `npm start`: read the configuration, open the database (the embedded PostgreSQL server under
 * DATA_DIR started and the folder locked for this process, or DATABASE_URL; migrations
 * applied), serve the API and print the address. In demonstration mode (the embedded database,
 * not NODE_ENV=production) an empty database gets the demo data and the demo accounts are
 * printed; otherwise an empty database gets no account and the console says how to create the
 * first administrator. SIGINT/SIGTERM close the server, then the database (stopping the embedded
 * server, releasing the lock). A wrong configuration or a busy data folder ends with a Vietnamese
 * message and exit code 1, never a stack trace.
 */
import type { AddressInfo } from "node:net";
import { count } from "drizzle-orm";
import { buildApp } from "./app.ts";
import { ROLE_LABELS } from "./commands/organisation/create-user.ts";
import { type Config, demoMode, readConfig } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { runtimeRoleProblems } from "./db/privileges.ts";
import { users } from "./db/schema.ts";
import { startNotifier } from "./notifier.ts";
import { warmDocuments } from "./routes/documents.ts";
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

function printFirstAdministrator(): void {
  say("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên bằng lệnh (cùng cấu hình):");
  say('  npm run --silent tdkt -- admin create --username TÊN --password MẬT_KHẨU --name "Họ tên"');
  say("rồi đăng nhập bằng tài khoản đó để tạo các cấp, Cụm, đơn vị và tài khoản khác.");
}

async function start(config: Config, database: Database): Promise<void> {
  const demo = demoMode(config);
  const [row] = await database.db.select({ n: count() }).from(users);
  const empty = (row?.n ?? 0) === 0;
  if (empty && demo) await loadDemo(database.db);
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

  const stopNotifier = startNotifier(database.db, config, {
    info: say,
    error: (m) => process.stderr.write(`${m}\n`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say("Đang dừng máy chủ…");
    // a database that does not stop is said, not waited for forever
    const overdue = setTimeout(() => {
      say("Không dừng được cơ sở dữ liệu sau 90 giây: thoát.");
      process.exit(1);
    }, 90_000);
    stopNotifier();
    try {
      await app.close();
    } finally {
      await database.close();
    }
    clearTimeout(overdue);
    say("Đã dừng máy chủ.");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const where =
    database.kind === "postgres"
      ? "PostgreSQL (DATABASE_URL)"
      : `PostgreSQL nhúng tại ${config.DATA_DIR}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
  say(`TĐKT Cụm đang chạy tại http://${host}:${port} (cơ sở dữ liệu: ${where}).`);
  say(`Sẵn sàng sau ${seconds} giây. Tài liệu API: http://${host}:${port}/api/docs`);
  if (demo && (empty || (await demoLoaded(database.db)))) printAccounts(empty);
  else if (empty) printFirstAdministrator();
  else if (await demoLoaded(database.db)) {
    say(
      `Cảnh báo: cơ sở dữ liệu này có dữ liệu mẫu với các tài khoản mẫu dùng mật khẩu công khai (${DEMO_PASSWORD}). Không dùng nó cho công việc thật: khởi động trên một cơ sở dữ liệu mới.`,
    );
  }
  for (const problem of await runtimeRoleProblems(database.db)) {
    say(
      `Cảnh báo: máy chủ kết nối cơ sở dữ liệu bằng ${problem}: nhật ký thay đổi chỉ được bảo vệ khi máy chủ dùng một tài khoản riêng không sở hữu bảng. Đặt MIGRATION_DATABASE_URL cho tài khoản sở hữu và DATABASE_URL cho tài khoản chạy (xem README).`,
    );
  }
  if (config.SMTP_URL) say("Thư tổng hợp thông báo hằng ngày: gửi qua SMTP_URL.");
  say("Nhấn Ctrl+C để dừng.");
  // the first file asked for need not wait for the Excel and Word libraries; a failure here
  // shows again, with its message, on the request that needs them
  setImmediate(() => void warmDocuments().catch(() => {}));
}

let config: Config;
try {
  config = readConfig();
} catch (e) {
  fail(errorMessage(e));
}

let database: Database;
try {
  database = await openDatabase(config, { owner: true, log: say });
} catch (e) {
  fail(`Không mở được cơ sở dữ liệu: ${errorMessage(e)}`);
}

try {
  await start(config, database);
} catch (e) {
  await database.close().catch(() => {});
  fail(`Không khởi động được máy chủ: ${errorMessage(e)}`);
}
