/**
 * The inputs of a cluster-year's documents read from the database: the summary and the
 * proposal from the same cluster-year file that results and `tdkt evaluate` use, the scoring
 * sheets with every stage's values, the minutes of a meeting, the six-month and annual reports
 * (with what the members reported to the leader).
 */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { fromHundredths } from "../../core/decimal.ts";
import { awardLabels } from "../../core/deliberate.ts";
import { type ScoreValue, type StagedValue, scoresAtStage } from "../../core/evaluate.ts";
import { BALLOT_PURPOSE_LABELS, MEETING_KIND_LABELS } from "../../core/labels.ts";
import { evaluateUnits } from "../../core/scenario.ts";
import { type SheetStatus, sheetStatusLabel, todayInVietnam } from "../../core/workflow.ts";
import { SHEET_STAGES, type SheetInput } from "../../documents/excel-sheet.ts";
import {
  type ClusterNaming,
  clusterHeading,
  type ScenarioDocuments,
  scenarioDocuments,
} from "../../documents/inputs.ts";
import type { MinutesInput, ReportInput } from "../../documents/word.ts";
import type { StandingKind } from "../commands/reports/standing-requests.ts";
import type { DbOrTx } from "../db/client.ts";
import { levels, meetings, periodUnits, proposals, units } from "../db/schema.ts";
import type { PeriodAccess } from "../policies/access.ts";
import {
  clusterYearFile,
  periodScheme,
  stagedScores,
  stageEvaluations,
  type YearUnit,
  yearUnits,
} from "./cluster-year.ts";
import { listMeetings, readMeeting } from "./meetings.ts";
import { lateness, periodResultsStage, resultsEdition } from "./periods.ts";
import { listReports } from "./reports.ts";

/** The roles as a cluster (Cụm) or a block (Khối) names them. */
const roleLabel = (kind: "cluster" | "block", role: "leader" | "deputy" | "member") =>
  role === "member"
    ? "Thành viên"
    : `${kind === "block" ? "Khối" : "Cụm"} ${role === "leader" ? "trưởng" : "phó"}`;

export type PeriodDocuments = ScenarioDocuments & { naming: ClusterNaming };

/** The leader unit of a period, with the head who signs for it (null when none is named). */
async function leaderOf(db: DbOrTx, periodId: number) {
  const [row] = await db
    .select({ name: units.name, headName: units.headName, headTitle: units.headTitle })
    .from(periodUnits)
    .innerJoin(units, eq(units.id, periodUnits.unitId))
    .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.role, "leader")));
  return row ?? null;
}

/**
 * How the cluster is named on its documents: the level's people's committee above the cluster,
 * the level's standing agency among the recipients, signed by the head of the leader unit
 * (none recorded: a dotted line to write the name on); the place is the level's name without
 * the word for the level ("Tỉnh Lạng Sơn" → Lạng Sơn); `date` is the document's own day.
 */
export async function naming(
  db: DbOrTx,
  access: PeriodAccess,
  date: string,
): Promise<ClusterNaming> {
  const [level] = await db.select().from(levels).where(eq(levels.id, access.cluster.levelId));
  const levelName = level?.name ?? "";
  const leader = await leaderOf(db, access.period.id);
  const head = leader?.headName?.trim();
  return {
    cluster: access.cluster.name,
    kind: access.cluster.kind,
    level: levelName.charAt(0).toLowerCase() + levelName.slice(1),
    standingAgency: level?.standingAgency,
    leader: leader?.name ?? null,
    leaderHead: head ? { name: head, title: leader?.headTitle?.trim() || null } : null,
    place: levelName.replace(/^(Tỉnh|Thành phố|Quận|Huyện|Thị xã|Xã|Phường)\s+/i, ""),
    date,
  };
}

/**
 * The day each document of a period bears ("Lạng Sơn, ngày … tháng … năm …"), in Vietnam's
 * time zone: the proposal and the summary table it carries, the day the proposal was sent to
 * the council, else the day of the summary meeting where the cluster deliberated, once held;
 * the annual report, the day of that meeting; the six-month report, the day of the mid-year
 * meeting, once held; each otherwise the day it is made. (The minutes bear their meeting's day.)
 */
