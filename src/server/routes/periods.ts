/** A cluster's year: overview, criteria, registration and pact, standing facts, results,
 * publication and its withdrawal, proposal, lock, export of the cluster-year file, and the
 * notices of changes. */
import { and, desc, eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  lockResults,
  publishResults,
  submitProposal,
  unlockResults,
  unpublishResults,
} from "../commands/periods/close-year.ts";
import { importYear } from "../commands/periods/import-year.ts";
import { recordUnitFacts } from "../commands/periods/record-unit-facts.ts";
import { setCriteria } from "../commands/periods/set-criteria.ts";
import { auditLog, proposals } from "../db/schema.ts";
import {
  assert,
  canSeePeriod,
  canSeeResults,
  clusterAccess,
  DENY,
  periodAccess,
} from "../policies/access.ts";
import { clusterResults, clusterYearFile } from "../queries/cluster-year.ts";
import { periodOverview } from "../queries/periods.ts";
import { day, id, MAX_INTEGER, requireUser } from "../request.ts";

const periodParams = z.object({ periodId: id });
const unitParams = z.object({ periodId: id, unitId: id });
const tags = ["kỳ thi đua"];
const criterionChange = z
  .object({
    id: z.string().min(1).max(50),
    parent: z.string().min(1).max(50).optional(),
    title: z.string().min(1).max(500).optional(),
    max: z.number().nonnegative().max(100000).optional(),
    kind: z.enum(["manual", "external", "ratio"]).optional(),
    lowerIsBetter: z.boolean().optional(),
  })
  .strict();
const FLAGS = [
  "deepReview",
  "publicOutcry",
  "pendingViolation",
  "seriousViolation",
  "adjustedAfterReconciliation",
] as const;

