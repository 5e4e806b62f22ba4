/**
 * The scoring scheme: a tree of criteria with a maximum on every node, written as data
 * (presets, frameworks, a cluster's own criteria) and compiled to exact hundredths.
 */
import { formatPoints, type Hundredths, toHundredths } from "./decimal.ts";
import { EngineError } from "./errors.ts";

export type Role = "leader" | "deputy" | "member";
export type ClusterKind = "ward" | "school" | "other";
export type PartyRating = "HTXSNV" | "HTTNV" | "HTNV" | "KHTNV";
export type UnitFlag =
  | "deepReview"
  | "publicOutcry"
  | "pendingViolation"
  | "seriousViolation"
  | "adjustedAfterReconciliation";

/** How a leaf is scored (DOMAIN.md 4.1). A node with children is a group. */
export type LeafKind = "manual" | "external" | "ratio" | "level" | "lossPerItem" | "deduction";
export type Kind = LeafKind | "group";

/** A step of a per-event deduction: `points` for each event up to the `upTo`-th, then the next. */
export interface TierSpec {
  upTo?: number;
  points: number;
}

/** Which level a dossier count falls into (first match wins; no condition: the rest). */
export type LevelCondition =
  | { noneSubmitted: true }
  | { ineligiblePctAtMost: number }
  | { ineligiblePctBelow: number };

export interface LevelSpec {
  id: string;
  label: string;
  points: number;
  when?: LevelCondition;
}

/** A criterion as written in a preset or a framework (points as decimals). */
export interface CriterionSpec {
  id: string;
  title: string;
  /** Maximum points; only a deduction may have none (no cap in the regulation). */
  max?: number;
  kind?: Kind;
  children?: CriterionSpec[];
  /** The framework's owner keeps it: a cluster may not change it or add under it. */
  locked?: boolean;
  /** Children may add up to more than the maximum; the group is capped (Lạng Sơn III.3.2). */
  capped?: boolean;
  /** ratio: an indicator whose level should go down. */
  lowerIsBetter?: boolean;
  /** level: the levels to choose from. */
  levels?: LevelSpec[];
  /** lossPerItem: points lost per missing or late item. */
  perItem?: number;
  /** deduction by count: points per event, a flat rate or steps. */
  perEvent?: number | TierSpec[];
  /** deduction by category: points per event of each category. */
  categories?: Record<string, { label: string; points: number }>;
  /** bonus item that only one unit of the cluster may receive. */
  onePerCluster?: boolean;
  /** bonus item for units of these roles only. */
  roles?: Role[];
  /** conditional bonus: the highest share in the cluster gets the maximum if it rose on last
   * year, `notUpMax` if not (Lạng Sơn III.6.3). */
  highestShare?: { notUpMax: number };
}

export interface AwardSpec {
  id: string;
  label: string;
  minTotal?: number;
}

/** Places of an award slot by cluster size: first rule whose maxUnits fits (none: the rest). */
export interface PlacesRule {
  maxUnits?: number;
  places: number;
  warning?: string;
}

/** Awards with a limited number of places, given in rank order (flag, certificates). */
export interface AwardSlotSpec {
  name: string;
  awards: AwardSpec[];
  places: number | PlacesRule[];
  clusterKinds?: ClusterKind[];
}

export interface AwardRulesSpec {
  slots: AwardSlotSpec[];
  /** Awards given to every eligible unit reaching the threshold, best first. */
  thresholds: AwardSpec[];
  /** Party organisation rated below this: no award. */
  minPartyRating?: PartyRating;
  /** Flags that lower the award one level. */
  lowerOneLevel?: UnitFlag[];
  /** The seed gives no award rules: said as a warning. */
  silent?: string;
}

export interface SchemeSpec {
  id: string;
  title: string;
  source: string;
  criteria: CriterionSpec[];
  /** Sections I–IV plus the over-plan bonus are capped at this total before deductions. */
  totalCap?: number;
  overPlanBonus?: { sections: string[]; perCriterionPct: number; sectionCap: number };
  awards: AwardRulesSpec;
}

/* ---------- compiled form ---------- */

export interface Tier {
  upTo: number;
  points: Hundredths;
}

export interface Level {
  id: string;
  label: string;
  points: Hundredths;
  when?: LevelCondition;
}

