/**
 * Open a secret ballot at a meeting with quorum: to break a tie for an award, or to elect next
 * year's leader or deputy, between member units of the period (by unit code).
 */
import { and, eq, isNull } from "drizzle-orm";
import { awardLabels } from "../../../core/deliberate.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx, Tx } from "../../db/client.ts";
import { ballots, periods } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { assertYearOpen } from "../../policies/access.ts";
import { periodScheme } from "../../queries/cluster-year.ts";
import { type Ballot, findMeeting, readAttendance, requireQuorum } from "../../queries/meetings.ts";

export interface OpenBallotInput {
  purpose: "award" | "leader" | "deputy";
  /** The award at stake (purpose "award" only), e.g. "co-tinh". */
  award: string | null;
  candidates: string[];
}

/** Insert a ballot and its audit row, in the caller's transaction (also for round 2). */
export async function insertBallot(
  tx: Tx,
  actorId: number,
  periodId: number,
  meetingId: number,
  input: OpenBallotInput,
  round: 1 | 2,
): Promise<Ballot> {
  const [ballot] = await tx
    .insert(ballots)
    .values({ meetingId, ...input, round, openedBy: actorId })
    .returning();
  if (!ballot) throw new Error("insert returned no ballot");
  await writeAudit(tx, {
    actorId,
    action: "open",
    entity: "ballot",
    entityId: ballot.id,
    periodId,
    newValue: {
      meetingId,
      purpose: ballot.purpose,
      award: ballot.award,
      candidates: ballot.candidates,
      round: ballot.round,
    },
  });
  return ballot;
}

/** A ballot on an award is on one of the awards of the year's scheme, named as it names them. */
async function assertSchemeAward(tx: DbOrTx, periodId: number, award: string): Promise<void> {
  const [period] = await tx.select().from(periods).where(eq(periods.id, periodId));
  if (!period) return;
  const labels = awardLabels(await periodScheme(tx, period));
  if (labels.has(award)) return;
  throw badRequest(
    "UNKNOWN_AWARD",
    `Bộ tiêu chí của Cụm năm ${period.label} không có danh hiệu «${award}». Chọn một trong: ${[...labels.values()].join("; ")}.`,
  );
}

export function openBallot(
  db: DbOrTx,
  actorId: number,
  periodId: number,
  meetingId: number,
  input: OpenBallotInput,
): Promise<Ballot> {
  return db.transaction(async (tx) => {
    // next year's election goes on after the lock; a ballot on an award would change the result
    if (input.purpose === "award") await assertYearOpen(tx, periodId);
    const meeting = await findMeeting(tx, periodId, meetingId);
    if (input.purpose === "award" && !input.award) {
      throw badRequest("AWARD_REQUIRED", "Bỏ phiếu cho danh hiệu cần ghi rõ danh hiệu.");
    }
    if (input.purpose === "award" && input.award)
      await assertSchemeAward(tx, periodId, input.award);
    if (input.purpose !== "award" && input.award) {
      throw badRequest(
        "AWARD_NOT_ALLOWED",
        "Bỏ phiếu bầu Cụm trưởng, Cụm phó không ghi danh hiệu.",
      );
    }
    const summary = await readAttendance(tx, meeting);
    const twice = input.candidates.find((c, i) => input.candidates.indexOf(c) !== i);
    if (twice) {
      const name = summary.units.find((u) => u.code === twice)?.name ?? twice;
      throw badRequest("DUPLICATE_CANDIDATE", `${name} có tên hai lần trong danh sách.`);
    }
    const codes = new Set(summary.units.map((u) => u.code));
    const unknown = input.candidates.filter((c) => !codes.has(c));
    if (unknown.length > 0) {
      throw badRequest(
        "NOT_A_MEMBER",
        `Không phải đơn vị thành viên của Cụm trong kỳ thi đua này: ${unknown.join(", ")}.`,
      );
    }
    requireQuorum(summary);
    const [open] = await tx
      .select({ id: ballots.id })
      .from(ballots)
      .where(
        and(
          eq(ballots.meetingId, meetingId),
          eq(ballots.status, "open"),
          eq(ballots.purpose, input.purpose),
          input.award === null ? isNull(ballots.award) : eq(ballots.award, input.award),
        ),
      );
    if (open) {
      throw conflict(
        `Cuộc bỏ phiếu số ${open.id} cho cùng nội dung đang diễn ra: hãy kết thúc nó trước khi mở cuộc mới.`,
      );
    }
    return insertBallot(tx, actorId, periodId, meetingId, input, 1);
  });
}
