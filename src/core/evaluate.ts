/**
 * Scoring one unit against a compiled scheme: every criterion's points in exact hundredths,
 * how they were found, and the total with its bonus, caps and deductions (DOMAIN.md 4).
 */
import {
  commonScale,
  compareProducts,
  divRoundHalfUp,
  formatPercent,
  formatPoints,
  type Hundredths,
  mulDivRoundHalfUp,
  toHundredths,
} from "./decimal.ts";
import { EngineError } from "./errors.ts";
import type { ClusterKind, Criterion, PartyRating, Role, Scheme, UnitFlag } from "./scheme.ts";

/** What a scorer enters for a criterion (SCENARIO.md, "Score values by kind of criterion"). */
export type ScoreValue =
  | number
  | { plan: number; actual: number }
  | { count: number }
  | { counts: Record<string, number> }
  | { submitted: number; ineligible: number }
  | { level: string }
  | { missing: number }
  | { share: number; previousShare: number };

/** Self-score, official figures of a data agency, cluster score, appraisal: later ones count. */
export type Stage = "self" | "official" | "cluster" | "appraisal";
export const STAGES: readonly Stage[] = ["self", "official", "cluster", "appraisal"];

/** A criterion's value at each stage; the latest stage that has one counts. */
export type StagedValue = Partial<Record<Stage, ScoreValue>>;

