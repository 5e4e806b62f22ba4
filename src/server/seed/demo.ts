/**
 * Demonstration data, loaded by `npm start` into an empty database: three clusters in the middle
 * of their year 2025 — a cluster of highland border communes of Điện Biên (on the Vùng cao
 * scheme), a block of enterprises of Lạng Sơn, and a cluster of wards of Hà Nội (on the Ba Đình
 * scheme), as local government stands since 1 July 2025 — with their criteria and self-scores as in
 * the worked cluster-year files (test/fixtures/scenarios), and an account for every role. Every
 * table is written with one multi-row insert, all in one transaction. Every demo account has
 * the password DEMO_PASSWORD (hashed once: the accounts share the hash).
 */
import { count, eq } from "drizzle-orm";
import type { ScoreValue } from "../../core/evaluate.ts";
import { schemeOf } from "../../core/scenario.ts";
import type { CriterionChange, Role, UnitFlag } from "../../core/scheme.ts";
import { hashPassword } from "../auth.ts";
import { defaultMilestones } from "../commands/organisation/milestones.ts";
import type { Db, DbOrTx } from "../db/client.ts";
import {
  auditLog,
  clusterMonitors,
  clusters,
  councilMembers,
  levels,
  periods,
  periodUnits,
  scores,
  sheetTransitions,
  type UserRole,
  units,
  users,
} from "../db/schema.ts";

export const DEMO_PASSWORD = "tdkt2025";

export interface DemoAccount {
  username: string;
  displayName: string;
  role: UserRole;
  /** What the account is, in Vietnamese, as printed at start. */
  description: string;
}

type LevelKey = "dienBien" | "langSon" | "haNoi";

/**
 * The provinces, as local government stands since 1 July 2025: two levels, province and
 * commune, no district between them (the clusters of communes and wards are the province's).
 */
const LEVELS: Record<LevelKey, { name: string; kind: "province"; standingAgency: string }> = {
  dienBien: {
    name: "Tỉnh Điện Biên",
    kind: "province",
    standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Điện Biên",
  },
  langSon: {
    name: "Tỉnh Lạng Sơn",
    kind: "province",
    standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Lạng Sơn",
  },
  haNoi: {
    name: "Thành phố Hà Nội",
    kind: "province",
    standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ Thành phố Hà Nội",
  },
};

const STANDING: { level: LevelKey; username: string; displayName: string }[] = [
  { level: "dienBien", username: "bantdkt-dienbien", displayName: "Ban TĐKT tỉnh Điện Biên" },
  { level: "langSon", username: "bantdkt-langson", displayName: "Ban TĐKT tỉnh Lạng Sơn" },
  { level: "haNoi", username: "bantdkt-hanoi", displayName: "Ban TĐKT Thành phố Hà Nội" },
];

const DATA_AGENCY = {
  level: "dienBien" as LevelKey,
  code: "cuc-thong-ke-dien-bien",
  name: "Cục Thống kê tỉnh Điện Biên",
  username: "cuc-thong-ke",
};

/** A unit's part in the demo year: its sheet so far (values from the worked files). */
interface DemoUnit {
  code: string;
  name: string;
  username: string;
  role: Role;
  registered?: boolean;
  flags?: UnitFlag[];
  sheet?: {
    status: "draft" | "submitted";
    /** A draft may hold only some criteria so far (a sheet in progress). */
    values: Record<string, ScoreValue>;
  };
}

interface DemoCluster {
  level: LevelKey;
  name: string;
  kind: "cluster" | "block";
  memberKind: "ward" | "school" | "other";
  unitKind: string;
  schemeId: string;
  criteria: CriterionChange[];
  council: { username: string; name: string; title: string };
  units: DemoUnit[];
}

const r = (plan: number, actual: number): ScoreValue => ({ plan, actual });

