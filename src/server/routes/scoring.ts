/** Scoring sheets: read a sheet, save a score, move it along the workflow, reconcile, review. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { respondToReview } from "../commands/scoring/respond-to-review.ts";
import { saveScore } from "../commands/scoring/save-score.ts";
import { settleBonus } from "../commands/scoring/settle-bonus.ts";
import { transitionSheet } from "../commands/scoring/transition-sheet.ts";
import { assert, canSeeSheet, DENY, periodAccess } from "../policies/access.ts";
import { unitHistory } from "../queries/history.ts";
import { reviewMatrix, unitSheet } from "../queries/sheets.ts";
import { id, MAX_INTEGER, requireUser } from "../request.ts";
import { historyQuery } from "./audit.ts";

const sheetParams = z.object({ periodId: id, unitId: id });
const criterionParams = sheetParams.extend({ criterionId: z.string().min(1).max(50) });
const tags = ["chấm điểm"];

export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;

  app.get(
    "/api/periods/:periodId/units/:unitId/sheet",
    { schema: { tags, params: sheetParams } },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      assert(canSeeSheet(access, request.params.unitId), DENY.sheet);
      return unitSheet(db(), access, request.params.unitId);
    },
  );

  app.put(
    "/api/periods/:periodId/units/:unitId/scores/:criterionId",
    {
      schema: {
        tags,
        params: criterionParams,
        body: z.object({
          value: z.unknown().refine((v) => v !== undefined && v !== null, "Cần nhập giá trị"),
          comment: z.string().max(2000).nullish(),
          explanation: z.string().max(4000).nullish(),
          version: z.number().int().min(0).max(MAX_INTEGER).optional(),
        }),
      },
    },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      return saveScore(db(), access, {
        unitId: request.params.unitId,
        criterionId: request.params.criterionId,
        ...request.body,
      });
    },
  );

  app.post(
    "/api/periods/:periodId/units/:unitId/transitions",
    {
      schema: {
        tags,
        params: sheetParams,
        body: z.object({
          action: z.enum([
            "submit",
            "review",
            "agree",
            "dispute",
            "settle",
            "appraise",
            "sendBack",
          ]),
          reason: z.string().max(2000).nullish(),
          version: z.number().int().min(1).max(MAX_INTEGER),
        }),
      },
    },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      return transitionSheet(db(), access, { unitId: request.params.unitId, ...request.body });
    },
  );

  app.put(
    "/api/periods/:periodId/units/:unitId/responses/:criterionId",
    {
      schema: {
        tags,
        params: criterionParams,
        body: z.object({
          agreement: z.enum(["agree", "dispute"]),
          reason: z.string().max(2000).nullish(),
        }),
      },
    },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      return respondToReview(db(), access, {
        unitId: request.params.unitId,
        criterionId: request.params.criterionId,
        ...request.body,
      });
    },
  );

  app.get(
    "/api/periods/:periodId/review",
    { schema: { tags, params: z.object({ periodId: id }) } },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      assert(
        access.leadership || access.standing || access.council || access.admin,
        DENY.leadership,
      );
      return reviewMatrix(db(), access);
    },
  );

  // a one-unit bonus several units claim: the leader (cluster stage) or the standing agency
  // (appraisal) names the unit that gets it, or none; the others' values become 0
  app.post(
    "/api/periods/:periodId/bonuses/:criterionId/settle",
    {
      schema: {
        tags,
        params: z.object({ periodId: id, criterionId: z.string().min(1).max(50) }),
        body: z.object({
          unitId: z.number().int().positive().max(MAX_INTEGER).nullable(),
          reason: z.string().trim().min(1).max(2000),
        }),
      },
    },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      assert(access.leadership || access.standing, DENY.settleBonus);
      return settleBonus(db(), access, {
        criterionId: request.params.criterionId,
        ...request.body,
      });
    },
  );

  // the sheet's history, a page at a time, newest first (queries/history.ts)
  app.get(
    "/api/periods/:periodId/units/:unitId/history",
    {
      schema: {
        tags,
        params: sheetParams,
        querystring: historyQuery.extend({ criterionId: z.string().min(1).max(50).optional() }),
      },
    },
    async (request) => {
      const access = await periodAccess(db(), requireUser(request), request.params.periodId);
      assert(canSeeSheet(access, request.params.unitId), DENY.sheet);
      return unitHistory(db(), access.period.id, request.params.unitId, request.query);
    },
  );
};
