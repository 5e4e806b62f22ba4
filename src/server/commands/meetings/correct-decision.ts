/**
 * Correct a decision recorded with a mistake (the wording, the vote counts), until the meeting's
 * minutes are finalised (the meeting marked held with its minutes): with a reason, audited with
 * the old and the new decision.
 */
import { and, eq } from "drizzle-orm";
import { formatVietnamTime } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { decisions } from "../../db/schema.ts";
import { conflict, notFound } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { type Decision, decisionView, findMeeting } from "../../queries/meetings.ts";
import { countDecision, type RecordDecisionInput } from "./record-decision.ts";

export function correctDecision(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  ref: { meetingId: number; decisionId: number },
  input: RecordDecisionInput & { reason: string },
): Promise<Decision> {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, periodId);
    const meeting = await findMeeting(tx, periodId, ref.meetingId);
    if (meeting.heldAt) {
      throw conflict(
        `Biên bản cuộc họp «${meeting.title}» đã hoàn tất lúc ${formatVietnamTime(meeting.heldAt)}: không sửa quyết định được nữa.`,
      );
    }
    const [before] = await tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.id, ref.decisionId), eq(decisions.meetingId, meeting.id)))
      .for("update");
    if (!before) throw notFound(`quyết định số ${ref.decisionId} của cuộc họp này`);
    const { reason, ...fields } = input;
    const counted = await countDecision(tx, meeting, fields);
    const [after] = await tx
      .update(decisions)
      .set({ ...fields, ...counted })
      .where(eq(decisions.id, before.id))
      .returning();
    if (!after) throw new Error("update returned no decision");
    await writeAudit(tx, {
      actorId,
      action: "correct",
      entity: "decision",
      entityId: before.id,
      periodId,
      oldValue: decisionView(before),
      newValue: decisionView(after),
      reason,
    });
    return after;
  });
}