const CLUSTERS: DemoCluster[] = [
  {
    level: "dienBien",
    name: "Cụm thi đua các xã vùng cao",
    kind: "cluster",
    memberKind: "other",
    unitKind: "commune",
    schemeId: "vung-cao-2022",
    // the cluster's weights of the twelve indicators (vung-cao-highland.json)
    criteria: [100, 50, 50, 50, 40, 40, 50, 40, 30, 40, 30, 30].map((max, i) => ({
      id: `I.${i + 1}`,
      max,
    })),
    council: {
      username: "hoidong-dienbien",
      name: "Lò Văn Minh",
      title: "Phó Chủ tịch UBND tỉnh, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh Điện Biên",
    },
    units: [
      {
        code: "muong-nhe",
        name: "Xã Mường Nhé",
        username: "muongnhe",
        role: "leader",
        sheet: {
          status: "submitted",
          values: {
            "I.1": r(80, 87),
            "I.2": r(60, 60.8),
            "I.3": r(100, 105.5),
            "I.4": r(100, 94.1),
            "I.5": r(100, 107.7),
            "I.6": r(250, 214.8),
            "I.7": r(60, 57.3),
            "I.8": r(250, 218.2),
            "I.9": r(60, 51.9),
            "I.10": r(1200, 1057.1),
            "I.11": r(250, 251.9),
            "I.12": r(1200, 1304.3),
            II: 172.5,
            III: 175,
            IV: 35,
            V: 5,
          },
        },
      },
      {
        code: "sin-thau",
        name: "Xã Sín Thầu",
        username: "sinthau",
        role: "deputy",
        sheet: {
          status: "submitted",
          values: {
            "I.1": r(100, 98.9),
            "I.2": r(250, 230.6),
            "I.3": r(250, 246.3),
            "I.4": r(1200, 1112.5),
            "I.5": r(250, 218.9),
            "I.6": r(1200, 1211.7),
            "I.7": r(80, 69.9),
            "I.8": r(100, 99.1),
            "I.9": r(1200, 1081.8),
            "I.10": r(1200, 1148.3),
            "I.11": r(80, 77.3),
            "I.12": r(60, 56.4),
            II: 185,
            III: 182,
            IV: 35,
          },
        },
      },
      {
        code: "muong-toong",
        name: "Xã Mường Toong",
        username: "muongtoong",
        role: "member",
        sheet: {
          status: "draft",
          values: {
            "I.1": r(100, 99.4),
            "I.2": r(1200, 1168.5),
            "I.3": r(80, 82.6),
            "I.4": r(80, 80.2),
            "I.5": r(100, 88),
            "I.6": r(60, 53.5),
            "I.7": r(80, 71),
            "I.8": r(60, 57.3),
            "I.9": r(100, 104.1),
            "I.10": r(1200, 1256.7),
            "I.11": r(80, 74.8),
            "I.12": r(80, 79.9),
          },
        },
      },
      { code: "nam-ke", name: "Xã Nậm Kè", username: "namke", role: "member" },
      { code: "quang-lam", name: "Xã Quảng Lâm", username: "quanglam", role: "member" },
    ],
  },
  {
    level: "langSon",
    name: "Khối thi đua các doanh nghiệp",
    kind: "block",
    memberKind: "other",
    unitKind: "enterprise",
    schemeId: "lang-son-2019/B",
    criteria: [],
    council: {
      username: "hoidong-langson",
      name: "Hoàng Thị Lan",
      title: "Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn",
    },
    units: [
      {
        code: "dien-luc-lang-son",
        name: "Công ty Điện lực Lạng Sơn",
        username: "dienluc",
        role: "leader",
        sheet: {
          status: "submitted",
          values: {
            "I.1": 15,
            "I.2": 14,
            "I.3": 15,
            "I.4": 13,
            "I.5": 10,
            "I.6": 9,
            "I.7": 10,
            "I.8": 4,
            "I.9": 5,
            "II.1": 5,
            "II.2": 5,
            "II.3": 5,
            "II.4": 4,
            "III.1": { missing: 0 },
            "III.2.1": 3,
            "III.2.2": 2,
            "III.3.1": 2,
            "III.3.2.1": 1,
            "III.3.2.2": 3,
            "III.4": { submitted: 10, ineligible: 0 },
            "III.5.1": 1,
            "III.5.2.1": 1,
            "III.5.2.2": 0.5,
            "III.5.3": { missing: 1 },
            "III.6.2": 1,
          },
        },
      },
      {
        code: "xi-mang-dong-banh",
        name: "Công ty Cổ phần Xi măng Đồng Bành",
        username: "ximangdongbanh",
        role: "deputy",
        sheet: {
          status: "draft",
          values: {
            "I.1": 15,
            "I.2": 15,
            "I.3": 14,
            "I.4": 15,
            "I.5": 10,
            "I.6": 10,
            "I.7": 9,
            "I.8": 4,
            "I.9": 6,
            "II.1": 5,
            "II.2": 5,
            "II.3": 5,
            "II.4": 5,
            "III.1": { missing: 2 },
            "III.2.1": 3,
            "III.2.2": 1,
            "III.3.1": 2,
            "III.3.2.1": 1,
            "III.3.2.2": 1,
            "III.4": { submitted: 8, ineligible: 1 },
            "III.5.1": 1,
            "III.5.2.1": 1,
            "III.5.3": { missing: 0 },
            "III.6.1": 2,
          },
        },
      },
      {
        code: "thuoc-la-lang-son",
        name: "Công ty TNHH Một thành viên Thuốc lá Lạng Sơn",
        username: "thuocla",
        role: "member",
        sheet: {
          status: "draft",
          values: {
            "I.1": 12,
            "I.2": 12,
            "I.3": 13,
            "I.4": 14,
            "I.5": 9,
            "I.6": 8,
            "I.7": 8,
            "I.8": 3,
            "I.9": 0,
            "II.1": 4,
            "II.2": 4,
            "II.3": 5,
            "II.4": 4,
          },
        },
      },
      {
        code: "cap-thoat-nuoc-lang-son",
        name: "Công ty Cổ phần Cấp thoát nước Lạng Sơn",
        username: "capthoatnuoc",
        role: "member",
        // as in the worked file: it has not registered (so it cannot be proposed for awards)
        registered: false,
      },
      {
        code: "xay-dung-giao-thong",
        name: "Công ty Cổ phần Xây dựng Giao thông",
        username: "xaydunggiaothong",
        role: "member",
        flags: ["pendingViolation"],
      },
    ],
  },
  {
    level: "haNoi",
    name: "Cụm thi đua số 1 các phường",
    kind: "cluster",
    memberKind: "ward",
    unitKind: "ward",
    schemeId: "ba-dinh-2022",
    criteria: [
      {
        id: "I.1",
        parent: "I",
        title: "Thu ngân sách nhà nước trên địa bàn",
        max: 200,
        kind: "ratio",
      },
      { id: "I.2", parent: "I", title: "Giải ngân vốn đầu tư công", max: 150, kind: "ratio" },
      {
        id: "I.3",
        parent: "I",
        title: "Tỷ lệ hộ nghèo",
        max: 30,
        kind: "ratio",
        lowerIsBetter: true,
      },
      {
        id: "I.4",
        parent: "I",
        title: "Trật tự đô thị, an ninh trật tự",
        max: 200,
        kind: "manual",
      },
      { id: "II.1", parent: "II", title: "Xây dựng Đảng, chính quyền", max: 120, kind: "manual" },
      {
        id: "II.2",
        parent: "II",
        title: "Công tác dân vận, Quy chế dân chủ",
        max: 80,
        kind: "manual",
      },
    ],
    council: {
      username: "hoidong-hanoi",
      name: "Trần Quốc Bảo",
      title:
        "Phó Chủ tịch UBND Thành phố, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng Thành phố Hà Nội",
    },
    units: [
      {
        code: "ba-dinh",
        name: "Phường Ba Đình",
        username: "pxbadinh",
        role: "leader",
        sheet: {
          status: "submitted",
          values: {
            "I.1": r(100, 108),
            "I.2": r(50, 52),
            "I.3": r(2, 1.6),
            "I.4": 190,
            "II.1": 115,
            "II.2": 78,
            "III.1": 185,
            IV: 18,
            "D.1": { count: 1 },
            "D.2": { count: 12 },
          },
        },
      },
      {
        code: "ngoc-ha",
        name: "Phường Ngọc Hà",
        username: "pxngocha",
        role: "deputy",
        flags: ["deepReview"],
        sheet: {
          status: "draft",
          values: {
            "I.1": r(100, 112),
            "I.2": r(50, 60),
            "I.3": r(2, 2.5),
            "I.4": 195,
            "II.1": 118,
            "II.2": 80,
            "III.1": 195,
            IV: 20,
            "D.5": { counts: { member: 1 } },
          },
        },
      },
      {
        code: "giang-vo",
        name: "Phường Giảng Võ",
        username: "pxgiangvo",
        role: "member",
        sheet: {
          status: "draft",
          values: { "I.1": r(100, 95), "I.2": r(50, 45), "I.3": r(2, 2), "I.4": 170 },
        },
      },
      { code: "hoan-kiem", name: "Phường Hoàn Kiếm", username: "pxhoankiem", role: "member" },
      {
        code: "cua-nam",
        name: "Phường Cửa Nam",
        username: "pxcuanam",
        role: "member",
      },
      {
        code: "tay-ho",
        name: "Phường Tây Hồ",
        username: "pxtayho",
        role: "member",
        flags: ["pendingViolation"],
      },
    ],
  },
];

