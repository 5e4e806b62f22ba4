/**
 * Engine benchmark, against PostgreSQL's SUM over the same values (issue 12). `npm run
 * bench:engine`.
 *
 * A synthetic province of 2,000 clusters × 10 units × 150 scored criteria (3 million scored
 * criteria). The scheme is one realistic 1,000-point sheet modelled on the Ba Đình and Lạng Sơn
 * presets; the data is generated first from a seeded PRNG (deterministic, not timed).
 *
 * 1. The engine, cold: one pass of `evaluateCluster` over the 2,000 clusters in a fresh process
 *    (no warm-up), keeping nothing of a cluster's result but its totals (the checksum, the sum
 *    of every unit's total in hundredths: 1739847185) and award outcomes; garbage-collection
 *    pauses during the pass. Target < 3 s, as before.
 * 2. PostgreSQL: the same 3 million values loaded into a table shaped as the product stores
 *    scores (`scores` in src/server/db/schema.ts: period_id, unit_id, criterion_id, stage, value
 *    jsonb, the same primary key; one row per scored criterion, stage "self"), in a temporary
 *    schema `bench_engine_<pid>` dropped at the end, with `COPY … FROM STDIN` through `psql`;
 *    then VACUUM ANALYZE and one warm-up of the query below.
 * 3. Three rounds, interleaved: one engine pass (as in 1, now warm), then the query. Each is
 *    timed from start to the last result received; the figure kept for each is the median of
 *    its three, and the ratio engine ÷ SQL of the medians is the goal: ≤ 1. Every engine pass
 *    must give the checksum.
 *
 * The query sums the numeric content of every value by unit, exactly (numeric):
 *
 *   SELECT unit_id, sum(<numeric content of value>) FROM scores GROUP BY unit_id
 *
 * where the numeric content of each value shape the engine takes is the sum of its figures:
 *   a number (points entered, or a deduction in points)   the number
 *   { plan, actual } (ratio to plan)                       plan + actual
 *   { count } (deduction per event)                        count
 *   { counts: { category: n, … } } (deduction by category) the sum of the counts
 *   { submitted, ineligible } (dossier levels)             submitted + ineligible
 *   { missing } (loss per missing item)                    missing
 *   { share, previousShare } (highest share)               share + previousShare
 *   { level } (a level chosen)                             0: a choice, no figure
 * (the counts through a small SQL function, so that the query may still run in parallel).
 * PostgreSQL runs with the server's own settings (parallel workers included, as planned).
 *
 * Connection: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; `psql` must
 * be on the PATH. Exits with code 1 when a checksum differs, the cold pass misses its target or
 * the ratio is above 1.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { constants, type NodeGCPerformanceDetail, PerformanceObserver } from "node:perf_hooks";
import pg from "pg";
import type { UnitInfo } from "../src/core/evaluate.ts";
import { baDinh2022 } from "../src/core/presets/ba-dinh-2022.ts";
import { evaluateCluster } from "../src/core/scenario.ts";
import {
  type ClusterKind,
  type CriterionSpec,
  compileScheme,
  type LeafKind,
  type PartyRating,
  type Role,
  type SchemeSpec,
  type UnitFlag,
} from "../src/core/scheme.ts";
import { prng } from "../src/server/seed/random.ts";

const CLUSTERS = 2_000;
const UNITS_PER_CLUSTER = 10;
const TARGET_SECONDS = 3;
const SEED = 20261122;

/* ---------- the scheme: 150 leaf criteria ---------- */

/** A leaf of section I: a ratio to plan (some lower-is-better) or a manual entry. */
type LeafI = [title: string, max: number, kind: "ratio" | "ratio-lower" | "manual"];

