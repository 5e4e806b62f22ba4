/**
 * The database: organisation (levels, units, clusters, councils), the year of a cluster
 * (periods, members with their role, registration and pact, scores by stage, evidence,
 * reconciliation, transitions), meetings and ballots, proposals, accounts and sessions, and the
 * append-only audit log. PostgreSQL 15 features only (the embedded server runs 18, the Debian server 15).
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CriterionChange, PartyRating, Role, UnitFlag } from "../../core/scheme.ts";

const id = () => integer().primaryKey().generatedAlwaysAsIdentity();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Administrative levels as a tree: province → (district) → commune; any level may own clusters. */
export const levels = pgTable("levels", {
  id: id(),
  parentId: integer("parent_id").references((): AnyPgColumn => levels.id),
  name: text().notNull(),
  kind: text().$type<"province" | "district" | "commune">().notNull(),
  /** Its council's standing agency (Ban TĐKT – Sở Nội vụ, Phòng Nội vụ). */
  standingAgency: text("standing_agency").notNull(),
});

export const units = pgTable("units", {
  id: id(),
  levelId: integer("level_id")
    .notNull()
    .references(() => levels.id),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** ward, commune, district, department, school, enterprise, credit, party, front, association… */
  kind: text().notNull(),
  /** The head who signs for the unit (and for the cluster, when it leads it): a person's name,
   * and the title as a signature block writes it ("Giám đốc", "Chủ tịch"). */
  headName: text("head_name"),
  headTitle: text("head_title"),
});

export const clusters = pgTable("clusters", {
  id: id(),
  levelId: integer("level_id")
    .notNull()
    .references(() => levels.id),
  name: text().notNull(),
  /** Cụm (usually localities) or Khối (usually agencies). */
  kind: text().$type<"cluster" | "block">().notNull(),
  memberKind: text("member_kind").$type<"ward" | "school" | "other">().notNull(),
});

export const councilMembers = pgTable("council_members", {
  id: id(),
  levelId: integer("level_id")
    .notNull()
    .references(() => levels.id),
  name: text().notNull(),
  title: text().notNull(),
  userId: integer("user_id").references(() => users.id),
});

/** Council members assigned to monitor (phụ trách, theo dõi) a cluster. */
export const clusterMonitors = pgTable(
  "cluster_monitors",
  {
    clusterId: integer("cluster_id")
      .notNull()
      .references(() => clusters.id),
    councilMemberId: integer("council_member_id")
      .notNull()
      .references(() => councilMembers.id),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.councilMemberId] })],
);

export interface Milestone {
  key: string;
  label: string;
  dueOn: string;
  /** Days before `dueOn` when the people who act on it are reminded (the scheme's setting). */
  remindDaysBefore?: number;
}

/** A cluster's year (calendar or school year) with its scheme. */
export const periods = pgTable(
  "periods",
  {
    id: id(),
    clusterId: integer("cluster_id")
      .notNull()
      .references(() => clusters.id),
    label: text().notNull(),
    kind: text().$type<"calendar" | "school">().notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    /** A preset id, specialised by `criteria` (after the framework's changes, if any). */
    schemeId: text("scheme_id").notNull(),
    /** The level's framework the scheme starts from (its preset is `schemeId`), if any. */
    frameworkId: integer("framework_id").references((): AnyPgColumn => frameworks.id),
    criteria: jsonb().$type<CriterionChange[]>().notNull().default([]),
    /** Set when the first score is written: the criteria are then read-only. */
    schemeFrozenAt: at("scheme_frozen_at"),
    milestones: jsonb().$type<Milestone[]>().notNull().default([]),
    /** Set while the results are published to the members; null before and once withdrawn. */
    resultsPublishedAt: at("results_published_at"),
    /** The results were published before every sheet was reconciled, as the cluster decided
     * (tạm tính), with `resultsProvisionalReason`. */
    resultsProvisional: boolean("results_provisional").notNull().default(false),
    resultsProvisionalReason: text("results_provisional_reason"),
    lockedAt: at("locked_at"),
    lockDecision: text("lock_decision"),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("periods_cluster_label").on(t.clusterId, t.label)],
);