/**
 * The head who signs for each demo unit (made-up people): a full name and the title of a
 * signature block. The head of a leader unit signs the cluster's documents.
 */
const HEADS: Record<string, { name: string; title: string }> = {
  [DATA_AGENCY.code]: { name: "Lường Văn Thắng", title: "Cục trưởng" },
  "muong-nhe": { name: "Thào A Sùng", title: "Chủ tịch" },
  "sin-thau": { name: "Lò Văn Hải", title: "Chủ tịch" },
  "muong-toong": { name: "Quàng Văn Bình", title: "Chủ tịch" },
  "nam-ke": { name: "Giàng A Páo", title: "Chủ tịch" },
  "quang-lam": { name: "Lý Văn Chinh", title: "Chủ tịch" },
  "dien-luc-lang-son": { name: "Nguyễn Văn Hùng", title: "Giám đốc" },
  "xi-mang-dong-banh": { name: "Hoàng Đức Thắng", title: "Giám đốc" },
  "thuoc-la-lang-son": { name: "Lương Thị Thu Hà", title: "Giám đốc" },
  "cap-thoat-nuoc-lang-son": { name: "Vi Văn Cường", title: "Giám đốc" },
  "xay-dung-giao-thong": { name: "Nông Quang Minh", title: "Giám đốc" },
  "ba-dinh": { name: "Trần Thị Thanh Huyền", title: "Chủ tịch" },
  "ngoc-ha": { name: "Phạm Minh Đức", title: "Chủ tịch" },
  "giang-vo": { name: "Đỗ Ngọc Anh", title: "Chủ tịch" },
  "hoan-kiem": { name: "Vũ Mạnh Cường", title: "Chủ tịch" },
  "cua-nam": { name: "Bùi Thị Mai", title: "Chủ tịch" },
  "tay-ho": { name: "Ngô Xuân Trường", title: "Chủ tịch" },
};

