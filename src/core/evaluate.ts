/**
 * Scoring one unit against a compiled scheme: every criterion's points in exact hundredths,
 * how they were found, and the total with its bonus, caps and deductions (DOMAIN.md 4).
 *
 * A province is thousands of units of a few hundred criteria, so one unit's evaluation is one
 * pass over the scheme's plan (criteria numbered children first, see scheme-plan.ts) writing
 * each criterion's figures into arrays; the per-criterion results (`nodes`) are read from those
 * arrays when asked for. The arithmetic is the same integers of hundredths either way.
 */
import {
  commonFactor,
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
import { planOf, type SchemePlan } from "./scheme-plan.ts";

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
  /** Every criterion's result by id, children before their parent. */
  nodes: ReadonlyMap<string, NodeResult>;
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

const RATIO_KEYS = ["plan", "actual"];
const LEVEL_KEYS = ["level"];
const DOSSIER_KEYS = ["submitted", "ineligible"];
const MISSING_KEYS = ["missing"];
const COUNT_KEYS = ["count"];
const COUNTS_KEYS = ["counts"];
const SHARE_KEYS = ["share", "previousShare"];

/** The shape of a value with these fields, for messages: { "plan": …, "actual": … }. */
function shapeText(keys: readonly string[]): string {
  return `{ ${keys.map((k) => `"${k}": …`).join(", ")} }`;
}

/** The value as an object with exactly these fields. */
function expectKeys(
  unitId: string,
  c: Criterion,
  v: unknown,
  keys: readonly string[],
): Record<string, unknown> {
  if (!isRecord(v)) fail(unitId, c, `cần giá trị dạng ${shapeText(keys)}.`);
  for (const k in v) {
    if (!keys.includes(k))
      fail(unitId, c, `trường "${k}" không dùng cho tiêu chí này; cần ${shapeText(keys)}.`);
  }
  for (const k of keys) {
    if (!(k in v)) fail(unitId, c, `thiếu trường "${k}"; cần ${shapeText(keys)}.`);
  }
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

/* ---------- one unit's figures ---------- */

const SCORED = 1;
const CAPPED = 2;

/**
 * One unit's figures, criterion by criterion in the plan's numbering: points and bonus in
 * hundredths, whether it was scored and capped, and the explanations where there are some.
 * One array holds them all (criterion k: points at k, bonus at size + k, state at 2·size + k).
 */
class Figures {
  private readonly data: Float64Array;
  /** Explanations by criterion number; null while there is none. */
  private details: (string | null)[] | null = null;

  constructor(private readonly size: number) {
    this.data = new Float64Array(3 * size);
  }

  set(
    k: number,
    points: Hundredths,
    bonus: Hundredths,
    capped: boolean,
    detail: string | null,
    scored = true,
  ): void {
    this.data[k] = points;
    this.data[this.size + k] = bonus;
    this.data[2 * this.size + k] = (scored ? SCORED : 0) | (capped ? CAPPED : 0);
    if (detail !== null) this.setDetail(k, detail);
  }

  /** A result worked out elsewhere (the cluster's highest share). */
  copy(k: number, r: NodeResult): void {
    this.set(k, r.points, r.bonus, r.capped, r.detail, r.scored);
  }

  points(k: number): Hundredths {
    return this.data[k] as number;
  }

  bonus(k: number): Hundredths {
    return this.data[this.size + k] as number;
  }

  setBonus(k: number, bonus: Hundredths): void {
    this.data[this.size + k] = bonus;
  }

  scored(k: number): boolean {
    return ((this.data[2 * this.size + k] as number) & SCORED) !== 0;
  }

  capped(k: number): boolean {
    return ((this.data[2 * this.size + k] as number) & CAPPED) !== 0;
  }

  setDetail(k: number, detail: string): void {
    if (this.details === null) this.details = new Array<string | null>(this.size);
    this.details[k] = detail;
  }

  detail(k: number): string | null {
    return this.details?.[k] ?? null;
  }

  result(k: number): NodeResult {
    return {
      points: this.points(k),
      bonus: this.bonus(k),
      capped: this.capped(k),
      detail: this.detail(k),
      scored: this.scored(k),
    };
  }
}

/**
 * A unit's results by criterion id, read from its figures; children before their parent. Like a
 * Map, it has no own enumerable fields (JSON.stringify gives {}).
 */
class NodeResults implements ReadonlyMap<string, NodeResult> {
  readonly #plan: SchemePlan;
  readonly #figures: Figures;

  constructor(plan: SchemePlan, figures: Figures) {
    this.#plan = plan;
    this.#figures = figures;
  }

  get size(): number {
    return this.#plan.nodes.length;
  }

  get(id: string): NodeResult | undefined {
    const k = this.#plan.numberOf.get(id);
    return k === undefined ? undefined : this.#figures.result(k);
  }

  has(id: string): boolean {
    return this.#plan.numberOf.has(id);
  }

  *entries(): MapIterator<[string, NodeResult]> {
    const nodes = this.#plan.nodes;
    for (let k = 0; k < nodes.length; k++) {
      yield [(nodes[k] as Criterion).id, this.#figures.result(k)];
    }
  }

  *keys(): MapIterator<string> {
    for (const c of this.#plan.nodes) yield c.id;
  }

  *values(): MapIterator<NodeResult> {
    for (let k = 0; k < this.#plan.nodes.length; k++) yield this.#figures.result(k);
  }

  [Symbol.iterator](): MapIterator<[string, NodeResult]> {
    return this.entries();
  }

  forEach(
    callback: (value: NodeResult, key: string, map: ReadonlyMap<string, NodeResult>) => void,
    thisArg?: unknown,
  ): void {
    for (const [id, r] of this.entries()) callback.call(thisArg, r, id, this);
  }
}

/* ---------- leaves ---------- */

/** What scoring a leaf needs to know of the unit and the evaluation. */
interface LeafContext {
  unitId: string;
  role: Role;
  explain: boolean;
  cluster: ClusterContext | undefined;
  /** The over-plan bonus in percent of a criterion's maximum, if the scheme gives one. */
  bonusPct: number | null;
  figures: Figures;
}

/** Ratio to plan, with lower-is-better and the over-plan bonus (DOMAIN.md 4.1). */
function scoreRatio(u: LeafContext, c: Criterion, k: number, v: unknown): void {
  const { unitId } = u;
  const o = expectKeys(unitId, c, v, RATIO_KEYS);
  const plan = figure(unitId, c, o.plan, "Kế hoạch");
  const actual = figure(unitId, c, o.actual, "Thực hiện");
  if (plan <= 0) fail(unitId, c, `kế hoạch phải lớn hơn 0 (nhận ${plan}).`);
  if (actual < 0) fail(unitId, c, `số thực hiện không được âm (nhận ${actual}).`);
  // plan and actual as integers on their common decimal scale, so that the ratio is exact
  // (no common scale: NaN, refused below)
  const f = commonFactor(plan, actual) ?? Number.NaN;
  const p = Math.round(plan * f);
  const a = Math.round(actual * f);
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(a)) {
    fail(unitId, c, "số kế hoạch hoặc thực hiện quá lớn hoặc quá nhiều chữ số.");
  }
  const max = c.max as Hundredths;
  // achieved = num / p (exact); lower-is-better reads (2 − actual ÷ plan), never below 0
  const num = c.lowerIsBetter ? Math.max(0, 2 * p - a) : a;
  const points = num >= p ? max : mulDivRoundHalfUp(max, num, p);
  const bonusPct = c.overPlanBonus ? u.bonusPct : null;
  let bonus = 0;
  if (bonusPct !== null && num > p) {
    // min(max × excess, max × pct/100), rounded half-up once
    const excess = num - p;
    bonus =
      compareProducts(excess, 100, p, bonusPct) >= 0
        ? divRoundHalfUp(max * bonusPct, 100)
        : mulDivRoundHalfUp(max, excess, p);
  }
  let detail: string | null = null;
  if (u.explain) {
    const reading = c.lowerIsBetter
      ? " (chỉ tiêu càng thấp càng tốt: 2 − thực hiện ÷ kế hoạch)"
      : "";
    const bonusText =
      bonusPct !== null && num > p
        ? `; vượt kế hoạch ${formatPercent(num - p, p)} → thưởng ${formatPoints(bonus)}`
        : "";
    detail = `Đạt ${formatPercent(num, p)} kế hoạch${reading} → ${formatPoints(points)}/${formatPoints(max)} điểm${bonusText}`;
  }
  u.figures.set(k, points, bonus, num > p, detail);
}

function scoreLevel(u: LeafContext, c: Criterion, k: number, v: unknown): void {
  const { unitId, explain } = u;
  if (isRecord(v) && "level" in v) {
    const o = expectKeys(unitId, c, v, LEVEL_KEYS);
    const level = c.levels.find((l) => l.id === o.level);
    if (!level) {
      fail(
        unitId,
        c,
        `mức "${String(o.level)}" không có; chọn một trong: ${c.levels.map((l) => l.id).join(", ")}.`,
      );
    }
    u.figures.set(k, level.points, 0, false, explain ? `Mức: ${level.label}` : null);
    return;
  }
  const o = expectKeys(unitId, c, v, DOSSIER_KEYS);
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
      let detail: string | null = null;
      if (explain) {
        const share =
          submitted > 0
            ? `${formatPercent(ineligible, submitted)} hồ sơ không đủ điều kiện`
            : "không trình hồ sơ";
        detail = `${share} → mức "${level.label}"`;
      }
      u.figures.set(k, level.points, 0, false, detail);
      return;
    }
  }
  fail(unitId, c, "không có mức nào phù hợp với số hồ sơ.");
}

function scoreLossPerItem(u: LeafContext, c: Criterion, k: number, v: unknown): void {
  const o = expectKeys(u.unitId, c, v, MISSING_KEYS);
  const missing = count(u.unitId, c, o.missing, "Số văn bản, báo cáo thiếu hoặc chậm");
  const max = c.max as Hundredths;
  const points = Math.max(0, max - missing * c.perItem);
  const detail = u.explain
    ? `${missing} văn bản/báo cáo thiếu hoặc chậm × ${formatPoints(c.perItem)} → ${formatPoints(points)}/${formatPoints(max)} điểm`
    : null;
  u.figures.set(k, points, 0, false, detail);
}

function scoreDeduction(
  u: LeafContext,
  c: Criterion,
  k: number,
  v: unknown,
  byCategory: boolean,
): void {
  const { unitId, explain } = u;
  let raw: number;
  let what = "";
  if (typeof v === "number") {
    raw = enteredPoints(unitId, c, v);
    what = "điểm trừ nhập trực tiếp";
  } else if (byCategory) {
    const o = expectKeys(unitId, c, v, COUNTS_KEYS);
    const counts = o.counts;
    if (!isRecord(counts)) fail(unitId, c, 'cần { "counts": { loại: số lần } }.');
    raw = 0;
    const parts: string[] = [];
    for (const cat in counts) {
      if (!Object.hasOwn(counts, cat)) continue;
      const def = c.categories[cat];
      if (!def) {
        fail(
          unitId,
          c,
          `loại "${cat}" không có; các loại: ${Object.keys(c.categories).join(", ")}.`,
        );
      }
      const n = count(unitId, c, counts[cat], `Số trường hợp "${cat}"`);
      raw += n * def.points;
      if (explain && n > 0) parts.push(`${n} × ${formatPoints(def.points)} (${def.label})`);
    }
    if (explain) what = parts.join(" + ") || "không có trường hợp";
  } else if (c.tiers.length > 0) {
    const o = expectKeys(unitId, c, v, COUNT_KEYS);
    let left = count(unitId, c, o.count, "Số lần");
    raw = 0;
    let done = 0;
    const parts: string[] = [];
    for (const tier of c.tiers) {
      const n = Math.min(left, tier.upTo - done);
      if (n <= 0) continue;
      raw += n * tier.points;
      if (explain) parts.push(`${n} × ${formatPoints(tier.points)}`);
      left -= n;
      done += n;
    }
    if (explain) what = parts.join(" + ") || "không có lần nào";
  } else {
    fail(unitId, c, `cần nhập số điểm trừ (nhận ${JSON.stringify(v)}).`);
  }
  const points = c.max === null ? raw : Math.min(raw, c.max);
  const detail = explain
    ? `Trừ ${formatPoints(raw)} điểm (${what})${points < raw ? `, tối đa ${formatPoints(c.max as Hundredths)}` : ""} → trừ ${formatPoints(points)}`
    : null;
  u.figures.set(k, points, 0, points < raw, detail);
}

/** Points entered for a manual or external criterion, or the cluster's verdict on them. */
function scoreEntered(u: LeafContext, c: Criterion, k: number, v: unknown): void {
  const { unitId, cluster } = u;
  if (c.highestShare && isRecord(v)) {
    expectKeys(unitId, c, v, SHARE_KEYS);
    u.figures.copy(k, cluster?.shareBonus.get(c.id)?.get(unitId) ?? plain(0));
    return;
  }
  const points = enteredPoints(unitId, c, v);
  const contested = cluster?.contested?.get(c.id);
  if (contested?.unitIds.includes(unitId)) {
    u.figures.set(
      k,
      0,
      0,
      false,
      `${contested.names.join(", ")} cùng đề nghị, mỗi Cụm chỉ một đơn vị được thưởng: chưa tính cho đơn vị nào đến khi Cụm trưởng quyết định`,
    );
    return;
  }
  u.figures.set(k, points, 0, false, null);
}

function scoreLeaf(u: LeafContext, plan: SchemePlan, c: Criterion, k: number, v: unknown): void {
  switch (c.kind) {
    case "manual":
    case "external":
      scoreEntered(u, c, k, v);
      break;
    case "ratio":
      scoreRatio(u, c, k, v);
      break;
    case "level":
      scoreLevel(u, c, k, v);
      break;
    case "lossPerItem":
      scoreLossPerItem(u, c, k, v);
      break;
    case "deduction":
      scoreDeduction(u, c, k, v, plan.byCategory[k] === 1);
      break;
    case "group":
      throw new Error(`scoreLeaf called on group ${c.id}`);
  }
  if (c.roles && u.figures.points(k) > 0 && !c.roles.includes(u.role)) {
    fail(
      u.unitId,
      c,
      `điểm thưởng này chỉ dành cho ${c.roles.map(roleLabel).join(", ")}, đơn vị là ${roleLabel(u.role)}.`,
    );
  }
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
  const plan = planOf(scheme);
  const { nodes, childStart, childNumbers, deduction } = plan;
  const explain = options.explain ?? false;
  // every value belongs to a leaf of the scheme: gathered by criterion number. Values usually
  // come in reading order, so each is first matched with the leaf after the previous value's,
  // and looked up by id otherwise.
  const values: unknown[] = new Array(nodes.length);
  let next = 0;
  for (const id of Object.keys(scores)) {
    let k = plan.leaves[next];
    if (k === undefined || (nodes[k] as Criterion).id !== id) k = plan.numberOf.get(id);
    if (k === undefined) {
      throw new EngineError(
        "UNKNOWN_CRITERION",
        `Đơn vị ${unit.id}: tiêu chí ${id} không có trong bộ tiêu chí ${scheme.id}.`,
      );
    }
    const c = nodes[k] as Criterion;
    if (c.kind === "group") {
      fail(unit.id, c, "là nhóm tiêu chí, không chấm trực tiếp; hãy chấm các tiêu chí con.");
    }
    values[k] = scores[id];
    next = (plan.leafPlace[k] as number) + 1;
  }
  const figures = new Figures(nodes.length);
  const leaf: LeafContext = {
    unitId: unit.id,
    role: unit.role,
    explain,
    cluster: options.cluster,
    bonusPct: scheme.overPlanBonus?.pct ?? null,
    figures,
  };
  for (let k = 0; k < nodes.length; k++) {
    const c = nodes[k] as Criterion;
    if (c.kind !== "group") {
      // an unscored leaf stays at 0, not scored
      const v = values[k];
      if (v !== undefined) scoreLeaf(leaf, plan, c, k, v);
      continue;
    }
    let positive = 0;
    let taken = 0;
    let bonus = 0;
    let scored = false;
    for (let j = childStart[k] as number; j < (childStart[k + 1] as number); j++) {
      const child = childNumbers[j] as number;
      if (deduction[child] === 1) taken += figures.points(child);
      else positive += figures.points(child);
      bonus += figures.bonus(child);
      scored ||= figures.scored(child);
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
    figures.set(k, points, bonus, capped, detail, scored);
  }

  let sectionsTotal = 0;
  let bonus = 0;
  let taken = 0;
  const sectionCap = scheme.overPlanBonus?.sectionCap ?? 0;
  for (const k of plan.sections) {
    const sectionBonus = figures.bonus(k);
    if (deduction[k] === 1) taken += figures.points(k);
    else sectionsTotal += figures.points(k);
    if (sectionBonus > sectionCap) {
      const note = `điểm thưởng vượt kế hoạch ${formatPoints(sectionBonus)}, tối đa ${formatPoints(sectionCap)} cho cả mục`;
      const detail = figures.detail(k);
      figures.setBonus(k, sectionCap);
      figures.setDetail(k, detail ? `${detail}; ${note}` : note);
    }
    bonus += Math.min(sectionBonus, sectionCap);
  }
  const gross = sectionsTotal + bonus;
  const kept = scheme.totalCap === null ? gross : Math.min(gross, scheme.totalCap);
  return {
    unitId: unit.id,
    nodes: new NodeResults(plan, figures),
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
  for (const c of planOf(scheme).highestShare) {
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
  for (const c of planOf(scheme).onePerCluster) {
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
