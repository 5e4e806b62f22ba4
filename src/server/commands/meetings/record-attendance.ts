/** Record which member units attend a meeting, and who represents them. */
import { and, eq, sql } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { attendance, ballots } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { type AttendanceSummary, findMeeting, readAttendance } from "../../queries/meetings.ts";

export interface AttendanceEntry {
  unitId: number;
  present: boolean;
  delegate: string | null;
}

const recorded = (s: AttendanceSummary) =>
  s.units
    .filter((u) => u.present !== null)
    .map((u) => ({ unitId: u.unitId, present: u.present, delegate: u.delegate }));

export function recordAttendance(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  meetingId: number,
  entries: AttendanceEntry[],
): Promise<AttendanceSummary> {
  return db.transaction(async (tx) => {
    const meeting = await findMeeting(tx, periodId, meetingId);
    const before = await readAttendance(tx, meeting);
    const members = new Set(before.units.map((u) => u.unitId));
    const seen = new Set<number>();
    for (const e of entries) {
      if (!members.has(e.unitId)) {
        throw badRequest(
          "NOT_A_MEMBER",
          `Đơn vị số ${e.unitId} không phải thành viên của Cụm trong kỳ thi đua này.`,
        );
      }
      if (seen.has(e.unitId)) {
        throw badRequest("DUPLICATE_UNIT", `Đơn vị số ${e.unitId} được điểm danh hai lần.`);
      }
      seen.add(e.unitId);
    }
    const [open] = await tx
      .select({ id: ballots.id })
      .from(ballots)
      .where(and(eq(ballots.meetingId, meetingId), eq(ballots.status, "open")));
    if (open) {
      throw conflict(
        `Đang bỏ phiếu tại cuộc họp này (cuộc bỏ phiếu số ${open.id}): hãy kết thúc bỏ phiếu trước khi sửa điểm danh.`,
      );
    }
    for (const e of entries) {
      await tx
        .insert(attendance)
        .values({ meetingId, ...e })
        .onConflictDoUpdate({
          target: [attendance.meetingId, attendance.unitId],
          set: { present: sql`excluded.present`, delegate: sql`excluded.delegate` },
        });
    }
    const after = await readAttendance(tx, meeting);
    await writeAudit(tx, {
      actorId,
      action: "attendance",
      entity: "meeting",
      entityId: meetingId,
      periodId,
      oldValue: recorded(before),
      newValue: recorded(after),
    });
    return after;
  });
}