export interface Criterion {
  id: string;
  title: string;
  kind: Kind;
  /** Hundredths; null only for an uncapped deduction. */
  max: Hundredths | null;
  parent: string | null;
  children: string[];
  /** Section: the top-level node this one sits under (itself for a section). */
  section: string;
  /** Takes points away: a deduction leaf, or a group of deductions only. */
  deduction: boolean;
  locked: boolean;
  capped: boolean;
  lowerIsBetter: boolean;
  overPlanBonus: boolean;
  levels: Level[];
  perItem: Hundredths;
  tiers: Tier[];
  categories: Record<string, { label: string; points: Hundredths }>;
  onePerCluster: boolean;
  roles: Role[] | null;
  highestShare: { notUpMax: Hundredths } | null;
}

export interface AwardDef {
  id: string;
  label: string;
  minTotal: Hundredths | null;
}

export interface AwardSlot {
  name: string;
  awards: AwardDef[];
  places: number | PlacesRule[];
  clusterKinds: ClusterKind[] | null;
}

export interface AwardRules {
  slots: AwardSlot[];
  thresholds: AwardDef[];
  minPartyRating: PartyRating | null;
  lowerOneLevel: UnitFlag[];
  silent: string | null;
  /** Every award, best first: lowering one level moves down this ladder. */
  ladder: AwardDef[];
}

export interface Scheme {
  id: string;
  title: string;
  source: string;
  /** Top-level criteria (sections), in order. */
  sections: string[];
  nodes: Map<string, Criterion>;
  /** Every criterion, children before their parent. */
  postOrder: Criterion[];
  /** Every criterion in reading order (the sheet's rows). */
  preOrder: Criterion[];
  totalMax: Hundredths;
  totalCap: Hundredths | null;
  overPlanBonus: { pct: number; sectionCap: Hundredths } | null;
  awards: AwardRules;
}

const RATING_ORDER: readonly PartyRating[] = ["KHTNV", "HTNV", "HTTNV", "HTXSNV"];

export function ratingAtLeast(rating: PartyRating, min: PartyRating): boolean {
  return RATING_ORDER.indexOf(rating) >= RATING_ORDER.indexOf(min);
}

function points(value: number, where: string): Hundredths {
  const h = toHundredths(value);
  if (h === null || h < 0) {
    throw new EngineError(
      "INVALID_SCHEME",
      `Tiêu chí ${where}: điểm ${value} không hợp lệ (phải là số không âm, tối đa hai chữ số thập phân).`,
    );
  }
  return h;
}

/** Compile a scheme written as data; throws an EngineError naming the criterion at fault. */
export function compileScheme(spec: SchemeSpec): Scheme {
  const nodes = new Map<string, Criterion>();
  const postOrder: Criterion[] = [];
  const preOrder: Criterion[] = [];
  const bonusSections = new Set(spec.overPlanBonus?.sections ?? []);

  const visit = (c: CriterionSpec, parent: string | null, section: string): Criterion => {
    if (!c.id || /\s/.test(c.id)) {
      throw new EngineError("INVALID_SCHEME", `Mã tiêu chí "${c.id}" không hợp lệ.`);
    }
    if (nodes.has(c.id)) {
      throw new EngineError("INVALID_SCHEME", `Mã tiêu chí ${c.id} bị trùng.`);
    }
    const children = c.children ?? [];
    const kind: Kind = children.length > 0 ? "group" : (c.kind ?? "manual");
    if (kind === "group" && children.length === 0) {
      throw new EngineError(
        "INVALID_SCHEME",
        `Tiêu chí ${c.id} là nhóm nhưng không có tiêu chí con.`,
      );
    }
    const node: Criterion = {
      id: c.id,
      title: c.title,
      kind,
      max: c.max === undefined ? null : points(c.max, c.id),
      parent,
      children: children.map((ch) => ch.id),
      section,
      deduction: kind === "deduction",
      locked: Boolean(c.locked),
      capped: Boolean(c.capped),
      lowerIsBetter: Boolean(c.lowerIsBetter),
      overPlanBonus: kind === "ratio" && bonusSections.has(section),
      levels: (c.levels ?? []).map((l) => ({ ...l, points: points(l.points, c.id) })),
      perItem: c.perItem === undefined ? 100 : points(c.perItem, c.id),
      tiers: tiersOf(c),
      categories: Object.fromEntries(
        Object.entries(c.categories ?? {}).map(([k, v]) => [
          k,
          { label: v.label, points: points(v.points, c.id) },
        ]),
      ),
      onePerCluster: Boolean(c.onePerCluster),
      roles: c.roles ?? null,
      highestShare: c.highestShare ? { notUpMax: points(c.highestShare.notUpMax, c.id) } : null,
    };
    nodes.set(c.id, node);
    preOrder.push(node);
    const compiled = children.map((ch) => visit(ch, c.id, section));
    if (kind === "group") {
      node.deduction = compiled.every((ch) => ch.deduction);
      if (c.locked) for (const ch of compiled) lockSubtree(ch, nodes);
    }
    checkNode(node, compiled);
    postOrder.push(node);
    return node;
  };

  const sections = spec.criteria.map((c) => visit(c, null, c.id).id);
  const totalMax = sections.reduce((sum, id) => {
    const n = nodes.get(id) as Criterion;
    return n.deduction ? sum : sum + (n.max ?? 0);
  }, 0);
  const awards = compileAwards(spec.awards);
  return {
    id: spec.id,
    title: spec.title,
    source: spec.source,
    sections,
    nodes,
    postOrder,
    preOrder,
    totalMax,
    totalCap: spec.totalCap === undefined ? null : points(spec.totalCap, spec.id),
    overPlanBonus: spec.overPlanBonus
      ? {
          pct: wholePercent(spec.overPlanBonus.perCriterionPct, spec.id),
          sectionCap: points(spec.overPlanBonus.sectionCap, spec.id),
        }
      : null,
    awards,
  };
}

