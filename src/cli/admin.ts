/**
 * `tdkt admin create --username NAME --password PASS [--name "Họ tên"]`: create an administrator
 * in the configured database (DATABASE_URL, or the embedded one under DATA_DIR). Bad input (an
 * existing username, a short password) ends with exit code 2; a wrong command or configuration
 * with exit code 1; a Vietnamese message either way.
 */
import { createUser, USERNAME_PATTERN } from "../server/commands/organisation/create-user.ts";
import { addingAccounts, describeDatabase } from "./configured-database.ts";

export const ADMIN_USAGE =
  '  admin create --username TÊN --password MẬT_KHẨU [--name "Họ tên"]\n' +
  "                          tạo tài khoản quản trị trong cơ sở dữ liệu (DATABASE_URL hoặc DATA_DIR)";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

const OPTIONS = { "--username": "username", "--password": "password", "--name": "name" } as const;

function parse(args: string[]): Record<"username" | "password" | "name", string | undefined> {
  const [command, ...rest] = args;
  if (command !== "create") {
    throw new Error(command ? `Lệnh "admin ${command}" không có.` : "Thiếu lệnh con của admin.");
  }
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = OPTIONS[rest[i] as keyof typeof OPTIONS];
    const value = rest[i + 1];
    if (!key) throw new Error(`Tham số "${rest[i]}" không có.`);
    if (value === undefined) throw new Error(`Thiếu giá trị sau ${rest[i]}.`);
    out[key] = value;
  }
  return out as Record<"username" | "password" | "name", string | undefined>;
}

/** Run `tdkt admin …`; the exit code. */
export async function runAdmin(args: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (e) {
    complain(`${(e as Error).message}\n\nCách dùng:\n${ADMIN_USAGE}`);
    return 1;
  }
  const { username, password, name } = options;
  if (!username || !password) {
    complain(`Cần có --username và --password.\n\nCách dùng:\n${ADMIN_USAGE}`);
    return 1;
  }
  if (!USERNAME_PATTERN.test(username)) {
    complain(
      `Lỗi: tên đăng nhập "${username}" không hợp lệ: 3–50 ký tự gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.`,
    );
    return 2;
  }
  return addingAccounts(async (database, config) => {
    const user = await createUser(database.db, null, {
      username,
      displayName: name?.trim() || "Quản trị hệ thống",
      password,
      role: "admin",
      unitId: null,
      levelId: null,
    });
    say(
      `Đã tạo tài khoản quản trị "${user.username}" (${user.displayName}) trong ${describeDatabase(database, config)}.`,
    );
  });
}
