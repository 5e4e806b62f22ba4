/**
 * The facts of a person's waiting work in their years that the units' steps do not hold (the
 * changes to answer, a sheet sent back, ballots, meetings, proposals, escalations): one
 * statement for every year at once, whatever their number.
 */
import { sql } from "drizzle-orm";
import type { PeriodWork } from "../../core/tasks.ts";
import type { SessionUser } from "../auth.ts";
import type { DbOrTx } from "../db/client.ts";

export interface WorkFacts {
  changedToAnswer: number;
  returned: { reason: string | null; by: string } | null;
  ballots: { meetingId: number; count: number }[];
  meetings: { id: number; title: string; scheduledAt: string }[];
  proposals: number;
  escalated: { meetingId: number; count: number }[];
  held: string[];
  inspection: NonNullable<PeriodWork["inspection"]>;
  reports: NonNullable<PeriodWork["reports"]>;
}

interface Row {
  period_id: number;
  fact:
    | "changed"
    | "returned"
    | "ballot"
    | "meeting"
    | "held"
    | "proposal"
    | "escalated"
    | "acknowledge"
    | "answer"
    | "inspect"
    | "report";
  ref: number | null;
  n: number;
  /** A reason, a meeting's title or kind. */
  text: string | null;
  by: string | null;
  /** A meeting's time; for the sheet's last move, its action. */
  at: string | null;
}

const empty = (): WorkFacts => ({
  changedToAnswer: 0,
  returned: null,
  ballots: [],
  meetings: [],
  proposals: 0,
  escalated: [],
  held: [],
  inspection: { acknowledge: false, toAnswer: 0, visits: [] },
  reports: [],
});

