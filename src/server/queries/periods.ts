/** A period at a glance: the cluster, the scheme, every unit's step in the year, milestones. */
import { SHEET_STATUS_LABELS, type SheetStatus } from "../../core/workflow.ts";
import type { DbOrTx } from "../db/client.ts";
import type { PeriodAccess } from "../policies/access.ts";
import { periodScheme, yearUnits } from "./cluster-year.ts";
import { schemeOut } from "./sheets.ts";

/** Today's date in Vietnam (yyyy-mm-dd): days are counted in Asia/Ho_Chi_Minh, not the server's zone. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(now);
}

export async function periodOverview(db: DbOrTx, access: PeriodAccess) {
  const { period, cluster } = access;
  const today = todayInVietnam();
  const units = await yearUnits(db, period.id);
  return {
    period: {
      id: period.id,
      label: period.label,
      kind: period.kind,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
      schemeId: period.schemeId,
      criteria: period.criteria,
      schemeFrozenAt: period.schemeFrozenAt,
      resultsPublishedAt: period.resultsPublishedAt,
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
    you: {
      memberRole: access.memberRole,
      leadership: access.leadership,
      standing: access.standing,
      council: access.council,
      data: access.data,
    },
    scheme: schemeOut(periodScheme(period)),
    milestones: period.milestones.map((m) => ({ ...m, late: m.dueOn < today })),
    units: units.map((u) => ({
      id: u.unitId,
      code: u.code,
      name: u.name,
      role: u.role,
      registered: u.registered,
      pactSigned: u.pactSigned,
      status: u.sheetStatus,
      statusLabel: SHEET_STATUS_LABELS[u.sheetStatus as SheetStatus],
      version: u.version,
      ...(access.standing || access.leadership || access.admin
        ? { partyRating: u.partyRating, flags: u.flags }
        : {}),
    })),
  };
}
