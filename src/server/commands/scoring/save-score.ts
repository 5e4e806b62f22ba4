/**
 * Save one criterion's value at a stage: the unit's self-score, a data agency's official figure,
 * the cluster's score or the standing agency's appraisal. The value is checked by the engine; a
 * changed score needs a reason; a stale version is refused with who changed it and when (409);
 * the first score freezes the scheme; a unit changing its own figures after reconciliation is
 * flagged. State change and audit row in one transaction.
 */
import { and, eq, isNull } from "drizzle-orm";
import { type ScoreValue, type Stage, valueAtStage, valueRefusal } from "../../../core/evaluate.ts";
import { notOfficialFigure, takesOfficialFigure } from "../../../core/official-figures.ts";
import type { UnitFlag } from "../../../core/scheme.ts";
import { type SheetStatus, type SheetWriter, sheetStage } from "../../../core/workflow.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { periods, periodUnits, scores, units, users } from "../../db/schema.ts";
import { badRequest, conflict, forbidden, notFound } from "../../errors.ts";
import type { PeriodAccess } from "../../policies/access.ts";
import { assertYearOpen, DENY } from "../../policies/access.ts";
import { periodScheme, stagedScores } from "../../queries/cluster-year.ts";

export interface SaveScoreInput {
  unitId: number;
  criterionId: string;
  value: unknown;
  comment?: string | null;
  explanation?: string | null;
  /** The version of the value the user saw; omitted or 0 when there was none. */
  version?: number;
}

const PRIOR: Record<Stage, Stage | null> = {
  self: null,
  official: "self",
  cluster: "official",
  appraisal: "cluster",
};

/** Who the user is to the unit's sheet (the engine's sheetStage decides what they write). */
export function sheetWriter(access: PeriodAccess, unitId: number): SheetWriter {
  return {
    own: access.user.role === "unit" && access.user.unitId === unitId && access.memberRole !== null,
    leadership: access.leadership,
    standing: access.standing,
    data: access.data,
  };
}

/** The leader unit's sheet in a year without a deputy: its cluster stage is the standing agency's. */
export async function leaderWithoutDeputy(
  db: DbOrTx,
  periodId: number,
  unitRole: string,
): Promise<boolean> {
  if (unitRole !== "leader") return false;
  const [deputy] = await db
    .select({ unitId: periodUnits.unitId })
    .from(periodUnits)
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.role, "deputy")));
  return deputy === undefined;
}

/** Which stage this user writes on this sheet now, or a 403/409 saying why not. */
function stageFor(who: SheetWriter, status: SheetStatus, leaderAlone: boolean): Stage {
  const stage = sheetStage(who, status, { leaderWithoutDeputy: leaderAlone });
  if (stage) return stage;
  if (who.data) {
    throw conflict("Biểu đã qua bước Cụm chấm: không nhập số liệu chính thức được nữa.");
  }
  if (!who.own && !who.leadership && !who.standing) throw forbidden(DENY.ownUnit);
  throw conflict(
    who.standing
      ? "Cơ quan thường trực chỉ thẩm định khi biểu đã khớp điểm."
      : who.own
        ? who.leadership && status === "submitted"
          ? DENY.notOwnReview
          : "Biểu đã nộp nên đơn vị không sửa điểm tự chấm được; nếu cần sửa, đề nghị Cụm trả lại biểu."
        : "Cụm chỉ chấm khi biểu ở trạng thái đã nộp.",
  );
}