/** The head of a demo unit as the units table keeps it. */
function headOf(code: string): { headName: string; headTitle: string } {
  const head = HEADS[code];
  if (!head) throw new Error(`demo unit ${code} has no head`);
  return { headName: head.name, headTitle: head.title };
}

const ROLE_TITLE: Record<Role, string> = {
  leader: "Cụm trưởng",
  deputy: "Cụm phó",
  member: "thành viên",
};

/** Every demo account, as printed at start. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: "quantri",
    displayName: "Quản trị hệ thống",
    role: "admin",
    description: "Quản trị hệ thống",
  },
  ...STANDING.map((s) => ({
    username: s.username,
    displayName: s.displayName,
    role: "standing" as const,
    description: `Cơ quan thường trực Hội đồng TĐKT — ${LEVELS[s.level].name}`,
  })),
  ...CLUSTERS.map((c) => ({
    username: c.council.username,
    displayName: c.council.name,
    role: "council" as const,
    description: `Thành viên Hội đồng TĐKT theo dõi ${c.name} (${LEVELS[c.level].name})`,
  })),
  {
    username: DATA_AGENCY.username,
    displayName: DATA_AGENCY.name,
    role: "data",
    description: `Cơ quan cung cấp số liệu — ${DATA_AGENCY.name}`,
  },
  ...CLUSTERS.flatMap((c) =>
    c.units.map((u) => ({
      username: u.username,
      displayName: `Cán bộ TĐKT — ${u.name}`,
      role: "unit" as const,
      description: `${u.name} (${ROLE_TITLE[u.role]}, ${c.name})`,
    })),
  ),
];

const DEMO_ACTION = "demo.load";

/** Whether the demonstration data was loaded into this database. */
export async function demoLoaded(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(eq(auditLog.action, DEMO_ACTION));
  return (row?.n ?? 0) > 0;
}

