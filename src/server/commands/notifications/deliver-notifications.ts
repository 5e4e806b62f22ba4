/**
 * Deliver the notices due at `now` (the scheduler calls it every minute; a test moves the
 * clock): the events of the last week (a sheet returned, a sheet scored by the cluster, a
 * proposal), the meetings to come, the ballots open, and each milestone's reminder from its
 * reminder day to its due day, to the people they concern. A notice's key makes it once per
 * person: delivering again writes nothing new. A fixed number of statements, whatever the
 * number of years.
 */
import { sql } from "drizzle-orm";
import { type NoticeEvent, noticeOf } from "../../../core/notices.ts";
import { remindersOf, type WorkUnit } from "../../../core/tasks.ts";
import { todayInVietnam } from "../../../core/workflow.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Milestone } from "../../db/schema.ts";

/** How far back an event still reaches people (a product started after a pause does not
 * announce last year's). */
const RECENT = "7 days";

interface Recipient {
  user_id: number;
  event: NoticeEvent;
}

/** The people each recent event concerns, in one statement. */
async function eventRecipients(db: DbOrTx, now: Date): Promise<Recipient[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const year = sql`'periodId', p.id, 'label', p.label, 'cluster', c.name, 'kind', c.kind`;
  const staff = (unit: unknown) =>
    sql`JOIN users r ON r.role = 'unit' AND r.unit_id = ${unit} AND r.active`;
  const { rows } = (await db.execute(sql`
    SELECT r.id AS user_id, jsonb_build_object(${year}, 'what',
      CASE t.action WHEN 'sendBack' THEN 'returned' ELSE 'reviewed' END, 'id', t.id,
      'unitId', t.unit_id, 'unit', un.name, 'by', a.display_name, 'reason', t.reason) AS event
    FROM sheet_transitions t
    JOIN periods p ON p.id = t.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN units un ON un.id = t.unit_id JOIN users a ON a.id = t.actor_id
    ${staff(sql`t.unit_id`)}
    WHERE t.action IN ('sendBack', 'review') AND t.at <= ${at}
      AND t.at > ${at} - ${RECENT}::interval AND p.locked_at IS NULL
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'meeting', 'id', m.id, 'title', m.title,
      'place', m.place,
      'at', to_char(m.scheduled_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI'))
    FROM meetings m
    JOIN periods p ON p.id = m.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN period_units pu ON pu.period_id = p.id
    ${staff(sql`pu.unit_id`)}
    WHERE m.held_at IS NULL AND m.scheduled_at > ${at} AND p.locked_at IS NULL
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'ballot', 'id', b.id, 'meetingId', m.id,
      'purpose', b.purpose, 'meeting', m.title)
    FROM ballots b
    JOIN meetings m ON m.id = b.meeting_id
    JOIN periods p ON p.id = m.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN attendance att ON att.meeting_id = m.id AND att.present
    ${staff(sql`att.unit_id`)}
    WHERE b.status = 'open' AND b.opened_at <= ${at}
      AND NOT EXISTS (SELECT 1 FROM ballot_voters v WHERE v.ballot_id = b.id
        AND v.unit_id = att.unit_id)
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'proposal', 'id', pr.id)
    FROM proposals pr
    JOIN periods p ON p.id = pr.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN users r ON r.active AND (
      (r.role = 'council' AND EXISTS (SELECT 1 FROM cluster_monitors cm
        JOIN council_members cmb ON cmb.id = cm.council_member_id
        WHERE cm.cluster_id = c.id AND cmb.user_id = r.id))
      OR (r.role = 'standing' AND r.level_id IN (
        WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM levels WHERE id = c.level_id
          UNION SELECT l.id, l.parent_id, u.depth + 1 FROM levels l
          JOIN up u ON l.id = u.parent_id WHERE u.depth < 64)
        SELECT id FROM up)))
    WHERE pr.submitted_at <= ${at} AND pr.submitted_at > ${at} - ${RECENT}::interval
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'inspectionPlan', 'id', ip.id)
    FROM inspection_plans ip
    JOIN periods p ON p.id = ip.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN period_units pu ON pu.period_id = p.id
    ${staff(sql`pu.unit_id`)}
    WHERE ip.agreed_at IS NULL AND ip.created_at <= ${at}
      AND ip.created_at > ${at} - ${RECENT}::interval AND p.locked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM inspection_acknowledgements ia
        WHERE ia.plan_id = ip.id AND ia.unit_id = pu.unit_id)
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'inspectionAgreed', 'id', ip.id,
      'inspectedBy', (SELECT jsonb_build_object('team', tu.name, 'on', v.visit_on)
        FROM inspection_visits v JOIN units tu ON tu.id = v.team_unit_id
        WHERE v.plan_id = ip.id AND v.inspected_unit_id = pu.unit_id),
      'inspects', coalesce((SELECT jsonb_agg(jsonb_build_object('unit', iu.name, 'on', v.visit_on)
        ORDER BY v.visit_on, v.id)
        FROM inspection_visits v JOIN units iu ON iu.id = v.inspected_unit_id
        WHERE v.plan_id = ip.id AND v.team_unit_id = pu.unit_id), '[]'))
    FROM inspection_plans ip
    JOIN periods p ON p.id = ip.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN period_units pu ON pu.period_id = p.id
    ${staff(sql`pu.unit_id`)}
    WHERE ip.agreed_at <= ${at} AND ip.agreed_at > ${at} - ${RECENT}::interval
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'findings', 'id', v.id, 'team', tu.name,
      'count', (SELECT count(*) FROM inspection_findings f
        WHERE f.visit_id = v.id AND f.response IS NULL))
    FROM inspection_visits v
    JOIN inspection_plans ip ON ip.id = v.plan_id
    JOIN periods p ON p.id = ip.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN units tu ON tu.id = v.team_unit_id
    ${staff(sql`v.inspected_unit_id`)}
    WHERE v.reconciled_at IS NULL AND p.locked_at IS NULL AND EXISTS (
      SELECT 1 FROM inspection_findings f WHERE f.visit_id = v.id AND f.response IS NULL
        AND f.recorded_at <= ${at} AND f.recorded_at > ${at} - ${RECENT}::interval)
    UNION ALL
    SELECT r.id, jsonb_build_object(${year}, 'what', 'reportRequest', 'id', rr.id,
      'title', rr.title, 'dueOn', rr.due_on)
    FROM report_requests rr
    JOIN periods p ON p.id = rr.period_id JOIN clusters c ON c.id = p.cluster_id
    JOIN period_units pu ON pu.period_id = p.id
    ${staff(sql`pu.unit_id`)}
    WHERE rr.kind = 'adhoc' AND rr.created_at <= ${at}
      AND rr.created_at > ${at} - ${RECENT}::interval AND p.locked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM report_submissions rs
        WHERE rs.request_id = rr.id AND rs.unit_id = pu.unit_id)`)) as unknown as {
    rows: Recipient[];
  };
  return rows;
}

