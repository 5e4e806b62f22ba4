/**
 * The audit trail for administrators (Nhật ký thay đổi): every change, a page at a time, newest
 * first, narrowed to a cluster's year, a unit, a person, a kind of action, days; and the check of
 * the record (decision 007): the last verification of the chain and of the records against it,
 * and a new one on demand. The query string shared with the history of a unit's sheet
 * (routes/scoring.ts) is defined here.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { verifyAudit } from "../commands/audit/verify-audit.ts";
import { lastVerification } from "../queries/audit-verifications.ts";
import { ACTION_KINDS, auditTrail, HISTORY_PAGE } from "../queries/history.ts";
import { day, id, requireAdmin } from "../request.ts";

/** A page's cursor: an audit row's id (a bigint), plain decimal digits. */
const cursor = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "phải là số nguyên dương, chỉ gồm chữ số")
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, "vượt quá giới hạn"));

/** How many rows a page holds: 1 to HISTORY_PAGE.max, plain decimal digits. */
const limit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, "phải là số nguyên dương, chỉ gồm chữ số")
  .transform(Number)
  .pipe(z.number().max(HISTORY_PAGE.max, `tối đa ${HISTORY_PAGE.max}`));

/** What any history is narrowed by in its query string; days are yyyy-mm-dd, Vietnam's. */
export const historyQuery = z.strictObject({
  before: cursor.optional(),
  limit: limit.optional(),
  actorId: id.optional(),
  kind: z.enum(ACTION_KINDS).optional(),
  from: day.optional(),
  to: day.optional(),
});

const tags = ["quản trị"];

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/admin/audit",
    {
      schema: {
        tags,
        summary: "Nhật ký thay đổi của toàn hệ thống, mới nhất trước, theo trang",
        querystring: historyQuery.extend({ periodId: id.optional(), unitId: id.optional() }),
      },
    },
    async (request) => {
      requireAdmin(request);
      return auditTrail(app.database.db, request.query);
    },
  );

  app.get("/api/admin/audit/verification", { schema: { tags } }, async (request) => {
    requireAdmin(request);
    return { last: await lastVerification(app.database.db) };
  });

  app.post("/api/admin/audit/verify", { schema: { tags } }, async (request) => {
    const user = requireAdmin(request);
    return verifyAudit(app.database.db, { actorId: user.id });
  });
};
