/**
 * Close a secret ballot and tally it (DOMAIN.md 3): the most votes wins; a first tie opens a
 * second round between the tied candidates; a second tie goes to the council.
 */
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { tallyBallot } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { ballotPapers, ballots } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import {
  type Ballot,
  type BallotOutcome,
  type BallotRef,
  findBallot,
} from "../../queries/meetings.ts";
import { insertBallot } from "./open-ballot.ts";

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function closeBallot(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  ref: BallotRef,
): Promise<{ ballot: Ballot; next: Ballot | null }> {
  return db.transaction(async (tx) => {
    const ballot = await findBallot(tx, periodId, ref, "update");
    if (ballot.purpose === "award") await assertYearOpen(tx, periodId);
    const ballotId = ballot.id;
    if (ballot.status !== "open") {
      throw conflict("Cuộc bỏ phiếu này đã được kết thúc trước đó.");
    }
    const papers = await tx
      .select({ choice: ballotPapers.choice })
      .from(ballotPapers)
      .where(eq(ballotPapers.ballotId, ballotId));
    if (papers.length === 0) {
      throw conflict("Chưa có đơn vị nào bỏ phiếu, chưa thể kết thúc cuộc bỏ phiếu.");
    }
    const choices = papers.map((p) => p.choice);
    // Write the papers again, in random order and in one statement: their order on disk and
    // their transaction no longer follow the order in which units voted.
    await tx.delete(ballotPapers).where(eq(ballotPapers.ballotId, ballotId));
    await tx.insert(ballotPapers).values(shuffle(choices).map((choice) => ({ ballotId, choice })));

    const tally = tallyBallot(ballot.candidates, choices, ballot.round === 2 ? 2 : 1);
    const next =
      tally.kind === "revote"
        ? await insertBallot(
            tx,
            actorId,
            periodId,
            ballot.meetingId,
            { purpose: ballot.purpose, award: ballot.award, candidates: tally.candidates },
            2,
          )
        : null;
    const outcome: BallotOutcome = {
      kind: tally.kind,
      counts: tally.counts,
      winner: tally.kind === "winner" ? tally.winner : null,
      tied: tally.kind === "winner" ? [] : tally.candidates,
      voted: choices.length,
      escalated: tally.kind === "council",
      nextBallotId: next?.id ?? null,
    };
    const [closed] = await tx
      .update(ballots)
      .set({ status: "closed", outcome, closedAt: new Date() })
      .where(eq(ballots.id, ballotId))
      .returning();
    if (!closed) throw new Error("update returned no ballot");
    await writeAudit(tx, {
      actorId,
      action: "close",
      entity: "ballot",
      entityId: ballotId,
      periodId,
      oldValue: { status: "open" },
      newValue: { status: "closed", outcome },
    });
    return { ballot: closed, next };
  });
}
