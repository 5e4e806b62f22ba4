/**
 * Settle a one-unit-per-cluster bonus several units claim (Lạng Sơn III.6): the leader, at the
 * cluster stage, or the standing agency, at appraisal, names the unit that gets it (or none) with
 * a reason; every other claiming unit's value at the stage the user writes becomes 0 with that
 * reason, each saved as if typed (saveScore: checks, audit row), and the decision itself is
 * audited. All or nothing: where a claiming unit's sheet is not at a stage the user writes, the
 * refusal names the unit and nothing is saved.
 */
import { and, desc, eq } from "drizzle-orm";
import {
  formatVietnamTime,
  SHEET_STATUS_LABELS,
  type SheetStatus,
  sheetStage,
} from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { auditLog, periods, scores, users } from "../../db/schema.ts";
import { badRequest, HttpError, notFound } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen } from "../../policies/access.ts";
import {
  clusterEvaluation,
  periodScheme,
  type YearUnit,
  yearUnits,
} from "../../queries/cluster-year.ts";
import { saveScore, sheetWriter } from "./save-score.ts";

export interface SettleBonusInput {
  criterionId: string;
  /** The unit that gets the bonus, or null: none of the claiming units. */
  unitId: number | null;
  reason: string;
}

const STAGE_WORDS = { cluster: "Cụm chấm", appraisal: "thẩm định" } as const;

/** The stage this user writes on a unit's sheet now, where a settlement may write (else null). */
export function settlingStage(
  access: PeriodAccess,
  unit: Pick<YearUnit, "unitId" | "role" | "sheetStatus">,
  hasDeputy: boolean,
): "cluster" | "appraisal" | null {
  const stage = sheetStage(sheetWriter(access, unit.unitId), unit.sheetStatus as SheetStatus, {
    leaderWithoutDeputy: unit.role === "leader" && !hasDeputy,
  });
  return stage === "cluster" || stage === "appraisal" ? stage : null;
}

