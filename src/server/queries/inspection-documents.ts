/**
 * The inputs of the cross-inspection's documents (src/documents/word-inspection.ts): the notice
 * of the agreed plan, dated the day it was agreed; the minutes of a visit, dated the visit's day,
 * signed by the inspected unit's head and the team's head. Values in words as on the screens.
 */
import { eq, inArray } from "drizzle-orm";
import type { Criterion } from "../../core/scheme.ts";
import { valueWords } from "../../core/value-words.ts";
import { todayInVietnam } from "../../core/workflow.ts";
import { clusterHeading } from "../../documents/inputs.ts";
import type {
  InspectionMinutesInput,
  InspectionNoticeInput,
} from "../../documents/word-inspection.ts";
import type { DbOrTx } from "../db/client.ts";
import { inspectionFindings, units } from "../db/schema.ts";
import { conflict } from "../errors.ts";
import { assert, type PeriodAccess } from "../policies/access.ts";
import { INSPECTION_DENY, seesFindings } from "../policies/inspection.ts";
import { periodScheme } from "./cluster-year.ts";
import { naming } from "./documents.ts";
import { findVisit, inspectionOf } from "./inspection.ts";

const symbol = (access: PeriodAccess, kind: "TB" | "BB") =>
  `${kind}-${access.cluster.kind === "block" ? "KTĐ" : "CTĐ"}`;

const worded = (c: Criterion | undefined) => ({
  levels: c?.levels ?? [],
  categories: Object.entries(c?.categories ?? {}).map(([id, v]) => ({ id, label: v.label })),
});

export async function inspectionNoticeInput(
  db: DbOrTx,
  access: PeriodAccess,
): Promise<InspectionNoticeInput> {
  const view = await inspectionOf(db, access);
  const plan = view.plan;
  if (!plan?.agreedAt) {
    throw conflict(
      "Kế hoạch kiểm tra chéo chưa được thống nhất: thông báo được lập khi kế hoạch đã thống nhất.",
    );
  }
  const date = todayInVietnam(plan.agreedAt);
  const n = await naming(db, access, date);
  return {
    heading: clusterHeading(n, symbol(access, "TB")),
    cluster: access.cluster.name,
    period: access.period.label,
    agreed: plan.decision
      ? `theo kết luận tại ${plan.decision.meeting}`
      : "được các đơn vị thành viên thống nhất",
    note: plan.note,
    content: plan.content,
    visits: (view.visits ?? []).map((v) => ({
      inspected: v.inspected.name,
      team: v.team.name,
      members: v.members,
      visitOn: v.visitOn,
      place: v.place,
    })),
  };
}

export async function inspectionMinutesInput(
  db: DbOrTx,
  access: PeriodAccess,
  visitId: number,
): Promise<InspectionMinutesInput> {
  const { plan, visit } = await findVisit(db, access.period.id, visitId);
  assert(seesFindings(access, visit), INSPECTION_DENY.findings);
  const [scheme, findings, sides] = await Promise.all([
    periodScheme(db, access.period),
    db
      .select()
      .from(inspectionFindings)
      .where(eq(inspectionFindings.visitId, visit.id))
      .orderBy(inspectionFindings.recordedAt),
    db
      .select({
        id: units.id,
        name: units.name,
        headName: units.headName,
        headTitle: units.headTitle,
      })
      .from(units)
      .where(inArray(units.id, [visit.inspectedUnitId, visit.teamUnitId])),
  ]);
  const side = (id: number) => sides.find((s) => s.id === id);
  const inspected = side(visit.inspectedUnitId);
  const team = side(visit.teamUnitId);
  const date = visit.visitOn ?? todayInVietnam(visit.reconciledAt ?? plan.createdAt);
  const n = await naming(db, access, date);
  const head = visit.members[0];
  // the order of the plan's content, then of the sheet
  const order = new Map(scheme.preOrder.map((c, i) => [c.id, i]));
  findings.sort((a, b) => (order.get(a.criterionId) ?? 0) - (order.get(b.criterionId) ?? 0));
  return {
    heading: clusterHeading(n, symbol(access, "BB")),
    cluster: access.cluster.name,
    period: access.period.label,
    visit: {
      inspected: inspected?.name ?? "",
      team: team?.name ?? "",
      members: visit.members,
      visitOn: visit.visitOn,
      place: visit.place,
    },
    inspectedSigner: {
      title: inspected?.headTitle?.trim() ?? "",
      name: inspected?.headName?.trim() ?? "",
    },
    teamSigner: head
      ? { title: head.role, name: head.name }
      : { title: team?.headTitle?.trim() ?? "", name: team?.headName?.trim() ?? "" },
    findings: findings.map((f) => {
      const c = scheme.nodes.get(f.criterionId);
      return {
        criterionId: f.criterionId,
        title: c?.title ?? f.criterionId,
        checked: valueWords(worded(c), f.checked),
        proposed: valueWords(worded(c), f.proposed),
        remark: f.remark,
        response: f.response,
        reason: f.responseReason,
      };
    }),
  };
}
