/**
 * Every route of the API with who may call it and a valid request for it, on a small cluster
 * year (units A leader, B deputy, C member) with a meeting, an open ballot and an evidence file.
 * The permission and bad-input tests walk this table.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { atEndOfEachFile } from "./file-end.ts";
import {
  type Client,
  fileTemplate,
  sessionFor,
  type TestApp,
  testApp,
  testDatabase,
  tinyPdf,
  uploadFile,
} from "./server.ts";
import { createYear, type YearFixture } from "./year.ts";

const VUNG_CAO = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures/scenarios/vung-cao-highland.json"), "utf8"),
);

export const ROLES = [
  "none",
  "member",
  "leader",
  "deputy",
  "outsider",
  "standing",
  "otherStanding",
  "council",
  "data",
  "admin",
] as const;
export type RoleName = (typeof ROLES)[number];
export const USERNAMES: Record<Exclude<RoleName, "none">, string> = {
  member: "u-c",
  leader: "u-a",
  deputy: "u-b",
  outsider: "u-out",
  standing: "standing",
  otherStanding: "other-standing",
  council: "council",
  data: "data",
  admin: "admin",
};

export interface World {
  t: TestApp;
  y: YearFixture;
  p: string;
  c: number;
  meetingId: number;
  ballotId: number;
  decisionId: number;
  evidenceId: number;
  /** A framework of the cluster's level (Lạng Sơn sheet B, section III locked), unused. */
  frameworkId: number;
  /** The agreed cross-inspection: C inspected by A's team, a finding on II.1 unanswered. */
  visitId: number;
}

export interface Expectation {
  /** Roles let through; everyone else gets 403 (401 without a session). */
  allow: readonly RoleName[] | "everyone" | "signedIn";
  request: (w: World) => { url: string; body?: unknown };
  /**
   * A route that writes, once the year's result is locked: refused with 409 PERIOD_LOCKED and
   * nothing changed, where it would change the result (scores, sheets, facts, members, criteria,
   * evidence, decisions, award ballots); going on where it must (the proposal, the minutes,
   * next year's election, the organisation, accounts).
   */
  afterLock?: "refused" | "goesOn";
}

const SEE_PERIOD = ["member", "leader", "deputy", "standing", "council", "data", "admin"] as const;
const SEE_SHEET = SEE_PERIOD;
const LEADERSHIP = ["leader", "deputy"] as const;
const REVIEWERS = ["leader", "deputy", "standing", "council", "admin"] as const;
const ADMIN = ["admin"] as const;