const SECTION_I: { title: string; leaves: LeafI[] }[] = [
  {
    title: "Phát triển kinh tế, thu ngân sách",
    leaves: [
      ["Thu ngân sách nhà nước trên địa bàn", 20, "ratio"],
      ["Thu thuế ngoài quốc doanh", 15, "ratio"],
      ["Tỷ lệ nợ đọng thuế trên tổng thu", 15, "ratio-lower"],
      ["Giá trị sản xuất thương mại - dịch vụ", 12.5, "ratio"],
      ["Số doanh nghiệp, hộ kinh doanh thành lập mới", 10, "ratio"],
    ],
  },
  {
    title: "Quản lý đô thị, trật tự xây dựng",
    leaves: [
      ["Giải phóng mặt bằng các dự án trọng điểm", 20, "ratio"],
      ["Tỷ lệ công trình vi phạm trật tự xây dựng", 15, "ratio-lower"],
      ["Chỉnh trang tuyến phố, ngõ xóm văn minh", 15, "ratio"],
      ["Cấp giấy chứng nhận quyền sử dụng đất", 12.5, "ratio"],
      ["Duy trì trật tự lòng đường, vỉa hè", 10, "manual"],
    ],
  },
  {
    title: "Văn hóa, thông tin, thể dục thể thao",
    leaves: [
      ["Tỷ lệ hộ gia đình văn hóa", 20, "ratio"],
      ["Tỷ lệ tổ dân phố văn hóa", 15, "ratio"],
      ["Hoạt động thể dục thể thao quần chúng", 15, "ratio"],
      ["Tuyên truyền, cổ động trực quan các ngày lễ lớn", 12.5, "manual"],
      ["Quản lý di tích, lễ hội", 10, "manual"],
    ],
  },
  {
    title: "Giáo dục, y tế, dân số",
    leaves: [
      ["Huy động trẻ trong độ tuổi đến trường", 20, "ratio"],
      ["Tỷ lệ trường đạt chuẩn quốc gia", 15, "ratio"],
      ["Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", 15, "ratio-lower"],
      ["Tỷ lệ người dân tham gia bảo hiểm y tế", 12.5, "ratio"],
      ["Công tác dân số, kế hoạch hóa gia đình", 10, "manual"],
    ],
  },
  {
    title: "Lao động, việc làm, an sinh xã hội",
    leaves: [
      ["Giải quyết việc làm mới", 20, "ratio"],
      ["Tỷ lệ hộ nghèo", 15, "ratio-lower"],
      ["Tỷ lệ lao động qua đào tạo", 15, "ratio"],
      ["Thu Quỹ Vì người nghèo, Quỹ Đền ơn đáp nghĩa", 12.5, "ratio"],
      ["Chăm lo gia đình chính sách, người có công", 10, "manual"],
    ],
  },
  {
    title: "Quốc phòng, an ninh, trật tự an toàn xã hội",
    leaves: [
      ["Hoàn thành chỉ tiêu tuyển quân", 20, "ratio"],
      ["Tỷ lệ án hình sự trên địa bàn", 15, "ratio-lower"],
      ["Xây dựng lực lượng dân quân tự vệ", 15, "manual"],
      ["Phòng cháy, chữa cháy", 12.5, "manual"],
      ["Phong trào toàn dân bảo vệ an ninh Tổ quốc", 10, "manual"],
    ],
  },
  {
    title: "Cải cách hành chính, chuyển đổi số",
    leaves: [
      ["Tỷ lệ hồ sơ giải quyết đúng hạn", 20, "ratio"],
      ["Tỷ lệ hồ sơ trực tuyến toàn trình", 15, "ratio"],
      ["Tỷ lệ hồ sơ quá hạn", 15, "ratio-lower"],
      ["Chỉ số hài lòng của người dân", 12.5, "ratio"],
      ["Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 10, "ratio"],
    ],
  },
  {
    title: "Tài nguyên, môi trường",
    leaves: [
      ["Tỷ lệ thu gom, xử lý rác thải sinh hoạt", 20, "ratio"],
      ["Trồng cây xanh, phát triển mảng xanh", 15, "ratio"],
      ["Phân loại rác tại nguồn", 15, "ratio"],
      ["Xử lý vi phạm về môi trường", 12.5, "manual"],
      ["Vệ sinh môi trường khu dân cư", 10, "manual"],
    ],
  },
];

const SECTION_II_GROUPS = [
  "Học tập, quán triệt, triển khai nghị quyết, chỉ thị của Đảng",
  "Xây dựng tổ chức cơ sở Đảng trong sạch, vững mạnh",
  "Công tác kiểm tra, giám sát, phòng chống tham nhũng, lãng phí",
  "Xây dựng chính quyền, thực hiện quy chế dân chủ ở cơ sở",
  "Hoạt động của Mặt trận Tổ quốc và các đoàn thể",
];

function manualLeaves(prefix: string, topic: string, count: number, max: number): CriterionSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}.${i + 1}`,
    title: `${topic}: nội dung ${i + 1}`,
    max,
  }));
}

const sectionI: CriterionSpec = {
  id: "I",
  title: "Thi đua phát triển kinh tế - xã hội, nhiệm vụ chính trị, đảm bảo quốc phòng - an ninh",
  max: 580,
  children: SECTION_I.map((g, gi) => ({
    id: `I.${gi + 1}`,
    title: g.title,
    max: 72.5,
    children: g.leaves.map(([title, max, kind], li) => ({
      id: `I.${gi + 1}.${li + 1}`,
      title,
      max,
      kind: kind === "manual" ? "manual" : "ratio",
      ...(kind === "ratio-lower" ? { lowerIsBetter: true } : {}),
    })),
  })),
};

const sectionII: CriterionSpec = {
  id: "II",
  title: "Thi đua xây dựng Đảng và hệ thống chính trị, thực hiện chính sách pháp luật",
  max: 200,
  children: SECTION_II_GROUPS.map((title, gi) => ({
    id: `II.${gi + 1}`,
    title,
    max: 40,
    children: manualLeaves(`II.${gi + 1}`, title, 10, 4),
  })),
};

const sectionIII: CriterionSpec = {
  id: "III",
  title: "Thực hiện các nhiệm vụ công tác thi đua, khen thưởng",
  max: 200,
  children: [
    {
      id: "III.1",
      title:
        "Ban hành quy chế, kế hoạch thi đua, khen thưởng (thiếu hoặc chậm 01 văn bản: trừ 01 điểm)",
      max: 10,
      kind: "lossPerItem",
      perItem: 1,
    },
    {
      id: "III.2",
      title: "Tổ chức phát động, sơ kết, tổng kết các phong trào thi đua",
      max: 40,
      children: manualLeaves("III.2", "Phong trào thi đua", 8, 5),
    },
    {
      id: "III.3",
      title: "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
      max: 30,
      children: [
        { id: "III.3.1", title: "Có kế hoạch xây dựng, nhân rộng điển hình tiên tiến", max: 10 },
        {
          id: "III.3.2",
          title: "Điển hình tiên tiến được tuyên truyền, nhân rộng",
          max: 20,
          capped: true,
          children: [
            { id: "III.3.2.1", title: "Trên phạm vi đơn vị", max: 10 },
            {
              id: "III.3.2.2",
              title: "Trên phương tiện thông tin đại chúng của Thành phố",
              max: 10,
            },
            { id: "III.3.2.3", title: "Trên phương tiện thông tin đại chúng Trung ương", max: 10 },
          ],
        },
      ],
    },
    {
      id: "III.4",
      title: "Chất lượng hồ sơ đề nghị khen thưởng",
      max: 10,
      kind: "level",
      levels: [
        {
          id: "khong-trinh",
          label: "Không trình khen thưởng cấp Thành phố trở lên trong năm",
          points: 2,
          when: { noneSubmitted: true },
        },
        {
          id: "duoc-duyet-het",
          label: "100% hồ sơ được duyệt",
          points: 10,
          when: { ineligiblePctAtMost: 0 },
        },
        {
          id: "duoi-16",
          label: "Dưới 16% hồ sơ không đủ điều kiện",
          points: 6,
          when: { ineligiblePctBelow: 16 },
        },
        { id: "tu-16", label: "Từ 16% hồ sơ trở lên không đủ điều kiện", points: 2 },
      ],
    },
    {
      id: "III.5",
      title: "Kiểm tra, bồi dưỡng nghiệp vụ, chế độ thông tin báo cáo",
      max: 40,
      children: [
        ...manualLeaves("III.5", "Kiểm tra, bồi dưỡng nghiệp vụ", 10, 3),
        {
          id: "III.5.11",
          title: "Chế độ thông tin, báo cáo (thiếu hoặc chậm 01 báo cáo: trừ 01 điểm)",
          max: 10,
          kind: "lossPerItem",
          perItem: 1,
        },
      ],
    },
    {
      id: "III.6",
      title: "Tuyên truyền về thi đua, khen thưởng",
      max: 50,
      children: manualLeaves("III.6", "Tuyên truyền", 20, 2.5),
    },
    {
      id: "III.7",
      title: "Hoạt động của Cụm thi đua",
      max: 20,
      children: [
        { id: "III.7.1", title: "Tham gia đầy đủ các hoạt động của Cụm", max: 10 },
        { id: "III.7.2", title: "Ký kết giao ước thi đua đúng thời hạn", max: 5 },
        { id: "III.7.3", title: "Gửi báo cáo, tự chấm điểm đúng thời hạn", max: 5 },
      ],
    },
  ],
};

const sectionIV: CriterionSpec = {
  id: "IV",
  title: "Điểm thưởng",
  max: 20,
  locked: true,
  children: [
    { id: "IV.1", title: "Mô hình mới, cách làm hay được Thành phố công nhận", max: 8 },
    {
      id: "IV.2",
      title: "Cụm trưởng, Cụm phó có nhiều đổi mới trong hoạt động của Cụm",
      max: 5,
      roles: ["leader", "deputy"],
    },
    { id: "IV.3", title: "Hoàn thành xuất sắc nhiệm vụ đột xuất được giao", max: 4 },
    { id: "IV.4", title: "Được cấp trên khen thưởng chuyên đề trong năm", max: 3 },
  ],
};

const sectionD: CriterionSpec = {
  id: "D",
  title: "Điểm trừ",
  children: [
    {
      id: "D.1",
      title: "Văn bản phê bình của cấp trên (1 điểm/văn bản, tối đa 5)",
      kind: "deduction",
      max: 5,
      perEvent: 1,
    },
    {
      id: "D.2",
      title:
        "Nhiệm vụ chậm tiến độ (0,3 điểm/nhiệm vụ cho 10 nhiệm vụ đầu, 0,2 tiếp theo, tối đa 5)",
      kind: "deduction",
      max: 5,
      perEvent: [{ upTo: 10, points: 0.3 }, { points: 0.2 }],
    },
    {
      id: "D.3",
      title: "Nhiệm vụ không hoàn thành, tồn tại chưa khắc phục (1 điểm/nội dung)",
      kind: "deduction",
      perEvent: 1,
    },
    {
      id: "D.4",
      title: "Cán bộ, công chức, viên chức vi phạm được cơ quan có thẩm quyền xác nhận",
      kind: "deduction",
      categories: {
        disciplined: { label: "bị xử lý kỷ luật", points: 2 },
        criminal: { label: "bị truy cứu hình sự", points: 5 },
      },
    },
    {
      id: "D.5",
      title: "Đảng viên bị kỷ luật từ khiển trách trở lên",
      kind: "deduction",
      categories: {
        member: { label: "đảng viên", points: 0.5 },
        district: { label: "đảng viên diện Ban Thường vụ Quận ủy quản lý", points: 2 },
        city: { label: "đảng viên diện Ban Thường vụ Thành ủy quản lý", points: 5 },
      },
    },
    {
      id: "D.6",
      title: "Báo cáo số liệu không chính xác (trừ 5 điểm một lần)",
      kind: "deduction",
      max: 5,
      perEvent: 5,
    },
    {
      id: "D.7",
      title:
        "Đơn thư khiếu nại, tố cáo vượt cấp (0,5 điểm/vụ cho 3 vụ đầu, 1 điểm tiếp theo, tối đa 10)",
      kind: "deduction",
      max: 10,
      perEvent: [{ upTo: 3, points: 0.5 }, { points: 1 }],
    },
    {
      id: "D.8",
      title: "Không tham gia hoạt động của Cụm (0,25 điểm/lần, tối đa 2)",
      kind: "deduction",
      max: 2,
      perEvent: 0.25,
    },
  ],
};

const BENCH_SCHEME: SchemeSpec = {
  id: "bench-province",
  title: "Thang điểm thi đua các Cụm thi đua (tỉnh giả lập cho đo hiệu năng)",
  source: "Dữ liệu giả lập, dựa trên mẫu của quận Ba Đình (2022) và tỉnh Lạng Sơn (2019)",
  totalCap: 1000,
  overPlanBonus: { sections: ["I"], perCriterionPct: 10, sectionCap: 30 },
  criteria: [sectionI, sectionII, sectionIII, sectionIV, sectionD],
  // Ba Đình's award rules, with two flag places in clusters of more than six units
  awards: {
    ...baDinh2022.awards,
    slots: baDinh2022.awards.slots.map((slot) => ({
      ...slot,
      places: [{ maxUnits: 6, places: 1 }, { places: 2 }],
    })),
  },
};

/* ---------- deterministic data ---------- */

const random = prng(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p: number) => random() < p;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** A small count of events: mostly 0, sometimes a few. */
const events = (p: number, most: number) => (chance(p) ? int(1, most) : 0);

function pick<T>(items: readonly [T, number][]): T {
  let r = random();
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as [T, number])[0];
}

interface Leaf {
  id: string;
  kind: LeafKind;
  max: number;
  lowerIsBetter: boolean;
  roles: Role[] | null;
}

function leavesOf(list: CriterionSpec[], out: Leaf[] = []): Leaf[] {
  for (const c of list) {
    if (c.children && c.children.length > 0) {
      leavesOf(c.children, out);
    } else {
      out.push({
        id: c.id,
        kind: (c.kind ?? "manual") as LeafKind,
        max: c.max ?? 0,
        lowerIsBetter: Boolean(c.lowerIsBetter),
        roles: c.roles ?? null,
      });
    }
  }
  return out;
}

/** Points entered by a person: at most two decimals, often whole or half points. */
function manualPoints(max: number, strength: number): number {
  const h = Math.round(max * 100 * clamp01(strength + (random() - 0.5) * 0.16));
  const step = pick<number>([
    [50, 0.5],
    [25, 0.2],
    [1, 0.3],
  ]);
  return (Math.floor(h / step) * step) / 100;
}

/** A figure with one decimal. */
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

function ratioFigures(lowerIsBetter: boolean, strength: number): { plan: number; actual: number } {
  const achieved = strength + 0.1 + (random() - 0.5) * 0.3; // about 0.8 to 1.2 of plan
  if (lowerIsBetter) {
    const plan = oneDecimal(1 + random() * 9); // a rate in %, 1.0 to 10.0
    return { plan, actual: Math.max(0, oneDecimal(plan * (2 - achieved))) };
  }
  const plan = oneDecimal(10 + random() * 4990);
  return { plan, actual: oneDecimal(plan * achieved) };
}

function scoreValue(leaf: Leaf, role: Role, strength: number, bonusUnit: boolean): unknown {
  switch (leaf.kind) {
    case "manual":
    case "external":
      if (leaf.id === "IV.1") return bonusUnit ? manualPoints(leaf.max, strength) : 0;
      if (leaf.roles && !leaf.roles.includes(role)) return 0;
      return manualPoints(leaf.max, strength);
    case "ratio":
      return ratioFigures(leaf.lowerIsBetter, strength);
    case "level": {
      const submitted = chance(0.15) ? 0 : int(1, 12);
      return { submitted, ineligible: chance(0.7) ? 0 : int(0, Math.min(submitted, 3)) };
    }
    case "lossPerItem":
      return { missing: events(0.25, 3) };
    case "deduction":
      switch (leaf.id) {
        case "D.2":
          return { count: events(0.4, 15) };
        case "D.4":
          return { counts: { disciplined: events(0.05, 2), criminal: events(0.01, 1) } };
        case "D.5":
          return {
            counts: { member: events(0.1, 3), district: events(0.02, 1), city: events(0.005, 1) },
          };
        default:
          return { count: events(0.15, 4) };
      }
  }
}

interface Cluster {
  units: UnitInfo[];
  scores: Record<string, Record<string, unknown>>;
}

function generateProvince(leaves: Leaf[]): Cluster[] {
  const clusters: Cluster[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    const clusterKind = pick<ClusterKind>([
      ["ward", 0.5],
      ["school", 0.2],
      ["other", 0.3],
    ]);
    const bonusUnit = int(0, UNITS_PER_CLUSTER - 1);
    const units: UnitInfo[] = [];
    const scores: Record<string, Record<string, unknown>> = {};
    for (let u = 0; u < UNITS_PER_CLUSTER; u++) {
      const id = `U${String(u + 1).padStart(2, "0")}`;
      const role: Role = u === 0 ? "leader" : u === 1 ? "deputy" : "member";
      const flags: UnitFlag[] = [];
      if (chance(0.02))
        flags.push(
          pick<UnitFlag>([
            ["deepReview", 0.5],
            ["publicOutcry", 0.5],
          ]),
        );
      if (chance(0.01)) flags.push("pendingViolation");
      if (chance(0.005)) flags.push("seriousViolation");
      units.push({
        id,
        name: `Đơn vị ${u + 1} Cụm ${c + 1}`,
        role,
        clusterKind,
        registered: !chance(0.005),
        pactSigned: !chance(0.005),
        partyRating: pick<PartyRating>([
          ["HTXSNV", 0.3],
          ["HTTNV", 0.65],
          ["HTNV", 0.04],
          ["KHTNV", 0.01],
        ]),
        flags,
      });
      const strength = 0.72 + random() * 0.26;
      const unitScores: Record<string, unknown> = {};
      for (const leaf of leaves) {
        unitScores[leaf.id] = scoreValue(leaf, role, strength, u === bonusUnit);
      }
      scores[id] = unitScores;
    }
    clusters.push({ units, scores });
  }
  return clusters;
}

/* ---------- the engine ---------- */

const MiB = 1024 * 1024;
const EXPECTED_CHECKSUM = 1739847185;

const scheme = compileScheme(BENCH_SCHEME);
const leaves = leavesOf(BENCH_SCHEME.criteria);
if (leaves.length !== 150) throw new Error(`the scheme has ${leaves.length} leaves, not 150`);
const kinds = new Map<string, number>();
for (const l of leaves) {
  const k = l.lowerIsBetter ? "ratio (lower is better)" : l.kind;
  kinds.set(k, (kinds.get(k) ?? 0) + 1);
}

const genStart = performance.now();
const province = generateProvince(leaves);
const genSeconds = (performance.now() - genStart) / 1000;
const heapAfterData = process.memoryUsage().heapUsed;

/** Garbage-collection pauses, to tell the engine's own time from the collector's. */
const gcPauses: { start: number; duration: number; major: boolean }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const detail = (e as unknown as { detail?: NodeGCPerformanceDetail }).detail;
    const major = detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR;
    gcPauses.push({ start: e.startTime, duration: e.duration, major });
  }
});
gcObserver.observe({ entryTypes: ["gc"] });

interface EnginePass {
  seconds: number;
  start: number;
  end: number;
  checksum: number;
  awards: Map<string, number>;
}

/** One pass of the engine over the province: every cluster scored, ranked and deliberated. */
function enginePass(): EnginePass {
  let checksum = 0;
  const awards = new Map<string, number>();
  const start = performance.now();
  for (const cluster of province) {
    const { evaluations, output } = evaluateCluster(scheme, cluster.units, cluster.scores, []);
    for (const e of evaluations.values()) checksum += e.total;
    for (const u of output.units) {
      const key = u.award ?? u.status;
      awards.set(key, (awards.get(key) ?? 0) + 1);
    }
  }
  const end = performance.now();
  return { seconds: (end - start) / 1000, start, end, checksum, awards };
}

const cold = enginePass();
await new Promise((resolve) => setTimeout(resolve, 50)); // let the GC entries arrive
const inCold = gcPauses.filter((g) => g.start >= cold.start && g.start < cold.end);
const gcMs = (major: boolean) =>
  inCold.filter((g) => g.major === major).reduce((sum, g) => sum + g.duration, 0);
gcObserver.disconnect();

const units = CLUSTERS * UNITS_PER_CLUSTER;
const criteria = units * leaves.length;
const heapAfterCold = process.memoryUsage().heapUsed;
const peakRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(`scheme:            ${scheme.id}, ${leaves.length} leaf criteria`);
console.log(`                   ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}`);
console.log(`data generation:   ${genSeconds.toFixed(2)} s (not timed below), seed ${SEED}`);
console.log(`clusters:          ${fmt(CLUSTERS)}`);
console.log(`units:             ${fmt(units)}`);
console.log(`scored criteria:   ${fmt(criteria)}`);
console.log(`engine, cold pass: ${cold.seconds.toFixed(3)} s`);
console.log(
  `GC during it:      ${fmt(gcMs(false))} ms in ${inCold.filter((g) => !g.major).length} scavenges, ${fmt(gcMs(true))} ms in ${inCold.filter((g) => g.major).length} other pauses`,
);
console.log(`criteria/second:   ${fmt(criteria / cold.seconds)}`);
console.log(`peak RSS:          ${fmt(peakRssMiB, 1)} MiB so far`);
console.log(
  `heapUsed:          ${fmt(heapAfterCold / MiB, 1)} MiB after the pass (${fmt(heapAfterData / MiB, 1)} MiB after data generation)`,
);
console.log(
  `outcomes:          ${[...cold.awards]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ")}`,
);
console.log(`checksum:          ${cold.checksum} (sum of all totals, hundredths)`);

