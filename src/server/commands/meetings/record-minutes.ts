/** Record a meeting's minutes and mark it held, against the version the writer read. */
import { and, eq } from "drizzle-orm";
import { formatVietnamTime } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { meetings } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { findMeeting, lastChange, type Meeting, meetingView } from "../../queries/meetings.ts";

export interface RecordMinutesInput {
  minutes: string;
  /** true: the meeting was held (now, unless already marked); false: not yet held. */
  held: boolean;
  version: number;
}

async function staleVersion(db: DbOrTx, periodId: number, meetingId: number) {
  const current = await findMeeting(db, periodId, meetingId);
  const last = await lastChange(db, "meeting", meetingId);
  const who = last
    ? `${last.by} đã cập nhật cuộc họp này lúc ${formatVietnamTime(last.at)}`
    : "Cuộc họp này vừa được người khác cập nhật";
  return conflict(`${who}. Vui lòng tải lại để xem nội dung mới nhất rồi ghi lại biên bản.`, {
    current: meetingView(current),
  });
}

export function recordMinutes(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  meetingId: number,
  input: RecordMinutesInput,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const meeting = await findMeeting(tx, periodId, meetingId);
    if (meeting.version !== input.version) throw await staleVersion(tx, periodId, meetingId);
    const heldAt = input.held ? (meeting.heldAt ?? new Date()) : null;
    const [updated] = await tx
      .update(meetings)
      .set({ minutes: input.minutes, heldAt, version: meeting.version + 1 })
      .where(and(eq(meetings.id, meetingId), eq(meetings.version, input.version)))
      .returning();
    if (!updated) throw await staleVersion(tx, periodId, meetingId);
    const { minutes, heldAt: oldHeldAt, version } = meetingView(meeting);
    const after = meetingView(updated);
    await writeAudit(tx, {
      actorId,
      action: "minutes",
      entity: "meeting",
      entityId: meetingId,
      periodId,
      oldValue: { minutes, heldAt: oldHeldAt, version },
      newValue: { minutes: after.minutes, heldAt: after.heldAt, version: after.version },
    });
    return updated;
  });
}