const at = (iso: string) => new Date(iso);
const PERIOD = { label: "2025", startsOn: "2025-01-01", endsOn: "2025-12-31" };
const REGISTERED_AT = at("2025-01-20T09:00:00+07:00");
const PACT_SIGNED_ON = "2025-02-14";
const SCORED_AT = at("2025-06-25T10:00:00+07:00");
const SUBMITTED_AT = at("2025-07-05T15:30:00+07:00");
const EXPLANATION = "Theo báo cáo kết quả 6 tháng đầu năm 2025 của đơn vị (dữ liệu mẫu).";

/** A sheet's values; a submitted sheet gets every remaining leaf (unscored bonus 0, no
 * deduction events) so that it is complete, as submission requires. */
function sheetValues(cluster: DemoCluster, sheet: NonNullable<DemoUnit["sheet"]>) {
  if (sheet.status !== "submitted") return sheet.values;
  const scheme = schemeOf({ scheme: cluster.schemeId, criteria: cluster.criteria });
  const values = { ...sheet.values };
  for (const c of scheme.preOrder) {
    if (c.kind === "group" || c.id in values) continue;
    if (c.kind === "manual") values[c.id] = 0;
    else if (c.kind === "deduction") {
      values[c.id] = Object.keys(c.categories).length > 0 ? { counts: {} } : { count: 0 };
    } else throw new Error(`demo sheet lacks ${c.id}`);
  }
  return values;
}