export const periodRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const access = (request: { params: { periodId: number } } & Parameters<typeof requireUser>[0]) =>
    periodAccess(db(), requireUser(request), request.params.periodId);

  app.get("/api/periods/:periodId", { schema: { tags, params: periodParams } }, async (request) => {
    const a = await access(request);
    assert(canSeePeriod(a), DENY.period);
    return periodOverview(db(), a);
  });

  app.put(
    "/api/periods/:periodId/criteria",
    {
      schema: {
        tags,
        params: periodParams,
        body: z.object({
          criteria: z.array(criterionChange).max(1000),
          version: z.number().int().min(1).max(MAX_INTEGER),
          reason: z.string().max(2000).nullish(),
        }),
      },
    },
    async (request) => setCriteria(db(), await access(request), request.body),
  );

  app.get(
    "/api/periods/:periodId/notices",
    { schema: { tags, params: periodParams } },
    async (request) => {
      const a = await access(request);
      assert(canSeePeriod(a), DENY.period);
      const rows = await db()
        .select({ at: auditLog.at, reason: auditLog.reason, newValue: auditLog.newValue })
        .from(auditLog)
        .where(and(eq(auditLog.periodId, a.period.id), eq(auditLog.action, "scheme.amended")))
        .orderBy(desc(auditLog.id));
      return { notices: rows };
    },
  );

  app.put(
    "/api/periods/:periodId/units/:unitId/registration",
    {
      schema: {
        tags,
        params: unitParams,
        body: z.object({
          targets: z.string().min(1).max(20000),
          titles: z.array(z.string().min(1).max(200)).max(20),
          version: z.number().int().min(1).max(MAX_INTEGER),
        }),
      },
    },
    async (request) => {
      const { targets, titles, version } = request.body;
      return recordUnitFacts(db(), await access(request), request.params.unitId, version, {
        kind: "registration",
        registration: { targets, titles },
      });
    },
  );

  app.post(
    "/api/periods/:periodId/units/:unitId/pact",
    {
      schema: {
        tags,
        params: unitParams,
        body: z.object({
          signedOn: day,
          version: z.number().int().min(1).max(MAX_INTEGER),
        }),
      },
    },
    async (request) =>
      recordUnitFacts(db(), await access(request), request.params.unitId, request.body.version, {
        kind: "pact",
        signedOn: request.body.signedOn,
      }),
  );

  app.put(
    "/api/periods/:periodId/units/:unitId/standing-facts",
    {
      schema: {
        tags,
        params: unitParams,
        body: z.object({
          partyRating: z.enum(["HTXSNV", "HTTNV", "HTNV", "KHTNV"]).optional(),
          flags: z.array(z.enum(FLAGS)).max(5).optional(),
          reason: z.string().min(1).max(2000),
          version: z.number().int().min(1).max(MAX_INTEGER),
        }),
      },
    },
    async (request) => {
      const { version, ...facts } = request.body;
      return recordUnitFacts(db(), await access(request), request.params.unitId, version, {
        kind: "standing",
        ...facts,
      });
    },
  );

  app.get(
    "/api/periods/:periodId/results",
    { schema: { tags, params: periodParams } },
    async (request) => {
      const a = await access(request);
      assert(canSeeResults(a), a.memberRole ? DENY.results : DENY.period);
      // exactly the engine's output (what `tdkt evaluate` gives); whether it is provisional
      // (tạm tính) and how it is published is in the period's overview (`publication`)
      return clusterResults(db(), a.period, a.cluster);
    },
  );

  app.post(
    "/api/periods/:periodId/publish",
    {
      schema: {
        tags,
        summary:
          "Công bố kết quả cho các đơn vị thành viên (khi mọi biểu đã khớp điểm, hoặc tạm tính có lý do)",
        params: periodParams,
        body: z
          .object({
            /** The cluster decides to publish before every sheet is reconciled (tạm tính). */
            provisional: z.boolean().default(false),
            reason: z.string().max(2000).nullish(),
          })
          .strict()
          .default({ provisional: false }),
      },
    },
    async (request) => publishResults(db(), await access(request), request.body),
  );

  app.post(
    "/api/periods/:periodId/unpublish",
    {
      schema: {
        tags,
        summary: "Thu hồi công bố kết quả, có ghi lý do",
        params: periodParams,
        body: z.object({ reason: z.string().max(2000) }),
      },
    },
    async (request) => unpublishResults(db(), await access(request), request.body.reason),
  );

  app.post(
    "/api/periods/:periodId/proposal",
    {
      schema: {
        tags,
        params: periodParams,
        body: z.object({ note: z.string().max(5000).default("") }),
      },
    },
    async (request) => submitProposal(db(), await access(request), request.body.note),
  );

  app.get(
    "/api/periods/:periodId/proposals",
    { schema: { tags, params: periodParams } },
    async (request) => {
      const a = await access(request);
      assert(a.leadership || a.standing || a.council || a.admin, DENY.leadership);
      return {
        proposals: await db()
          .select()
          .from(proposals)
          .where(eq(proposals.periodId, a.period.id))
          .orderBy(desc(proposals.id)),
      };
    },
  );

  app.post(
    "/api/periods/:periodId/lock",
    {
      schema: {
        tags,
        params: periodParams,
        body: z.object({ confirmation: z.string().max(100), decision: z.string().max(500) }),
      },
    },
    async (request) => lockResults(db(), await access(request), request.body),
  );

  app.post(
    "/api/periods/:periodId/unlock",
    { schema: { tags, params: periodParams, body: z.object({ reason: z.string().max(2000) }) } },
    async (request) => unlockResults(db(), await access(request), request.body.reason),
  );

  app.post(
    "/api/clusters/:id/import",
    {
      schema: {
        tags,
        params: z.object({ id }),
        body: z.object({ file: z.record(z.string(), z.unknown()) }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const a = await clusterAccess(db(), user, request.params.id);
      assert(a.standing || a.admin, DENY.standing);
      return reply
        .status(201)
        .send(await importYear(db(), user.id, a.cluster.id, request.body.file));
    },
  );

  app.get(
    "/api/periods/:periodId/export",
    { schema: { tags, params: periodParams } },
    async (request, reply) => {
      const a = await access(request);
      assert(a.leadership || a.standing || a.admin, DENY.leadership);
      const file = await clusterYearFile(db(), a.period, a.cluster);
      const name = `cum-${a.cluster.id}-${a.period.label}.json`;
      reply.header("content-disposition", `attachment; filename="${name}"`);
      return file;
    },
  );
};
