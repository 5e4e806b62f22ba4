/**
 * The administrator's check of the record (decision 007): the last verification of the audit
 * chain and of the records against it, and a new one on demand.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { verifyAudit } from "../commands/audit/verify-audit.ts";
import { lastVerification } from "../queries/audit-verifications.ts";
import { requireAdmin } from "../request.ts";

const tags = ["quản trị"];

export const auditVerificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;

  app.get("/api/admin/audit/verification", { schema: { tags } }, async (request) => {
    requireAdmin(request);
    return { last: await lastVerification(db()) };
  });

  app.post("/api/admin/audit/verify", { schema: { tags } }, async (request) => {
    const user = requireAdmin(request);
    return verifyAudit(db(), { actorId: user.id });
  });
};