export interface Registration {
  targets: string;
  titles: string[];
}

/** A unit's place in a cluster's year: its role, registration, pact, sheet status. */
export const periodUnits = pgTable(
  "period_units",
  {
    periodId: integer("period_id")
      .notNull()
      .references(() => periods.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    role: text().$type<Role>().notNull(),
    partyRating: text("party_rating").$type<PartyRating>().notNull().default("HTTNV"),
    flags: jsonb().$type<UnitFlag[]>().notNull().default([]),
    registration: jsonb().$type<Registration>(),
    registeredAt: at("registered_at"),
    pactSignedOn: date("pact_signed_on"),
    sheetStatus: text("sheet_status").notNull().default("draft"),
    reconciledAt: at("reconciled_at"),
    version: integer().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.periodId, t.unitId] }),
    uniqueIndex("period_units_one_leader").on(t.periodId).where(sql`role = 'leader'`),
  ],
);

/** One criterion of one unit at one stage: self, official (data agency), cluster, appraisal. */
export const scores = pgTable(
  "scores",
  {
    periodId: integer("period_id").notNull(),
    unitId: integer("unit_id").notNull(),
    criterionId: text("criterion_id").notNull(),
    stage: text().$type<"self" | "official" | "cluster" | "appraisal">().notNull(),
    value: jsonb().notNull(),
    comment: text(),
    /** Written explanation where a unit scores without evidence; for data: the source. */
    explanation: text(),
    scoredBy: integer("scored_by")
      .notNull()
      .references(() => users.id),
    scoredAt: at("scored_at").notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.unitId, t.criterionId, t.stage] })],
);

export const evidence = pgTable(
  "evidence",
  {
    id: id(),
    periodId: integer("period_id").notNull(),
    unitId: integer("unit_id").notNull(),
    criterionId: text("criterion_id").notNull(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer().notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: at("uploaded_at").notNull().defaultNow(),
    deletedAt: at("deleted_at"),
  },
  (t) => [index("evidence_sheet").on(t.periodId, t.unitId)],
);

/** A unit's answer to the cluster's score of a criterion: agree or dispute, with a reason. */
export const responses = pgTable(
  "responses",
  {
    periodId: integer("period_id").notNull(),
    unitId: integer("unit_id").notNull(),
    criterionId: text("criterion_id").notNull(),
    agreement: text().$type<"agree" | "dispute">().notNull(),
    reason: text(),
    respondedBy: integer("responded_by")
      .notNull()
      .references(() => users.id),
    respondedAt: at("responded_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.unitId, t.criterionId] })],
);

/** Append-only history of a sheet's workflow: from, to, who, when, why. */
export const sheetTransitions = pgTable(
  "sheet_transitions",
  {
    id: id(),
    periodId: integer("period_id").notNull(),
    unitId: integer("unit_id").notNull(),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    action: text().notNull(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    at: at("at").notNull().defaultNow(),
    reason: text(),
  },
  (t) => [index("sheet_transitions_sheet").on(t.periodId, t.unitId)],
);

export interface Delegate {
  name: string;
  role: string;
}

export const meetings = pgTable("meetings", {
  id: id(),
  periodId: integer("period_id")
    .notNull()
    .references(() => periods.id),
  kind: text()
    .$type<"kickoff" | "midyear" | "preparatory" | "summary" | "thematic" | "pact">()
    .notNull(),
  title: text().notNull(),
  scheduledAt: at("scheduled_at").notNull(),
  place: text().notNull(),
  agenda: text().notNull().default(""),
  invited: jsonb().$type<Delegate[]>().notNull().default([]),
  minutes: text().notNull().default(""),
  heldAt: at("held_at"),
  version: integer().notNull().default(1),
});

export const attendance = pgTable(
  "attendance",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    present: boolean().notNull(),
    delegate: text(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.unitId] })],
);

export const decisions = pgTable("decisions", {
  id: id(),
  meetingId: integer("meeting_id")
    .notNull()
    .references(() => meetings.id),
  text: text().notNull(),
  votesFor: integer("votes_for").notNull(),
  votesAgainst: integer("votes_against").notNull(),
  present: integer().notNull(),
  passed: boolean().notNull(),
  /** The cluster could not settle it: reported to the council. */
  escalated: boolean().notNull().default(false),
  decidedBy: integer("decided_by")
    .notNull()
    .references(() => users.id),
  decidedAt: at("decided_at").notNull().defaultNow(),
});

/** A secret ballot: for a tie on an award, or to elect next year's leader or deputy. */
export const ballots = pgTable("ballots", {
  id: id(),
  meetingId: integer("meeting_id")
    .notNull()
    .references(() => meetings.id),
  purpose: text().$type<"award" | "leader" | "deputy">().notNull(),
  award: text(),
  /** Unit ids (codes) standing. */
  candidates: jsonb().$type<string[]>().notNull(),
  round: integer().notNull().default(1),
  /** annulled: opened by mistake and annulled before closing, with a reason (in outcome). */
  status: text().$type<"open" | "closed" | "annulled">().notNull().default("open"),
  /** winner, or revote, or council — with the counts. */
  outcome: jsonb(),
  openedBy: integer("opened_by")
    .notNull()
    .references(() => users.id),
  openedAt: at("opened_at").notNull().defaultNow(),
  closedAt: at("closed_at"),
});

/** Who has voted (one ballot paper per unit present), never what they chose. */
export const ballotVoters = pgTable(
  "ballot_voters",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.unitId] })],
);

