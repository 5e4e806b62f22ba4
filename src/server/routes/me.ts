/** What the signed-in user takes part in: the home page, the calendar, a unit's years. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { myPeriods, unitYears } from "../queries/me.ts";
import { id, requireUser } from "../request.ts";

export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/api/me/periods", { schema: { tags: ["trang chủ"] } }, async (request) =>
    myPeriods(app.database.db, requireUser(request)),
  );
  app.get(
    "/api/units/:unitId/years",
    {
      schema: {
        tags: ["trang chủ"],
        params: z.object({ unitId: id }),
      },
    },
    async (request) => unitYears(app.database.db, requireUser(request), request.params.unitId),
  );
};