export async function workFacts(
  db: DbOrTx,
  user: SessionUser,
  periodIds: number[],
): Promise<Map<number, WorkFacts>> {
  const out = new Map<number, WorkFacts>(periodIds.map((id) => [id, empty()]));
  if (periodIds.length === 0) return out;
  const ids = sql`${`{${periodIds.join(",")}}`}::integer[]`;
  const unit = sql`${user.unitId}::integer`;
  const { rows } = (await db.execute(sql`
    SELECT c.period_id, 'changed' AS fact, NULL::integer AS ref, count(*)::integer AS n,
      NULL AS text, NULL AS by, NULL AS at
    FROM scores c
    LEFT JOIN scores o ON o.period_id = c.period_id AND o.unit_id = c.unit_id
      AND o.criterion_id = c.criterion_id AND o.stage = 'official'
    LEFT JOIN scores s ON s.period_id = c.period_id AND s.unit_id = c.unit_id
      AND s.criterion_id = c.criterion_id AND s.stage = 'self'
    WHERE c.period_id = ANY(${ids}) AND c.unit_id = ${unit} AND c.stage = 'cluster'
      AND c.value IS DISTINCT FROM coalesce(o.value, s.value)
      AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.period_id = c.period_id
        AND r.unit_id = c.unit_id AND r.criterion_id = c.criterion_id)
    GROUP BY c.period_id
    UNION ALL
    (SELECT DISTINCT ON (t.period_id) t.period_id, 'returned', NULL::integer, 1, t.reason,
      u.display_name, t.action
    FROM sheet_transitions t JOIN users u ON u.id = t.actor_id
    WHERE t.period_id = ANY(${ids}) AND t.unit_id = ${unit}
    ORDER BY t.period_id, t.id DESC)
    UNION ALL
    SELECT m.period_id, 'ballot', m.id, count(*)::integer, NULL, NULL, NULL
    FROM ballots b JOIN meetings m ON m.id = b.meeting_id
    JOIN attendance a ON a.meeting_id = m.id AND a.unit_id = ${unit} AND a.present
    WHERE m.period_id = ANY(${ids}) AND b.status = 'open'
      AND NOT EXISTS (SELECT 1 FROM ballot_voters v WHERE v.ballot_id = b.id AND v.unit_id = ${unit})
    GROUP BY m.period_id, m.id
    UNION ALL
    SELECT m.period_id, CASE WHEN m.held_at IS NULL THEN 'meeting' ELSE 'held' END, m.id, 1,
      CASE WHEN m.held_at IS NULL THEN m.title ELSE m.kind END, NULL,
      to_char(m.scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    FROM meetings m WHERE m.period_id = ANY(${ids})
    UNION ALL
    SELECT p.period_id, 'proposal', NULL, count(*)::integer, NULL, NULL, NULL
    FROM proposals p WHERE p.period_id = ANY(${ids}) GROUP BY p.period_id
    UNION ALL
    SELECT m.period_id, 'escalated', m.id, count(*)::integer, NULL, NULL, NULL
    FROM decisions d JOIN meetings m ON m.id = d.meeting_id
    WHERE m.period_id = ANY(${ids}) AND d.escalated GROUP BY m.period_id, m.id
    UNION ALL
    SELECT ip.period_id, 'acknowledge', ip.id, 1, NULL, NULL, NULL
    FROM inspection_plans ip
    JOIN period_units pu ON pu.period_id = ip.period_id AND pu.unit_id = ${unit}
    WHERE ip.period_id = ANY(${ids}) AND ip.agreed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM inspection_acknowledgements ia
        WHERE ia.plan_id = ip.id AND ia.unit_id = ${unit})
    UNION ALL
    SELECT ip.period_id, 'answer', v.id, count(*)::integer, NULL, NULL, NULL
    FROM inspection_findings f JOIN inspection_visits v ON v.id = f.visit_id
    JOIN inspection_plans ip ON ip.id = v.plan_id
    WHERE ip.period_id = ANY(${ids}) AND v.inspected_unit_id = ${unit}
      AND v.reconciled_at IS NULL AND f.response IS NULL
    GROUP BY ip.period_id, v.id
    UNION ALL
    SELECT ip.period_id, 'inspect', v.id, 1, un.name, NULL, v.visit_on::text
    FROM inspection_visits v JOIN inspection_plans ip ON ip.id = v.plan_id
    JOIN units un ON un.id = v.inspected_unit_id
    WHERE ip.period_id = ANY(${ids}) AND v.team_unit_id = ${unit}
      AND ip.agreed_at IS NOT NULL AND v.reconciled_at IS NULL
    UNION ALL
    SELECT rr.period_id, 'report', rr.id, 1, rr.title, NULL, rr.due_on::text
    FROM report_requests rr
    JOIN period_units pu ON pu.period_id = rr.period_id AND pu.unit_id = ${unit}
    WHERE rr.period_id = ANY(${ids}) AND rr.kind = 'adhoc'
      AND NOT EXISTS (SELECT 1 FROM report_submissions rs
        WHERE rs.request_id = rr.id AND rs.unit_id = ${unit})`)) as unknown as {
    rows: Row[];
  };
  for (const r of rows) {
    const f = out.get(Number(r.period_id));
    if (!f) continue;
    if (r.fact === "changed") f.changedToAnswer = r.n;
    else if (r.fact === "returned" && r.at === "sendBack")
      f.returned = { reason: r.text, by: r.by ?? "" };
    else if (r.fact === "ballot") f.ballots.push({ meetingId: Number(r.ref), count: r.n });
    else if (r.fact === "meeting")
      f.meetings.push({ id: Number(r.ref), title: r.text ?? "", scheduledAt: String(r.at) });
    else if (r.fact === "held") f.held.push(r.text ?? "");
    else if (r.fact === "proposal") f.proposals = r.n;
    else if (r.fact === "escalated") f.escalated.push({ meetingId: Number(r.ref), count: r.n });
    else if (r.fact === "acknowledge") f.inspection.acknowledge = true;
    else if (r.fact === "answer") f.inspection.toAnswer += r.n;
    else if (r.fact === "inspect")
      f.inspection.visits.push({ inspected: r.text ?? "", visitOn: r.at });
    else if (r.fact === "report") f.reports.push({ title: r.text ?? "", dueOn: String(r.at) });
  }
  for (const f of out.values())
    f.meetings.sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  return out;
}
