/**
 * `tdkt demo province --clusters N [--years Y] [--units U] [--seed S] [--name "Tỉnh …"]`: load
 * a province to measure on (src/server/seed/province.ts) into the configured database
 * (DATABASE_URL, or the embedded one under DATA_DIR), through the product's own import. Progress
 * goes to standard error, the summary and the accounts to sign in with to standard output.
 * A wrong command line or configuration ends with exit code 1; a province the database already
 * has, with exit code 2; a Vietnamese message either way.
 */
import {
  DEFAULT_PROVINCE_NAME,
  LAST_YEAR,
  type LoadedProvince,
  loadProvince,
  PROVINCE_PASSWORD,
} from "../server/seed/province.ts";
import { addingAccounts, describeDatabase } from "./configured-database.ts";
import { DEMO_USAGE } from "./usage.ts";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);
const number = (n: number) => n.toLocaleString("vi-VN");

interface DemoOptions {
  clusters: number;
  years: number;
  units: number;
  seed: number | undefined;
  name: string;
}

const OPTIONS = {
  "--clusters": "clusters",
  "--years": "years",
  "--units": "units",
  "--seed": "seed",
  "--name": "name",
} as const;

function wholeNumber(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${option} cần một số nguyên dương (nhận "${value}").`);
  return Number(value);
}

function parse(args: string[]): DemoOptions {
  const [command, ...rest] = args;
  if (command !== "province") {
    throw new Error(command ? `Lệnh "demo ${command}" không có.` : "Thiếu lệnh con của demo.");
  }
  const given: Partial<Record<(typeof OPTIONS)[keyof typeof OPTIONS], string>> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = OPTIONS[rest[i] as keyof typeof OPTIONS];
    const value = rest[i + 1];
    if (!key) throw new Error(`Tham số "${rest[i]}" không có.`);
    if (value === undefined) throw new Error(`Thiếu giá trị sau ${rest[i]}.`);
    given[key] = value;
  }
  if (given.clusters === undefined) throw new Error("Cần có --clusters N (số Cụm, Khối).");
  return {
    clusters: wholeNumber("--clusters", given.clusters),
    years: given.years === undefined ? 1 : wholeNumber("--years", given.years),
    units: given.units === undefined ? 10 : wholeNumber("--units", given.units),
    seed: given.seed === undefined ? undefined : wholeNumber("--seed", given.seed),
    name: given.name?.trim() || DEFAULT_PROVINCE_NAME,
  };
}

/** Progress on standard error: one line kept up to date on a terminal, else about 20 lines. */
function progress(): (
  done: number,
  total: number,
  loaded: { cluster: string; year: string },
) => void {
  const tty = process.stderr.isTTY === true;
  return (done, total, loaded) => {
    const line = `Đã nạp ${done}/${total} năm thi đua — ${loaded.cluster}, năm ${loaded.year}`;
    if (tty) {
      process.stderr.write(`\r${line}\u001b[K${done === total ? "\n" : ""}`);
    } else if (done === total || done % Math.max(1, Math.ceil(total / 20)) === 0) {
      complain(line);
    }
  };
}

function summary(loaded: LoadedProvince, options: DemoOptions, where: string, seconds: number) {
  const first = LAST_YEAR - options.years + 1;
  const years = options.years === 1 ? `năm ${LAST_YEAR}` : `các năm ${first}–${LAST_YEAR}`;
  say(
    `Đã nạp ${options.name} vào ${where} trong ${seconds.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} giây:`,
  );
  say(
    `  ${number(loaded.clusterIds.length)} Cụm, Khối thi đua; ${number(loaded.unitIds.length)} đơn vị; ` +
      `${number(loaded.periodIds.length)} năm thi đua đã thẩm định (${years}); ${number(loaded.scores)} điểm.`,
  );
  say(`Tài khoản đăng nhập (mật khẩu ${PROVINCE_PASSWORD}):`);
  const shown = loaded.accounts.slice(0, 6);
  const width = Math.max(...shown.map((a) => a.username.length)) + 2;
  for (const a of shown) {
    const what = a.role === "standing" ? "cơ quan thường trực" : "đơn vị thành viên";
    say(`  ${a.username.padEnd(width)}${a.displayName} (${what})`);
  }
  const more = loaded.accounts.length - shown.length;
  if (more > 0) {
    say(
      `  … và ${number(more)} tài khoản đơn vị khác: mỗi Cụm một tài khoản, tên đăng nhập là mã của đơn vị cuối cùng của Cụm.`,
    );
  }
}

/** Run `tdkt demo …`; the exit code. */
export async function runDemo(args: string[]): Promise<number> {
  let options: DemoOptions;
  try {
    options = parse(args);
  } catch (e) {
    complain(`${(e as Error).message}\n\nCách dùng:\n${DEMO_USAGE}`);
    return 1;
  }
  return addingAccounts(async (database, config) => {
    const started = performance.now();
    const loaded = await loadProvince(database.db, {
      clusters: options.clusters,
      years: options.years,
      unitsPerCluster: options.units,
      seed: options.seed,
      name: options.name,
      onProgress: progress(),
    });
    const seconds = (performance.now() - started) / 1000;
    summary(loaded, options, describeDatabase(database, config), seconds);
  });
}