function wholePercent(pct: number, where: string): number {
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
    throw new EngineError(
      "INVALID_SCHEME",
      `Bộ tiêu chí ${where}: mức thưởng vượt kế hoạch ${pct}% phải là số nguyên từ 0 đến 100.`,
    );
  }
  return pct;
}

function lockSubtree(node: Criterion, nodes: Map<string, Criterion>): void {
  node.locked = true;
  for (const id of node.children) lockSubtree(nodes.get(id) as Criterion, nodes);
}

function tiersOf(c: CriterionSpec): Tier[] {
  if (c.perEvent === undefined) return [];
  if (typeof c.perEvent === "number") {
    return [{ upTo: Number.POSITIVE_INFINITY, points: points(c.perEvent, c.id) }];
  }
  return c.perEvent.map((t) => ({
    upTo: t.upTo ?? Number.POSITIVE_INFINITY,
    points: points(t.points, c.id),
  }));
}

function checkNode(node: Criterion, children: Criterion[]): void {
  const fail = (why: string) => {
    throw new EngineError("INVALID_SCHEME", `Tiêu chí ${node.id} (${node.title}): ${why}`);
  };
  if (node.max === null && !node.deduction) fail("thiếu điểm tối đa.");
  switch (node.kind) {
    case "group": {
      if (node.max !== null && !node.capped) {
        const sum = children
          .filter((ch) => ch.deduction === node.deduction)
          .reduce((s, ch) => s + (ch.max ?? 0), 0);
        if (sum > node.max) {
          fail(
            `tổng điểm tối đa của các tiêu chí con là ${formatPoints(sum)}, vượt điểm tối đa ${formatPoints(node.max)} của mục.`,
          );
        }
      }
      break;
    }
    case "level": {
      if (node.levels.length === 0) fail("chưa có mức điểm để chọn.");
      for (const l of node.levels) {
        if (node.max !== null && l.points > node.max) {
          fail(`mức "${l.label}" ${formatPoints(l.points)} điểm vượt điểm tối đa.`);
        }
      }
      break;
    }
    case "deduction": {
      const hasCount = node.tiers.length > 0;
      const hasCategories = Object.keys(node.categories).length > 0;
      if (hasCount && hasCategories)
        fail("điểm trừ chỉ tính theo số lần hoặc theo loại, không cả hai.");
      break;
    }
    case "manual":
    case "external":
    case "ratio":
    case "lossPerItem":
      break;
  }
  if (node.highestShare && node.max !== null && node.highestShare.notUpMax > node.max) {
    fail("mức thưởng khi không tăng vượt điểm tối đa.");
  }
}

