/** Health, sign-in, sign-out and the current user. */
import { eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireUser } from "../request.ts";
import { createSession, endSession, SESSION_COOKIE, verifyPassword } from "../auth.ts";
import { users } from "../db/schema.ts";
import { HttpError } from "../errors.ts";

const userOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(["unit", "standing", "council", "data", "admin"]),
  unitId: z.number().nullable(),
  levelId: z.number().nullable(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/health",
    {
      schema: {
        tags: ["hệ thống"],
        response: { 200: z.object({ status: z.literal("ok"), database: z.string() }) },
      },
    },
    async () => {
      await app.database.db.execute("select 1");
      return { status: "ok" as const, database: app.database.kind };
    },
  );

  app.post(
    "/api/auth/login",
    {
      config: { rateLimit: { max: 10, timeWindow: "1 minute" } },
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
      const { username, password } = request.body;
      const [user] = await app.database.db.select().from(users).where(eq(users.username, username));
      if (!user?.active || !(await verifyPassword(user.passwordHash, password))) {
        throw new HttpError(401, "BAD_CREDENTIALS", "Tên đăng nhập hoặc mật khẩu không đúng.");
      }
      const session = await createSession(app.database.db, user.id, app.config.SESSION_MINUTES);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: request.protocol === "https",
        expires: session.expiresAt,
      });
      const { passwordHash: _, active: __, createdAt: ___, ...out } = user;
      return { user: out, csrfToken: session.csrfToken };
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
        response: { 200: z.object({ user: userOut, csrfToken: z.string() }) },
      },
    },
    async (request) => ({ user: requireUser(request), csrfToken: request.csrfToken as string }),
  );
};