export const EXPECTATIONS: Record<string, Expectation> = {
  "GET /api/health": { allow: "everyone", request: () => ({ url: "/api/health" }) },
  "POST /api/auth/login": {
    afterLock: "goesOn",
    allow: "everyone",
    request: () => ({
      url: "/api/auth/login",
      body: { username: "u-c", password: "mat-khau-thu-nghiem" },
    }),
  },
  "POST /api/auth/logout": {
    afterLock: "goesOn",
    allow: "everyone",
    request: () => ({ url: "/api/auth/logout", body: {} }),
  },
  "GET /api/auth/me": { allow: "everyone", request: () => ({ url: "/api/auth/me" }) },
  "POST /api/auth/password": {
    afterLock: "goesOn",
    allow: "signedIn",
    request: () => ({
      url: "/api/auth/password",
      body: { currentPassword: "mat-khau-thu-nghiem", newPassword: "mat-khau-moi-cua-toi" },
    }),
  },

  // organisation and accounts: reading the tree is for everyone signed in, changes for admins
  "GET /api/organisation": { allow: "signedIn", request: () => ({ url: "/api/organisation" }) },
  "GET /api/levels": { allow: "signedIn", request: () => ({ url: "/api/levels" }) },
  "POST /api/levels": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({
      url: "/api/levels",
      body: { name: "Tỉnh Bắc Kạn", kind: "province", standingAgency: "Ban TĐKT tỉnh Bắc Kạn" },
    }),
  },
  "GET /api/units": {
    allow: "signedIn",
    request: (w) => ({ url: `/api/units?levelId=${w.y.levelId}` }),
  },
  "POST /api/units": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({
      url: "/api/units",
      body: { levelId: w.y.levelId, code: "D", name: "Công ty D", kind: "enterprise" },
    }),
  },
  "PUT /api/units/{id}": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({ url: `/api/units/${w.c}`, body: { name: "Công ty C (tên mới)" } }),
  },
  "GET /api/clusters": { allow: "signedIn", request: () => ({ url: "/api/clusters" }) },
  "POST /api/clusters": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({
      url: "/api/clusters",
      body: { levelId: w.y.levelId, name: "Khối các sở", kind: "block", memberKind: "other" },
    }),
  },
  "GET /api/council-members": {
    allow: "signedIn",
    request: () => ({ url: "/api/council-members" }),
  },
  "POST /api/council-members": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({
      url: "/api/council-members",
      body: { levelId: w.y.levelId, name: "Đồng chí Ủy viên mới", title: "Ủy viên Hội đồng" },
    }),
  },
  "POST /api/clusters/{id}/monitors": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({
      url: `/api/clusters/${w.y.clusterId}/monitors`,
      body: { councilMemberId: 1 },
    }),
  },
  "GET /api/users": { allow: ADMIN, request: () => ({ url: "/api/users" }) },
  "POST /api/users": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({
      url: "/api/users",
      body: {
        username: "moi",
        displayName: "Tài khoản mới",
        password: "mat-khau-moi",
        role: "admin",
      },
    }),
  },
  "POST /api/users/{id}/deactivate": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({ url: "/api/users/1/deactivate", body: {} }),
  },
  "POST /api/users/{id}/password": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({ url: "/api/users/1/password", body: { password: "mat-khau-moi" } }),
  },
  "POST /api/users/{id}/require-password-change": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({ url: "/api/users/1/require-password-change", body: {} }),
  },
  // backups: administrators only (an administrator gets 404 for this unknown id)
  "GET /api/admin/audit/verification": {
    allow: ADMIN,
    request: () => ({ url: "/api/admin/audit/verification" }),
  },
  "POST /api/admin/audit/verify": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({ url: "/api/admin/audit/verify", body: {} }),
  },
  "POST /api/admin/backups": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: () => ({ url: "/api/admin/backups", body: {} }),
  },
  "GET /api/admin/backups/{id}": {
    allow: ADMIN,
    request: () => ({ url: "/api/admin/backups/00000000-0000-4000-8000-000000000000" }),
  },
  "GET /api/admin/backups/{id}/file": {
    allow: ADMIN,
    request: () => ({ url: "/api/admin/backups/00000000-0000-4000-8000-000000000000/file" }),
  },
  // the audit trail of the whole system: administrators only
  "GET /api/admin/audit": {
    allow: ADMIN,
    request: (w) => ({ url: `/api/admin/audit?periodId=${w.y.periodId}&limit=20` }),
  },
  "POST /api/clusters/{id}/periods": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({
      url: `/api/clusters/${w.y.clusterId}/periods`,
      body: {
        label: "2026",
        kind: "calendar",
        startsOn: "2026-01-01",
        endsOn: "2026-12-31",
        schemeId: "lang-son-2019/B",
        units: [{ unitId: w.y.unit.A, role: "leader" }],
      },
    }),
  },
  "POST /api/periods/{periodId}/units": {
    afterLock: "refused",
    allow: ADMIN,
    request: (w) => ({ url: `${w.p}/units`, body: { unitId: w.y.unit.OUT } }),
  },
  "DELETE /api/periods/{periodId}/units/{unitId}": {
    afterLock: "refused",
    allow: ADMIN,
    request: (w) => ({ url: `${w.p}/units/${w.c}` }),
  },
  "POST /api/periods/{periodId}/leadership": {
    afterLock: "refused",
    allow: ADMIN,
    request: (w) => ({ url: `${w.p}/leadership`, body: { leaderUnitId: w.c } }),
  },

  "GET /api/me/periods": { allow: "signedIn", request: () => ({ url: "/api/me/periods" }) },
  // each person's own notifications and digest settings
  "GET /api/me/notifications": {
    allow: "signedIn",
    request: () => ({ url: "/api/me/notifications" }),
  },
  "POST /api/me/notifications/read": {
    afterLock: "goesOn",
    allow: "signedIn",
    request: () => ({ url: "/api/me/notifications/read", body: {} }),
  },
  "GET /api/me/mail": { allow: "signedIn", request: () => ({ url: "/api/me/mail" }) },
  "PUT /api/me/mail": {
    afterLock: "goesOn",
    allow: "signedIn",
    request: () => ({ url: "/api/me/mail", body: { email: "", emailDigest: true } }),
  },
  // a unit's years: its own staff, and whoever follows a cluster it belongs to
  "GET /api/units/{unitId}/years": {
    allow: ["member", "leader", "deputy", "standing", "council", "admin"],
    request: (w) => ({ url: `/api/units/${w.c}/years` }),
  },
  // frameworks: read by everyone signed in; published and changed by the standing agency of
  // the level (or of a level above) and administrators
  "GET /api/levels/{levelId}/frameworks": {
    allow: "signedIn",
    request: (w) => ({ url: `/api/levels/${w.y.levelId}/frameworks` }),
  },
  "POST /api/levels/{levelId}/frameworks": {
    afterLock: "goesOn",
    allow: ["standing", "admin"],
    request: (w) => ({
      url: `/api/levels/${w.y.levelId}/frameworks`,
      body: { name: "Khung tiêu chí khối doanh nghiệp", presetId: "lang-son-2019/B" },
    }),
  },
  "PUT /api/frameworks/{id}": {
    afterLock: "goesOn",
    allow: ["standing", "admin"],
    request: (w) => ({
      url: `/api/frameworks/${w.frameworkId}`,
      body: {
        name: "Khung tiêu chí khối doanh nghiệp (sửa đổi)",
        criteria: [{ id: "I.8", title: "Ứng dụng công nghệ, chuyển đổi số" }],
        lockedSections: ["II", "III"],
        version: 1,
      },
    }),
  },

  "GET /api/periods/{periodId}": { allow: SEE_PERIOD, request: (w) => ({ url: w.p }) },
  "GET /api/periods/{periodId}/notices": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/notices` }),
  },
  "POST /api/clusters/{id}/import": {
    afterLock: "goesOn",
    allow: ["standing", "admin"],
    request: (w) => ({ url: `/api/clusters/${w.y.clusterId}/import`, body: { file: VUNG_CAO } }),
  },
  "GET /api/periods/{periodId}/export": {
    allow: ["leader", "deputy", "standing", "admin"],
    request: (w) => ({ url: `${w.p}/export` }),
  },
  "GET /api/periods/{periodId}/documents/summary.xlsx": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/documents/summary.xlsx` }),
  },
  "GET /api/periods/{periodId}/documents/workbook.xlsx": {
    allow: [...REVIEWERS, "data"],
    request: (w) => ({ url: `${w.p}/documents/workbook.xlsx` }),
  },
  "GET /api/periods/{periodId}/units/{unitId}/documents/sheet.xlsx": {
    allow: SEE_SHEET,
    request: (w) => ({ url: `${w.p}/units/${w.c}/documents/sheet.xlsx` }),
  },
  // a data agency imports the official figures of a draft or submitted sheet
  "POST /api/periods/{periodId}/units/{unitId}/sheet-import": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy", "standing", "data"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/sheet-import`, body: "file" }),
  },
  "POST /api/periods/{periodId}/units/{unitId}/sheet-import/preview": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy", "standing", "data"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/sheet-import/preview`, body: "file" }),
  },
  "GET /api/periods/{periodId}/units/{unitId}/sheet-imports": {
    allow: ["member", "leader", "deputy", "standing", "data"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/sheet-imports` }),
  },
  // an import of no one (404) once allowed: the lock and the roles are checked before it is read
  "POST /api/periods/{periodId}/units/{unitId}/sheet-import/{importId}/undo": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy", "standing", "data"],
    request: (w) => ({
      url: `${w.p}/units/${w.c}/sheet-import/00000000-0000-4000-8000-000000000000/undo`,
      body: {},
    }),
  },
  "GET /api/periods/{periodId}/documents/criteria.xlsx": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/documents/criteria.xlsx` }),
  },
  "POST /api/periods/{periodId}/criteria-import": {
    afterLock: "goesOn",
    allow: ["leader", "deputy", "standing", "admin"],
    request: (w) => ({ url: `${w.p}/criteria-import`, body: "file" }),
  },
  "GET /api/clusters/{id}/documents/units.xlsx": {
    allow: ADMIN,
    request: (w) => ({ url: `/api/clusters/${w.y.clusterId}/documents/units.xlsx` }),
  },
  "POST /api/clusters/{id}/units-import": {
    afterLock: "goesOn",
    allow: ADMIN,
    request: (w) => ({ url: `/api/clusters/${w.y.clusterId}/units-import`, body: "file" }),
  },
  "GET /api/periods/{periodId}/documents/proposal.docx": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/documents/proposal.docx` }),
  },
  "GET /api/periods/{periodId}/documents/report.docx": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/documents/report.docx?kind=six-month` }),
  },
  "GET /api/periods/{periodId}/meetings/{meetingId}/minutes.docx": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/meetings/${w.meetingId}/minutes.docx` }),
  },
  "GET /api/periods/{periodId}/results": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/results` }),
  },
  "GET /api/periods/{periodId}/review": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/review` }),
  },
  // nobody claims the bonus yet: allowed, then 409 "nothing to settle"
  "POST /api/periods/{periodId}/bonuses/{criterionId}/settle": {
    afterLock: "refused",
    allow: ["leader", "deputy", "standing"],
    request: (w) => ({
      url: `${w.p}/bonuses/III.6.1/settle`,
      body: { unitId: w.c, reason: "Cụm thống nhất thưởng cho Công ty C" },
    }),
  },
  "GET /api/periods/{periodId}/proposals": {
    allow: REVIEWERS,
    request: (w) => ({ url: `${w.p}/proposals` }),
  },
  "PUT /api/periods/{periodId}/criteria": {
    afterLock: "refused",
    allow: ["leader", "deputy", "standing"],
    request: (w) => ({
      url: `${w.p}/criteria`,
      body: { criteria: [{ id: "I.1", title: "Doanh thu" }], version: 1 },
    }),
  },
  "POST /api/periods/{periodId}/publish": {
    afterLock: "goesOn",
    allow: ["leader", "deputy", "standing"],
    request: (w) => ({
      url: `${w.p}/publish`,
      body: { provisional: true, reason: "Cụm thống nhất công bố tạm tính" },
    }),
  },
  "POST /api/periods/{periodId}/unpublish": {
    afterLock: "goesOn",
    allow: ["leader", "deputy", "standing"],
    request: (w) => ({ url: `${w.p}/unpublish`, body: { reason: "Công bố nhầm" } }),
  },
  "POST /api/periods/{periodId}/proposal": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({ url: `${w.p}/proposal`, body: { note: "" } }),
  },
  "POST /api/periods/{periodId}/lock": {
    afterLock: "refused",
    allow: ["standing"],
    request: (w) => ({
      url: `${w.p}/lock`,
      body: { confirmation: "KHÓA KẾT QUẢ", decision: "QĐ 1" },
    }),
  },
  "POST /api/periods/{periodId}/unlock": {
    afterLock: "goesOn",
    allow: ["standing"],
    request: (w) => ({ url: `${w.p}/unlock`, body: { reason: "Sửa sai sót" } }),
  },
  "GET /api/periods/{periodId}/units/{unitId}/sheet": {
    allow: SEE_SHEET,
    request: (w) => ({ url: `${w.p}/units/${w.c}/sheet` }),
  },
  "GET /api/periods/{periodId}/units/{unitId}/history": {
    allow: SEE_SHEET,
    request: (w) => ({ url: `${w.p}/units/${w.c}/history?limit=20&kind=evidence` }),
  },
  "PUT /api/periods/{periodId}/units/{unitId}/registration": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({
      url: `${w.p}/units/${w.c}/registration`,
      body: { targets: "Doanh thu tăng 10%", titles: [], version: 1 },
    }),
  },
  "POST /api/periods/{periodId}/units/{unitId}/pact": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/units/${w.c}/pact`,
      body: { signedOn: "2024-02-01", version: 1 },
    }),
  },
  "PUT /api/periods/{periodId}/units/{unitId}/standing-facts": {
    afterLock: "refused",
    allow: ["standing"],
    request: (w) => ({
      url: `${w.p}/units/${w.c}/standing-facts`,
      body: { partyRating: "HTTNV", reason: "Kết quả xếp loại của Đảng ủy Khối", version: 1 },
    }),
  },
  // a draft sheet: its unit writes the self-score, a data agency an official figure; the
  // leadership and the standing agency may write later stages (409 now, not 403)
  "PUT /api/periods/{periodId}/units/{unitId}/scores/{criterionId}": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy", "standing", "data"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/scores/II.1`, body: { value: 4 } }),
  },
  "POST /api/periods/{periodId}/units/{unitId}/transitions": {
    afterLock: "refused",
    allow: ["member"],
    request: (w) => ({
      url: `${w.p}/units/${w.c}/transitions`,
      body: { action: "submit", version: 1 },
    }),
  },
  "PUT /api/periods/{periodId}/units/{unitId}/responses/{criterionId}": {
    afterLock: "refused",
    allow: ["member"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/responses/II.1`, body: { agreement: "agree" } }),
  },
  "POST /api/periods/{periodId}/units/{unitId}/evidence/{criterionId}": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({ url: `${w.p}/units/${w.c}/evidence/II.1`, body: "file" }),
  },
  "GET /api/periods/{periodId}/units/{unitId}/evidence": {
    allow: SEE_SHEET,
    request: (w) => ({ url: `${w.p}/units/${w.c}/evidence` }),
  },
  "POST /api/evidence/{id}/link": {
    afterLock: "goesOn",
    allow: SEE_SHEET,
    request: (w) => ({ url: `/api/evidence/${w.evidenceId}/link`, body: {} }),
  },
  // the link is the only key: no session opens the file without it
  "GET /api/evidence/{id}/file": {
    allow: [],
    request: (w) => ({ url: `/api/evidence/${w.evidenceId}/file` }),
  },
  "DELETE /api/evidence/{id}": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({ url: `/api/evidence/${w.evidenceId}` }),
  },

  "GET /api/periods/{periodId}/meetings": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/meetings` }),
  },
  "POST /api/periods/{periodId}/meetings": {
    afterLock: "goesOn",
    allow: ["leader", "deputy", "standing"],
    request: (w) => ({
      url: `${w.p}/meetings`,
      body: {
        kind: "thematic",
        title: "Họp chuyên đề",
        scheduledAt: "2024-06-01T08:00:00+07:00",
        place: "Hội trường",
      },
    }),
  },
  "GET /api/periods/{periodId}/meetings/{meetingId}": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/meetings/${w.meetingId}` }),
  },
  "PUT /api/periods/{periodId}/meetings/{meetingId}/attendance": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/attendance`,
      body: { units: [{ unitId: w.c, present: true }] },
    }),
  },
  "PUT /api/periods/{periodId}/meetings/{meetingId}/minutes": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/minutes`,
      body: { minutes: "Biên bản", held: true, version: 1 },
    }),
  },
  "POST /api/periods/{periodId}/meetings/{meetingId}/decisions": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/decisions`,
      body: { text: "Thống nhất lịch kiểm tra chéo", votesFor: 2, votesAgainst: 0 },
    }),
  },
  "PUT /api/periods/{periodId}/meetings/{meetingId}/decisions/{decisionId}": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/decisions/${w.decisionId}`,
      body: {
        text: "Thống nhất điểm tiêu chí I.1 của Công ty C",
        votesFor: 2,
        votesAgainst: 1,
        reason: "Ghi nhầm số phiếu",
      },
    }),
  },
  "POST /api/periods/{periodId}/meetings/{meetingId}/ballots": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/ballots`,
      body: { purpose: "deputy", candidates: ["B", "C"] },
    }),
  },
  "GET /api/periods/{periodId}/meetings/{meetingId}/ballots/{ballotId}": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/meetings/${w.meetingId}/ballots/${w.ballotId}` }),
  },
  // staff of a unit present at the meeting
  "POST /api/periods/{periodId}/meetings/{meetingId}/ballots/{ballotId}/votes": {
    afterLock: "goesOn",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/ballots/${w.ballotId}/votes`,
      body: { choice: "C" },
    }),
  },
  "POST /api/periods/{periodId}/meetings/{meetingId}/ballots/{ballotId}/close": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/ballots/${w.ballotId}/close`,
      body: {},
    }),
  },
  "POST /api/periods/{periodId}/meetings/{meetingId}/ballots/{ballotId}/annul": {
    afterLock: "goesOn",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/meetings/${w.meetingId}/ballots/${w.ballotId}/annul`,
      body: { reason: "Mở nhầm danh sách ứng cử" },
    }),
  },
  "GET /api/periods/{periodId}/elections": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/elections` }),
  },
  // members' reports to the leader: a member sees its own, the leadership, the standing agency
  // and the council member every unit's; the leadership asks for an ad hoc one (due in 30 days);
  // a member unit's staff send theirs; a report sent is read by the same people (none sent in
  // the world: 404 once the role is let through)
  "GET /api/periods/{periodId}/reports": {
    allow: ["member", "leader", "deputy", "standing", "council"],
    request: (w) => ({ url: `${w.p}/reports` }),
  },
  "POST /api/periods/{periodId}/reports": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/reports`,
      body: {
        title: "Báo cáo đột xuất kết quả phong trào thi đua chuyển đổi số",
        body: "Đề nghị các đơn vị báo cáo kết quả triển khai phong trào.",
        dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      },
    }),
  },
  "POST /api/periods/{periodId}/reports/{requestKey}/submissions": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({ url: `${w.p}/reports/sixMonth/submissions`, body: "file" }),
  },
  "GET /api/periods/{periodId}/report-submissions/{submissionId}/file": {
    allow: ["member", "leader", "deputy", "standing", "council"],
    request: (w) => ({ url: `${w.p}/report-submissions/1/file` }),
  },

  // the cross-inspection: planned and agreed by the leadership, acknowledged by the members,
  // findings by the team (A's) or the leadership of another unit, answered by the unit (C)
  "GET /api/periods/{periodId}/inspection": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/inspection` }),
  },
  "PUT /api/periods/{periodId}/inspection": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/inspection`,
      body: {
        content: ["II"],
        visits: [
          { inspectedUnitId: w.c, teamUnitId: w.y.unit.A, visitOn: "2024-11-04", place: "Hà Nội" },
        ],
        version: 2,
      },
    }),
  },
  "POST /api/periods/{periodId}/inspection/agreement": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/inspection/agreement`,
      body: { decisionId: w.decisionId, version: 2 },
    }),
  },
  "POST /api/periods/{periodId}/inspection/acknowledgement": {
    afterLock: "refused",
    allow: ["member", "leader", "deputy"],
    request: (w) => ({ url: `${w.p}/inspection/acknowledgement`, body: {} }),
  },
  "PUT /api/periods/{periodId}/inspection/visits/{visitId}/findings/{criterionId}": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/inspection/visits/${w.visitId}/findings/II.1`,
      body: { proposed: 3, remark: "Thiếu biên bản", version: 1 },
    }),
  },
  "PUT /api/periods/{periodId}/inspection/visits/{visitId}/findings/{criterionId}/response": {
    afterLock: "refused",
    allow: ["member"],
    request: (w) => ({
      url: `${w.p}/inspection/visits/${w.visitId}/findings/II.1/response`,
      body: { response: "agree", version: 1 },
    }),
  },
  "GET /api/periods/{periodId}/inspection/notice.docx": {
    allow: SEE_PERIOD,
    request: (w) => ({ url: `${w.p}/inspection/notice.docx` }),
  },
  "GET /api/periods/{periodId}/inspection/visits/{visitId}/minutes.docx": {
    allow: ["member", "leader", "deputy", "standing", "council", "admin"],
    request: (w) => ({ url: `${w.p}/inspection/visits/${w.visitId}/minutes.docx` }),
  },
  "POST /api/periods/{periodId}/inspection/visits/{visitId}/reconcile": {
    afterLock: "refused",
    allow: LEADERSHIP,
    request: (w) => ({
      url: `${w.p}/inspection/visits/${w.visitId}/reconcile`,
      body: { version: 1 },
    }),
  },
};

