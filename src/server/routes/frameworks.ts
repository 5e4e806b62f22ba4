/**
 * Frameworks (khung tiêu chí) of a level: anyone signed in reads those a level's clusters may
 * start from; the standing agency of the level (or of a level above) and administrators publish
 * and change them, until a period using one starts scoring.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createFramework } from "../commands/frameworks/create-framework.ts";
import { updateFramework } from "../commands/frameworks/update-framework.ts";
import { assert, levelAccess } from "../policies/access.ts";
import { findFramework, listFrameworks } from "../queries/frameworks.ts";
import { id, MAX_INTEGER, requireUser } from "../request.ts";

const DENY_FRAMEWORK =
  "Chỉ cơ quan thường trực Hội đồng Thi đua - Khen thưởng của cấp này (hoặc cấp trên) được ban hành và sửa khung tiêu chí.";

const text = (max: number) => z.string().trim().min(1).max(max);
const criterionChange = z.strictObject({
  id: z.string().min(1).max(50),
  parent: z.string().min(1).max(50).optional(),
  title: z.string().min(1).max(500).optional(),
  max: z.number().nonnegative().max(100000).optional(),
  kind: z.enum(["manual", "external", "ratio"]).optional(),
  lowerIsBetter: z.boolean().optional(),
});
const criteria = z.array(criterionChange).max(1000);
const lockedSections = z.array(z.string().min(1).max(50)).max(50);

const frameworkOut = z.object({
  id: z.number(),
  levelId: z.number(),
  levelName: z.string(),
  name: z.string(),
  presetId: z.string(),
  criteria: z.array(criterionChange),
  lockedSections: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number(),
  frozen: z.boolean(),
});

export const frameworkRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const tags = ["khung tiêu chí"];

  app.get(
    "/api/levels/:levelId/frameworks",
    {
      schema: {
        tags,
        params: z.object({ levelId: id }),
        response: { 200: z.object({ frameworks: z.array(frameworkOut) }) },
      },
    },
    async (request) => {
      const a = await levelAccess(db(), requireUser(request), request.params.levelId);
      return { frameworks: await listFrameworks(db(), a.level.id) };
    },
  );

  app.post(
    "/api/levels/:levelId/frameworks",
    {
      schema: {
        tags,
        params: z.object({ levelId: id }),
        body: z.strictObject({
          name: text(200),
          presetId: text(100),
          criteria: criteria.default([]),
          lockedSections: lockedSections.default([]),
        }),
        response: { 201: frameworkOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const a = await levelAccess(db(), user, request.params.levelId);
      assert(a.standing || a.admin, DENY_FRAMEWORK);
      return reply.status(201).send(await createFramework(db(), user.id, a.level.id, request.body));
    },
  );

  app.put(
    "/api/frameworks/:id",
    {
      schema: {
        tags,
        params: z.object({ id }),
        body: z.strictObject({
          name: text(200),
          criteria,
          lockedSections,
          version: z.number().int().min(1).max(MAX_INTEGER),
          reason: z.string().max(2000).nullish(),
        }),
        response: { 200: frameworkOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const framework = await findFramework(db(), request.params.id);
      const a = await levelAccess(db(), user, framework.levelId);
      assert(a.standing || a.admin, DENY_FRAMEWORK);
      return updateFramework(db(), user.id, framework, request.body);
    },
  );
};
