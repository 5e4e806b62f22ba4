/**
 * Least privilege (decision 007): the migrations run as the owner of the tables; the running
 * server uses a role that may read and write rows and nothing else — no DDL, no trigger
 * changes, no replication role — and only INSERT and SELECT on the append-only tables. The
 * grants are applied by the owner after every migration, so a new table is covered too.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/** The runtime role the product creates on the embedded server (and on a test server). */
export const RUNTIME_ROLE = "tdkt_app";

/** Tables whose rows are never changed or removed (the database refuses it: migration 0006). */
export const APPEND_ONLY_TABLES = [
  "audit_log",
  "audit_verifications",
  "sheet_transitions",
  "ballot_voters",
  "proposals",
] as const;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Grant `role` what the product does, as the owner (`owner`: the connection that ran the
 * migrations). With `create`, the role is made (a login without a password: the embedded server
 * only takes connections on its own socket) when it does not exist.
 */
export async function grantRuntime(
  owner: Db,
  role: string,
  options: { create?: boolean } = {},
): Promise<void> {
  const r = quote(role);
  if (options.create) await createRole(owner, role);
  const append = APPEND_ONLY_TABLES.map(quote).join(", ");
  await owner.execute(
    sql.raw(`
      GRANT USAGE ON SCHEMA public TO ${r};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
      REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON ${append} FROM ${r};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
      GRANT USAGE ON SCHEMA drizzle TO ${r};
      GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${r};
    `),
  );
}

async function createRole(owner: Db, role: string): Promise<void> {
  const exists = async () =>
    (
      (await owner.execute(sql`SELECT 1 FROM pg_roles WHERE rolname = ${role}`)) as unknown as {
        rows: unknown[];
      }
    ).rows.length === 1;
  if (await exists()) return;
  try {
    await owner.execute(
      sql.raw(
        `CREATE ROLE ${quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
      ),
    );
  } catch (e) {
    // another process (a second test run) made it at the same moment
    if (!(await exists())) throw e;
  }
}

/** What the runtime role may do that it should not, in Vietnamese; empty when it is as it should be. */
export async function runtimeRoleProblems(db: Db): Promise<string[]> {
  const { rows } = (await db.execute(sql`
    SELECT current_user AS name, r.rolsuper AS superuser, r.rolreplication AS replication,
      EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns
    FROM pg_roles r WHERE r.rolname = current_user`)) as unknown as {
    rows: { name: string; superuser: boolean; replication: boolean; owns: boolean }[];
  };
  const me = rows[0];
  if (!me) return [];
  const problems: string[] = [];
  if (me.superuser) problems.push(`tài khoản "${me.name}" là siêu người dùng (superuser)`);
  if (me.replication) problems.push(`tài khoản "${me.name}" có quyền sao chép (replication)`);
  if (me.owns) problems.push(`tài khoản "${me.name}" là chủ sở hữu các bảng`);
  return problems;
}