export async function saveScore(db: Db, access: PeriodAccess, input: SaveScoreInput) {
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const [pu] = await tx
      .select({ pu: periodUnits, code: units.code })
      .from(periodUnits)
      .innerJoin(units, eq(units.id, periodUnits.unitId))
      .where(and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, input.unitId)));
    if (!pu) throw notFound(`đơn vị số ${input.unitId} trong kỳ thi đua này`);
    const stage = stageFor(
      sheetWriter(access, input.unitId),
      pu.pu.sheetStatus as SheetStatus,
      access.standing && (await leaderWithoutDeputy(tx, access.period.id, pu.pu.role)),
    );
    const scheme = await periodScheme(tx, access.period);
    const criterion = scheme.nodes.get(input.criterionId);
    if (!criterion) throw notFound(`tiêu chí ${input.criterionId} trong bộ tiêu chí của Cụm`);
    if (criterion.kind === "group") {
      throw badRequest(
        "GROUP_CRITERION",
        `Tiêu chí ${criterion.id} là nhóm, hãy chấm các tiêu chí con.`,
      );
    }
    if (stage === "official" && !takesOfficialFigure(criterion.kind)) {
      throw badRequest("NOT_OFFICIAL", notOfficialFigure(criterion.id));
    }
    const refused = valueRefusal(
      scheme,
      { id: pu.code, role: pu.pu.role },
      criterion.id,
      input.value as ScoreValue,
    );
    if (refused) throw badRequest("INVALID_SCORE", refused);
    const staged =
      (await stagedScores(tx, access.period.id, [input.unitId])).get(input.unitId)?.[
        criterion.id
      ] ?? {};
    const prior = PRIOR[stage];
    const before = prior ? valueAtStage(staged, prior) : undefined;
    const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(input.value);
    const comment = input.comment?.trim() || null;
    if ((stage === "cluster" || stage === "appraisal") && changed && !comment) {
      throw badRequest(
        "REASON_REQUIRED",
        "Điểm khác với điểm đơn vị đề xuất: cần ghi lý do thay đổi.",
      );
    }

    const where = and(
      eq(scores.periodId, access.period.id),
      eq(scores.unitId, input.unitId),
      eq(scores.criterionId, criterion.id),
      eq(scores.stage, stage),
    );
    const readCurrent = async () =>
      (
        await tx
          .select({ row: scores, by: users.displayName })
          .from(scores)
          .innerJoin(users, eq(users.id, scores.scoredBy))
          .where(where)
          .for("update", { of: scores })
      )[0];
    const staleVersion = (latest: Awaited<ReturnType<typeof readCurrent>>) =>
      conflict(
        latest
          ? `${latest.by} đã lưu điểm tiêu chí ${criterion.id} lúc ${latest.row.scoredAt.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })}. Hãy xem giá trị hiện tại rồi lưu lại.`
          : `Điểm tiêu chí ${criterion.id} đã thay đổi; hãy tải lại biểu.`,
        latest
          ? {
              value: latest.row.value,
              version: latest.row.version,
              by: latest.by,
              at: latest.row.scoredAt,
            }
          : null,
      );
    const current = await readCurrent();
    if ((current?.row.version ?? 0) !== (input.version ?? 0)) throw staleVersion(current);
    const version = (current?.row.version ?? 0) + 1;
    const values = {
      value: input.value,
      comment,
      explanation: input.explanation?.trim() || null,
      scoredBy: access.user.id,
      scoredAt: new Date(),
      version,
    };
    if (current) {
      await tx.update(scores).set(values).where(where);
    } else {
      const inserted = await tx
        .insert(scores)
        .values({
          periodId: access.period.id,
          unitId: input.unitId,
          criterionId: criterion.id,
          stage,
          ...values,
        })
        .onConflictDoNothing()
        .returning({ version: scores.version });
      if (inserted.length === 0) throw staleVersion(await readCurrent());
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `score.${stage}`,
      entity: "score",
      entityId: `${input.unitId}/${criterion.id}/${stage}`,
      periodId: access.period.id,
      unitId: input.unitId,
      oldValue: current ? { value: current.row.value, comment: current.row.comment } : null,
      newValue: { value: input.value, comment },
      reason: comment,
    });

    const frozen = await tx
      .update(periods)
      .set({ schemeFrozenAt: new Date() })
      .where(and(eq(periods.id, access.period.id), isNull(periods.schemeFrozenAt)))
      .returning({ id: periods.id });
    if (frozen.length > 0) {
      await writeAudit(tx, {
        actorId: access.user.id,
        action: "scheme.frozen",
        entity: "period",
        entityId: access.period.id,
        periodId: access.period.id,
        reason:
          "Bắt đầu chấm điểm: bộ tiêu chí chỉ còn được sửa bằng quyết định của cơ quan thường trực.",
      });
    }

    const ownFigures =
      stage === "self" &&
      current &&
      JSON.stringify(current.row.value) !== JSON.stringify(input.value);
    const flag: UnitFlag = "adjustedAfterReconciliation";
    if (ownFigures && pu.pu.reconciledAt !== null && !pu.pu.flags.includes(flag)) {
      await tx
        .update(periodUnits)
        .set({ flags: [...pu.pu.flags, flag], version: pu.pu.version + 1 })
        .where(
          and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, input.unitId)),
        );
      await writeAudit(tx, {
        actorId: access.user.id,
        action: "unit.flagged",
        entity: "period_unit",
        entityId: `${access.period.id}/${input.unitId}`,
        periodId: access.period.id,
        unitId: input.unitId,
        oldValue: { flags: pu.pu.flags },
        newValue: { flags: [...pu.pu.flags, flag] },
        reason: `Đơn vị tự điều chỉnh số liệu tiêu chí ${criterion.id} sau khi đã thống nhất điểm: không xét khen thưởng năm nay.`,
      });
    }
    return {
      criterionId: criterion.id,
      stage,
      value: input.value,
      comment,
      version,
      scoredAt: values.scoredAt,
    };
  });
}
