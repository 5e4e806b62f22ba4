/**
 * Health (with whether this is a demonstration), sign-in (throttled on failures, in
 * commands/auth/throttle.ts), sign-out, the current user, and changing one's own password.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { endSession, SESSION_COOKIE } from "../auth.ts";
import { changePassword } from "../commands/auth/change-password.ts";
import { signIn } from "../commands/auth/sign-in.ts";
import { demoMode } from "../config.ts";
import { requireUser } from "../request.ts";

const userOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(["unit", "standing", "council", "data", "admin"]),
  unitId: z.number().nullable(),
  levelId: z.number().nullable(),
  /** Until changed, every other route answers 403 PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword: z.boolean(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/health",
    {
      schema: {
        tags: ["hệ thống"],
        response: {
          200: z.object({
            status: z.literal("ok"),
            database: z.string(),
            /** Demonstration data and accounts: the web interface shows a banner. */
            demo: z.boolean(),
          }),
        },
      },
    },
    async () => {
      await app.database.db.execute("select 1");
      return { status: "ok" as const, database: app.database.kind, demo: demoMode(app.config) };
    },
  );

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags: ["tài khoản"],
        body: z.object({
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(200),
        }),
        response: { 200: z.object({ user: userOut, csrfToken: z.string() }) },
      },
    },
    async (request, reply) => {
      const { user, session } = await signIn(
        app.database.db,
        { ...request.body, address: request.ip },
        app.config.SESSION_MINUTES,
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        // request.protocol reads X-Forwarded-Proto only when TRUST_PROXY is on
        secure: request.protocol === "https",
        expires: session.expiresAt,
      });
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post("/api/auth/logout", { schema: { tags: ["tài khoản"] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(app.database.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  app.get(
    "/api/auth/me",
    {
      schema: {
        tags: ["tài khoản"],
        description:
          "Người đang đăng nhập; khách (chưa đăng nhập, phiên đã hết hạn) nhận user: null, không phải lỗi.",
        response: {
          200: z.object({ user: userOut.nullable(), csrfToken: z.string().nullable() }),
        },
      },
    },
    // asking whether one is signed in is not an error: a visitor's browser logs no 401
    async (request) =>
      request.user
        ? { user: request.user, csrfToken: request.csrfToken as string }
        : { user: null, csrfToken: null },
  );

  app.post(
    "/api/auth/password",
    {
      schema: {
        tags: ["tài khoản"],
        body: z.strictObject({
          currentPassword: z.string().min(1).max(200),
          // the length is checked by the command, with a message that says the minimum
          newPassword: z.string().min(1).max(200),
        }),
        response: { 200: z.object({ mustChangePassword: z.boolean() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return changePassword(app.database.db, {
        userId: user.id,
        ...request.body,
        sessionToken: request.cookies[SESSION_COOKIE] as string,
        address: request.ip,
      });
    },
  );
};
