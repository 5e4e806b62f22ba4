/**
 * The leader drafts the cross-inspection plan: the criteria or sections inspected, which member
 * unit's officers inspect which unit, when and where. The pairings keep the rules of
 * core/inspection.ts; once the plan is agreed only the schedule and the teams' officers of the
 * visits not yet held may change. Audited with the plan before and after.
 */
import { and, eq, inArray } from "drizzle-orm";
import { pairingProblems } from "../../../core/inspection.ts";
import { writeAudit } from "../../audit.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  type Delegate,
  inspectionFindings,
  inspectionPlans,
  inspectionVisits,
} from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { assertYearOpen, type PeriodAccess } from "../../policies/access.ts";
import { periodScheme, yearUnits } from "../../queries/cluster-year.ts";
import { findPlan } from "../../queries/inspection.ts";

export interface PlannedVisit {
  inspectedUnitId: number;
  teamUnitId: number;
  members: Delegate[];
  visitOn: string | null;
  place: string;
}

export interface SaveInspectionPlanInput {
  content: string[];
  note: string;
  visits: PlannedVisit[];
  /** The plan's version this edit was made on (absent for the first draft). */
  version?: number;
}

export async function saveInspectionPlan(
  db: DbOrTx,
  access: PeriodAccess,
  input: SaveInspectionPlanInput,
): Promise<{ id: number; version: number }> {
  const periodId = access.period.id;
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, periodId);
    const scheme = await periodScheme(tx, access.period);
    const unknown = input.content.filter((id) => !scheme.nodes.has(id));
    if (unknown.length > 0) {
      throw badRequest(
        "UNKNOWN_CRITERION",
        `Bộ tiêu chí năm ${access.period.label} không có tiêu chí ${unknown.join(", ")}.`,
      );
    }
    if (input.content.length === 0) {
      throw badRequest("EMPTY_CONTENT", "Hãy chọn ít nhất một tiêu chí hoặc một phần để kiểm tra.");
    }
    const members = await yearUnits(tx, periodId);
    const names = new Map(members.map((u) => [u.unitId, u.name]));
    const problems = pairingProblems(
      input.visits.map((v) => ({ inspected: v.inspectedUnitId, team: v.teamUnitId })),
      names,
    );
    if (problems.length > 0) throw badRequest("INSPECTION_PAIRING", problems.join(" "));

    const plan = await findPlan(tx, periodId, { forUpdate: true });
    if (plan && plan.version !== input.version) {
      throw conflict("Kế hoạch kiểm tra chéo vừa được người khác sửa. Hãy tải lại trang.");
    }
    if (!plan && input.version !== undefined) {
      throw conflict("Kế hoạch kiểm tra chéo chưa có: hãy tải lại trang.");
    }
    const before = plan
      ? await tx.select().from(inspectionVisits).where(eq(inspectionVisits.planId, plan.id))
      : [];
    const key = (v: { inspectedUnitId: number; teamUnitId: number }) =>
      `${v.inspectedUnitId}/${v.teamUnitId}`;
    if (plan?.agreedAt) {
      const same =
        JSON.stringify([...plan.content].sort()) === JSON.stringify([...input.content].sort()) &&
        JSON.stringify(before.map(key).sort()) === JSON.stringify(input.visits.map(key).sort());
      if (!same) {
        throw conflict(
          "Kế hoạch kiểm tra chéo đã được thống nhất: chỉ sửa được ngày, địa điểm và thành phần đoàn; nội dung và phân công đoàn giữ như đã thống nhất.",
        );
      }
    }
    // a visit already held, or with findings, stays as it was
    const findings =
      before.length === 0
        ? []
        : await tx
            .select({ visitId: inspectionFindings.visitId })
            .from(inspectionFindings)
            .where(
              inArray(
                inspectionFindings.visitId,
                before.map((v) => v.id),
              ),
            );
    const started = new Set([
      ...findings.map((f) => f.visitId),
      ...before.filter((v) => v.reconciledAt).map((v) => v.id),
    ]);
    const wanted = new Map(input.visits.map((v) => [key(v), v]));
    for (const v of before) {
      const next = wanted.get(key(v));
      const changed =
        !next ||
        next.visitOn !== v.visitOn ||
        next.place !== v.place ||
        JSON.stringify(next.members) !== JSON.stringify(v.members);
      if (started.has(v.id) && changed) {
        throw conflict(
          `Đoàn của ${names.get(v.teamUnitId)} đã ghi kết quả kiểm tra tại ${names.get(v.inspectedUnitId)}: lượt kiểm tra này không sửa, không bỏ được.`,
        );
      }
    }

    const values = { content: input.content, note: input.note.trim() };
    let planId: number;
    let version: number;
    if (plan) {
      planId = plan.id;
      version = plan.version + 1;
      await tx
        .update(inspectionPlans)
        .set({ ...values, version })
        .where(eq(inspectionPlans.id, plan.id));
    } else {
      const [created] = await tx
        .insert(inspectionPlans)
        .values({ periodId, ...values, createdBy: access.user.id })
        .returning({ id: inspectionPlans.id, version: inspectionPlans.version });
      if (!created) throw new Error("insert returned no plan");
      planId = created.id;
      version = created.version;
    }
    const kept = new Set<string>();
    for (const v of before) {
      const next = wanted.get(key(v));
      if (!next) {
        await tx.delete(inspectionVisits).where(eq(inspectionVisits.id, v.id));
        continue;
      }
      kept.add(key(v));
      if (started.has(v.id)) continue;
      await tx
        .update(inspectionVisits)
        .set({
          members: next.members,
          visitOn: next.visitOn,
          place: next.place.trim(),
          version: v.version + 1,
        })
        .where(and(eq(inspectionVisits.id, v.id), eq(inspectionVisits.version, v.version)));
    }
    const added = input.visits.filter((v) => !kept.has(key(v)));
    if (added.length > 0) {
      await tx
        .insert(inspectionVisits)
        .values(added.map((v) => ({ planId, ...v, place: v.place.trim() })));
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: "inspection.plan",
      entity: "inspection_plan",
      entityId: planId,
      periodId,
      oldValue: plan
        ? {
            content: plan.content,
            note: plan.note,
            visits: before.map(({ inspectedUnitId, teamUnitId, members, visitOn, place }) => ({
              inspectedUnitId,
              teamUnitId,
              members,
              visitOn,
              place,
            })),
          }
        : null,
      newValue: { ...values, visits: input.visits },
    });
    return { id: planId, version };
  });
}
