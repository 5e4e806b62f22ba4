/** What reached the signed-in user (the bell, the notifications page) and their digest by mail. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { markRead } from "../commands/notifications/mark-read.ts";
import { updateMailSettings } from "../commands/notifications/update-mail-settings.ts";
import { mailSettings, myNotifications } from "../queries/notifications.ts";
import { id, requireUser } from "../request.ts";

const tags = ["thông báo"];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;

  app.get("/api/me/notifications", { schema: { tags } }, async (request) =>
    myNotifications(db(), requireUser(request)),
  );

  app.post(
    "/api/me/notifications/read",
    { schema: { tags, body: z.object({ ids: z.array(id).max(1000).optional() }) } },
    async (request) => markRead(db(), requireUser(request), request.body.ids),
  );

  app.get("/api/me/mail", { schema: { tags } }, async (request) =>
    mailSettings(db(), requireUser(request), Boolean(app.config.SMTP_URL)),
  );

  app.put(
    "/api/me/mail",
    {
      schema: {
        tags,
        body: z.object({
          email: z.email("Địa chỉ thư điện tử không hợp lệ").max(320).nullable().or(z.literal("")),
          emailDigest: z.boolean(),
        }),
      },
    },
    async (request) =>
      updateMailSettings(db(), requireUser(request), {
        email: request.body.email || null,
        emailDigest: request.body.emailDigest,
      }),
  );
};
