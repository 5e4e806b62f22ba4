/**
 * The leader (or deputy) asks the members in writing for an ad hoc report (Vùng cao 2022
 * Điều 7.3: "Báo cáo đột xuất thực hiện theo văn bản yêu cầu của Trưởng cụm"): what is asked and
 * by when. Recorded with its audit row; refused on a locked year and for a due day already past.
 */

import { formatCalendarDate, todayInVietnam } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { reportRequests } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";

export interface CreateReportRequestInput {
  periodId: number;
  actorId: number;
  title: string;
  body: string;
  /** yyyy-mm-dd, Vietnam's calendar. */
  dueOn: string;
  /** The moment of the request (a test moves the clock). */
  now?: Date;
}

export type ReportRequestRow = typeof reportRequests.$inferSelect;

export async function createReportRequest(
  db: DbOrTx,
  input: CreateReportRequestInput,
): Promise<ReportRequestRow> {
  const today = todayInVietnam(input.now ?? new Date());
  if (input.dueOn < today) {
    throw badRequest(
      "DUE_DATE_PAST",
      `Hạn gửi báo cáo ${formatCalendarDate(input.dueOn)} đã qua: hãy chọn một ngày từ hôm nay (${formatCalendarDate(today)}) trở đi.`,
    );
  }
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, input.periodId);
    const [row] = await tx
      .insert(reportRequests)
      .values({
        periodId: input.periodId,
        kind: "adhoc",
        title: input.title,
        body: input.body,
        dueOn: input.dueOn,
        createdBy: input.actorId,
        ...(input.now ? { createdAt: input.now } : {}),
      })
      .returning();
    if (!row) throw new Error("insert returned no report request");
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "report.request",
      entity: "report_request",
      entityId: row.id,
      periodId: input.periodId,
      newValue: { kind: row.kind, title: row.title, body: row.body, dueOn: row.dueOn },
    });
    return row;
  });
}
