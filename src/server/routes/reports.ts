/**
 * Reports the members send the leader (Vùng cao 2022 Điều 7.1–7.3): the year's requests with,
 * for each member unit, whether its report came, when and how late (a member sees its own
 * row; the leadership, the standing agency and the council member monitoring the cluster see
 * every unit); an ad hoc request by the leader or deputy; a unit's upload of its report (PDF or
 * Word, multipart as evidence is); the download of a report sent, by the same people and the
 * unit itself.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { formatCalendarDate, formatVietnamTime, todayInVietnam } from "../../core/workflow.ts";
import { quotaBytes } from "../commands/evidence/quota.ts";
import { createReportRequest } from "../commands/reports/create-report-request.ts";
import { STANDING_KINDS } from "../commands/reports/standing-requests.ts";
import { type SubmittedReport, submitReport } from "../commands/reports/submit-report.ts";
import { notFound } from "../errors.ts";
import { assert, type PeriodAccess, periodAccess, yearLocked } from "../policies/access.ts";
import {
  findSubmission,
  listReports,
  type RequestView,
  type SubmissionView,
} from "../queries/reports.ts";
import { day, id, requireUser, uploadedFile } from "../request.ts";
import { evidenceStorage } from "../storage.ts";
import { attachment } from "./evidence.ts";

const tags = ["báo cáo của đơn vị"];

const REPORTS_DENY = {
  read: "Chỉ đơn vị thành viên của Cụm (báo cáo của đơn vị mình), Cụm trưởng, Cụm phó, cơ quan thường trực và thành viên Hội đồng theo dõi Cụm xem được báo cáo các đơn vị gửi Cụm trưởng.",
  request: "Chỉ Cụm trưởng, Cụm phó được yêu cầu các đơn vị thành viên gửi báo cáo.",
  submit:
    "Chỉ cán bộ của đơn vị thành viên Cụm trong năm này được gửi báo cáo, và chỉ báo cáo của đơn vị mình.",
} as const;

/** A unit's own staff, its unit a member of the year. */
const ownUnitOf = (a: PeriodAccess): number | null =>
  a.user.role === "unit" && a.memberRole !== null ? a.user.unitId : null;

/** Who sees every unit's reports: the leadership, the standing agency, the council member. */
const seesAll = (a: PeriodAccess): boolean => a.leadership || a.standing || a.council;

const periodParams = z.object({ periodId: id });
/** A standing request by its kind, an ad hoc one by its id. */
const requestKey = z.union([z.enum(STANDING_KINDS), id]);

