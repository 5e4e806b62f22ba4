/** What a route asks of the request: the signed-in user, or a 401; what an id is. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { SessionUser } from "./auth.ts";
import { unauthorized } from "./errors.ts";
import { assert, DENY } from "./policies/access.ts";

/** The signed-in user, or a 401 the interface answers by asking to sign in again. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/** The signed-in administrator, or a 401 / 403. */
export function requireAdmin(request: FastifyRequest): SessionUser {
  const user = requireUser(request);
  assert(user.role === "admin", DENY.admin);
  return user;
}

/** The largest evidence or imported file accepted. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The largest value of PostgreSQL's integer: ids and versions live in it. */
export const MAX_INTEGER = 2_147_483_647;

/**
 * An id: in a path or a query, plain decimal digits (never "0x2", "2e0", "+2" or "2 "); in a
 * body, a whole number; within PostgreSQL's integer either way.
 */
export const id = z
  .union([
    z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, "phải là số nguyên dương, chỉ gồm chữ số")
      .transform(Number),
    z.number().int().positive(),
  ])
  .pipe(z.number().max(MAX_INTEGER, "vượt quá giới hạn"));