/** The ballot papers: a choice, with no voter and no time (a random key, no order). */
export const ballotPapers = pgTable("ballot_papers", {
  id: text().primaryKey().default(sql`gen_random_uuid()::text`),
  ballotId: integer("ballot_id")
    .notNull()
    .references(() => ballots.id),
  choice: text().notNull(),
});

/** The cluster's proposal to the council: the results as proposed, kept as sent. */
export const proposals = pgTable("proposals", {
  id: id(),
  periodId: integer("period_id")
    .notNull()
    .references(() => periods.id),
  results: jsonb().notNull(),
  note: text().notNull().default(""),
  submittedBy: integer("submitted_by")
    .notNull()
    .references(() => users.id),
  submittedAt: at("submitted_at").notNull().defaultNow(),
});

/**
 * A cluster's cross-inspection of its members for a year (kiểm tra chéo: Vùng cao 2022 Điều
 * 7.4–7.5): the criteria or sections inspected, agreed at a meeting (its decision) or by every
 * member's acknowledgement in the product; a draft while `agreedAt` is null.
 */
export const inspectionPlans = pgTable(
  "inspection_plans",
  {
    id: id(),
    periodId: integer("period_id")
      .notNull()
      .references(() => periods.id),
    /** Ids of the criteria and sections of the period's scheme the teams inspect. */
    content: jsonb().$type<string[]>().notNull().default([]),
    /** Purpose and requirements, as the notice states them. */
    note: text().notNull().default(""),
    agreedAt: at("agreed_at"),
    agreedHow: text("agreed_how").$type<"meeting" | "acknowledgement">(),
    /** The meeting's decision that agreed the plan. */
    decisionId: integer("decision_id").references(() => decisions.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: at("created_at").notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("inspection_plans_period").on(t.periodId)],
);

/**
 * One unit inspected by a team of officers of another member unit, on a date at a place; once
 * the two sides reconcile the findings on the spot (`reconciledAt`), the inspected figures are
 * the unit's agreed figures: a later change by the unit excludes it (Lạng Sơn 2019 D.3).
 */
export const inspectionVisits = pgTable(
  "inspection_visits",
  {
    id: id(),
    planId: integer("plan_id")
      .notNull()
      .references(() => inspectionPlans.id),
    inspectedUnitId: integer("inspected_unit_id")
      .notNull()
      .references(() => units.id),
    teamUnitId: integer("team_unit_id")
      .notNull()
      .references(() => units.id),
    /** The team's officers: name and title. */
    members: jsonb().$type<Delegate[]>().notNull().default([]),
    visitOn: date("visit_on"),
    place: text().notNull().default(""),
    reconciledAt: at("reconciled_at"),
    reconciledBy: integer("reconciled_by").references(() => users.id),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("inspection_visits_inspected").on(t.planId, t.inspectedUnitId)],
);

/** A member's written acknowledgement of the plan (agreement without a meeting). */
export const inspectionAcknowledgements = pgTable(
  "inspection_acknowledgements",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => inspectionPlans.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    at: at("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.unitId] })],
);

/**
 * What the team found on one criterion of the inspected unit: the figure as the unit's records
 * show it, the value the team proposes, a remark; the unit agrees or disputes (with a reason).
 */
export const inspectionFindings = pgTable(
  "inspection_findings",
  {
    visitId: integer("visit_id")
      .notNull()
      .references(() => inspectionVisits.id),
    criterionId: text("criterion_id").notNull(),
    /** The unit's own value when the team checked it (null: not self-scored yet). */
    checked: jsonb(),
    proposed: jsonb().notNull(),
    remark: text().notNull().default(""),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: at("recorded_at").notNull().defaultNow(),
    response: text().$type<"agree" | "dispute">(),
    responseReason: text("response_reason"),
    respondedBy: integer("responded_by").references(() => users.id),
    respondedAt: at("responded_at"),
    version: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.criterionId] })],
);

