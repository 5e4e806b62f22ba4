/**
 * Evidence files (minh chứng) of a unit's scoring sheet: upload, list, a download link that
 * expires, the download through that link, and removal. Files are private: type-checked,
 * at most 10 MB, at most EVIDENCE_QUOTA_MB together for a unit in a period, served only through
 * a signed link given to those who may see the sheet. A deleted file leaves the disk.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { formatVietnamTime, SHEET_STATUS_LABELS, type SheetStatus } from "../../core/workflow.ts";
import { deleteEvidence } from "../commands/evidence/delete-evidence.ts";
import { checkEvidenceLink, createEvidenceLink } from "../commands/evidence/evidence-link.ts";
import { quotaBytes } from "../commands/evidence/quota.ts";
import { uploadEvidence } from "../commands/evidence/upload-evidence.ts";
import { badRequest, forbidden, HttpError, notFound } from "../errors.ts";
import {
  assert,
  canSeeSheet,
  DENY,
  type PeriodAccess,
  periodAccess,
  yearLocked,
} from "../policies/access.ts";
import { periodScheme } from "../queries/cluster-year.ts";
import {
  evidenceUsedBytes,
  findEvidence,
  findEvidenceEvenDeleted,
  findSheetStatus,
  listEvidence,
} from "../queries/evidence.ts";
import { id, requireUser, uploadedFile } from "../request.ts";
import { evidenceStorage } from "../storage.ts";

const evidenceOut = z.object({
  id: z.number(),
  criterionId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  uploadedBy: z.object({ id: z.number(), name: z.string() }),
  uploadedAt: z.string(),
});

const usageOut = z.object({
  /** Bytes the unit's evidence not deleted takes in the period. */
  usedBytes: z.number(),
  /** Bytes it may take (EVIDENCE_QUOTA_MB). */
  quotaBytes: z.number(),
});

const DENY_CHANGE =
  "Chỉ đơn vị có biểu chấm điểm (khi đang tự chấm) và Cụm trưởng, Cụm phó (khi Cụm chấm điểm) được thêm, xóa minh chứng.";
const LINK_INVALID =
  "Liên kết tải minh chứng không hợp lệ. Vui lòng mở lại minh chứng từ biểu chấm điểm.";
const LINK_EXPIRED =
  "Liên kết tải minh chứng đã hết hạn (mỗi liên kết dùng được 15 phút). Vui lòng mở lại minh chứng từ biểu chấm điểm.";

/** Who may ever add or remove evidence of this sheet: its own unit, the cluster's leadership. */
function mayChangeEvidence(a: PeriodAccess, unitId: number): boolean {
  const own = a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null;
  return own || a.leadership;
}

/** …and now: the unit while self-scoring, the leadership while the sheet awaits its review. */
function assertSheetOpenForEvidence(a: PeriodAccess, unitId: number, status: string): void {
  const { period, cluster } = a;
  if (period.lockedAt) {
    throw yearLocked(period.label, cluster.name, period.lockedAt, period.lockDecision);
  }
  const own = a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null;
  if ((own && status === "draft") || (a.leadership && status === "submitted")) return;
  const label = SHEET_STATUS_LABELS[status as SheetStatus] ?? status;
  throw new HttpError(
    409,
    "SHEET_STATUS",
    `Biểu chấm điểm đang ở trạng thái «${label}»: minh chứng chỉ được thêm hoặc xóa khi biểu đang tự chấm (do đơn vị) hoặc đã nộp, chờ Cụm chấm (do Cụm trưởng, Cụm phó).`,
  );
}

/** Content-Disposition for a download keeping a Vietnamese file name (RFC 6266 / RFC 5987). */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const shape = (e: {
  id: number;
  criterionId: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: { id: number; name: string };
  uploadedAt: Date;
}) => ({ ...e, uploadedAt: e.uploadedAt.toISOString() });

