/**
 * The cluster's cross-inspection (kiểm tra chéo, Vùng cao 2022 Điều 7.4–7.5): the plan the
 * leader drafts and the cluster agrees, the teams' findings, the inspected unit's answers, and
 * the reconciliation on the spot that makes the agreed values the cluster stage's.
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ScoreValue } from "../../core/evaluate.ts";
import { acknowledgeInspectionPlan } from "../commands/inspection/acknowledge-inspection-plan.ts";
import { agreeInspectionPlan } from "../commands/inspection/agree-inspection-plan.ts";
import { reconcileVisit } from "../commands/inspection/reconcile-visit.ts";
import { recordFinding } from "../commands/inspection/record-finding.ts";
import { respondToFinding } from "../commands/inspection/respond-to-finding.ts";
import { saveInspectionPlan } from "../commands/inspection/save-inspection-plan.ts";
import { assert, canSeePeriod, DENY, periodAccess } from "../policies/access.ts";
import { INSPECTION_DENY } from "../policies/inspection.ts";
import { inspectionOf } from "../queries/inspection.ts";
import { id, MAX_INTEGER, requireUser } from "../request.ts";
import { attachment } from "./evidence.ts";

const tags = ["kiểm tra chéo"];

const periodParams = z.object({ periodId: id });
const visitParams = z.object({ periodId: id, visitId: id });
const findingParams = visitParams.extend({ criterionId: z.string().min(1).max(50) });
const version = z.number().int().min(1).max(MAX_INTEGER);
const calendarDate = z.iso.date();

/** The documents load on first use (or the background warm-up), not at start. */
const load = {
  inputs: () => import("../queries/inspection-documents.ts"),
  word: () => import("../../documents/word-inspection.ts"),
};
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const accessOf = (request: FastifyRequest & { params: { periodId: number } }) =>
    periodAccess(db(), requireUser(request), request.params.periodId);

  app.get(
    "/api/periods/:periodId/inspection",
    {
      schema: {
        tags,
        summary: "Kế hoạch kiểm tra chéo của năm: nội dung, đoàn, lịch, kết quả, xác nhận",
        params: periodParams,
      },
    },
    async (request) => {
      const access = await accessOf(request);
      assert(canSeePeriod(access), DENY.period);
      return inspectionOf(db(), access);
    },
  );

  app.put(
    "/api/periods/:periodId/inspection",
    {
      schema: {
        tags,
        summary: "Lập, sửa kế hoạch kiểm tra chéo (Cụm trưởng, Cụm phó)",
        params: periodParams,
        body: z.strictObject({
          content: z.array(z.string().min(1).max(50)).max(500),
          note: z.string().max(10_000).default(""),
          visits: z
            .array(
              z.strictObject({
                inspectedUnitId: id,
                teamUnitId: id,
                members: z
                  .array(
                    z.strictObject({
                      name: z.string().trim().min(1).max(200),
                      role: z.string().trim().min(1).max(200),
                    }),
                  )
                  .max(30)
                  .default([]),
                visitOn: calendarDate.nullable().default(null),
                place: z.string().max(300).default(""),
              }),
            )
            .max(500),
          version: version.optional(),
        }),
      },
    },
    async (request) => {
      const access = await accessOf(request);
      assert(access.leadership, DENY.leadership);
      return saveInspectionPlan(db(), access, request.body);
    },
  );

  app.post(
    "/api/periods/:periodId/inspection/agreement",
    {
      schema: {
        tags,
        summary: "Ghi kế hoạch kiểm tra chéo đã được thống nhất tại cuộc họp (theo kết luận)",
        params: periodParams,
        body: z.strictObject({ decisionId: id, version }),
      },
    },
    async (request) => {
      const access = await accessOf(request);
      assert(access.leadership, DENY.leadership);
      return agreeInspectionPlan(db(), access, request.body);
    },
  );

  app.post(
    "/api/periods/:periodId/inspection/acknowledgement",
    {
      schema: {
        tags,
        summary: "Đơn vị thành viên xác nhận đồng ý kế hoạch kiểm tra chéo",
        params: periodParams,
      },
    },
    async (request) => {
      const access = await accessOf(request);
      const unitId = access.user.unitId;
      assert(
        access.user.role === "unit" && access.memberRole !== null && unitId !== null,
        INSPECTION_DENY.acknowledge,
      );
      return acknowledgeInspectionPlan(db(), access, unitId as number);
    },
  );

  app.put(
    "/api/periods/:periodId/inspection/visits/:visitId/findings/:criterionId",
    {
      schema: {
        tags,
        summary: "Đoàn ghi kết quả kiểm tra một tiêu chí: số liệu kiểm tra, điểm đề xuất, nhận xét",
        params: findingParams,
        body: z.strictObject({
          proposed: z.unknown().refine((v) => v !== undefined && v !== null, "Cần nhập giá trị"),
          remark: z.string().max(4000).default(""),
          version: version.optional(),
        }),
      },
    },
    async (request) => {
      const access = await accessOf(request);
      const { proposed, ...rest } = request.body;
      return recordFinding(db(), access, request.params.visitId, request.params.criterionId, {
        ...rest,
        proposed: proposed as ScoreValue,
      });
    },
  );

  app.put(
    "/api/periods/:periodId/inspection/visits/:visitId/findings/:criterionId/response",
    {
      schema: {
        tags,
        summary: "Đơn vị được kiểm tra đồng ý hoặc không đồng ý (có lý do) với một kết quả",
        params: findingParams,
        body: z.strictObject({
          response: z.enum(["agree", "dispute"]),
          reason: z.string().max(4000).nullish(),
          version,
        }),
      },
    },
    async (request) => {
      const access = await accessOf(request);
      return respondToFinding(db(), access, request.params.visitId, request.params.criterionId, {
        response: request.body.response,
        reason: request.body.reason ?? null,
        version: request.body.version,
      });
    },
  );

  app.post(
    "/api/periods/:periodId/inspection/visits/:visitId/reconcile",
    {
      schema: {
        tags,
        summary:
          "Đối chiếu, thống nhất tại chỗ: điểm đã đồng ý thành điểm Cụm chấm, số liệu được khóa",
        params: visitParams,
        body: z.strictObject({ version }),
      },
    },
    async (request) => {
      const access = await accessOf(request);
      return reconcileVisit(db(), access, request.params.visitId, request.body);
    },
  );

  app.get(
    "/api/periods/:periodId/inspection/notice.docx",
    {
      schema: {
        tags,
        summary: "Thông báo kế hoạch kiểm tra chéo (Word), gửi các đơn vị thành viên",
        params: periodParams,
      },
    },
    async (request, reply) => {
      const access = await accessOf(request);
      assert(canSeePeriod(access), DENY.period);
      const input = await (await load.inputs()).inspectionNoticeInput(db(), access);
      const bytes = await (await load.word()).inspectionNoticeDocument(input);
      reply.header("content-type", DOCX);
      reply.header(
        "content-disposition",
        attachment(
          `Thông báo kiểm tra chéo - ${access.cluster.name} - ${access.period.label}.docx`,
        ),
      );
      return reply.send(bytes);
    },
  );

  app.get(
    "/api/periods/:periodId/inspection/visits/:visitId/minutes.docx",
    {
      schema: {
        tags,
        summary: "Biên bản kiểm tra chéo tại một đơn vị (Word)",
        params: visitParams,
      },
    },
    async (request, reply) => {
      const access = await accessOf(request);
      const input = await (await load.inputs()).inspectionMinutesInput(
        db(),
        access,
        request.params.visitId,
      );
      const bytes = await (await load.word()).inspectionMinutesDocument(input);
      reply.header("content-type", DOCX);
      reply.header(
        "content-disposition",
        attachment(
          `Biên bản kiểm tra chéo - ${input.visit.inspected} - ${access.period.label}.docx`,
        ),
      );
      return reply.send(bytes);
    },
  );
};
