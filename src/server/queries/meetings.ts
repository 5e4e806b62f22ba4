/**
 * Reading meetings (DOMAIN.md 3): attendance with the quorum, decisions, secret ballots (how many
 * units voted and, once closed, the counts per candidate — never who chose what), and the
 * elections of next year's leader and deputy.
 */
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { hasQuorum, quorum } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  attendance,
  auditLog,
  ballots,
  ballotVoters,
  decisions,
  meetings,
  periodUnits,
  units,
  users,
} from "../db/schema.ts";
import { HttpError, notFound } from "../errors.ts";

export type Meeting = typeof meetings.$inferSelect;
export type Ballot = typeof ballots.$inferSelect;
export type Decision = typeof decisions.$inferSelect;

export { MEETING_KINDS } from "../../core/labels.ts";

/** What a closed ballot stored: the counts and what follows from them. */
export interface BallotOutcome {
  kind: "winner" | "revote" | "council";
  counts: Record<string, number>;
  winner: string | null;
  /** The candidates tied for the most votes (revote, council). */
  tied: string[];
  voted: number;
  /** A second tie: the question goes to the council. */
  escalated: boolean;
  /** The round-2 ballot opened for a first tie. */
  nextBallotId: number | null;
}

/** A meeting of the period, or 404. */
export async function findMeeting(
  db: DbOrTx,
  periodId: number,
  meetingId: number,
): Promise<Meeting> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.periodId, periodId)));
  if (!row) throw notFound(`cuộc họp số ${meetingId} trong kỳ thi đua này`);
  return row;
}

export interface BallotRef {
  meetingId: number;
  ballotId: number;
}

/** A ballot held at a meeting of the period, or 404; `lock` takes the row for the transaction. */
export async function findBallot(
  db: DbOrTx,
  periodId: number,
  ref: BallotRef,
  lock?: "update" | "share",
): Promise<Ballot> {
  const query = db
    .select({ ballot: ballots })
    .from(ballots)
    .innerJoin(meetings, eq(meetings.id, ballots.meetingId))
    .where(
      and(
        eq(ballots.id, ref.ballotId),
        eq(ballots.meetingId, ref.meetingId),
        eq(meetings.periodId, periodId),
      ),
    );
  const [row] = lock ? await query.for(lock, { of: ballots }) : await query;
  if (!row) throw notFound(`cuộc bỏ phiếu số ${ref.ballotId} của cuộc họp số ${ref.meetingId}`);
  return row.ballot;
}

export interface AttendanceSummary {
  /** Every member unit of the period; `present` is null until recorded. */
  units: {
    unitId: number;
    code: string;
    name: string;
    present: boolean | null;
    delegate: string | null;
  }[];
  present: number;
  members: number;
  quorum: number;
  hasQuorum: boolean;
}

export async function readAttendance(db: DbOrTx, meeting: Meeting): Promise<AttendanceSummary> {
  const rows = await db
    .select({
      unitId: units.id,
      code: units.code,
      name: units.name,
      present: attendance.present,
      delegate: attendance.delegate,
    })
    .from(periodUnits)
    .innerJoin(units, eq(units.id, periodUnits.unitId))
    .leftJoin(
      attendance,
      and(eq(attendance.meetingId, meeting.id), eq(attendance.unitId, periodUnits.unitId)),
    )
    .where(eq(periodUnits.periodId, meeting.periodId))
    .orderBy(asc(units.code));
  const present = rows.filter((r) => r.present === true).length;
  return {
    units: rows,
    present,
    members: rows.length,
    quorum: quorum(rows.length),
    hasQuorum: hasQuorum(present, rows.length),
  };
}

/** A meeting without quorum cannot decide or vote: 409 saying how many must attend. */
export function requireQuorum(summary: AttendanceSummary): void {
  if (summary.hasQuorum) return;
  throw new HttpError(
    409,
    "NO_QUORUM",
    `Cuộc họp không đủ số thành viên (cần ít nhất ${summary.quorum}/${summary.members}): mới có ${summary.present} đơn vị có mặt, chưa thể biểu quyết.`,
  );
}

export async function isPresent(db: DbOrTx, meetingId: number, unitId: number): Promise<boolean> {
  const [row] = await db
    .select({ present: attendance.present })
    .from(attendance)
    .where(and(eq(attendance.meetingId, meetingId), eq(attendance.unitId, unitId)));
  return row?.present === true;
}

/** Who changed a record last and when, from the audit log (for the 409 of a stale version). */
export async function lastChange(
  db: DbOrTx,
  entity: string,
  entityId: number,
): Promise<{ by: string; at: Date } | null> {
  const [row] = await db
    .select({ by: users.displayName, at: auditLog.at })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row ? { by: row.by ?? "Hệ thống", at: row.at } : null;
}

export function meetingView(m: Meeting) {
  return {
    id: m.id,
    periodId: m.periodId,
    kind: m.kind,
    title: m.title,
    scheduledAt: m.scheduledAt.toISOString(),
    place: m.place,
    agenda: m.agenda,
    invited: m.invited,
    minutes: m.minutes,
    heldAt: m.heldAt?.toISOString() ?? null,
    version: m.version,
  };
}

