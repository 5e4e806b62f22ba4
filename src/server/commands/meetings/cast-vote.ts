/**
 * A unit present at the meeting casts its one secret ballot paper. `ballot_voters` records that
 * the unit voted, `ballot_papers` the choice with no voter and no time; nothing links the two.
 * The audit records only that the unit voted.
 */
import { count, eq, inArray } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { ballotPapers, ballotVoters, units } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { type BallotRef, findBallot } from "../../queries/meetings.ts";

/** Cast the vote of `unitId` (already checked present) and answer how many units have voted. */
export function castVote(
  db: DbOrTx,
  actorId: number,
  unitId: number,
  periodId: number,
  ref: BallotRef,
  choice: string,
): Promise<{ voted: number }> {
  return db.transaction(async (tx) => {
    // A shared lock: votes go on together, closing waits for them.
    const ballot = await findBallot(tx, periodId, ref, "share");
    if (ballot.purpose === "award") await assertYearOpen(tx, periodId);
    const ballotId = ballot.id;
    if (ballot.status !== "open") {
      throw conflict("Cuộc bỏ phiếu này đã kết thúc, không nhận thêm phiếu.");
    }
    if (!ballot.candidates.includes(choice)) {
      // the units by their names, never by their codes
      const named = await tx
        .select({ code: units.code, name: units.name })
        .from(units)
        .where(inArray(units.code, [...ballot.candidates, choice]));
      const name = (code: string) => named.find((u) => u.code === code)?.name ?? code;
      throw badRequest(
        "NOT_A_CANDIDATE",
        `${name(choice)} không có trong danh sách bỏ phiếu (${ballot.candidates.map(name).join(", ")}).`,
      );
    }
    const [voter] = await tx
      .insert(ballotVoters)
      .values({ ballotId, unitId })
      .onConflictDoNothing()
      .returning();
    if (!voter) {
      throw conflict(
        "Đơn vị của bạn đã bỏ phiếu ở cuộc bỏ phiếu này; mỗi đơn vị chỉ có một phiếu.",
      );
    }
    await tx.insert(ballotPapers).values({ ballotId, choice });
    await writeAudit(tx, {
      actorId,
      action: "vote",
      entity: "ballot",
      entityId: ballotId,
      periodId,
      unitId,
    });
    const [row] = await tx
      .select({ n: count() })
      .from(ballotVoters)
      .where(eq(ballotVoters.ballotId, ballotId));
    return { voted: Number(row?.n ?? 0) };
  });
}