function compileAwards(spec: AwardRulesSpec): AwardRules {
  const award = (a: AwardSpec): AwardDef => ({
    id: a.id,
    label: a.label,
    minTotal: a.minTotal === undefined ? null : points(a.minTotal, a.id),
  });
  const slots = spec.slots.map((s) => ({
    name: s.name,
    awards: s.awards.map(award),
    places: s.places,
    clusterKinds: s.clusterKinds ?? null,
  }));
  const thresholds = spec.thresholds.map(award);
  return {
    slots,
    thresholds,
    minPartyRating: spec.minPartyRating ?? null,
    lowerOneLevel: spec.lowerOneLevel ?? [],
    silent: spec.silent ?? null,
    ladder: [...slots.flatMap((s) => s.awards), ...thresholds],
  };
}

/** A criterion of a cluster's own list: changes a preset criterion or adds one under `parent`. */
export interface CriterionChange {
  id: string;
  parent?: string;
  title?: string;
  max?: number;
  kind?: "manual" | "external" | "ratio";
  lowerIsBetter?: boolean;
}

interface IndexEntry {
  spec: CriterionSpec;
  parent: CriterionSpec | null;
}

/**
 * Specialise a framework with a cluster's own criteria: rename, re-weight, split and add,
 * never above a section's maximum, never inside a locked section (DOMAIN.md 4).
 */
export function specialise(framework: SchemeSpec, changes: CriterionChange[]): SchemeSpec {
  const copy: SchemeSpec = structuredClone(framework);
  const index = new Map<string, IndexEntry>();
  const walk = (list: CriterionSpec[], parent: CriterionSpec | null) => {
    for (const c of list) {
      index.set(c.id, { spec: c, parent });
      walk(c.children ?? [], c);
    }
  };
  walk(copy.criteria, null);
  const original = new Map([...index].map(([id, e]) => [id, e.spec.max]));
  const lockedBy = (id: string): string | null => {
    for (let e = index.get(id); e; e = e.parent ? index.get(e.parent.id) : undefined) {
      if (e.spec.locked) return e.spec.id;
    }
    return null;
  };
  const fail = (id: string, why: string): never => {
    throw new EngineError("INVALID_SPECIALISATION", `Tiêu chí ${id}: ${why}`);
  };

  const pending = [...changes];
  const seen = new Set<string>();
  for (const ch of changes) {
    if (seen.has(ch.id)) fail(ch.id, "khai báo hai lần trong danh sách tiêu chí của Cụm.");
    seen.add(ch.id);
  }
  // Parents may be declared after their children: add in as many passes as needed.
  while (pending.length > 0) {
    const before = pending.length;
    for (let i = 0; i < pending.length; i++) {
      const ch = pending[i] as CriterionChange;
      const existing = index.get(ch.id);
      if (!existing && (!ch.parent || !index.has(ch.parent))) continue;
      pending.splice(i--, 1);
      applyChange(ch, existing);
    }
    if (pending.length === before) {
      const ch = pending[0] as CriterionChange;
      fail(
        ch.id,
        ch.parent
          ? `mục cha ${ch.parent} không tồn tại trong khung tiêu chí.`
          : "tiêu chí mới phải khai báo mục cha (parent).",
      );
    }
  }
  return copy;

  function applyChange(ch: CriterionChange, existing: IndexEntry | undefined) {
    const locked = lockedBy(existing ? ch.id : (ch.parent as string));
    if (locked) {
      throw new EngineError(
        "LOCKED_CRITERION",
        `Tiêu chí ${ch.id}: mục ${locked} do cơ quan thường trực quy định, Cụm không được thay đổi.`,
      );
    }
    if (ch.max !== undefined && (toHundredths(ch.max) === null || ch.max < 0)) {
      fail(ch.id, `điểm tối đa ${ch.max} không hợp lệ.`);
    }
    if (existing) {
      if (ch.parent !== undefined && ch.parent !== (existing.parent?.id ?? undefined)) {
        fail(
          ch.id,
          `đã thuộc mục ${existing.parent?.id ?? "gốc"}, không chuyển sang mục ${ch.parent}.`,
        );
      }
      const frameworkMax = original.get(ch.id);
      if (
        ch.max !== undefined &&
        frameworkMax !== undefined &&
        ch.max > frameworkMax &&
        !existing.parent
      ) {
        fail(ch.id, `điểm tối đa ${ch.max} vượt điểm tối đa ${frameworkMax} của khung.`);
      }
      if (ch.title !== undefined) existing.spec.title = ch.title;
      if (ch.max !== undefined) existing.spec.max = ch.max;
      if (ch.kind !== undefined) existing.spec.kind = ch.kind;
      if (ch.lowerIsBetter !== undefined) existing.spec.lowerIsBetter = ch.lowerIsBetter;
      return;
    }
    const parent = index.get(ch.parent as string) as { spec: CriterionSpec };
    if (ch.max === undefined) fail(ch.id, "tiêu chí mới phải có điểm tối đa (max).");
    const spec: CriterionSpec = {
      id: ch.id,
      title: ch.title ?? ch.id,
      max: ch.max,
      kind: ch.kind ?? "manual",
      ...(ch.lowerIsBetter ? { lowerIsBetter: true } : {}),
    };
    if (!parent.spec.children || parent.spec.children.length === 0) {
      parent.spec.children = [];
      delete parent.spec.kind;
    }
    parent.spec.children.push(spec);
    index.set(ch.id, { spec, parent: parent.spec });
  }
}