export function decisionView(d: Decision) {
  return {
    id: d.id,
    meetingId: d.meetingId,
    text: d.text,
    votesFor: d.votesFor,
    votesAgainst: d.votesAgainst,
    present: d.present,
    passed: d.passed,
    escalated: d.escalated,
    decidedAt: d.decidedAt.toISOString(),
  };
}

/** A ballot as anyone may see it: while open, only how many units have voted. */
export function ballotView(b: Ballot, voted: number, votedByMyUnit: boolean) {
  return {
    id: b.id,
    meetingId: b.meetingId,
    purpose: b.purpose,
    award: b.award,
    candidates: b.candidates,
    round: b.round,
    status: b.status,
    voted,
    votedByMyUnit,
    outcome: b.status === "closed" ? (b.outcome as BallotOutcome) : null,
    annulReason:
      b.status === "annulled" ? ((b.outcome as { reason?: string })?.reason ?? "") : null,
    openedAt: b.openedAt.toISOString(),
    closedAt: b.closedAt?.toISOString() ?? null,
  };
}

/** Ballots of some meetings with how many units voted in each and whether `unitId` did. */
async function viewBallots(db: DbOrTx, rows: Ballot[], unitId: number | null) {
  if (rows.length === 0) return [];
  const ids = rows.map((b) => b.id);
  const counts = await db
    .select({ ballotId: ballotVoters.ballotId, n: count() })
    .from(ballotVoters)
    .where(inArray(ballotVoters.ballotId, ids))
    .groupBy(ballotVoters.ballotId);
  const mine =
    unitId === null
      ? []
      : await db
          .select({ ballotId: ballotVoters.ballotId })
          .from(ballotVoters)
          .where(and(inArray(ballotVoters.ballotId, ids), eq(ballotVoters.unitId, unitId)));
  const voted = new Map(counts.map((c) => [c.ballotId, Number(c.n)]));
  const mineSet = new Set(mine.map((m) => m.ballotId));
  return rows.map((b) => ballotView(b, voted.get(b.id) ?? 0, mineSet.has(b.id)));
}

export async function readBallot(
  db: DbOrTx,
  periodId: number,
  ref: BallotRef,
  viewerUnitId: number | null,
) {
  const ballot = await findBallot(db, periodId, ref);
  const [view] = await viewBallots(db, [ballot], viewerUnitId);
  return view as ReturnType<typeof ballotView>;
}

export async function listMeetings(db: DbOrTx, periodId: number) {
  const rows = await db
    .select()
    .from(meetings)
    .where(eq(meetings.periodId, periodId))
    .orderBy(asc(meetings.scheduledAt), asc(meetings.id));
  return rows.map(meetingView);
}

/** A meeting with its attendance and quorum, decisions and ballots. */
export async function readMeeting(
  db: DbOrTx,
  periodId: number,
  meetingId: number,
  viewerUnitId: number | null,
) {
  const meeting = await findMeeting(db, periodId, meetingId);
  const decided = await db
    .select()
    .from(decisions)
    .where(eq(decisions.meetingId, meetingId))
    .orderBy(asc(decisions.id));
  const held = await db
    .select()
    .from(ballots)
    .where(eq(ballots.meetingId, meetingId))
    .orderBy(asc(ballots.id));
  return {
    ...meetingView(meeting),
    attendance: await readAttendance(db, meeting),
    decisions: decided.map(decisionView),
    ballots: await viewBallots(db, held, viewerUnitId),
  };
}

/**
 * The elected leader and deputy for next year: for each purpose, the latest closed ballot of the
 * period, when it has a winner (a tie waiting for round 2 or for the council elects no one).
 */
export async function listElections(db: DbOrTx, periodId: number) {
  const closed = await db
    .select({ ballot: ballots })
    .from(ballots)
    .innerJoin(meetings, eq(meetings.id, ballots.meetingId))
    .where(
      and(
        eq(meetings.periodId, periodId),
        eq(ballots.status, "closed"),
        inArray(ballots.purpose, ["leader", "deputy"]),
      ),
    )
    .orderBy(desc(ballots.closedAt), desc(ballots.id));
  const elections = [];
  for (const purpose of ["leader", "deputy"] as const) {
    const latest = closed.find((r) => r.ballot.purpose === purpose)?.ballot;
    const outcome = latest?.outcome as BallotOutcome | undefined;
    if (!latest?.closedAt || outcome?.kind !== "winner" || outcome.winner === null) continue;
    const [unit] = await db
      .select({ id: units.id, code: units.code, name: units.name })
      .from(units)
      .where(eq(units.code, outcome.winner));
    if (!unit) continue;
    elections.push({
      purpose,
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      ballotId: latest.id,
      meetingId: latest.meetingId,
      electedAt: latest.closedAt.toISOString(),
    });
  }
  return elections;
}
