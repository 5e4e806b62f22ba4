/**
 * A year's cross-inspection as the people of the cluster read it: the plan (content, teams,
 * schedule, how it was agreed), each visit with the team's findings and the unit's answers, and
 * who has acknowledged the plan. A fixed number of statements whatever the number of units.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  coveredCriteria,
  notInspected,
  type Pairing,
  pairingProblems,
  proposeRotation,
  visitProgress,
} from "../../core/inspection.ts";
import type { Scheme } from "../../core/scheme.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  decisions,
  inspectionAcknowledgements,
  inspectionFindings,
  inspectionPlans,
  inspectionVisits,
  meetings,
  users,
} from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { PeriodAccess } from "../policies/access.ts";
import { seesFindings, sideOf } from "../policies/inspection.ts";
import { periodScheme, type YearUnit, yearUnits } from "./cluster-year.ts";

export type InspectionPlan = typeof inspectionPlans.$inferSelect;
export type InspectionVisit = typeof inspectionVisits.$inferSelect;
export type InspectionFinding = typeof inspectionFindings.$inferSelect;

/** The plan of a period, if drafted (held FOR UPDATE in a transaction that writes it). */
export async function findPlan(
  db: DbOrTx,
  periodId: number,
  options: { forUpdate?: boolean } = {},
): Promise<InspectionPlan | null> {
  const query = db.select().from(inspectionPlans).where(eq(inspectionPlans.periodId, periodId));
  const [plan] = options.forUpdate ? await query.for("update") : await query;
  return plan ?? null;
}

/** A visit of the period's plan, or 404 naming it. */
export async function findVisit(
  db: DbOrTx,
  periodId: number,
  visitId: number,
  options: { forUpdate?: boolean } = {},
): Promise<{ plan: InspectionPlan; visit: InspectionVisit }> {
  const query = db
    .select({ plan: inspectionPlans, visit: inspectionVisits })
    .from(inspectionVisits)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionVisits.planId))
    .where(and(eq(inspectionVisits.id, visitId), eq(inspectionPlans.periodId, periodId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(`Lượt kiểm tra chéo số ${visitId}`);
  return row;
}

/** The criteria a plan's content covers: the ids listed and every criterion under them. */
export function inspectedCriteria(scheme: Scheme, content: readonly string[]): Set<string> {
  return new Set(coveredCriteria(scheme.preOrder, content).map((c) => c.id));
}

const name = (units: YearUnit[], id: number) =>
  units.find((u) => u.unitId === id)?.name ?? `Đơn vị số ${id}`;

export async function inspectionOf(db: DbOrTx, access: PeriodAccess) {
  const periodId = access.period.id;
  const [scheme, members, plan] = await Promise.all([
    periodScheme(db, access.period),
    yearUnits(db, periodId),
    findPlan(db, periodId),
  ]);
  const names = new Map(members.map((u) => [u.unitId, u.name]));
  const proposed = proposeRotation(members.map((u) => u.unitId));
  const rotation = proposed.map((p) => ({ inspectedUnitId: p.inspected, teamUnitId: p.team }));
  const you = {
    plans: access.leadership,
    acknowledges: access.memberRole !== null && access.user.role === "unit",
  };
  if (!plan) {
    return {
      plan: null,
      members: members.map((u) => ({ id: u.unitId, name: u.name, role: u.role })),
      proposedRotation: rotation,
      you,
    };
  }
  const [visits, acks, decision] = await Promise.all([
    db
      .select()
      .from(inspectionVisits)
      .where(eq(inspectionVisits.planId, plan.id))
      .orderBy(asc(inspectionVisits.visitOn), asc(inspectionVisits.id)),
    db
      .select({ unitId: inspectionAcknowledgements.unitId, at: inspectionAcknowledgements.at })
      .from(inspectionAcknowledgements)
      .where(eq(inspectionAcknowledgements.planId, plan.id)),
    plan.decisionId === null
      ? Promise.resolve([])
      : db
          .select({ id: decisions.id, text: decisions.text, meeting: meetings.title })
          .from(decisions)
          .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
          .where(eq(decisions.id, plan.decisionId)),
  ]);
  const findings =
    visits.length === 0
      ? []
      : await db
          .select({ finding: inspectionFindings, recordedBy: users.displayName })
          .from(inspectionFindings)
          .innerJoin(users, eq(users.id, inspectionFindings.recordedBy))
          .where(
            inArray(
              inspectionFindings.visitId,
              visits.map((v) => v.id),
            ),
          )
          .orderBy(asc(inspectionFindings.recordedAt));
  const pairings: Pairing<number>[] = visits.map((v) => ({
    inspected: v.inspectedUnitId,
    team: v.teamUnitId,
  }));
  const title = (id: string) => scheme.nodes.get(id)?.title ?? id;
  return {
    plan: {
      id: plan.id,
      content: plan.content.map((id) => ({ id, title: title(id) })),
      note: plan.note,
      agreedAt: plan.agreedAt,
      agreedHow: plan.agreedHow,
      decision: decision[0] ?? null,
      createdAt: plan.createdAt,
      version: plan.version,
      problems: pairingProblems(pairings, names),
      notInspected: notInspected(pairings, names),
    },
    members: members.map((u) => ({ id: u.unitId, name: u.name, role: u.role })),
    proposedRotation: rotation,
    acknowledgements: members.map((u) => ({
      unitId: u.unitId,
      name: u.name,
      at: acks.find((a) => a.unitId === u.unitId)?.at ?? null,
    })),
    visits: visits.map((v) => {
      const own = findings.filter((f) => f.finding.visitId === v.id);
      return {
        id: v.id,
        inspected: { id: v.inspectedUnitId, name: name(members, v.inspectedUnitId) },
        team: { id: v.teamUnitId, name: name(members, v.teamUnitId) },
        members: v.members,
        visitOn: v.visitOn,
        place: v.place,
        reconciledAt: v.reconciledAt,
        version: v.version,
        you: sideOf(access, v),
        progress: visitProgress(own.map((f) => f.finding)),
        findings: seesFindings(access, v)
          ? own.map(({ finding: f, recordedBy }) => ({
              criterionId: f.criterionId,
              title: title(f.criterionId),
              checked: f.checked,
              proposed: f.proposed,
              remark: f.remark,
              recordedBy,
              recordedAt: f.recordedAt,
              response: f.response,
              responseReason: f.responseReason,
              respondedAt: f.respondedAt,
              version: f.version,
            }))
          : null,
      };
    }),
    you,
  };
}