const submissionOut = z.object({
  id: z.number(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  submittedAt: z.string(),
  submittedBy: z.object({ id: z.number(), name: z.string() }),
  daysLate: z.number(),
});

const requestOut = z.object({
  key: z.string(),
  id: z.number().nullable(),
  kind: z.enum(["sixMonth", "annual", "adhoc"]),
  title: z.string(),
  body: z.string(),
  dueOn: z.string(),
  createdBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: z.string().nullable(),
  units: z.array(
    z.object({
      unitId: z.number(),
      code: z.string(),
      name: z.string(),
      role: z.enum(["leader", "deputy", "member"]),
      status: z.enum(["onTime", "late", "notYet", "missing"]),
      statusLabel: z.string(),
      submission: submissionOut.nullable(),
      earlier: z.array(submissionOut),
    }),
  ),
});

const submissionView = (s: SubmissionView) => ({ ...s, submittedAt: s.submittedAt.toISOString() });

const requestView = (r: RequestView) => ({
  ...r,
  createdAt: r.createdAt?.toISOString() ?? null,
  units: r.units.map((u) => ({
    ...u,
    submission: u.submission && submissionView(u.submission),
    earlier: u.earlier.map(submissionView),
  })),
});

/** "Đã nhận báo cáo … của Xã Nậm Kè lúc 03/07/2025 09:00: chậm 3 ngày (hạn 30/06/2025)." */
function receivedMessage({ submission, request, unitName }: SubmittedReport): string {
  const when = formatVietnamTime(submission.submittedAt);
  const timing =
    submission.daysLate === 0
      ? "đúng hạn"
      : `chậm ${submission.daysLate} ngày (hạn ${formatCalendarDate(request.dueOn)})`;
  return `Đã nhận «${request.title}» của ${unitName} lúc ${when}: ${timing}.`;
}

function assertOpen(a: PeriodAccess): void {
  const { period, cluster } = a;
  if (period.lockedAt) {
    throw yearLocked(period.label, cluster.name, period.lockedAt, period.lockDecision);
  }
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const storage = evidenceStorage(app.config.DATA_DIR);
  const quota = quotaBytes(app.config.EVIDENCE_QUOTA_MB);

  app.get(
    "/api/periods/:periodId/reports",
    {
      schema: {
        tags,
        summary:
          "Các yêu cầu báo cáo của năm (6 tháng, năm, đột xuất) và tình hình gửi của từng đơn vị thành viên",
        params: periodParams,
        response: { 200: z.object({ today: z.string(), requests: z.array(requestOut) }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      const own = ownUnitOf(access);
      assert(seesAll(access) || own !== null, REPORTS_DENY.read);
      const today = todayInVietnam();
      const requests = await listReports(db(), access, {
        unitId: seesAll(access) ? null : own,
        today,
      });
      return { today, requests: requests.map(requestView) };
    },
  );

  app.post(
    "/api/periods/:periodId/reports",
    {
      schema: {
        tags,
        summary: "Yêu cầu các đơn vị thành viên gửi báo cáo đột xuất (Cụm trưởng, Cụm phó)",
        params: periodParams,
        body: z.strictObject({
          title: z.string().trim().min(1).max(300),
          body: z.string().trim().max(20_000).default(""),
          dueOn: day,
        }),
        response: { 201: requestOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, REPORTS_DENY.request);
      assertOpen(access);
      const row = await createReportRequest(db(), {
        periodId: access.period.id,
        actorId: user.id,
        ...request.body,
      });
      const [created] = (
        await listReports(db(), access, { unitId: null, today: todayInVietnam() })
      ).filter((r) => r.id === row.id);
      if (!created) throw new Error(`request ${row.id} not listed`);
      return reply.status(201).send(requestView(created));
    },
  );

  app.post(
    "/api/periods/:periodId/reports/:requestKey/submissions",
    {
      schema: {
        tags,
        summary:
          "Gửi báo cáo của đơn vị cho Cụm trưởng (multipart/form-data, tệp PDF hoặc Word, tối đa 10 MB); gửi lại thì bản sau thay bản trước",
        consumes: ["multipart/form-data"],
        params: z.object({ periodId: id, requestKey }),
        response: { 201: submissionOut.extend({ requestKey: z.string(), message: z.string() }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      const unitId = ownUnitOf(access);
      assert(unitId !== null, REPORTS_DENY.submit);
      assertOpen(access);

      const { fileName, bytes } = await uploadedFile(
        request,
        "Chưa có tệp báo cáo: hãy chọn một tệp PDF hoặc Word để gửi.",
      );
      const sent = await submitReport(db(), storage, {
        periodId: access.period.id,
        requestKey: request.params.requestKey,
        unitId: unitId as number,
        // a part sent without a file name: refused, "phải có tên"
        fileName: fileName ?? "",
        bytes,
        actorId: user.id,
        quotaBytes: quota,
      });
      const { submission, request: asked } = sent;
      return reply.status(201).send({
        id: submission.id,
        fileName: submission.fileName,
        mediaType: submission.mediaType,
        size: submission.size,
        submittedAt: submission.submittedAt.toISOString(),
        submittedBy: { id: user.id, name: user.displayName },
        daysLate: submission.daysLate,
        requestKey: asked.kind === "adhoc" ? String(asked.id) : asked.kind,
        message: receivedMessage(sent),
      });
    },
  );

  app.get(
    "/api/periods/:periodId/report-submissions/:submissionId/file",
    {
      schema: {
        tags,
        summary: "Tải tệp báo cáo một đơn vị đã gửi",
        params: z.object({ periodId: id, submissionId: id }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      const own = ownUnitOf(access);
      assert(seesAll(access) || own !== null, REPORTS_DENY.read);
      const row = await findSubmission(db(), request.params.submissionId);
      if (!row || row.periodId !== access.period.id) {
        throw notFound(`báo cáo số ${request.params.submissionId} trong kỳ thi đua này`);
      }
      assert(
        seesAll(access) || own === row.unitId,
        `«${row.fileName}» là báo cáo của ${row.unitName}: bạn chỉ tải được báo cáo của đơn vị mình.`,
      );
      const file = await storage.open(row.storageKey);
      if (!file) throw notFound(`tệp của báo cáo «${row.fileName}» trên máy chủ`);
      return reply
        .header("content-type", row.mediaType)
        .header("content-length", file.size)
        .header("content-disposition", attachment(row.fileName))
        .header("cache-control", "private, no-store")
        .send(file.stream);
    },
  );
};