export function valueAtStage(staged: StagedValue, stage: Stage): ScoreValue | undefined {
  for (let i = STAGES.indexOf(stage); i >= 0; i--) {
    const v = staged[STAGES[i] as Stage];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A unit's scores as they stand at a stage: each criterion's latest value up to that stage. */
export function scoresAtStage(
  staged: Record<string, StagedValue>,
  stage: Stage,
): Record<string, ScoreValue> {
  const scores: Record<string, ScoreValue> = {};
  for (const [id, values] of Object.entries(staged)) {
    const v = valueAtStage(values, stage);
    if (v !== undefined) scores[id] = v;
  }
  return scores;
}

export interface UnitInfo {
  id: string;
  name: string;
  role: Role;
  clusterKind: ClusterKind | null;
  registered: boolean;
  pactSigned: boolean;
  partyRating: PartyRating;
  flags: UnitFlag[];
}

export interface NodeResult {
  /** Points at this node; for a deduction, the points it takes away (positive). */
  points: Hundredths;
  /** Over-plan bonus found here (a ratio criterion), or kept after the section's cap. */
  bonus: Hundredths;
  /** A cap took points away here. */
  capped: boolean;
  /** How the points were found, in Vietnamese (when asked to explain); null for a plain entry. */
  detail: string | null;
  /** The criterion had a value. */
  scored: boolean;
}

export interface UnitEvaluation {
  unitId: string;
  nodes: Map<string, NodeResult>;
  /** Sum of the sections, before the over-plan bonus and deductions. */
  sectionsTotal: Hundredths;
  /** Over-plan bonus after the caps. */
  bonus: Hundredths;
  /** Sections plus bonus went above the scheme's cap and were brought down to it. */
  totalCapped: boolean;
  /** Points taken away by the deduction sections (a deduction inside a section counts in it). */
  deductions: Hundredths;
  total: Hundredths;
}

type Scores = Record<string, ScoreValue>;

function fail(unitId: string, c: Criterion, why: string): never {
  throw new EngineError("INVALID_SCORE", `Đơn vị ${unitId}, tiêu chí ${c.id} (${c.title}): ${why}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function expectKeys(
  unitId: string,
  c: Criterion,
  v: unknown,
  keys: string[],
): Record<string, unknown> {
  const shape = () => `{ ${keys.map((k) => `"${k}": …`).join(", ")} }`;
  if (!isRecord(v)) fail(unitId, c, `cần giá trị dạng ${shape()}.`);
  for (const k in v) {
    if (!keys.includes(k))
      fail(unitId, c, `trường "${k}" không dùng cho tiêu chí này; cần ${shape()}.`);
  }
  for (const k of keys) if (!(k in v)) fail(unitId, c, `thiếu trường "${k}"; cần ${shape()}.`);
  return v;
}

function count(unitId: string, c: Criterion, v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    fail(unitId, c, `${what} phải là số nguyên không âm (nhận ${JSON.stringify(v)}).`);
  }
  return v;
}

function figure(unitId: string, c: Criterion, v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    fail(unitId, c, `${what} phải là một số (nhận ${JSON.stringify(v)}).`);
  }
  return v;
}

/** Points entered by a person: 0..max, at most two decimals. */
function enteredPoints(unitId: string, c: Criterion, v: unknown): Hundredths {
  if (typeof v !== "number") fail(unitId, c, `cần nhập số điểm (nhận ${JSON.stringify(v)}).`);
  const h = toHundredths(v);
  if (h === null) fail(unitId, c, `điểm ${v} có quá hai chữ số thập phân.`);
  if (h < 0) fail(unitId, c, `điểm ${v} âm; điểm phải từ 0 đến ${maxText(c)}.`);
  if (c.max !== null && h > c.max) fail(unitId, c, `điểm ${v} vượt điểm tối đa ${maxText(c)}.`);
  return h;
}

function maxText(c: Criterion): string {
  return c.max === null ? "không giới hạn" : formatPoints(c.max);
}

const plain = (points: Hundredths, scored = true): NodeResult => ({
  points,
  bonus: 0,
  capped: false,
  detail: null,
  scored,
});

const UNSCORED: NodeResult = Object.freeze(plain(0, false));

/** Ratio to plan, with lower-is-better and the over-plan bonus (DOMAIN.md 4.1). */
function scoreRatio(
  unitId: string,
  c: Criterion,
  v: unknown,
  bonusPct: number | null,
  explain: boolean,
): NodeResult {
  const o = expectKeys(unitId, c, v, ["plan", "actual"]);
  const plan = figure(unitId, c, o.plan, "Kế hoạch");
  const actual = figure(unitId, c, o.actual, "Thực hiện");
  if (plan <= 0) fail(unitId, c, `kế hoạch phải lớn hơn 0 (nhận ${plan}).`);
  if (actual < 0) fail(unitId, c, `số thực hiện không được âm (nhận ${actual}).`);
  const scaled = commonScale(plan, actual);
  if (!scaled) fail(unitId, c, "số kế hoạch hoặc thực hiện quá lớn hoặc quá nhiều chữ số.");
  const [p, a] = scaled;
  const max = c.max as Hundredths;
  // achieved = num / p (exact); lower-is-better reads (2 − actual ÷ plan), never below 0
  const num = c.lowerIsBetter ? Math.max(0, 2 * p - a) : a;
  const points = num >= p ? max : mulDivRoundHalfUp(max, num, p);
  let bonus = 0;
  let bonusText = "";
  if (bonusPct !== null && num > p) {
    // min(max × excess, max × pct/100), rounded half-up once
    const excess = num - p;
    bonus =
      compareProducts(excess, 100, p, bonusPct) >= 0
        ? divRoundHalfUp(max * bonusPct, 100)
        : mulDivRoundHalfUp(max, excess, p);
    if (explain)
      bonusText = `; vượt kế hoạch ${formatPercent(excess, p)} → thưởng ${formatPoints(bonus)}`;
  }
  const reading = c.lowerIsBetter ? " (chỉ tiêu càng thấp càng tốt: 2 − thực hiện ÷ kế hoạch)" : "";
  return {
    points,
    bonus,
    capped: num > p,
    detail: explain
      ? `Đạt ${formatPercent(num, p)} kế hoạch${reading} → ${formatPoints(points)}/${formatPoints(max)} điểm${bonusText}`
      : null,
    scored: true,
  };
}

function scoreLevel(unitId: string, c: Criterion, v: unknown, explain: boolean): NodeResult {
  if (isRecord(v) && "level" in v) {
    const o = expectKeys(unitId, c, v, ["level"]);
    const level = c.levels.find((l) => l.id === o.level);
    if (!level) {
      fail(
        unitId,
        c,
        `mức "${String(o.level)}" không có; chọn một trong: ${c.levels.map((l) => l.id).join(", ")}.`,
      );
    }
    return { ...plain(level.points), detail: explain ? `Mức: ${level.label}` : null };
  }
  const o = expectKeys(unitId, c, v, ["submitted", "ineligible"]);
  const submitted = count(unitId, c, o.submitted, "Số hồ sơ trình");
  const ineligible = count(unitId, c, o.ineligible, "Số hồ sơ không đủ điều kiện");
  if (ineligible > submitted)
    fail(unitId, c, "số hồ sơ không đủ điều kiện lớn hơn số hồ sơ trình.");
  for (const level of c.levels) {
    const w = level.when;
    const matches =
      w === undefined ||
      ("noneSubmitted" in w && submitted === 0) ||
      (submitted > 0 &&
        "ineligiblePctAtMost" in w &&
        ineligible * 100 <= w.ineligiblePctAtMost * submitted) ||
      (submitted > 0 &&
        "ineligiblePctBelow" in w &&
        ineligible * 100 < w.ineligiblePctBelow * submitted);
    if (matches) {
      const share = () =>
        submitted > 0
          ? `${formatPercent(ineligible, submitted)} hồ sơ không đủ điều kiện`
          : "không trình hồ sơ";
      return {
        ...plain(level.points),
        detail: explain ? `${share()} → mức "${level.label}"` : null,
      };
    }
  }
  return fail(unitId, c, "không có mức nào phù hợp với số hồ sơ.");
}

function scoreDeduction(unitId: string, c: Criterion, v: unknown, explain: boolean): NodeResult {
  let raw: number;
  let what: string;
  if (typeof v === "number") {
    raw = enteredPoints(unitId, c, v);
    what = "điểm trừ nhập trực tiếp";
  } else if (Object.keys(c.categories).length > 0) {
    const o = expectKeys(unitId, c, v, ["counts"]);
    if (!isRecord(o.counts)) fail(unitId, c, 'cần { "counts": { loại: số lần } }.');
    raw = 0;
    const parts: string[] = [];
    for (const [cat, n] of Object.entries(o.counts)) {
      const def = c.categories[cat];
      if (!def) {
        fail(
          unitId,
          c,
          `loại "${cat}" không có; các loại: ${Object.keys(c.categories).join(", ")}.`,
        );
      }
      const k = count(unitId, c, n, `Số trường hợp "${cat}"`);
      raw += k * def.points;
      if (explain && k > 0) parts.push(`${k} × ${formatPoints(def.points)} (${def.label})`);
    }
    what = parts.join(" + ") || "không có trường hợp";
  } else if (c.tiers.length > 0) {
    const o = expectKeys(unitId, c, v, ["count"]);
    let left = count(unitId, c, o.count, "Số lần");
    raw = 0;
    let done = 0;
    const parts: string[] = [];
    for (const tier of c.tiers) {
      const k = Math.min(left, tier.upTo - done);
      if (k <= 0) continue;
      raw += k * tier.points;
      if (explain) parts.push(`${k} × ${formatPoints(tier.points)}`);
      left -= k;
      done += k;
    }
    what = parts.join(" + ") || "không có lần nào";
  } else {
    return fail(unitId, c, `cần nhập số điểm trừ (nhận ${JSON.stringify(v)}).`);
  }
  const points = c.max === null ? raw : Math.min(raw, c.max);
  const capText = explain && points < raw ? `, tối đa ${formatPoints(c.max as Hundredths)}` : "";
  return {
    points,
    bonus: 0,
    capped: points < raw,
    detail: explain
      ? `Trừ ${formatPoints(raw)} điểm (${what})${capText} → trừ ${formatPoints(points)}`
      : null,
    scored: true,
  };
}

function scoreLeaf(
  unitId: string,
  role: Role,
  c: Criterion,
  v: unknown,
  bonusPct: number | null,
  options: EvaluateOptions,
): NodeResult {
  const explain = options.explain ?? false;
  let result: NodeResult;
  switch (c.kind) {
    case "manual":
    case "external":
      if (c.highestShare && isRecord(v)) {
        expectKeys(unitId, c, v, ["share", "previousShare"]);
        result = options.cluster?.shareBonus.get(c.id)?.get(unitId) ?? plain(0);
      } else {
        result = plain(enteredPoints(unitId, c, v));
        const contested = options.cluster?.contested?.get(c.id);
        if (contested?.unitIds.includes(unitId)) {
          result = {
            ...plain(0),
            detail: `${contested.names.join(", ")} cùng đề nghị, mỗi Cụm chỉ một đơn vị được thưởng: chưa tính cho đơn vị nào đến khi Cụm trưởng quyết định`,
          };
        }
      }
      break;
    case "ratio":
      result = scoreRatio(unitId, c, v, bonusPct, explain);
      break;
    case "level":
      result = scoreLevel(unitId, c, v, explain);
      break;
    case "lossPerItem": {
      const o = expectKeys(unitId, c, v, ["missing"]);
      const missing = count(unitId, c, o.missing, "Số văn bản, báo cáo thiếu hoặc chậm");
      const max = c.max as Hundredths;
      const points = Math.max(0, max - missing * c.perItem);
      result = {
        ...plain(points),
        detail: explain
          ? `${missing} văn bản/báo cáo thiếu hoặc chậm × ${formatPoints(c.perItem)} → ${formatPoints(points)}/${formatPoints(max)} điểm`
          : null,
      };
      break;
    }
    case "deduction":
      result = scoreDeduction(unitId, c, v, explain);
      break;
    case "group":
      throw new Error(`scoreLeaf called on group ${c.id}`);
  }
  if (c.roles && result.points > 0 && !c.roles.includes(role)) {
    fail(
      unitId,
      c,
      `điểm thưởng này chỉ dành cho ${c.roles.map(roleLabel).join(", ")}, đơn vị là ${roleLabel(role)}.`,
    );
  }
  return result;
}

function roleLabel(role: Role): string {
  switch (role) {
    case "leader":
      return "Cụm trưởng";
    case "deputy":
      return "Cụm phó";
    case "member":
      return "thành viên";
  }
}

/** How to evaluate: cluster facts, and whether to write how each criterion's points were found. */
export interface EvaluateOptions {
  cluster?: ClusterContext;
  explain?: boolean;
}

/**
 * Facts that need the whole cluster: the conditional bonus of the highest share, and the
 * one-unit bonuses several units claim while the cluster has not settled them (by criterion,
 * the names of the units claiming it): counted for none of them until it is settled.
 */
export interface ClusterContext {
  shareBonus: Map<string, Map<string, NodeResult>>;
  contested?: Map<string, { unitIds: string[]; names: string[] }>;
}

/** Evaluate one unit. Throws an EngineError naming the unit and criterion on a bad value. */
export function evaluateUnit(
  scheme: Scheme,
  unit: Pick<UnitInfo, "id" | "role">,
  scores: Scores,
  options: EvaluateOptions = {},
): UnitEvaluation {
  const explain = options.explain ?? false;
  for (const id of Object.keys(scores)) {
    const c = scheme.nodes.get(id);
    if (!c) {
      throw new EngineError(
        "UNKNOWN_CRITERION",
        `Đơn vị ${unit.id}: tiêu chí ${id} không có trong bộ tiêu chí ${scheme.id}.`,
      );
    }
    if (c.kind === "group") {
      fail(unit.id, c, "là nhóm tiêu chí, không chấm trực tiếp; hãy chấm các tiêu chí con.");
    }
  }
  const nodes = new Map<string, NodeResult>();
  const bonusPct = scheme.overPlanBonus?.pct ?? null;
  for (const c of scheme.postOrder) {
    if (c.kind !== "group") {
      const v = scores[c.id];
      nodes.set(
        c.id,
        v === undefined
          ? UNSCORED
          : scoreLeaf(unit.id, unit.role, c, v, c.overPlanBonus ? bonusPct : null, options),
      );
      continue;
    }
    let positive = 0;
    let taken = 0;
    let bonus = 0;
    let scored = false;
    for (const id of c.children) {
      const r = nodes.get(id) as NodeResult;
      const child = scheme.nodes.get(id) as Criterion;
      if (child.deduction) taken += r.points;
      else positive += r.points;
      bonus += r.bonus;
      scored ||= r.scored;
    }
    let points: number;
    let capped = false;
    if (c.deduction) {
      points = c.max === null ? taken : Math.min(taken, c.max);
      capped = points < taken;
    } else {
      const kept = c.max === null ? positive : Math.min(positive, c.max);
      capped = kept < positive;
      points = Math.max(0, kept - taken);
    }
    const detail =
      explain && capped
        ? `Tổng các tiêu chí con ${formatPoints(c.deduction ? taken : positive)}, tối đa ${formatPoints(c.max as number)}`
        : null;
    nodes.set(c.id, { points, bonus, capped, detail, scored });
  }

  let sectionsTotal = 0;
  let bonus = 0;
  let taken = 0;
  const sectionCap = scheme.overPlanBonus?.sectionCap ?? 0;
  for (const id of scheme.sections) {
    const r = nodes.get(id) as NodeResult;
    if ((scheme.nodes.get(id) as Criterion).deduction) taken += r.points;
    else sectionsTotal += r.points;
    if (r.bonus > sectionCap) {
      const note = `điểm thưởng vượt kế hoạch ${formatPoints(r.bonus)}, tối đa ${formatPoints(sectionCap)} cho cả mục`;
      nodes.set(id, { ...r, bonus: sectionCap, detail: r.detail ? `${r.detail}; ${note}` : note });
    }
    bonus += Math.min(r.bonus, sectionCap);
  }
  const gross = sectionsTotal + bonus;
  const kept = scheme.totalCap === null ? gross : Math.min(gross, scheme.totalCap);
  return {
    unitId: unit.id,
    nodes,
    sectionsTotal,
    bonus,
    totalCapped: kept < gross,
    deductions: taken,
    total: Math.max(0, kept - taken),
  };
}

/**
 * The conditional bonus (Lạng Sơn III.6.3): among units that give { share, previousShare },
 * the single highest share gets the maximum if it rose on last year, the lower amount if not.
 * A tie for the highest share gives it to nobody and is said in a warning.
 */
export function resolveShareBonus(
  scheme: Scheme,
  scores: Record<string, Scores>,
  warnings: string[],
  names: ReadonlyMap<string, string> = new Map(),
): ClusterContext {
  const shareBonus = new Map<string, Map<string, NodeResult>>();
  for (const c of scheme.preOrder) {
    if (!c.highestShare) continue;
    const entries: { unitId: string; share: number; up: boolean }[] = [];
    for (const [unitId, s] of Object.entries(scores)) {
      const v = s[c.id];
      if (!isRecord(v) || !("share" in v)) continue;
      const share = figure(unitId, c, v.share, "Tỷ lệ năm nay");
      const previous = figure(unitId, c, v.previousShare, "Tỷ lệ năm trước");
      if (share < 0 || previous < 0) fail(unitId, c, "tỷ lệ không được âm.");
      entries.push({ unitId, share, up: share > previous });
    }
    const results = new Map<string, NodeResult>();
    // a share of 0 is no share of awards to direct workers: it is never the highest
    const top = Math.max(...entries.map((e) => e.share));
    const leaders = top > 0 ? entries.filter((e) => e.share === top) : [];
    for (const e of entries) {
      const isTop = leaders.length === 1 && leaders[0] === e;
      const points = isTop ? (e.up ? (c.max as number) : c.highestShare.notUpMax) : 0;
      const detail = isTop
        ? `Tỷ lệ cao nhất Cụm${e.up ? ", tăng so với năm trước" : ", không tăng so với năm trước"} → ${formatPoints(points)} điểm`
        : leaders.length > 1 && e.share === top
          ? "Nhiều đơn vị cùng tỷ lệ cao nhất: chưa thưởng"
          : e.share === 0
            ? "Tỷ lệ bằng 0: không thưởng"
            : "Không phải tỷ lệ cao nhất Cụm";
      results.set(e.unitId, { ...plain(points), detail });
    }
    if (leaders.length > 1) {
      warnings.push(
        `Tiêu chí ${c.id}: ${leaders.map((l) => names.get(l.unitId) ?? l.unitId).join(", ")} cùng có tỷ lệ cao nhất Cụm; quy định chỉ thưởng một đơn vị nên chưa thưởng, Cụm cần thống nhất.`,
      );
    }
    shareBonus.set(c.id, results);
  }
  return { shareBonus };
}

/** A one-unit-per-cluster bonus given to several units: the criterion and the units. */
export interface ClusterConflict {
  criterionId: string;
  title: string;
  unitIds: string[];
}

/** The one-unit-per-cluster bonuses that several units are given. */
export function oneUnitConflicts(scheme: Scheme, evaluations: UnitEvaluation[]): ClusterConflict[] {
  const out: ClusterConflict[] = [];
  for (const c of scheme.preOrder) {
    if (!c.onePerCluster) continue;
    const given = evaluations
      .filter((e) => (e.nodes.get(c.id)?.points ?? 0) > 0)
      .map((e) => e.unitId);
    if (given.length > 1) out.push({ criterionId: c.id, title: c.title, unitIds: given });
  }
  return out;
}

/** One unit per cluster for bonus items so marked: in final scores, given to two is an error. */
export function checkOnePerCluster(scheme: Scheme, evaluations: UnitEvaluation[]): void {
  const [conflict] = oneUnitConflicts(scheme, evaluations);
  if (conflict) {
    throw new EngineError(
      "INVALID_SCORE",
      `Tiêu chí ${conflict.criterionId} (${conflict.title}): mỗi Cụm chỉ một đơn vị được thưởng, nhưng đã thưởng cho ${conflict.unitIds.join(", ")}.`,
    );
  }
}

/** Why the engine refuses one value of a unit on its own, or null when it takes it. */
export function valueRefusal(
  scheme: Scheme,
  unit: Pick<UnitInfo, "id" | "role">,
  criterionId: string,
  value: ScoreValue,
): string | null {
  try {
    evaluateUnit(scheme, unit, { [criterionId]: value });
    return null;
  } catch (e) {
    if (e instanceof EngineError) return e.message;
    throw e;
  }
}

/**
 * "Avoid giving every item its maximum" (Lạng Sơn C.I.1.3): a warning for a sheet that gives
 * the maximum on nearly all (90% or more, at least 5) of its scored qualitative items.
 */
export function maximumEverywhere(
  scheme: Scheme,
  evaluation: UnitEvaluation,
  unitName = evaluation.unitId,
): string | null {
  let scored = 0;
  let atMax = 0;
  for (const c of scheme.preOrder) {
    if (c.kind !== "manual" || c.roles || c.onePerCluster) continue;
    const r = evaluation.nodes.get(c.id);
    if (!r?.scored) continue;
    scored++;
    if (r.points === c.max) atMax++;
  }
  if (scored < 5 || atMax * 10 < scored * 9) return null;
  return `${unitName} chấm điểm tối đa ở ${atMax}/${scored} tiêu chí định tính: cần tránh tình trạng nội dung nào cũng đạt điểm tối đa, xem lại minh chứng.`;
}