let failed = false;
const checkChecksum = (pass: EnginePass) => {
  if (pass.checksum !== EXPECTED_CHECKSUM) {
    console.log(`checksum:          ${pass.checksum}, expected ${EXPECTED_CHECKSUM} — WRONG`);
    failed = true;
  }
};
checkChecksum(cold);
console.log(
  `cold target:       < ${TARGET_SECONDS} s — ${cold.seconds > TARGET_SECONDS ? "MISSED" : "met"}`,
);
if (cold.seconds > TARGET_SECONDS) failed = true;

/* ---------- PostgreSQL: the same values, summed by unit ---------- */

const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `bench_engine_${process.pid}`;
const table = `${schema}.scores`;

/** The numeric content of a value (see the header), as SQL over the jsonb column `value`. */
const NUMERIC_CONTENT = `CASE
    WHEN jsonb_typeof(value) = 'number' THEN value::numeric
    WHEN value ? 'plan' THEN (value->'plan')::numeric + (value->'actual')::numeric
    WHEN value ? 'count' THEN (value->'count')::numeric
    WHEN value ? 'counts' THEN ${schema}.sum_of_values(value->'counts')
    WHEN value ? 'submitted' THEN (value->'submitted')::numeric + (value->'ineligible')::numeric
    WHEN value ? 'missing' THEN (value->'missing')::numeric
    WHEN value ? 'share' THEN (value->'share')::numeric + (value->'previousShare')::numeric
    ELSE 0
  END`;
