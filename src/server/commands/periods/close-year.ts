/**
 * The end of the year: publishing the results to the members and withdrawing them, the proposal
 * to the council, locking the appraised result with a typed confirmation and the decision
 * document, unlocking with a reason. Every earlier value stays in the history.
 */
import { and, eq, ne } from "drizzle-orm";
import { notReconciledMessage } from "../../../core/publication.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { periods, periodUnits, proposals, sheetTransitions } from "../../db/schema.ts";
import { badRequest, conflict, forbidden, HttpError } from "../../errors.ts";
import { assertYearOpen, DENY, type PeriodAccess } from "../../policies/access.ts";
import { clusterResults } from "../../queries/cluster-year.ts";
import { periodResultsStage } from "../../queries/periods.ts";

export const LOCK_CONFIRMATION = "KHÓA KẾT QUẢ";

/**
 * Publishing the results to the members (the leadership or the standing agency). Only once the
 * stage they show is complete (every sheet reconciled, appraised or locked); before that, 409
 * naming the sheets not there yet, unless the cluster decides to publish provisional results
 * (tạm tính) with a reason, recorded as such. Publishing again replaces the earlier publication
 * (e.g. a provisional one once every sheet is reconciled). Goes on after the lock.
 */
export async function publishResults(
  db: Db,
  access: PeriodAccess,
  input: { provisional?: boolean; reason?: string | null } = {},
) {
  if (!(access.leadership || access.standing)) throw forbidden(DENY.leadership);
  const reason = input.reason?.trim() || null;
  return db.transaction(async (tx) => {
    // the period's row is held, so two publications (or a withdrawal) do not cross
    const [current] = await tx
      .select()
      .from(periods)
      .where(eq(periods.id, access.period.id))
      .for("update");
    const stage = await periodResultsStage(tx, access.period.id);
    const complete = stage.notReconciled.length === 0;
    if (!complete && !input.provisional) {
      throw new HttpError(409, "RESULTS_NOT_READY", notReconciledMessage(stage), {
        notReconciled: stage.notReconciled,
      });
    }
    if (!complete && !reason) {
      throw badRequest(
        "REASON_REQUIRED",
        "Công bố kết quả tạm tính cần ghi rõ lý do Cụm quyết định công bố trước khi các biểu khớp điểm xong.",
      );
    }
    const provisional = !complete;
    const at = new Date();
    const published = {
      resultsPublishedAt: at,
      resultsProvisional: provisional,
      resultsProvisionalReason: provisional ? reason : null,
    };
    await tx.update(periods).set(published).where(eq(periods.id, access.period.id));
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "results.published",
      entity: "period",
      entityId: access.period.id,
      periodId: access.period.id,
      oldValue: {
        resultsPublishedAt: current?.resultsPublishedAt ?? null,
        provisional: current?.resultsProvisional ?? false,
      },
      newValue: {
        resultsPublishedAt: at,
        provisional,
        notReconciled: stage.notReconciled,
        notAppraised: stage.notAppraised,
      },
      reason,
    });
    return { ...published, notReconciled: stage.notReconciled };
  });
}

/**
 * Withdrawing the published results, with a reason (the same people who publish): members no
 * longer see them until they are published again. Goes on after the lock.
 */
export async function unpublishResults(db: Db, access: PeriodAccess, reason: string) {
  if (!(access.leadership || access.standing)) throw forbidden(DENY.leadership);
  const why = reason.trim();
  if (!why) throw badRequest("REASON_REQUIRED", "Thu hồi công bố kết quả cần ghi rõ lý do.");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(periods)
      .where(eq(periods.id, access.period.id))
      .for("update");
    if (!current?.resultsPublishedAt) {
      throw new HttpError(
        409,
        "RESULTS_NOT_PUBLISHED",
        "Kết quả chưa công bố (hoặc đã thu hồi): không có gì để thu hồi.",
      );
    }
    await tx
      .update(periods)
      .set({ resultsPublishedAt: null, resultsProvisional: false, resultsProvisionalReason: null })
      .where(eq(periods.id, access.period.id));
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "results.unpublished",
      entity: "period",
      entityId: access.period.id,
      periodId: access.period.id,
      oldValue: {
        resultsPublishedAt: current.resultsPublishedAt,
        provisional: current.resultsProvisional,
      },
      newValue: { resultsPublishedAt: null },
      reason: why,
    });
    return { resultsPublishedAt: null, resultsProvisional: false };
  });
}

