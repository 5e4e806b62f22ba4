/** Schedule a meeting of the cluster's year (DOMAIN.md 3). */

import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { type Delegate, meetings } from "../../db/schema.ts";
import { type MEETING_KINDS, type Meeting, meetingView } from "../../queries/meetings.ts";

export interface ScheduleMeetingInput {
  kind: (typeof MEETING_KINDS)[number];
  title: string;
  scheduledAt: Date;
  place: string;
  agenda: string;
  invited: Delegate[];
}

export function scheduleMeeting(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  input: ScheduleMeetingInput,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const [meeting] = await tx
      .insert(meetings)
      .values({ periodId, ...input })
      .returning();
    if (!meeting) throw new Error("insert returned no meeting");
    await writeAudit(tx, {
      actorId,
      action: "schedule",
      entity: "meeting",
      entityId: meeting.id,
      periodId,
      newValue: meetingView(meeting),
    });
    return meeting;
  });
}
