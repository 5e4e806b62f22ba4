/**
 * Create an account: unit staff belong to a unit; standing agency staff and council members to
 * a level; a data agency to its unit record and its level; an administrator to neither. The
 * password is hashed (argon2id) before the transaction; the audit row never holds it.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import { hashPassword } from "../../auth.ts";
import type { Db } from "../../db/client.ts";
import { type UserRole, users } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { findLevel, findUnit, isUniqueViolation } from "./lookup.ts";

export const MIN_PASSWORD = 8;
/** Lower-case letters, digits, dot, dash, underscore; 3 to 50 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,49}$/;

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: UserRole;
  unitId: number | null;
  levelId: number | null;
}

/** Which of unit and level each role needs (true), must not have (false). */
const SCOPE: Record<UserRole, { unit: boolean; level: boolean; label: string }> = {
  unit: { unit: true, level: false, label: "Cán bộ đơn vị" },
  standing: { unit: false, level: true, label: "Cán bộ cơ quan thường trực" },
  council: { unit: false, level: true, label: "Thành viên Hội đồng" },
  data: { unit: true, level: true, label: "Cơ quan cung cấp số liệu" },
  admin: { unit: false, level: false, label: "Quản trị hệ thống" },
};

export const ROLE_LABELS: Record<UserRole, string> = Object.fromEntries(
  Object.entries(SCOPE).map(([role, s]) => [role, s.label]),
) as Record<UserRole, string>;

export function userOut(row: typeof users.$inferSelect) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    unitId: row.unitId,
    levelId: row.levelId,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
  };
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) {
    throw badRequest("WEAK_PASSWORD", `Mật khẩu phải có ít nhất ${MIN_PASSWORD} ký tự.`);
  }
}

export async function createUser(db: Db, actorId: number | null, input: CreateUserInput) {
  const scope = SCOPE[input.role];
  const need = (has: boolean, wanted: boolean, what: string) => {
    if (wanted && !has) {
      throw badRequest("INVALID_SCOPE", `${scope.label} phải gắn với một ${what}.`);
    }
    if (!wanted && has) {
      throw badRequest("INVALID_SCOPE", `${scope.label} không gắn với ${what}.`);
    }
  };
  need(input.unitId !== null, scope.unit, "đơn vị");
  need(input.levelId !== null, scope.level, "cấp hành chính");
  checkPassword(input.password);
  const taken = () => conflict(`Tên đăng nhập "${input.username}" đã có. Hãy chọn tên khác.`);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      if (input.unitId !== null) await findUnit(tx, input.unitId);
      if (input.levelId !== null) await findLevel(tx, input.levelId);
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, input.username));
      if (existing) throw taken();
      const { password: _, ...fields } = input;
      const [user] = await tx
        .insert(users)
        .values({ ...fields, passwordHash })
        .returning();
      if (!user) throw new Error("insert returned nothing");
      const out = userOut(user);
      await writeAudit(tx, {
        actorId,
        action: "user.create",
        entity: "user",
        entityId: user.id,
        unitId: user.unitId,
        newValue: out,
      });
      return out;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