/** Load the demonstration data into an empty database, in one transaction. */
export async function loadDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const keys = Object.keys(LEVELS) as LevelKey[];
    const levelRows = await tx
      .insert(levels)
      .values(keys.map((k) => LEVELS[k]))
      .returning({ id: levels.id, name: levels.name });
    const levelId = new Map(
      keys.map((k) => [k, levelRows.find((row) => row.name === LEVELS[k].name)?.id as number]),
    );
    const lid = (k: LevelKey) => levelId.get(k) as number;

    const unitRows = await tx
      .insert(units)
      .values([
        {
          levelId: lid(DATA_AGENCY.level),
          code: DATA_AGENCY.code,
          name: DATA_AGENCY.name,
          kind: "department",
          ...headOf(DATA_AGENCY.code),
        },
        ...CLUSTERS.flatMap((c) =>
          c.units.map((u) => ({
            levelId: lid(c.level),
            code: u.code,
            name: u.name,
            kind: c.unitKind,
            ...headOf(u.code),
          })),
        ),
      ])
      .returning({ id: units.id, code: units.code });
    const unitId = (code: string) => unitRows.find((u) => u.code === code)?.id as number;

    const userRows = await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((a) => {
          const unit = CLUSTERS.flatMap((c) => c.units).find((u) => u.username === a.username);
          const standing = STANDING.find((s) => s.username === a.username);
          const council = CLUSTERS.find((c) => c.council.username === a.username);
          return {
            username: a.username,
            displayName: a.displayName,
            passwordHash,
            role: a.role,
            unitId: unit ? unitId(unit.code) : a.role === "data" ? unitId(DATA_AGENCY.code) : null,
            levelId: standing
              ? lid(standing.level)
              : council
                ? lid(council.level)
                : a.role === "data"
                  ? lid(DATA_AGENCY.level)
                  : null,
          };
        }),
      )
      .returning({ id: users.id, username: users.username });
    const userId = (username: string) =>
      userRows.find((u) => u.username === username)?.id as number;

    const clusterRows = await tx
      .insert(clusters)
      .values(
        CLUSTERS.map((c) => ({
          levelId: lid(c.level),
          name: c.name,
          kind: c.kind,
          memberKind: c.memberKind,
        })),
      )
      .returning({ id: clusters.id, name: clusters.name });
    const clusterId = (c: DemoCluster) =>
      clusterRows.find((row) => row.name === c.name)?.id as number;

    const memberRows = await tx
      .insert(councilMembers)
      .values(
        CLUSTERS.map((c) => ({
          levelId: lid(c.level),
          name: c.council.name,
          title: c.council.title,
          userId: userId(c.council.username),
        })),
      )
      .returning({ id: councilMembers.id, name: councilMembers.name });
    await tx.insert(clusterMonitors).values(
      CLUSTERS.map((c) => ({
        clusterId: clusterId(c),
        councilMemberId: memberRows.find((m) => m.name === c.council.name)?.id as number,
      })),
    );

    const periodRows = await tx
      .insert(periods)
      .values(
        CLUSTERS.map((c) => ({
          clusterId: clusterId(c),
          label: PERIOD.label,
          kind: "calendar" as const,
          startsOn: PERIOD.startsOn,
          endsOn: PERIOD.endsOn,
          schemeId: c.schemeId,
          criteria: c.criteria,
          // self-scoring has started: the criteria are read-only
          schemeFrozenAt: SCORED_AT,
          milestones: defaultMilestones(PERIOD.startsOn, PERIOD.endsOn),
        })),
      )
      .returning({ id: periods.id, clusterId: periods.clusterId });
    const periodId = (c: DemoCluster) =>
      periodRows.find((p) => p.clusterId === clusterId(c))?.id as number;

    const members = CLUSTERS.flatMap((c) => c.units.map((u) => ({ c, u })));
    await tx.insert(periodUnits).values(
      members.map(({ c, u }) => ({
        periodId: periodId(c),
        unitId: unitId(u.code),
        role: u.role,
        flags: u.flags ?? [],
        ...(u.registered === false
          ? {}
          : {
              registration: {
                targets: `Hoàn thành và hoàn thành vượt mức các chỉ tiêu, nhiệm vụ năm 2025 được giao; hưởng ứng các phong trào thi đua của ${c.name}.`,
                titles: ["Cờ thi đua", "Bằng khen", "Tập thể lao động xuất sắc"],
              },
              registeredAt: REGISTERED_AT,
              pactSignedOn: PACT_SIGNED_ON,
            }),
        sheetStatus: u.sheet?.status ?? "draft",
        version: u.sheet?.status === "submitted" ? 2 : 1,
      })),
    );

    const scoreRows = members.flatMap(({ c, u }) => {
      if (!u.sheet) return [];
      const values = Object.entries(sheetValues(c, u.sheet));
      return values.map(([criterionId, value]) => ({
        periodId: periodId(c),
        unitId: unitId(u.code),
        criterionId,
        stage: "self" as const,
        value,
        explanation: EXPLANATION,
        scoredBy: userId(u.username),
        scoredAt: SCORED_AT,
      }));
    });
    await tx.insert(scores).values(scoreRows);
    const submitted = members.filter(({ u }) => u.sheet?.status === "submitted");
    await tx.insert(sheetTransitions).values(
      submitted.map(({ c, u }) => ({
        periodId: periodId(c),
        unitId: unitId(u.code),
        fromStatus: "draft",
        toStatus: "submitted",
        action: "submit",
        actorId: userId(u.username),
        at: SUBMITTED_AT,
      })),
    );

    await tx.insert(auditLog).values([
      {
        actorId: null,
        action: DEMO_ACTION,
        entity: "database",
        entityId: "demo",
        newValue: {
          clusters: CLUSTERS.map((c) => c.name),
          accounts: DEMO_ACCOUNTS.length,
        },
        reason: "Nạp dữ liệu mẫu vào cơ sở dữ liệu trống khi khởi động.",
      },
      ...scoreRows.map((s) => ({
        at: s.scoredAt,
        actorId: s.scoredBy,
        action: "score.self",
        entity: "score",
        entityId: `${s.unitId}/${s.criterionId}/self`,
        periodId: s.periodId,
        unitId: s.unitId,
        newValue: { value: s.value, comment: null },
      })),
      ...members
        .filter(({ u }) => (u.flags ?? []).length > 0)
        .map(({ c, u }) => ({
          at: REGISTERED_AT,
          actorId: null,
          action: "unit.standing",
          entity: "period_unit",
          entityId: `${periodId(c)}/${unitId(u.code)}`,
          periodId: periodId(c),
          unitId: unitId(u.code),
          oldValue: { flags: [] },
          newValue: { flags: u.flags },
          reason: "Dữ liệu mẫu: đơn vị có vụ việc được ghi nhận khi lập kỳ thi đua.",
        })),
      ...submitted.map(({ c, u }) => ({
        at: SUBMITTED_AT,
        actorId: userId(u.username),
        action: "sheet.submit",
        entity: "period_unit",
        entityId: `${periodId(c)}/${unitId(u.code)}`,
        periodId: periodId(c),
        unitId: unitId(u.code),
        oldValue: { status: "draft" },
        newValue: { status: "submitted" },
      })),
    ]);
  });
}
