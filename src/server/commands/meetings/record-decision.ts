/** Record a decision of a meeting with quorum: passed by a majority of the units present. */
import { passesByMajority } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { decisions } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import {
  type Decision,
  decisionView,
  findMeeting,
  type Meeting,
  readAttendance,
  requireQuorum,
} from "../../queries/meetings.ts";

export interface RecordDecisionInput {
  text: string;
  votesFor: number;
  votesAgainst: number;
  /** The cluster could not settle the question: it goes to the council. */
  escalated: boolean;
}

/** The units present, whether the votes fit them, and whether the decision passes. */
export async function countDecision(
  tx: DbOrTx,
  meeting: Meeting,
  input: Pick<RecordDecisionInput, "votesFor" | "votesAgainst">,
): Promise<{ present: number; passed: boolean }> {
  const summary = await readAttendance(tx, meeting);
  requireQuorum(summary);
  const votes = input.votesFor + input.votesAgainst;
  if (votes > summary.present) {
    throw badRequest(
      "TOO_MANY_VOTES",
      `Tổng số phiếu (${votes}) vượt quá số đơn vị có mặt (${summary.present}).`,
    );
  }
  return {
    present: summary.present,
    passed: passesByMajority(input.votesFor, summary.present),
  };
}

export function recordDecision(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  meetingId: number,
  input: RecordDecisionInput,
): Promise<Decision> {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, periodId);
    const meeting = await findMeeting(tx, periodId, meetingId);
    const counted = await countDecision(tx, meeting, input);
    const [decision] = await tx
      .insert(decisions)
      .values({ meetingId, ...input, ...counted, decidedBy: actorId })
      .returning();
    if (!decision) throw new Error("insert returned no decision");
    await writeAudit(tx, {
      actorId,
      action: "decide",
      entity: "decision",
      entityId: decision.id,
      periodId,
      newValue: decisionView(decision),
    });
    return decision;
  });
}