/** Equal shares of a maximum in hundredths, the remaining hundredths to the first items. */
export function equalShares(total: number, count: number): number[] {
  const h = Math.round(total * 100);
  const base = Math.floor(h / count);
  const extra = h - base * count;
  return Array.from({ length: count }, (_, i) => (base + (i < extra ? 1 : 0)) / 100);
}

/**
 * A level's framework (khung tiêu chí): a preset with the standing agency's own changes, some
 * sections (top-level criteria) locked. Clusters of the level, and of the levels below, start
 * from it.
 */
export interface Framework {
  presetId: string;
  criteria: CriterionChange[];
  lockedSections: string[];
}

/**
 * The framework as a scheme to specialise: the preset with the framework's changes, its listed
 * sections locked. A cluster's `specialise` on top of it changes nothing inside a locked
 * section and never raises a section's maximum; compiling refuses children adding up to more
 * than their section.
 */
export function frameworkSpec(
  preset: SchemeSpec,
  framework: Pick<Framework, "criteria" | "lockedSections">,
): SchemeSpec {
  const spec = specialise(preset, framework.criteria);
  for (const id of framework.lockedSections) {
    const section = spec.criteria.find((c) => c.id === id);
    if (!section) {
      throw new EngineError(
        "INVALID_SCHEME",
        `Không khóa được mục ${id}: bộ tiêu chí ${preset.id} chỉ có các mục ${spec.criteria.map((c) => c.id).join(", ")}.`,
      );
    }
    section.locked = true;
  }
  return spec;
}

/**
 * The framework's changes and the cluster's as one list, equivalent to applying the first to
 * the preset, then the second: a cluster change to a criterion the framework also changed
 * overrides the fields it gives. The cluster-year file carries this list, so that
 * `specialise(preset, merged)` is the cluster's scheme (without the framework's locks).
 */
export function mergeChanges(
  preset: SchemeSpec,
  framework: CriterionChange[],
  cluster: CriterionChange[],
): CriterionChange[] {
  const known = new Set<string>();
  const collect = (list: CriterionSpec[]) => {
    for (const c of list) {
      known.add(c.id);
      collect(c.children ?? []);
    }
  };
  collect(preset.criteria);
  const merged = inApplicationOrder(framework, known).map((c) => ({ ...c }));
  const byId = new Map(merged.map((c) => [c.id, c]));
  const own: CriterionChange[] = [];
  for (const ch of cluster) {
    const earlier = byId.get(ch.id);
    if (!earlier) {
      own.push(ch);
      continue;
    }
    for (const [key, value] of Object.entries(ch)) {
      if (value !== undefined) Object.assign(earlier, { [key]: value });
    }
  }
  return [...merged, ...inApplicationOrder(own, known).map((c) => ({ ...c }))];
}

/**
 * The changes in the order `specialise` applies them (it adds a new criterion once its parent
 * exists, in as many passes as needed), so that one pass in this order builds the same tree
 * with the children in the same order. Adds the new ids to `known`; changes that never apply
 * come last, for `specialise` to refuse.
 */
function inApplicationOrder(changes: CriterionChange[], known: Set<string>): CriterionChange[] {
  const pending = [...changes];
  const ordered: CriterionChange[] = [];
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const ch = pending[i] as CriterionChange;
      if (!known.has(ch.id) && (!ch.parent || !known.has(ch.parent))) continue;
      pending.splice(i--, 1);
      known.add(ch.id);
      ordered.push(ch);
      progress = true;
    }
  }
  return [...ordered, ...pending];
}