const SUM_BY_UNIT = `SELECT unit_id, sum(${NUMERIC_CONTENT}) AS content FROM ${table} GROUP BY unit_id`;

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
/** A value in COPY's text format: backslash, tab and line breaks escaped. */
const copyText = (s: string) =>
  SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : s;

/** Every scored criterion as a row of the scores table, through `psql`'s COPY FROM STDIN. */
async function copyProvince(): Promise<number> {
  const psql = spawn(
    "psql",
    [
      databaseUrl,
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      `COPY ${table} (period_id, unit_id, criterion_id, stage, value) FROM STDIN`,
    ],
    { stdio: ["pipe", "inherit", "inherit"] },
  );
  const exited = once(psql, "exit");
  const failedToStart = once(psql, "error").then(([e]) => {
    throw new Error(
      `psql could not be started (${(e as Error).message}): install postgresql-client`,
    );
  });
  failedToStart.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  let rows = 0;
  const write = async (chunk: string) => {
    if (!psql.stdin.write(chunk)) await Promise.race([once(psql.stdin, "drain"), failedToStart]);
  };
  for (let c = 0; c < province.length; c++) {
    const cluster = province[c] as Cluster;
    let chunk = "";
    for (let u = 0; u < cluster.units.length; u++) {
      const unitId = c * UNITS_PER_CLUSTER + u + 1;
      const scores = cluster.scores[(cluster.units[u] as UnitInfo).id] ?? {};
      for (const [criterionId, value] of Object.entries(scores)) {
        chunk += `1\t${unitId}\t${copyText(criterionId)}\tself\t${copyText(JSON.stringify(value))}\n`;
        rows++;
      }
    }
    await write(chunk);
  }
  psql.stdin.end();
  const [code] = await Promise.race([exited, failedToStart]);
  if (code !== 0) throw new Error(`psql COPY ended with code ${code}`);
  return rows;
}

