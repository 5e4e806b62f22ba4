/** A period at a glance: the cluster, the scheme, every unit's step in the year, milestones. */

import { and, asc, desc, eq, min } from "drizzle-orm";
import { type ResultsEdition, type ResultsStage, resultsStage } from "../../core/publication.ts";
import { type SheetStatus, sheetStatusLabel, todayInVietnam } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  auditLog,
  clusters,
  periods,
  periodUnits,
  sheetTransitions,
  units as unitsTable,
} from "../db/schema.ts";
import type { Period, PeriodAccess } from "../policies/access.ts";
import { compilePeriodScheme, periodFramework, yearUnits } from "./cluster-year.ts";
import { schemeOut } from "./sheets.ts";

/** Each unit's lateness, from the recorded times: registered or first submitted after the due date. */
export async function lateness(db: DbOrTx, access: PeriodAccess): Promise<Map<number, string[]>> {
  const due = Object.fromEntries(access.period.milestones.map((m) => [m.key, m]));
  const late = new Map<number, string[]>();
  const note = (unitId: number, key: string, at: Date | null) => {
    const m = due[key];
    if (!m) return;
    const day = at ? todayInVietnam(at) : todayInVietnam();
    if (day > m.dueOn) late.set(unitId, [...(late.get(unitId) ?? []), m.label]);
  };
  const submissions = await db
    .select({ unitId: sheetTransitions.unitId, at: min(sheetTransitions.at) })
    .from(sheetTransitions)
    .where(
      and(eq(sheetTransitions.periodId, access.period.id), eq(sheetTransitions.action, "submit")),
    )
    .groupBy(sheetTransitions.unitId);
  const submitted = new Map(submissions.map((s) => [s.unitId, s.at]));
  const rows = await db
    .select({ unitId: periodUnits.unitId, registeredAt: periodUnits.registeredAt })
    .from(periodUnits)
    .where(eq(periodUnits.periodId, access.period.id));
  for (const r of rows) {
    note(r.unitId, "registration", r.registeredAt);
    note(r.unitId, "selfScore", submitted.get(r.unitId) ?? null);
  }
  return late;
}

/**
 * How far the year's results have come, from every sheet's status: the sheets (by unit name)
 * not reconciled yet (publishing waits for them) and not appraised yet (the results are
 * provisional, "tạm tính", until none is left). The one place screens, publishing and files
 * learn it from.
 */
export async function periodResultsStage(db: DbOrTx, periodId: number): Promise<ResultsStage> {
  const rows = await db
    .select({ name: unitsTable.name, status: periodUnits.sheetStatus })
    .from(periodUnits)
    .innerJoin(unitsTable, eq(unitsTable.id, periodUnits.unitId))
    .where(eq(periodUnits.periodId, periodId))
    .orderBy(asc(unitsTable.code));
  return resultsStage(rows);
}

/**
 * The edition of a year's results: 1, plus one for each time the standing agency reopened the
 * locked year; and the last reopening (when and why) while the year is not locked again.
 */
export async function resultsEdition(
  db: DbOrTx,
  period: Pick<Period, "id" | "lockedAt">,
): Promise<Omit<ResultsEdition, "madeAt">> {
  const unlocks = await db
    .select({ at: auditLog.at, reason: auditLog.reason })
    .from(auditLog)
    .where(and(eq(auditLog.periodId, period.id), eq(auditLog.action, "results.unlock")))
    .orderBy(desc(auditLog.id));
  const last = unlocks[0];
  return {
    version: 1 + unlocks.length,
    reopened: last && !period.lockedAt ? { at: last.at, reason: last.reason ?? "" } : null,
  };
}

/** The publication of a period's results as the screens read it, with how far they have come. */
export function publicationOf(
  period: Pick<Period, "resultsPublishedAt" | "resultsProvisional" | "resultsProvisionalReason">,
  stage: ResultsStage,
) {
  return {
    /** When the results were published to the members; null when not (or withdrawn). */
    publishedAt: period.resultsPublishedAt,
    /** Published before every sheet was reconciled, as the cluster decided (tạm tính). */
    publishedProvisional: period.resultsPublishedAt !== null && period.resultsProvisional,
    reason: period.resultsPublishedAt !== null ? period.resultsProvisionalReason : null,
    /** The results are provisional (tạm tính) while a sheet is not appraised or locked. */
    provisional: stage.provisional,
    notReconciled: stage.notReconciled,
    notAppraised: stage.notAppraised,
  };
}

function mayReadCommitments(a: PeriodAccess, unitId: number): boolean {
  const own = a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null;
  return own || a.leadership || a.standing || a.council || a.admin;
}

export async function periodOverview(db: DbOrTx, access: PeriodAccess) {
  const { period, cluster } = access;
  const today = todayInVietnam();
  const units = await yearUnits(db, period.id);
  const late = await lateness(db, access);
  const framework = await periodFramework(db, period);
  const scheme = compilePeriodScheme(period, framework);
  const stage = resultsStage(units.map((u) => ({ name: u.name, status: u.sheetStatus })));
  return {
    period: {
      id: period.id,
      label: period.label,
      kind: period.kind,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
      schemeId: period.schemeId,
      frameworkId: period.frameworkId,
      criteria: period.criteria,
      schemeFrozenAt: period.schemeFrozenAt,
      resultsPublishedAt: period.resultsPublishedAt,
      resultsProvisional: period.resultsPublishedAt !== null && period.resultsProvisional,
      lockedAt: period.lockedAt,
      lockDecision: period.lockDecision,
      version: period.version,
    },
    cluster: {
      id: cluster.id,
      name: cluster.name,
      kind: cluster.kind,
      memberKind: cluster.memberKind,
    },
    /** The results' publication and whether they are provisional (tạm tính). */
    publication: publicationOf(period, stage),
    /** Which edition of the results this is; a reopened result says when and why. */
    edition: await resultsEdition(db, period),
    you: {
      memberRole: access.memberRole,
      leadership: access.leadership,
      standing: access.standing,
      council: access.council,
      data: access.data,
    },
    /** The level's framework the scheme starts from, if any. */
    framework: framework
      ? { id: framework.id, name: framework.name, levelId: framework.levelId }
      : null,
    scheme: {
      ...schemeOut(scheme),
      /** Sections the cluster may not change (the framework's or the preset's locks). */
      lockedSections: scheme.sections.filter((id) => scheme.nodes.get(id)?.locked),
    },
    milestones: period.milestones.map((m) => ({ ...m, late: m.dueOn < today })),
    units: units.map((u) => ({
      id: u.unitId,
      code: u.code,
      name: u.name,
      role: u.role,
      registered: u.registered,
      pactSigned: u.pactSigned,
      status: u.sheetStatus,
      statusLabel: sheetStatusLabel(u.sheetStatus as SheetStatus, access.cluster.kind),
      version: u.version,
      late: late.get(u.unitId) ?? [],
      ...(access.standing || access.leadership || access.admin
        ? { partyRating: u.partyRating, flags: u.flags }
        : {}),
      // what the unit registered and when it signed: for itself and those who oversee the year
      ...(mayReadCommitments(access, u.unitId)
        ? { registration: u.registration, pactSignedOn: u.pactSignedOn }
        : {}),
    })),
  };
}

/** Whether a year belongs to a Cụm or a Khối (for its words). */
export async function clusterKindOfPeriod(db: DbOrTx, periodId: number) {
  const [row] = await db
    .select({ kind: clusters.kind })
    .from(periods)
    .innerJoin(clusters, eq(clusters.id, periods.clusterId))
    .where(eq(periods.id, periodId));
  return row?.kind ?? null;
}
