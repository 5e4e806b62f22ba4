/** What a route asks of the request: the signed-in user, or a 401. */
import type { FastifyRequest } from "fastify";
import type { SessionUser } from "./auth.ts";
import { unauthorized } from "./errors.ts";

/** The signed-in user, or a 401 the interface answers by asking to sign in again. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/** The largest evidence or imported file accepted. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