/**
 * A report the leader asks the members for (Vùng cao 2022 Điều 7.1–7.3): the standing ones come
 * from the year's milestones (`milestoneKey`: the six-month report, the annual report with the
 * self-score sheet), an ad hoc one is written by the leader with its own due date.
 */
export const reportRequests = pgTable(
  "report_requests",
  {
    id: id(),
    periodId: integer("period_id")
      .notNull()
      .references(() => periods.id),
    kind: text().$type<"sixMonth" | "annual" | "adhoc">().notNull(),
    /** The milestone a standing request follows (its due date is the milestone's). */
    milestoneKey: text("milestone_key"),
    title: text().notNull(),
    /** What is asked (an ad hoc request's letter). */
    body: text().notNull().default(""),
    dueOn: date("due_on").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("report_requests_standing").on(t.periodId, t.kind).where(sql`kind <> 'adhoc'`),
  ],
);

/** A member's report sent for a request (a PDF or Word file, kept as evidence is). */
export const reportSubmissions = pgTable(
  "report_submissions",
  {
    id: id(),
    requestId: integer("request_id")
      .notNull()
      .references(() => reportRequests.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer().notNull(),
    storageKey: text("storage_key").notNull(),
    submittedBy: integer("submitted_by")
      .notNull()
      .references(() => users.id),
    submittedAt: at("submitted_at").notNull().defaultNow(),
    /** Whole days after the due date in Vietnam when it arrived; 0 on time. */
    daysLate: integer("days_late").notNull().default(0),
  },
  (t) => [index("report_submissions_request").on(t.requestId, t.unitId)],
);

export type UserRole = "unit" | "standing" | "council" | "data" | "admin";

export const users = pgTable("users", {
  id: id(),
  username: text().notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text().$type<UserRole>().notNull(),
  /** unit staff: their unit; data agency: its unit record (a department). */
  unitId: integer("unit_id").references(() => units.id),
  /** standing agency, council member, data agency: their level. */
  levelId: integer("level_id").references(() => levels.id),
  active: boolean().notNull().default(true),
  /** Set by an administrator: until the user changes it, only the account's own routes answer. */
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  /** Where the daily digest of notifications goes, when mail is set up and the user wants it. */
  email: text(),
  emailDigest: boolean("email_digest").notNull().default(true),
  createdAt: at("created_at").notNull().defaultNow(),
});

/**
 * What reached a person in the app: a sheet returned, a change to reconcile, a meeting, a ballot,
 * a proposal, a deadline near. `key` makes each one once per person (a reminder is not sent
 * twice); `emailedAt`: the digest that carried it.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    key: text().notNull(),
    kind: text().notNull(),
    periodId: integer("period_id").references(() => periods.id),
    title: text().notNull(),
    body: text().notNull().default(""),
    /** The place in the app it opens (a path). */
    link: text().notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    readAt: at("read_at"),
    emailedAt: at("emailed_at"),
  },
  (t) => [
    uniqueIndex("notifications_user_key").on(t.userId, t.key),
    index("notifications_user_created").on(t.userId, t.createdAt),
  ],
);

