/**
 * What the commands that work on the product's data share: the configuration read from the
 * environment and the database it names (DATABASE_URL, or the embedded one under DATA_DIR),
 * or a Vietnamese message on standard error and exit code 1.
 */
import { count } from "drizzle-orm";
import { type Config, readConfig } from "../server/config.ts";
import { type Database, openDatabase } from "../server/db/client.ts";
import { users } from "../server/db/schema.ts";
import { HttpError } from "../server/errors.ts";

/** The configuration and its database, or null once the reason has been written. */
export async function openConfiguredDatabase(): Promise<{
  config: Config;
  database: Database;
} | null> {
  let config: Config;
  try {
    config = readConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return null;
  }
  try {
    return { config, database: await openDatabase(config) };
  } catch (e) {
    process.stderr.write(`Không mở được cơ sở dữ liệu: ${(e as Error).message}\n`);
    return null;
  }
}

/** Where the data is, as the commands say it. */
export function describeDatabase(database: Database, config: Config): string {
  return database.kind === "postgres"
    ? "PostgreSQL (DATABASE_URL)"
    : `cơ sở dữ liệu nhúng tại ${config.DATA_DIR}`;
}

/**
 * A command that adds accounts (`admin create`, `demo province`), run on the configured
 * database, closed afterwards: 0 once `work` is done, 1 when the database cannot be opened, 2
 * with the message of a refusal the product answers with a 4xx (a name taken, a short password).
 * On a database that had no account, `npm start` no longer loads the demonstration data: said.
 */
export async function addingAccounts(
  work: (database: Database, config: Config) => Promise<void>,
): Promise<number> {
  const opened = await openConfiguredDatabase();
  if (!opened) return 1;
  const { config, database } = opened;
  try {
    const [before] = await database.db.select({ n: count() }).from(users);
    await work(database, config);
    if ((before?.n ?? 0) === 0) {
      process.stdout.write(
        "Lưu ý: cơ sở dữ liệu đã có tài khoản nên npm start sẽ không nạp dữ liệu mẫu.\n",
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof HttpError && e.status < 500) {
      process.stderr.write(`Lỗi: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await database.close();
  }
}