interface OpenYear {
  id: number;
  label: string;
  cluster: string;
  kind: "cluster" | "block";
  milestones: Milestone[];
  held: string[];
  units: (WorkUnit & { staff: number[] })[];
}

/** The years not locked, with their units, their staff and the meetings held: one statement. */
async function openYears(db: DbOrTx): Promise<OpenYear[]> {
  const { rows } = (await db.execute(sql`
    SELECT p.id, p.label, c.name AS cluster, c.kind, p.milestones,
      coalesce((SELECT jsonb_agg(DISTINCT m.kind) FROM meetings m
        WHERE m.period_id = p.id AND m.held_at IS NOT NULL), '[]') AS held,
      (SELECT jsonb_agg(jsonb_build_object('id', pu.unit_id, 'name', u.name, 'role', pu.role,
        'status', pu.sheet_status, 'registered', pu.registered_at IS NOT NULL,
        'reportsSent', coalesce((SELECT jsonb_agg(DISTINCT rr.kind) FROM report_submissions rs
          JOIN report_requests rr ON rr.id = rs.request_id
          WHERE rr.period_id = p.id AND rr.kind <> 'adhoc' AND rs.unit_id = pu.unit_id), '[]'),
        'staff', coalesce((SELECT jsonb_agg(s.id) FROM users s
          WHERE s.role = 'unit' AND s.unit_id = pu.unit_id AND s.active), '[]')))
       FROM period_units pu JOIN units u ON u.id = pu.unit_id
       WHERE pu.period_id = p.id) AS units
    FROM periods p JOIN clusters c ON c.id = p.cluster_id
    WHERE p.locked_at IS NULL`)) as unknown as {
    rows: (OpenYear & { units: OpenYear["units"] | null })[];
  };
  return rows.map((r) => ({ ...r, units: r.units ?? [] }));
}

/** The reminders due on `now`'s day in Vietnam, to the staff of the units they wait for. */
async function reminderRecipients(db: DbOrTx, now: Date): Promise<Recipient[]> {
  const today = todayInVietnam(now);
  const out: Recipient[] = [];
  for (const y of await openYears(db)) {
    const reminders = remindersOf({ ...y, locked: false }, today);
    for (const r of reminders) {
      const event: NoticeEvent = {
        periodId: y.id,
        label: y.label,
        cluster: y.cluster,
        kind: y.kind,
        what: "deadline",
        key: r.key,
        milestone: r.label,
        dueOn: r.dueOn,
        days: r.days,
      };
      for (const unit of r.units) {
        const staff = y.units.find((u) => u.id === unit.id)?.staff ?? [];
        for (const user of staff) out.push({ user_id: user, event });
      }
    }
  }
  return out;
}

/** Deliver what is due at `now`; the number of notices written. */
export async function deliverNotifications(db: DbOrTx, now = new Date()): Promise<number> {
  const recipients = [...(await eventRecipients(db, now)), ...(await reminderRecipients(db, now))];
  if (recipients.length === 0) return 0;
  const seen = new Set<string>();
  const notices = recipients
    .map((r) => ({ user: r.user_id, period: r.event.periodId, ...noticeOf(r.event) }))
    .filter((n) => !seen.has(`${n.user}/${n.key}`) && seen.add(`${n.user}/${n.key}`));
  // each column as one parameter (a JSON array), so that any text goes through unchanged
  const column = (f: (n: (typeof notices)[number]) => unknown, type: string) =>
    sql`ARRAY(SELECT v FROM jsonb_array_elements_text(${JSON.stringify(notices.map(f))}::jsonb)
      WITH ORDINALITY AS t(v, n) ORDER BY n)::${sql.raw(type)}[]`;
  const { rows } = (await db.execute(sql`
    INSERT INTO notifications (user_id, key, kind, period_id, title, body, link, created_at)
    SELECT *, ${now.toISOString()}::timestamptz FROM unnest(
      ${column((n) => n.user, "integer")}, ${column((n) => n.key, "text")},
      ${column((n) => n.kind, "text")}, ${column((n) => n.period, "integer")},
      ${column((n) => n.title, "text")}, ${column((n) => n.body, "text")},
      ${column((n) => n.link, "text")})
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING id`)) as unknown as { rows: { id: number }[] };
  return rows.length;
}