/** The query, timed from sending it to its last row received. */
async function sqlPass(db: pg.Client): Promise<{ seconds: number; units: number; sum: string }> {
  const start = performance.now();
  const result = await db.query<{ unit_id: number; content: string }>(SUM_BY_UNIT);
  const seconds = (performance.now() - start) / 1000;
  // the sum of the sums, exact (numeric comes as text), to show every value was read
  let total = 0n;
  for (const r of result.rows) total += hundredths(r.content);
  return { seconds, units: result.rows.length, sum: total.toString() };
}

/** A numeric's text ("1234.5") in hundredths (123450n); every figure has two decimals at most. */
function hundredths(text: string): bigint {
  const [whole, fraction = ""] = text.split(".");
  if (fraction.length > 2) throw new Error(`${text} has more than two decimals`);
  return BigInt(`${whole}${fraction.padEnd(2, "0")}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const db = new pg.Client({ connectionString: databaseUrl });
try {
  await db.connect();
} catch (e) {
  console.error(
    `PostgreSQL is not reachable at ${databaseUrl} (${(e as Error).message}); set BENCH_DATABASE_URL.`,
  );
  process.exit(1);
}
try {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${table} (
    period_id integer NOT NULL,
    unit_id integer NOT NULL,
    criterion_id text NOT NULL,
    stage text NOT NULL,
    value jsonb NOT NULL,
    PRIMARY KEY (period_id, unit_id, criterion_id, stage)
  )`);
  // a function, not a subquery in the CASE, so that the query may still run in parallel
  await db.query(`CREATE FUNCTION ${schema}.sum_of_values(o jsonb) RETURNS numeric
    AS 'SELECT sum(n::numeric) FROM jsonb_each(o) AS c(k, n)'
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE`);
  const loadStart = performance.now();
  const rows = await copyProvince();
  await db.query(`VACUUM ANALYZE ${table}`);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const { rows: size } = await db.query<{ size: string; version: string; settings: string }>(
    `SELECT pg_size_pretty(pg_table_size('${table}')) AS size,
      current_setting('server_version') AS version,
      format('max_parallel_workers_per_gather %s, work_mem %s, jit %s',
        current_setting('max_parallel_workers_per_gather'), current_setting('work_mem'),
        current_setting('jit')) AS settings`,
  );
  const { rows: plan } = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${SUM_BY_UNIT}`);
  const workers = plan.map((r) => r["QUERY PLAN"]).find((l) => l.includes("Workers Planned"));
  console.log(
    `PostgreSQL:        ${size[0]?.version}, ${fmt(rows)} rows loaded (COPY, VACUUM ANALYZE) in ${loadSeconds.toFixed(1)} s, table ${size[0]?.size}`,
  );
  console.log(`settings:          ${size[0]?.settings} (the server's own)`);
  console.log(`query plan:        ${workers ? workers.trim() : "no parallel workers"}`);

  const warmUp = await sqlPass(db);
  console.log(
    `SQL warm-up:       ${warmUp.seconds.toFixed(3)} s, ${fmt(warmUp.units)} units, sum of contents ${warmUp.sum} (hundredths)`,
  );

  const engineTimes: number[] = [];
  const sqlTimes: number[] = [];
  for (let round = 1; round <= 3; round++) {
    const pass = enginePass();
    checkChecksum(pass);
    engineTimes.push(pass.seconds);
    const sql = await sqlPass(db);
    if (sql.units !== units || sql.sum !== warmUp.sum) {
      console.log(
        `SQL round ${round}: ${sql.units} units, sum ${sql.sum} — differs from the warm-up`,
      );
      failed = true;
    }
    sqlTimes.push(sql.seconds);
    console.log(
      `round ${round}:           engine ${pass.seconds.toFixed(3)} s, SQL ${sql.seconds.toFixed(3)} s`,
    );
  }
  const engine = median(engineTimes);
  const sql = median(sqlTimes);
  const ratio = engine / sql;
  console.log(`engine (median):   ${engine.toFixed(3)} s`);
  console.log(`SQL (median):      ${sql.toFixed(3)} s`);
  console.log(`ratio engine/SQL:  ${ratio.toFixed(2)} (medians of 3 interleaved rounds)`);
  console.log(`target:            ratio ≤ 1 — ${ratio > 1 ? "MISSED" : "met"}`);
  if (ratio > 1) failed = true;
} finally {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
}
if (failed) process.exitCode = 1;