/**
 * The world, built once per test file (`fileTemplate`); each call is a copy of its database and
 * its data folder, with the application on them: every test starts from the same state, its own.
 */
let built: ReturnType<typeof fileTemplate<Omit<World, "t">>> | null = null;
atEndOfEachFile(async () => {
  built = null; // the template goes with the file (test/server.ts)
});

export async function world(): Promise<World> {
  built ??= fileTemplate(buildWorld);
  const { name, dataDir, value } = await built;
  const t = await testApp(await testDatabase({ template: name }), { files: dataDir });
  return { t, ...value };
}

async function buildWorld(t: TestApp): Promise<Omit<World, "t">> {
  const y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
  const p = `/api/periods/${y.periodId}`;
  const c = y.unit.C as number;
  const leader = await sessionFor(t, "u-a");
  const meeting = await leader.post(`${p}/meetings`, {
    kind: "summary",
    title: "Hội nghị tổng kết",
    scheduledAt: "2025-01-20T08:00:00+07:00",
    place: "Hội trường",
  });
  await leader.put(`${p}/meetings/${meeting.body.id}/attendance`, {
    units: ["A", "B", "C"].map((code) => ({ unitId: y.unit[code], present: true })),
  });
  const ballot = await leader.post(`${p}/meetings/${meeting.body.id}/ballots`, {
    purpose: "leader",
    candidates: ["B", "C"],
  });
  const decision = await leader.post(`${p}/meetings/${meeting.body.id}/decisions`, {
    text: "Thống nhất điểm tiêu chí I.1 của Công ty C",
    votesFor: 3,
    votesAgainst: 0,
  });
  // the cross-inspection, agreed at the meeting: A's team inspects C, a finding on II.1
  const plan = await leader.put(`${p}/inspection`, {
    content: ["II"],
    visits: [{ inspectedUnitId: c, teamUnitId: y.unit.A, visitOn: "2024-11-04", place: "Hà Nội" }],
  });
  await leader.post(`${p}/inspection/agreement`, {
    decisionId: decision.body.id,
    version: plan.body.version,
  });
  const visitId = (await leader.get(`${p}/inspection`)).body.visits[0].id as number;
  await leader.put(`${p}/inspection/visits/${visitId}/findings/II.1`, { proposed: 4, remark: "" });
  const upload = await uploadFile(
    await sessionFor(t, "u-c"),
    `${p}/units/${c}/evidence/II.2`,
    "Kế hoạch.pdf",
    tinyPdf(),
  );
  const framework = await (await sessionFor(t, "standing")).post(
    `/api/levels/${y.levelId}/frameworks`,
    { name: "Khung tiêu chí 2025", presetId: "lang-son-2019/B", lockedSections: ["III"] },
  );
  return {
    y,
    p,
    c,
    meetingId: meeting.body.id,
    ballotId: ballot.body.id,
    decisionId: decision.body.id,
    evidenceId: upload.body.id,
    frameworkId: framework.body.id,
    visitId,
  };
}

/**
 * A fingerprint of the whole database: every row of every table of the product (from the
 * catalog), but the sessions and the failed sign-ins, which requests may write on their own.
 */
export async function fingerprint(t: TestApp): Promise<string> {
  const { rows: tables } = (await t.database.db.execute(
    sql.raw(
      `select tablename as name from pg_tables where schemaname = 'public'
       and tablename not in ('sessions', 'sign_in_failures') order by tablename`,
    ),
  )) as unknown as { rows: { name: string }[] };
  const parts: string[] = [];
  for (const { name } of tables) {
    const res = (await t.database.db.execute(
      sql.raw(
        `select coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${name}" x`,
      ),
    )) as unknown as { rows: { h: string }[] };
    parts.push(`${name}:${res.rows[0]?.h}`);
  }
  return parts.join(",");
}

export function allowed(e: Expectation, role: RoleName): boolean {
  if (e.allow === "everyone") return true;
  if (e.allow === "signedIn") return role !== "none";
  return (e.allow as readonly string[]).includes(role);
}

export async function send(client: Client, method: string, req: { url: string; body?: unknown }) {
  if (req.body === "file") return uploadFile(client, req.url, "Minh chứng.pdf", tinyPdf());
  return client.request(method as "GET", req.url, req.body);
}
