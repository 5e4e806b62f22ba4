/**
 * What the commands that work on the product's data share: the configuration read from the
 * environment and the database it names (DATABASE_URL, or the embedded one under DATA_DIR),
 * or a Vietnamese message on standard error and exit code 1.
 */
import { type Config, readConfig } from "../server/config.ts";
import { type Database, openDatabase } from "../server/db/client.ts";

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