async function documentDays(db: DbOrTx, periodId: number) {
  const held = await db
    .select({ kind: meetings.kind, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(and(eq(meetings.periodId, periodId), isNotNull(meetings.heldAt)))
    .orderBy(desc(meetings.scheduledAt), desc(meetings.id));
  const [sent] = await db
    .select({ at: proposals.submittedAt })
    .from(proposals)
    .where(eq(proposals.periodId, periodId))
    .orderBy(desc(proposals.id))
    .limit(1);
  const today = todayInVietnam();
  const heldOn = (kind: (typeof held)[number]["kind"]) => {
    const meeting = held.find((m) => m.kind === kind);
    return meeting ? todayInVietnam(meeting.scheduledAt) : null;
  };
  return {
    proposal: sent ? todayInVietnam(sent.at) : (heldOn("summary") ?? today),
    annual: heldOn("summary") ?? today,
    sixMonth: heldOn("midyear") ?? today,
  };
}

/**
 * The documents of a period from its cluster-year file. Their results are provisional (every
 * file says "KẾT QUẢ TẠM TÍNH") as long as a sheet is not appraised or locked: decided here,
 * once, from the sheets' statuses, and handed to the document builders.
 */
export async function periodDocuments(db: DbOrTx, access: PeriodAccess): Promise<PeriodDocuments> {
  const file = await clusterYearFile(db, access.period, access.cluster);
  const n = await naming(db, access, (await documentDays(db, access.period.id)).proposal);
  const stage = await periodResultsStage(db, access.period.id);
  const provisionalResults = stage.provisional ? { notAppraised: stage.notAppraised } : null;
  const edition = { ...(await resultsEdition(db, access.period)), madeAt: new Date() };
  return {
    ...scenarioDocuments(file, n, { provisional: true, provisionalResults, edition }),
    naming: n,
  };
}

/** Every unit's values by stage, by the unit's code. */
async function stagedByCode(db: DbOrTx, periodId: number, units: YearUnit[]) {
  const staged = await stagedScores(db, periodId);
  return new Map<string, Record<string, StagedValue>>(
    units.map((u) => [u.code, staged.get(u.unitId) ?? {}]),
  );
}

/** The scoring sheets of some units (all by default) with the values of every stage. */
export async function sheetInputs(
  db: DbOrTx,
  access: PeriodAccess,
  docs: ScenarioDocuments,
  unitIds?: number[],
): Promise<SheetInput[]> {
  const units = await yearUnits(db, access.period.id);
  const byCode = await stagedByCode(db, access.period.id, units);
  const { scheme, units: unitInfos } = docs.evaluation;
  // the highest-share bonus and the contested one-unit bonuses at each stage depend on every
  // unit's value at that stage
  const contexts: SheetInput["contexts"] = {};
  for (const { stage } of SHEET_STAGES) {
    const scores: Record<string, Record<string, ScoreValue>> = {};
    for (const [code, s] of byCode) scores[code] = scoresAtStage(s, stage);
    contexts[stage] = evaluateUnits(scheme, unitInfos, scores, [], { provisional: true }).context;
  }
  return units
    .filter((u) => !unitIds || unitIds.includes(u.unitId))
    .map((u) => ({ ...docs.sheet(u.code), staged: byCode.get(u.code) ?? {}, contexts }));
}

export async function minutesInput(
  db: DbOrTx,
  access: PeriodAccess,
  meetingId: number,
): Promise<MinutesInput> {
  const m = await readMeeting(db, access.period.id, meetingId, null);
  const members = await yearUnits(db, access.period.id);
  // minutes bear the date of the meeting they record
  const n = await naming(db, access, todayInVietnam(new Date(m.scheduledAt)));
  const names = new Map(members.map((u) => [u.code, u.name]));
  const name = (code: string | null) => (code ? (names.get(code) ?? code) : "");
  const labels = awardLabels(await periodScheme(db, access.period));
  const word = access.cluster.kind === "block" ? "Khối" : "Cụm";
  return {
    heading: {
      ...clusterHeading(n, access.cluster.kind === "block" ? "BB-KTĐ" : "BB-CTĐ"),
      recipients: [],
    },
    cluster: n.cluster,
    period: access.period.label,
    meeting: {
      kindLabel: MEETING_KIND_LABELS[m.kind] ?? m.kind,
      title: m.title,
      scheduledAt: m.scheduledAt,
      place: m.place,
      agenda: m.agenda,
      chair: chairOf(n, word),
      chairName: n.leaderHead?.name ?? "",
      secretary: "",
      invited: m.invited as { name: string; role: string }[],
      attendance: m.attendance,
      decisions: m.decisions,
      ballots: m.ballots.map((b) => {
        const o = b.outcome;
        const tied = o ? o.tied.map(name).join(", ") : "";
        return {
          title: `${BALLOT_PURPOSE_LABELS[b.purpose] ?? b.purpose}${b.award ? `: ${labels.get(b.award) ?? b.award}` : ""}${b.round > 1 ? ` (vòng ${b.round})` : ""}`,
          candidates: b.candidates.map(name),
          counts: o ? b.candidates.map((c) => o.counts[c] ?? 0) : null,
          outcome: !o
            ? `Đang bỏ phiếu: ${b.voted} đơn vị đã bỏ phiếu.`
            : o.kind === "winner"
              ? `${name(o.winner)} được nhiều phiếu nhất (${o.voted} đơn vị bỏ phiếu).`
              : o.kind === "revote"
                ? `${tied} bằng số phiếu cao nhất: bỏ phiếu lại giữa các đơn vị này.`
                : `${tied} vẫn bằng phiếu: báo cáo Hội đồng Thi đua - Khen thưởng quyết định.`,
        };
      }),
      minutes: m.minutes,
    },
  };
}

/**
 * Who chairs a meeting of the cluster, as the minutes name them: the head of the leader unit
 * with their title ("Nguyễn Văn Hùng, Giám đốc Công ty Điện lực Lạng Sơn (Khối trưởng)"), or
 * the leader unit's representative when no head is recorded.
 */
function chairOf(n: ClusterNaming, word: "Khối" | "Cụm"): string {
  if (!n.leader) return "";
  const head = n.leaderHead;
  if (!head) return `Đại diện ${n.leader} (${word} trưởng)`;
  // "Huyện Tủa Chùa" after a title reads "Chủ tịch huyện Tủa Chùa"
  const unit = n.leader.replace(
    /^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)(?= )/,
    (kind) => kind.toLocaleLowerCase("vi-VN"),
  );
  const as = head.title ? `${head.title} ${unit}` : `đại diện ${n.leader}`;
  return `${head.name}, ${as} (${word} trưởng)`;
}

export async function reportInput(
  db: DbOrTx,
  access: PeriodAccess,
  docs: PeriodDocuments,
  kind: ReportInput["kind"],
): Promise<ReportInput> {
  const units = await yearUnits(db, access.period.id);
  const everyone = await stagedScores(db, access.period.id);
  const { scheme, output } = docs.evaluation;
  const finals = new Map(output.units.map((u) => [u.id, u.total]));
  // the self-scores as the sheets show them: evaluated with the whole cluster at that stage
  const selves = stageEvaluations(scheme, units, everyone, "self", access.cluster).evaluations;
  const late = await lateness(db, access);
  const meetings = await listMeetings(db, access.period.id);
  const days = await documentDays(db, access.period.id);
  const date = kind === "annual" ? days.annual : days.sixMonth;
  // the members' own reports to the leader: this report's standing request, and who is late
  // with the six-month one (its milestone)
  const asked = await listReports(db, access, { unitId: null, today: todayInVietnam() });
  const standing = (k: StandingKind) => asked.find((r) => r.kind === k);
  const matching = standing(kind === "annual" ? "annual" : "sixMonth");
  const sixMonthLate = new Set(
    standing("sixMonth")
      ?.units.filter((u) => u.status === "late" || u.status === "missing")
      .map((u) => u.unitId),
  );
  return {
    heading: clusterHeading(
      { ...docs.naming, date },
      access.cluster.kind === "block" ? "BC-KTĐ" : "BC-CTĐ",
    ),
    kind,
    cluster: docs.naming.cluster,
    clusterKind: access.cluster.kind,
    period: access.period.label,
    progress: units.map((u) => {
      const self = scoresAtStage(everyone.get(u.unitId) ?? {}, "self");
      const evaluated = selves.get(u.code);
      const done = u.sheetStatus === "appraised" || u.sheetStatus === "locked";
      return {
        name: u.name,
        role: roleLabel(access.cluster.kind, u.role),
        registered: u.registered,
        pactSigned: u.pactSigned,
        statusLabel: sheetStatusLabel(u.sheetStatus as SheetStatus, access.cluster.kind),
        selfTotal:
          evaluated && Object.keys(self).length > 0 ? fromHundredths(evaluated.total) : null,
        finalTotal: done ? (finals.get(u.code) ?? null) : null,
      };
    }),
    meetings: meetings.map((m) => ({
      date: m.scheduledAt,
      title: m.title,
      kindLabel: MEETING_KIND_LABELS[m.kind] ?? m.kind,
      held: m.heldAt !== null,
    })),
    milestones: access.period.milestones.map((m) => ({
      label: m.label,
      dueOn: m.dueOn,
      late: units
        .filter((u) =>
          m.key === "sixMonthReport"
            ? sixMonthLate.has(u.unitId)
            : late.get(u.unitId)?.includes(m.label),
        )
        .map((u) => u.name),
    })),
    memberReports: matching
      ? {
          title: matching.title,
          dueOn: matching.dueOn,
          units: matching.units.map((u) => ({
            name: u.name,
            receivedAt: u.submission?.submittedAt.toISOString() ?? null,
            daysLate: u.submission?.daysLate ?? 0,
          })),
        }
      : null,
    summary: kind === "annual" ? docs.proposal(null).summary : null,
    provisional: docs.provisional,
    edition: docs.edition,
  };
}