export const sessions = pgTable("sessions", {
  /** sha-256 of the cookie's token: a stolen database gives no session. */
  id: text().primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id),
  csrfToken: text("csrf_token").notNull(),
  createdAt: at("created_at").notNull().defaultNow(),
  expiresAt: at("expires_at").notNull(),
});

/**
 * Failed sign-ins, for throttling (commands/auth/throttle.ts): kept in the database so a restart
 * or a second server does not forget them; rows older than the window are pruned on write.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: at("at").notNull().defaultNow(),
    /** The user name as typed, lower-cased: unknown names are counted like known ones. */
    username: text().notNull(),
    /** The client's address (request.ip: X-Forwarded-For only when TRUST_PROXY is on). */
    address: text().notNull(),
  },
  (t) => [
    index("sign_in_failures_username_at").on(t.username, t.at),
    index("sign_in_failures_address_at").on(t.address, t.at),
    index("sign_in_failures_at").on(t.at),
  ],
);

/**
 * Every change of every record a user can change. The database refuses updates and deletes,
 * and chains the rows (decision 007): on insert a trigger gives each row the next `seq`, the
 * `hash` of the row before it and its own hash over its content and that one; `xact` is the
 * writing transaction, which lets the database check that a score, a flag, a decision or a
 * ballot changes only with its audit row (migration 0006).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Set by the database on insert: the row's place in the chain, 1, 2, 3… with no gap. */
    seq: bigint({ mode: "number" }),
    /** Set by the database on insert: the hash of the row before (64 zeros for the first). */
    prevHash: text("prev_hash"),
    /** Set by the database on insert: sha-256 of prevHash and the row's content (hex). */
    hash: text(),
    /** Set by the database on insert: the writing transaction (pg_current_xact_id). */
    xact: bigint({ mode: "number" }),
    at: at("at").notNull().defaultNow(),
    actorId: integer("actor_id").references(() => users.id),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text("entity_id").notNull(),
    periodId: integer("period_id"),
    unitId: integer("unit_id"),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    reason: text(),
  },
  (t) => [
    // a unit's history a page at a time, newest first (queries/history.ts)
    index("audit_period_unit_id").on(t.periodId, t.unitId, t.id),
    uniqueIndex("audit_log_seq").on(t.seq),
    // the deferred audited_change check finds a change's audit row by these three
    index("audit_log_xact").on(t.xact, t.entity, t.entityId),
  ],
);

/** Each check of the audit chain and of the records against it (`tdkt audit verify`). */
export const auditVerifications = pgTable("audit_verifications", {
  id: id(),
  at: at("at").notNull().defaultNow(),
  /** Who ran it from the administration page; null: the command line. */
  actorId: integer("actor_id").references(() => users.id),
  ok: boolean().notNull(),
  /** Audit rows walked, and records (scores, flags, decisions, ballots) compared. */
  rows: integer().notNull(),
  records: integer().notNull(),
  /** The last row of the chain when it was checked: a later check finds it unchanged. */
  headSeq: bigint("head_seq", { mode: "number" }),
  headHash: text("head_hash"),
  breakCount: integer("break_count").notNull(),
  /** The breaks found, as shown to the administrator (the first 200). */
  breaks: jsonb().$type<unknown[]>().notNull().default([]),
});

/** Server settings kept with the data: the secret that signs evidence download links. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: text().notNull(),
});

/** A level's framework (khung tiêu chí): a preset with the standing agency's changes and locks. */
export const frameworks = pgTable("frameworks", {
  id: id(),
  levelId: integer("level_id")
    .notNull()
    .references(() => levels.id),
  name: text().notNull(),
  presetId: text("preset_id").notNull(),
  criteria: jsonb().$type<CriterionChange[]>().notNull().default([]),
  /** Top-level sections clusters may not change. */
  lockedSections: jsonb("locked_sections").$type<string[]>().notNull().default([]),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: at("created_at").notNull().defaultNow(),
  version: integer().notNull().default(1),
});
