/**
 * Annul a ballot opened by mistake (the wrong award, the wrong candidates), before it closes:
 * with a reason, audited. Its papers count for nothing; a new ballot can then be opened.
 */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { ballots } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { type Ballot, type BallotRef, findBallot } from "../../queries/meetings.ts";

export function annulBallot(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  ref: BallotRef,
  reason: string,
): Promise<Ballot> {
  return db.transaction(async (tx) => {
    const ballot = await findBallot(tx, periodId, ref, "update");
    if (ballot.purpose === "award") await assertYearOpen(tx, periodId);
    if (ballot.status !== "open") {
      throw conflict(
        ballot.status === "annulled"
          ? "Cuộc bỏ phiếu này đã được hủy trước đó."
          : "Cuộc bỏ phiếu này đã kết thúc và kiểm phiếu: không hủy được nữa.",
      );
    }
    const [annulled] = await tx
      .update(ballots)
      .set({ status: "annulled", outcome: { kind: "annulled", reason }, closedAt: new Date() })
      .where(eq(ballots.id, ballot.id))
      .returning();
    if (!annulled) throw new Error("update returned no ballot");
    await writeAudit(tx, {
      actorId,
      action: "annul",
      entity: "ballot",
      entityId: ballot.id,
      periodId,
      oldValue: { status: "open" },
      newValue: { status: "annulled" },
      reason,
    });
    return annulled;
  });
}