export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const storage = evidenceStorage(app.config.DATA_DIR);
  const quota = quotaBytes(app.config.EVIDENCE_QUOTA_MB);

  app.post(
    "/api/periods/:periodId/units/:unitId/evidence/:criterionId",
    {
      schema: {
        tags: ["minh chứng"],
        summary:
          "Đính kèm một tệp minh chứng cho một tiêu chí (multipart/form-data, tối đa 10 MB, trong hạn mức minh chứng của đơn vị trong kỳ)",
        consumes: ["multipart/form-data"],
        params: z.object({
          periodId: id,
          unitId: id,
          criterionId: z.string().min(1).max(100),
        }),
        response: { 201: evidenceOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { periodId, unitId, criterionId } = request.params;
      const db = app.database.db;
      const access = await periodAccess(db, user, periodId);
      assert(mayChangeEvidence(access, unitId), DENY_CHANGE);
      const status = await findSheetStatus(db, periodId, unitId);
      if (status === null) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
      assertSheetOpenForEvidence(access, unitId, status);
      const scheme = await periodScheme(db, access.period);
      const criterion = scheme.nodes.get(criterionId);
      if (!criterion) throw notFound(`tiêu chí «${criterionId}» trong bộ tiêu chí của kỳ thi đua`);
      if (criterion.kind === "group") {
        throw badRequest(
          "GROUP_CRITERION",
          `«${criterion.id}. ${criterion.title}» là nhóm tiêu chí: hãy đính kèm minh chứng vào từng tiêu chí con.`,
        );
      }

      const { fileName, bytes } = await uploadedFile(
        request,
        "Chưa có tệp minh chứng: hãy chọn một tệp để tải lên.",
      );
      const row = await uploadEvidence(db, storage, {
        periodId,
        unitId,
        criterionId,
        // a part sent without a file name: refused by cleanFileName, "phải có tên"
        fileName: fileName ?? "",
        bytes,
        actorId: user.id,
        sheetStatus: status,
        quotaBytes: quota,
      });
      return reply
        .status(201)
        .send(shape({ ...row, uploadedBy: { id: user.id, name: user.displayName } }));
    },
  );

  app.get(
    "/api/periods/:periodId/units/:unitId/evidence",
    {
      schema: {
        tags: ["minh chứng"],
        summary:
          "Danh sách minh chứng của biểu chấm điểm một đơn vị, và dung lượng đã dùng trong hạn mức của đơn vị trong kỳ",
        params: z.object({ periodId: id, unitId: id }),
        response: { 200: z.object({ items: z.array(evidenceOut), usage: usageOut }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { periodId, unitId } = request.params;
      const db = app.database.db;
      const access = await periodAccess(db, user, periodId);
      assert(canSeeSheet(access, unitId), DENY.sheet);
      if ((await findSheetStatus(db, periodId, unitId)) === null) {
        throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
      }
      const items = await listEvidence(db, periodId, unitId);
      const usedBytes = await evidenceUsedBytes(db, periodId, unitId);
      return { items: items.map(shape), usage: { usedBytes, quotaBytes: quota } };
    },
  );

  app.post(
    "/api/evidence/:id/link",
    {
      schema: {
        tags: ["minh chứng"],
        summary: "Lấy liên kết tải minh chứng (hết hạn sau 15 phút)",
        params: z.object({ id: id }),
        response: { 200: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const db = app.database.db;
      const row = await findEvidence(db, request.params.id);
      if (!row) throw notFound(`minh chứng số ${request.params.id}`);
      const access = await periodAccess(db, user, row.periodId);
      assert(canSeeSheet(access, row.unitId), DENY.sheet);
      const link = await createEvidenceLink(db, row.id);
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    },
  );

  app.get(
    "/api/evidence/:id/file",
    {
      schema: {
        tags: ["minh chứng"],
        summary: "Tải tệp minh chứng qua liên kết đã ký (không cần phiên đăng nhập)",
        params: z.object({ id: id }),
        querystring: z.object({
          expires: z.string().max(20).optional(),
          signature: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const db = app.database.db;
      const { expires, signature } = request.query;
      const check = await checkEvidenceLink(db, id, expires, signature);
      if (check !== "valid") throw forbidden(check === "expired" ? LINK_EXPIRED : LINK_INVALID);
      const row = await findEvidenceEvenDeleted(db, id);
      if (!row) throw notFound(`minh chứng số ${id}`);
      if (row.deletedAt) {
        throw notFound(
          `minh chứng «${row.fileName}»: minh chứng đã bị xóa lúc ${formatVietnamTime(row.deletedAt)}, tệp không còn trên máy chủ. Vui lòng tải lại biểu chấm điểm`,
        );
      }
      const file = await storage.open(row.storageKey);
      if (!file) throw notFound(`tệp của minh chứng «${row.fileName}» trên máy chủ`);
      return reply
        .header("content-type", row.mediaType)
        .header("content-length", file.size)
        .header("content-disposition", attachment(row.fileName))
        .header("cache-control", "private, no-store")
        .send(file.stream);
    },
  );

  app.delete(
    "/api/evidence/:id",
    {
      schema: {
        tags: ["minh chứng"],
        summary: "Xóa một minh chứng khỏi biểu chấm điểm",
        params: z.object({ id: id }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const db = app.database.db;
      const row = await findEvidence(db, request.params.id);
      if (!row) throw notFound(`minh chứng số ${request.params.id}`);
      const access = await periodAccess(db, user, row.periodId);
      assert(mayChangeEvidence(access, row.unitId), DENY_CHANGE);
      const status = (await findSheetStatus(db, row.periodId, row.unitId)) ?? "";
      assertSheetOpenForEvidence(access, row.unitId, status);
      const result = await deleteEvidence(db, storage, {
        evidenceId: row.id,
        actorId: user.id,
        sheetStatus: status,
      });
      for (const { key, error } of result.failed) {
        request.log.warn({ err: error, storageKey: key }, "evidence file not removed from disk");
      }
      return reply.status(204).send();
    },
  );
};
