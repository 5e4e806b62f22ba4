/**
 * Backups for administrators: start one (it runs in the background), follow its progress, and
 * download the finished archive once; the temporary file is removed after the download (or an
 * hour later). Restoring is done with `tdkt restore` on the server, into an empty system.
 */
import { createReadStream } from "node:fs";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { type BackupJob, BackupJobs } from "../backup/backup-jobs.ts";
import { HttpError, notFound } from "../errors.ts";
import { requireAdmin } from "../request.ts";
import { attachment } from "./evidence.ts";

const jobOut = z.object({
  id: z.string(),
  status: z.enum(["running", "done", "failed"]),
  done: z.number(),
  total: z.number(),
  message: z.string().optional(),
  fileName: z.string(),
  bytes: z.number().optional(),
});

const shape = (job: BackupJob): z.infer<typeof jobOut> => ({
  id: job.id,
  status: job.status,
  done: job.done,
  total: job.total,
  ...(job.message ? { message: job.message } : {}),
  fileName: job.fileName,
  ...(job.bytes !== null ? { bytes: job.bytes } : {}),
});

const params = z.object({ id: z.uuid() });
const gone = () =>
  notFound("bản sao lưu này (đã được tải về hoặc đã quá một giờ): hãy tạo bản mới");

export const backupRoutes: FastifyPluginAsyncZod = async (app) => {
  const jobs = new BackupJobs(app.database.db, app.config.DATA_DIR);
  app.addHook("onClose", () => jobs.closeAll());
  const tags = ["sao lưu"];

  app.post(
    "/api/admin/backups",
    {
      schema: {
        tags,
        summary: "Bắt đầu tạo một bản sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và tệp minh chứng)",
        response: { 202: jobOut },
      },
    },
    async (request, reply) => {
      const user = requireAdmin(request);
      const running = jobs.running();
      if (running) {
        if (running.ownerId === user.id) return reply.status(202).send(shape(running));
        throw new HttpError(
          409,
          "BACKUP_RUNNING",
          "Một quản trị viên khác đang tạo bản sao lưu. Vui lòng đợi bản đó xong rồi thử lại.",
        );
      }
      // written before the snapshot: the backup records who made it
      const job = jobs.start(user.id, (id) =>
        writeAudit(app.database.db, {
          actorId: user.id,
          action: "backup.create",
          entity: "backup",
          entityId: id,
        }),
      );
      return reply.status(202).send(shape(job));
    },
  );

  app.get(
    "/api/admin/backups/:id",
    {
      schema: {
        tags,
        summary: "Tiến độ của một bản sao lưu",
        params,
        response: { 200: jobOut },
      },
    },
    async (request) => {
      const user = requireAdmin(request);
      const job = jobs.get(request.params.id, user.id);
      if (!job) throw gone();
      return shape(job);
    },
  );

  app.get(
    "/api/admin/backups/:id/file",
    {
      schema: {
        tags,
        summary: "Tải về bản sao lưu đã tạo xong (một lần; tệp tạm được xóa sau khi tải)",
        params,
      },
    },
    async (request, reply) => {
      const user = requireAdmin(request);
      const job = jobs.get(request.params.id, user.id);
      if (!job) throw gone();
      if (job.status !== "done" || job.bytes === null) {
        throw new HttpError(
          409,
          "BACKUP_NOT_READY",
          job.status === "failed"
            ? (job.message ?? "Không tạo được bản sao lưu.")
            : "Bản sao lưu đang được tạo, chưa tải về được. Vui lòng đợi.",
        );
      }
      reply.raw.once("finish", () => void jobs.discard(job.id));
      reply.header("content-type", "application/gzip");
      reply.header("content-length", String(job.bytes));
      reply.header("content-disposition", attachment(job.fileName));
      return reply.send(createReadStream(job.path));
    },
  );
};