export async function submitProposal(db: Db, access: PeriodAccess, note: string) {
  if (!access.leadership) throw forbidden(DENY.leadership);
  return db.transaction(async (tx) => {
    const results = await clusterResults(tx, access.period, access.cluster);
    const [row] = await tx
      .insert(proposals)
      .values({ periodId: access.period.id, results, note, submittedBy: access.user.id })
      .returning({ id: proposals.id, submittedAt: proposals.submittedAt });
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "proposal.submitted",
      entity: "proposal",
      entityId: (row as { id: number }).id,
      periodId: access.period.id,
      newValue: {
        note,
        awards: results.units.map((u) => ({ unit: u.id, award: u.award, status: u.status })),
      },
    });
    return { ...(row as { id: number; submittedAt: Date }), results };
  });
}

async function moveAll(
  db: Db,
  access: PeriodAccess,
  from: "appraised" | "locked",
  to: "appraised" | "locked",
  action: "lock" | "unlock",
  reason: string,
) {
  const sheets = await db
    .select({
      unitId: periodUnits.unitId,
      status: periodUnits.sheetStatus,
      version: periodUnits.version,
    })
    .from(periodUnits)
    .where(eq(periodUnits.periodId, access.period.id));
  const notReady = sheets.filter((s) => s.status !== from);
  if (notReady.length > 0) {
    throw conflict(
      action === "lock"
        ? `Còn ${notReady.length} biểu chưa thẩm định xong: chưa khóa được kết quả.`
        : "Kết quả chưa khóa.",
    );
  }
  return db.transaction(async (tx) => {
    for (const s of sheets) {
      await tx
        .update(periodUnits)
        .set({ sheetStatus: to, version: s.version + 1 })
        .where(
          and(
            eq(periodUnits.periodId, access.period.id),
            eq(periodUnits.unitId, s.unitId),
            ne(periodUnits.sheetStatus, to),
          ),
        );
      await tx.insert(sheetTransitions).values({
        periodId: access.period.id,
        unitId: s.unitId,
        fromStatus: from,
        toStatus: to,
        action,
        actorId: access.user.id,
        reason,
      });
    }
    const locked = action === "lock";
    await tx
      .update(periods)
      .set({ lockedAt: locked ? new Date() : null, lockDecision: locked ? reason : null })
      .where(eq(periods.id, access.period.id));
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `results.${action}`,
      entity: "period",
      entityId: access.period.id,
      periodId: access.period.id,
      oldValue: { lockedAt: access.period.lockedAt, lockDecision: access.period.lockDecision },
      newValue: { locked },
      reason,
    });
    return { locked };
  });
}

export async function lockResults(
  db: Db,
  access: PeriodAccess,
  input: { confirmation: string; decision: string },
) {
  if (!access.standing) throw forbidden(DENY.standing);
  await assertYearOpen(db, access.period.id);
  if (input.confirmation.trim() !== LOCK_CONFIRMATION) {
    throw badRequest("CONFIRMATION", `Để khóa kết quả, hãy gõ đúng "${LOCK_CONFIRMATION}".`);
  }
  const decision = input.decision.trim();
  if (!decision)
    throw badRequest("DECISION_REQUIRED", "Cần ghi số, ngày của văn bản quyết định kết quả.");
  return moveAll(db, access, "appraised", "locked", "lock", decision);
}

export function unlockResults(db: Db, access: PeriodAccess, reason: string) {
  if (!access.standing) throw forbidden(DENY.standing);
  if (!reason.trim()) throw badRequest("REASON_REQUIRED", "Mở khóa kết quả cần ghi rõ lý do.");
  return moveAll(db, access, "locked", "appraised", "unlock", reason.trim());
}