export async function settleBonus(db: Db, access: PeriodAccess, input: SettleBonusInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    // one settlement of a year at a time: the second sees what the first decided
    await tx
      .select({ id: periods.id })
      .from(periods)
      .where(eq(periods.id, access.period.id))
      .for("update");
    const reason = input.reason.trim();
    if (!reason) {
      throw badRequest("REASON_REQUIRED", "Cần ghi lý do quyết định đơn vị được thưởng.");
    }
    const scheme = await periodScheme(tx, access.period);
    const criterion = scheme.nodes.get(input.criterionId);
    if (!criterion) throw notFound(`tiêu chí ${input.criterionId} trong bộ tiêu chí của Cụm`);
    if (!criterion.onePerCluster) {
      throw badRequest(
        "NOT_ONE_UNIT_BONUS",
        `Tiêu chí ${criterion.id} (${criterion.title}) không phải điểm thưởng chỉ dành cho một đơn vị của Cụm: không có gì để quyết định.`,
      );
    }
    const unitsOfYear = await yearUnits(tx, access.period.id);
    const winner =
      input.unitId === null ? null : unitsOfYear.find((u) => u.unitId === input.unitId);
    if (winner === undefined) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);

    const evaluation = await clusterEvaluation(tx, access.period, access.cluster);
    const contest = evaluation.conflicts.find((c) => c.criterionId === criterion.id);
    if (!contest) {
      throw new HttpError(409, "NO_CONFLICT", await nothingToSettle(tx, access, criterion));
    }
    const claimants = contest.unitIds.flatMap((code) => {
      const u = unitsOfYear.find((x) => x.code === code);
      return u ? [u] : [];
    });
    const names = claimants.map((u) => u.name).join(", ");
    if (winner && !claimants.includes(winner)) {
      throw badRequest(
        "NOT_CLAIMING",
        `${winner.name} không đề nghị thưởng tiêu chí ${criterion.id}: chọn một trong các đơn vị ${names}, hoặc không đơn vị nào.`,
      );
    }

    const hasDeputy = unitsOfYear.some((u) => u.role === "deputy");
    const others = claimants.filter((u) => u !== winner);
    const refused = others.filter((u) => settlingStage(access, u, hasDeputy) === null);
    if (refused.length > 0) {
      const own = (u: YearUnit) => access.user.role === "unit" && access.user.unitId === u.unitId;
      const list = refused
        .map((u) =>
          own(u)
            ? `${u.name} (đơn vị của bạn: không ai chấm biểu của đơn vị mình)`
            : `${u.name} (biểu đang ở bước «${SHEET_STATUS_LABELS[u.sheetStatus as SheetStatus]}»)`,
        )
        .join(", ");
      throw new HttpError(
        409,
        "SETTLE_REFUSED",
        `Chưa quyết định được, chưa lưu điểm nào: bạn không ghi được điểm 0 tiêu chí ${criterion.id} cho ${list}. Cụm trưởng, Cụm phó quyết định ở bước Cụm chấm (biểu đã nộp); cơ quan thường trực ở bước thẩm định (biểu đã khớp điểm).`,
      );
    }

    const zeroed: { unitId: number; name: string; stage: "cluster" | "appraisal" }[] = [];
    for (const u of others) {
      const stage = settlingStage(access, u, hasDeputy) as "cluster" | "appraisal";
      const [current] = await tx
        .select({ version: scores.version })
        .from(scores)
        .where(
          and(
            eq(scores.periodId, access.period.id),
            eq(scores.unitId, u.unitId),
            eq(scores.criterionId, criterion.id),
            eq(scores.stage, stage),
          ),
        );
      await saveScore(tx as unknown as Db, access, {
        unitId: u.unitId,
        criterionId: criterion.id,
        value: 0,
        comment: reason,
        version: current?.version ?? 0,
      });
      zeroed.push({ unitId: u.unitId, name: u.name, stage });
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "bonus.settled",
      entity: "criterion",
      entityId: `${access.period.id}/${criterion.id}`,
      periodId: access.period.id,
      oldValue: { claimants: claimants.map((u) => ({ unitId: u.unitId, name: u.name })) },
      newValue: {
        unitId: winner?.unitId ?? null,
        name: winner?.name ?? null,
        zeroed: zeroed.map((z) => ({ unitId: z.unitId, name: z.name, stage: z.stage })),
      },
      reason,
    });
    const stages = [...new Set(zeroed.map((z) => STAGE_WORDS[z.stage]))].join(", ");
    return {
      criterionId: criterion.id,
      unitId: winner?.unitId ?? null,
      unitName: winner?.name ?? null,
      zeroed,
      message: `Tiêu chí ${criterion.id}: ${winner ? `thưởng cho ${winner.name}` : "không thưởng cho đơn vị nào"}; điểm ${stages} của ${zeroed.map((z) => z.name).join(", ")} về 0, ghi lý do.`,
    };
  });
}

/** Why there is nothing to settle: who settled it last and when, if anyone did. */
async function nothingToSettle(
  tx: DbOrTx,
  access: PeriodAccess,
  criterion: { id: string; title: string },
): Promise<string> {
  const [last] = await tx
    .select({ at: auditLog.at, by: users.displayName, newValue: auditLog.newValue })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.periodId, access.period.id),
        eq(auditLog.action, "bonus.settled"),
        eq(auditLog.entityId, `${access.period.id}/${criterion.id}`),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  const base = `Tiêu chí ${criterion.id} (${criterion.title}) hiện không có nhiều đơn vị cùng đề nghị thưởng: không có gì để quyết định.`;
  if (!last) return base;
  const name = (last.newValue as { name?: string | null } | null)?.name ?? null;
  return `${base} ${last.by ?? "Một người dùng"} đã quyết định lúc ${formatVietnamTime(last.at)}: ${name ? `thưởng cho ${name}` : "không thưởng cho đơn vị nào"}.`;
}
