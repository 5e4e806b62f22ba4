/**
 * A member unit's staff send its report for a request of its year (Vùng cao 2022 Điều 7.1–7.3):
 * a PDF or Word file, checked as evidence is (report-file.ts), kept in the private file storage
 * under a random key, within the unit's quota for the year (EVIDENCE_QUOTA_MB, the reports
 * counted apart from the evidence). It records when it came and how many whole days after the
 * due day (Vietnam's calendar; 0 on time). A later report for the same request supersedes the
 * earlier one: both are kept, the last one counts. The first report for a standing request
 * stores that request. The row and its audit row (who, when, what file, its SHA-256) are written
 * in one transaction; nothing is left on failure, and a refused file never reaches the disk.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { clusters, periods, periodUnits, reportSubmissions, units } from "../../db/schema.ts";
import { forbidden, HttpError, notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { reportUsedBytes } from "../../queries/reports.ts";
import type { FileStorage } from "../../storage.ts";
import { lockUnitQuota, sizeText } from "../evidence/quota.ts";
import { checkReportFile } from "./report-file.ts";
import {
  daysLate,
  type ReportRequest,
  type RequestKey,
  requestForReport,
} from "./standing-requests.ts";

export interface SubmitReportInput {
  periodId: number;
  /** "sixMonth", "annual", or an ad hoc request's id. */
  requestKey: RequestKey;
  /** The unit whose report it is (the sender's own). */
  unitId: number;
  /** The name the browser sent. */
  fileName: string;
  bytes: Uint8Array;
  actorId: number;
  /** Bytes of reports the unit may keep in the period (EVIDENCE_QUOTA_MB). */
  quotaBytes: number;
  /** When it arrives (a test moves the clock). */
  now?: Date;
}

export type ReportSubmissionRow = typeof reportSubmissions.$inferSelect;

export interface SubmittedReport {
  submission: ReportSubmissionRow;
  request: ReportRequest & { id: number };
  unitName: string;
}

export async function submitReport(
  db: DbOrTx,
  storage: FileStorage,
  input: SubmitReportInput,
): Promise<SubmittedReport> {
  const { fileName, mediaType } = checkReportFile(input.fileName, input.bytes);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const now = input.now ?? new Date();
  let storageKey: string | null = null;
  try {
    return await db.transaction(async (tx) => {
      await assertYearOpen(tx, input.periodId);
      const [where] = await tx
        .select({
          period: periods,
          clusterKind: clusters.kind,
          clusterName: clusters.name,
          unitName: units.name,
          member: periodUnits.unitId,
        })
        .from(periods)
        .innerJoin(clusters, eq(clusters.id, periods.clusterId))
        .innerJoin(units, eq(units.id, input.unitId))
        .leftJoin(
          periodUnits,
          and(eq(periodUnits.periodId, periods.id), eq(periodUnits.unitId, input.unitId)),
        )
        .where(eq(periods.id, input.periodId));
      if (!where) throw notFound(`kỳ thi đua số ${input.periodId} hoặc đơn vị số ${input.unitId}`);
      if (where.member === null) {
        throw forbidden(
          `${where.unitName} không phải đơn vị thành viên của ${where.clusterName} năm ${where.period.label}: không gửi báo cáo cho Cụm trưởng được.`,
        );
      }
      const request = await requestForReport(tx, where.period, where.clusterKind, input.requestKey);

      await lockUnitQuota(tx, "report", input.periodId, input.unitId);
      const used = await reportUsedBytes(tx, input.periodId, input.unitId);
      const size = input.bytes.length;
      if (used + size > input.quotaBytes) {
        const left = Math.max(0, input.quotaBytes - used);
        throw new HttpError(
          409,
          "REPORT_QUOTA",
          `Báo cáo đã gửi của ${where.unitName} năm ${where.period.label} đã dùng ${sizeText(used)} trong hạn mức ${sizeText(input.quotaBytes)}; tệp «${fileName}» (${sizeText(size, "up")}) vượt phần còn lại (${sizeText(left, "down")}). Hãy nén tệp hoặc liên hệ quản trị hệ thống.`,
          { usedBytes: used, quotaBytes: input.quotaBytes, fileBytes: size },
        );
      }

      const late = daysLate(request.dueOn, now);
      storageKey = await storage.save(input.bytes);
      const [row] = await tx
        .insert(reportSubmissions)
        .values({
          requestId: request.id,
          unitId: input.unitId,
          fileName,
          mediaType,
          size,
          storageKey,
          submittedBy: input.actorId,
          submittedAt: now,
          daysLate: late,
        })
        .returning();
      if (!row) throw new Error("insert returned no report submission");
      await writeAudit(tx, {
        actorId: input.actorId,
        action: "report.submit",
        entity: "report_submission",
        entityId: row.id,
        periodId: input.periodId,
        unitId: input.unitId,
        newValue: {
          requestId: request.id,
          kind: request.kind,
          title: request.title,
          dueOn: request.dueOn,
          submittedAt: now.toISOString(),
          daysLate: late,
          fileName,
          mediaType,
          size,
          sha256,
        },
      });
      return { submission: row, request, unitName: where.unitName };
    });
  } catch (error) {
    if (storageKey !== null) await storage.remove(storageKey);
    throw error;
  }
}
