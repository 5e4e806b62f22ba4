/**
 * The team records what it found on one criterion of the inspected unit: the unit's own figure
 * as it stood (kept with the finding), the value the team proposes, a remark. Recorded again
 * with another value, the unit's earlier answer no longer holds and it answers again.
 */
import { and, eq } from "drizzle-orm";
import { type ScoreValue, valueRefusal } from "../../../core/evaluate.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import { inspectionFindings, scores } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { assert, assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { INSPECTION_DENY, mayInspect } from "../../policies/inspection.ts";
import { periodScheme, yearUnits } from "../../queries/cluster-year.ts";
import { findVisit, inspectedCriteria } from "../../queries/inspection.ts";
import { openVisit } from "./respond-to-finding.ts";

export interface RecordFindingInput {
  proposed: ScoreValue;
  remark: string;
  /** The finding's version this was recorded on (absent for a new finding). */
  version?: number;
}

export async function recordFinding(
  db: DbOrTx,
  access: PeriodAccess,
  visitId: number,
  criterionId: string,
  input: RecordFindingInput,
): Promise<{ version: number }> {
  const periodId = access.period.id;
  return db.transaction(async (tx) => {
    const { plan, visit } = await findVisit(tx, periodId, visitId, { forUpdate: true });
    assert(mayInspect(access, visit), INSPECTION_DENY.team);
    await assertYearOpen(tx, periodId);
    openVisit(plan, visit);
    const scheme = await periodScheme(tx, access.period);
    const criterion = scheme.nodes.get(criterionId);
    if (!criterion || !inspectedCriteria(scheme, plan.content).has(criterionId)) {
      throw badRequest(
        "NOT_INSPECTED",
        `Tiêu chí ${criterionId} không thuộc nội dung kiểm tra chéo đã thống nhất.`,
      );
    }
    if (criterion.children.length > 0) {
      throw badRequest(
        "NOT_INSPECTED",
        `Tiêu chí ${criterionId} (${criterion.title}) gồm các tiêu chí con: ghi kết quả kiểm tra ở từng tiêu chí con.`,
      );
    }
    const unit = (await yearUnits(tx, periodId)).find((u) => u.unitId === visit.inspectedUnitId);
    if (!unit) throw new Error(`unit ${visit.inspectedUnitId} is not of period ${periodId}`);
    const refusal = valueRefusal(
      scheme,
      { id: unit.code, role: unit.role },
      criterionId,
      input.proposed,
    );
    if (refusal)
      throw badRequest("INVALID_SCORE", refusal.replace(`Đơn vị ${unit.code}`, unit.name));

    const [own] = await tx
      .select({ value: scores.value })
      .from(scores)
      .where(
        and(
          eq(scores.periodId, periodId),
          eq(scores.unitId, visit.inspectedUnitId),
          eq(scores.criterionId, criterionId),
          eq(scores.stage, "self"),
        ),
      );
    const [before] = await tx
      .select()
      .from(inspectionFindings)
      .where(
        and(
          eq(inspectionFindings.visitId, visitId),
          eq(inspectionFindings.criterionId, criterionId),
        ),
      );
    if ((before?.version ?? undefined) !== input.version) {
      throw conflict(
        `Kết quả kiểm tra tiêu chí ${criterionId} vừa được ghi bởi người khác. Hãy tải lại trang.`,
      );
    }
    const remark = input.remark.trim();
    const sameProposal =
      before && JSON.stringify(before.proposed) === JSON.stringify(input.proposed);
    const values = {
      checked: own?.value ?? null,
      proposed: input.proposed,
      remark,
      recordedBy: access.user.id,
      recordedAt: new Date(),
      ...(sameProposal
        ? {}
        : { response: null, responseReason: null, respondedBy: null, respondedAt: null }),
    };
    let version: number;
    if (before) {
      version = before.version + 1;
      await tx
        .update(inspectionFindings)
        .set({ ...values, version })
        .where(
          and(
            eq(inspectionFindings.visitId, visitId),
            eq(inspectionFindings.criterionId, criterionId),
          ),
        );
    } else {
      version = 1;
      await tx.insert(inspectionFindings).values({ visitId, criterionId, ...values });
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "inspection.finding",
      entity: "inspection_finding",
      entityId: `${visitId}/${criterionId}`,
      periodId,
      unitId: visit.inspectedUnitId,
      oldValue: before ? { proposed: before.proposed, remark: before.remark } : null,
      newValue: { criterionId, checked: values.checked, proposed: input.proposed, remark },
    });
    return { version };
  });
}
