/**
 * Property tests of the scoring engine (DOMAIN.md 4 and 6, SCENARIO.md): random schemes written
 * as data, random units and random valid scores, checked against rules that must hold whatever
 * the numbers are. Points are drawn as integers of hundredths and written as `h / 100`, the way
 * a scorer writes them (at most two decimals).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Hundredths, toHundredths } from "./decimal.ts";
import type { Ballot } from "./deliberate.ts";
import { EngineError } from "./errors.ts";
import {
  evaluateUnit,
  type NodeResult,
  type ScoreValue,
  type UnitEvaluation,
  type UnitInfo,
} from "./evaluate.ts";
import { findPreset } from "./presets/index.ts";
import { type ClusterEvaluation, evaluateCluster, type UnitOutput } from "./scenario.ts";
import {
  type AwardRulesSpec,
  type AwardSlotSpec,
  type AwardSpec,
  type ClusterKind,
  type Criterion,
  type CriterionChange,
  type CriterionSpec,
  compileScheme,
  type LevelCondition,
  type LevelSpec,
  type PartyRating,
  type PlacesRule,
  type Role,
  type Scheme,
  type SchemeSpec,
  specialise,
  type TierSpec,
  type UnitFlag,
} from "./scheme.ts";

const RUNS = { numRuns: 200 };

/** Hundredths as the points a person writes (1234 → 12.34). */
const pts = (h: Hundredths): number => h / 100;

/** Points of a spec (at most two decimals) back to hundredths. */
function hundredthsOf(points: number): Hundredths {
  const h = toHundredths(points);
  if (h === null) throw new Error(`generator produced ${points}, not a two-decimal number`);
  return h;
}

/* ---------- random schemes ---------- */

/** A criterion before it gets its id (ids are given by position once the tree is drawn). */
const draft = (spec: Omit<CriterionSpec, "id" | "title">): CriterionSpec => ({
  id: "",
  title: "",
  ...spec,
});

/** Takes points away: a deduction leaf, or a group of deductions only (as scheme.ts reads it). */
function isDeduction(c: CriterionSpec): boolean {
  return c.children && c.children.length > 0
    ? c.children.every(isDeduction)
    : c.kind === "deduction";
}

/** A maximum in hundredths: 0 to 200 points, often a whole number. */
const maxArb: fc.Arbitrary<Hundredths> = fc.oneof(
  fc.integer({ min: 0, max: 20000 }),
  fc.integer({ min: 0, max: 200 }).map((p) => p * 100),
);

const conditionArb: fc.Arbitrary<LevelCondition> = fc.oneof(
  fc.constant({ noneSubmitted: true as const }),
  fc.integer({ min: 0, max: 100 }).map((n) => ({ ineligiblePctAtMost: n })),
  fc.integer({ min: 0, max: 100 }).map((n) => ({ ineligiblePctBelow: n })),
);

/** Levels worth at most the maximum; the last has no condition, so some level always fits. */
const levelLeafArb: fc.Arbitrary<CriterionSpec> = maxArb.chain((max) =>
  fc
    .array(fc.record({ points: fc.integer({ min: 0, max }), when: conditionArb }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((drawn) =>
      draft({
        kind: "level",
        max: pts(max),
        levels: drawn.map(
          (l, i): LevelSpec => ({
            id: `L${i + 1}`,
            label: `Mức ${i + 1}`,
            points: pts(l.points),
            ...(i < drawn.length - 1 ? { when: l.when } : {}),
          }),
        ),
      }),
    ),
);

/** Steps of a per-event deduction: `upTo` grows, the last step takes every further event. */
const tiersArb: fc.Arbitrary<TierSpec[]> = fc
  .array(
    fc.record({ step: fc.integer({ min: 1, max: 10 }), points: fc.integer({ min: 0, max: 500 }) }),
    { minLength: 1, maxLength: 3 },
  )
  .map((steps) => {
    let upTo = 0;
    return steps.map((s, i): TierSpec => {
      upTo += s.step;
      return i < steps.length - 1 ? { upTo, points: pts(s.points) } : { points: pts(s.points) };
    });
  });

const CATEGORY_KEYS = ["disciplined", "criminal", "member"] as const;

const categoriesArb: fc.Arbitrary<Record<string, { label: string; points: number }>> = fc
  .dictionary(fc.constantFrom(...CATEGORY_KEYS), fc.integer({ min: 0, max: 500 }), {
    minKeys: 1,
    noNullPrototype: true,
  })
  .map((d) =>
    Object.fromEntries(Object.entries(d).map(([k, p]) => [k, { label: k, points: pts(p) }])),
  );

/** A per-event deduction, with or without its own cap. */
const deductionLeafArb: fc.Arbitrary<CriterionSpec> = fc
  .record({
    max: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    rule: fc.oneof(
      fc
        .integer({ min: 0, max: 1000 })
        .map((p): Pick<CriterionSpec, "perEvent"> => ({ perEvent: pts(p) })),
      tiersArb.map((perEvent): Pick<CriterionSpec, "perEvent"> => ({ perEvent })),
      categoriesArb.map((categories): Pick<CriterionSpec, "categories"> => ({ categories })),
    ),
  })
  .map(({ max, rule }) =>
    draft({ kind: "deduction", ...(max === undefined ? {} : { max: pts(max) }), ...rule }),
  );

const leafArb: fc.Arbitrary<CriterionSpec> = fc.oneof(
  maxArb.map((max) => draft({ kind: "manual", max: pts(max) })),
  maxArb.map((max) => draft({ kind: "external", max: pts(max) })),
  fc
    .record({ max: maxArb, lowerIsBetter: fc.boolean() })
    .map(({ max, lowerIsBetter }) => draft({ kind: "ratio", max: pts(max), lowerIsBetter })),
  levelLeafArb,
  fc
    .record({
      max: maxArb,
      perItem: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    })
    .map(({ max, perItem }) =>
      draft({
        kind: "lossPerItem",
        max: pts(max),
        ...(perItem === undefined ? {} : { perItem: pts(perItem) }),
      }),
    ),
  deductionLeafArb,
);

/**
 * A group: its children's maxima (those on the group's side: points, or deductions for a group
 * of deductions) add up to at most its maximum, unless it is a capped group, whose maximum may be
 * below that sum. A group of deductions only may have no maximum.
 */
function groupArb(child: fc.Arbitrary<CriterionSpec>): fc.Arbitrary<CriterionSpec> {
  return fc
    .record({
      children: fc.array(child, { minLength: 1, maxLength: 4 }),
      capped: fc.boolean(),
      slack: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })),
      capPermille: fc.integer({ min: 0, max: 1000 }),
      noMax: fc.boolean(),
    })
    .map(({ children, capped, slack, capPermille, noMax }) => {
      const deduction = children.every(isDeduction);
      if (deduction && noMax) return draft({ children });
      const sum = children
        .filter((c) => isDeduction(c) === deduction)
        .reduce((s, c) => s + (c.max === undefined ? 0 : hundredthsOf(c.max)), 0);
      const max = capped ? Math.floor((sum * capPermille) / 1000) : sum + slack;
      return draft({ children, max: pts(max), ...(capped ? { capped: true } : {}) });
    });
}

/** A criterion at most `depth` levels of groups deep. */
function nodeArb(depth: number): fc.Arbitrary<CriterionSpec> {
  if (depth === 0) return leafArb;
  return fc.oneof(
    { weight: 2, arbitrary: leafArb },
    { weight: 1, arbitrary: groupArb(nodeArb(depth - 1)) },
  );
}

/** Ids by position, as the seeds number them: sections S1, S2…, then S1.1, S1.1.2… */
function withIds(list: CriterionSpec[], parent: string | null): CriterionSpec[] {
  return list.map((c, i) => {
    const id = parent === null ? `S${i + 1}` : `${parent}.${i + 1}`;
    const children = c.children ? { children: withIds(c.children, id) } : {};
    return { ...c, id, title: `Tiêu chí ${id}`, ...children };
  });
}

const RATINGS: readonly PartyRating[] = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"];
const FLAGS: readonly UnitFlag[] = [
  "deepReview",
  "publicOutcry",
  "pendingViolation",
  "seriousViolation",
  "adjustedAfterReconciliation",
];

/** Awards best first, with thresholds drawn as a share (‰, up to 50%) of `scale`. */
function awardListArb(
  prefix: string,
  scale: Hundredths,
  minLength: number,
): fc.Arbitrary<AwardSpec[]> {
  return fc.array(fc.integer({ min: 0, max: 500 }), { minLength, maxLength: 2 }).map((permilles) =>
    [...permilles]
      .sort((a, b) => b - a)
      .map(
        (p, i): AwardSpec => ({
          id: `${prefix}-${i + 1}`,
          label: `${prefix} ${i + 1}`,
          minTotal: pts(Math.floor((scale * p) / 1000)),
        }),
      ),
  );
}

const placesArb: fc.Arbitrary<number | PlacesRule[]> = fc.oneof(
  fc.integer({ min: 1, max: 3 }),
  fc.constant<PlacesRule[]>([
    { maxUnits: 3, places: 1 },
    { maxUnits: 5, places: 1, warning: "Quy định không nói về Cụm này." },
    { places: 2 },
  ]),
);

function slotArb(index: number, scale: Hundredths): fc.Arbitrary<AwardSlotSpec> {
  return fc
    .record({
      awards: awardListArb(`slot${index}`, scale, 1),
      places: placesArb,
      clusterKinds: fc.option(fc.constant<ClusterKind[]>(["ward", "school"]), { nil: undefined }),
    })
    .map(({ awards, places, clusterKinds }) => ({
      name: `Suất ${index}`,
      awards,
      places,
      ...(clusterKinds ? { clusterKinds } : {}),
    }));
}

function awardsArb(scale: Hundredths): fc.Arbitrary<AwardRulesSpec> {
  const rules: fc.Arbitrary<AwardRulesSpec> = fc
    .record({
      slotCount: fc.integer({ min: 0, max: 2 }),
      thresholds: awardListArb("nguong", scale, 0),
      minPartyRating: fc.option(fc.constantFrom<PartyRating>("HTTNV", "HTNV"), { nil: undefined }),
      lowerOneLevel: fc.subarray<UnitFlag>(["deepReview", "publicOutcry"]),
    })
    .chain(({ slotCount, thresholds, minPartyRating, lowerOneLevel }) =>
      fc
        .tuple(...Array.from({ length: slotCount }, (_, i) => slotArb(i + 1, scale)))
        .map((slots) => ({
          slots,
          thresholds,
          lowerOneLevel,
          ...(minPartyRating ? { minPartyRating } : {}),
        })),
    );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<AwardRulesSpec>({ slots: [], thresholds: [] }) },
    { weight: 3, arbitrary: rules },
  );
}

/** The sum of the maxima of the sections that give points (not the deduction sections). */
function pointsMax(criteria: CriterionSpec[]): Hundredths {
  return criteria.filter((c) => !isDeduction(c)).reduce((s, c) => s + hundredthsOf(c.max ?? 0), 0);
}

/** A random scheme; `bonus: "always"` puts the over-plan bonus on every section. */
function schemeSpecArb(bonus: "maybe" | "always" = "maybe"): fc.Arbitrary<SchemeSpec> {
  return fc.array(nodeArb(2), { minLength: 1, maxLength: 4 }).chain((drafts) => {
    const criteria = withIds(drafts, null);
    const ids = criteria.map((c) => c.id);
    const scale = pointsMax(criteria);
    const bonusArb = fc.record({
      sections: bonus === "always" ? fc.constant(ids) : fc.subarray(ids),
      perCriterionPct: fc.integer({ min: 0, max: 30 }),
      sectionCap: fc.integer({ min: 0, max: 3000 }).map(pts),
    });
    return fc
      .record({
        totalCap: fc.option(
          fc.oneof(
            fc.integer({ min: 0, max: scale + 1000 }),
            fc.integer({ min: Math.floor(scale / 2), max: scale + 1000 }),
          ),
          { nil: undefined },
        ),
        overPlanBonus: bonus === "always" ? bonusArb : fc.option(bonusArb, { nil: undefined }),
        awards: awardsArb(scale),
      })
      .map(
        ({ totalCap, overPlanBonus, awards }): SchemeSpec => ({
          id: "ngau-nhien",
          title: "Bộ tiêu chí ngẫu nhiên",
          source: "fast-check",
          criteria,
          ...(totalCap === undefined ? {} : { totalCap: pts(totalCap) }),
          ...(overPlanBonus ? { overPlanBonus } : {}),
          awards,
        }),
      );
  });
}

/** Every criterion of a spec, depth first. */
function allSpecs(list: CriterionSpec[]): CriterionSpec[] {
  return list.flatMap((c) => [c, ...allSpecs(c.children ?? [])]);
}

/** The same scheme with the children of every node (and the sections) in a random order. */
function shuffledCriteriaArb(list: CriterionSpec[]): fc.Arbitrary<CriterionSpec[]> {
  const items = list.map((c) =>
    c.children && c.children.length > 0
      ? shuffledCriteriaArb(c.children).map((children) => ({ ...c, children }))
      : fc.constant(c),
  );
  return fc
    .tuple(...items)
    .chain((done) => fc.shuffledSubarray(done, { minLength: done.length, maxLength: done.length }));
}

/* ---------- random scores and units ---------- */

type Scores = Record<string, ScoreValue>;

/** Events counted: usually a few, sometimes very many (big deductions). */
const countArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100000 }) },
);

/** A valid value for a leaf, by kind (SCENARIO.md "Score values by kind of criterion"). */
function valueArb(c: Criterion): fc.Arbitrary<ScoreValue> {
  const max = c.max ?? 0;
  switch (c.kind) {
    case "manual":
    case "external":
      return fc.integer({ min: 0, max }).map(pts);
    case "ratio":
      return fc
        .integer({ min: 1, max: 100000 })
        .chain((plan) =>
          fc
            .oneof(fc.integer({ min: 0, max: 3 * plan }), fc.constant(plan))
            .map((actual) => ({ plan: pts(plan), actual: pts(actual) })),
        );
    case "level":
      return fc.oneof(
        fc.constantFrom(...c.levels.map((l) => ({ level: l.id }))),
        fc
          .integer({ min: 0, max: 40 })
          .chain((submitted) =>
            fc.integer({ min: 0, max: submitted }).map((ineligible) => ({ submitted, ineligible })),
          ),
      );
    case "lossPerItem":
      return fc.integer({ min: 0, max: 30 }).map((missing) => ({ missing }));
    case "deduction": {
      const keys = Object.keys(c.categories);
      const counted: fc.Arbitrary<ScoreValue> =
        keys.length > 0
          ? fc
              .dictionary(fc.constantFrom(...keys), countArb, { noNullPrototype: true })
              .map((counts) => ({ counts }))
          : countArb.map((count) => ({ count }));
      const direct = fc.integer({ min: 0, max: c.max ?? 100000 }).map(pts);
      return fc.oneof({ weight: 3, arbitrary: counted }, { weight: 1, arbitrary: direct });
    }
    case "group":
      throw new Error(`group ${c.id} takes no value`);
  }
}

const leavesOf = (scheme: Scheme): Criterion[] => scheme.preOrder.filter((c) => c.kind !== "group");

/** One unit's scores: each leaf has a value or is left out (scores 0, removes nothing). */
function scoresArb(scheme: Scheme): fc.Arbitrary<Scores> {
  return fc
    .tuple(...leavesOf(scheme).map((c) => fc.option(valueArb(c), { nil: undefined, freq: 4 })))
    .map((values) => {
      const scores: Scores = {};
      leavesOf(scheme).forEach((c, i) => {
        const v = values[i];
        if (v !== undefined) scores[c.id] = v;
      });
      return scores;
    });
}

const mostly = <T>(usual: T, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: rare });

/** 1 to 8 units, at most one leader, one kind of cluster for all. */
const unitsArb: fc.Arbitrary<UnitInfo[]> = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .record({
      ids: fc.uniqueArray(fc.stringMatching(/^[A-Z]{1,2}$/), { minLength: n, maxLength: n }),
      leader: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
      clusterKind: fc.constantFrom<ClusterKind | null>("ward", "school", "other", null),
      units: fc.array(
        fc.record({
          deputy: fc.boolean(),
          registered: mostly(true, fc.boolean()),
          pactSigned: mostly(true, fc.boolean()),
          partyRating: mostly<PartyRating>("HTTNV", fc.constantFrom(...RATINGS)),
          flags: mostly<UnitFlag[]>([], fc.subarray([...FLAGS])),
        }),
        { minLength: n, maxLength: n },
      ),
    })
    .map(({ ids, leader, clusterKind, units }) =>
      units.map((u, i): UnitInfo => {
        const id = ids[i] as string;
        const role: Role = i === leader ? "leader" : u.deputy ? "deputy" : "member";
        return {
          id,
          name: `Đơn vị ${id}`,
          role,
          clusterKind,
          registered: u.registered,
          pactSigned: u.pactSigned,
          partyRating: u.partyRating,
          flags: u.flags,
        };
      }),
    ),
);

/** Ballots already held, naming an award of the scheme and a unit of the cluster. */
function ballotsArb(scheme: Scheme, units: UnitInfo[]): fc.Arbitrary<Ballot[]> {
  const awards = scheme.awards.ladder.map((a) => a.id);
  if (awards.length === 0) return fc.constant([]);
  const ballot = fc.record({
    award: fc.constantFrom(...awards),
    winner: fc.constantFrom(...units.map((u) => u.id)),
  });
  return mostly<Ballot[]>([], fc.array(ballot, { minLength: 1, maxLength: 2 }));
}

/** A cluster-year drawn at random; the scheme is compiled again from `spec` where needed. */
interface ClusterCase {
  spec: SchemeSpec;
  units: UnitInfo[];
  scores: Record<string, Scores>;
  ballots: Ballot[];
}

/**
 * A cluster-year. Some units copy the scores of an earlier unit, so that equal totals (shared
 * ranks, ties on the border of an award, ballots) come up often.
 */
function clusterArb(specArb: fc.Arbitrary<SchemeSpec>): fc.Arbitrary<ClusterCase> {
  return specArb.chain((spec) => {
    const scheme = compileScheme(spec);
    return unitsArb.chain((units) => {
      const n = units.length;
      return fc
        .record({
          own: fc.array(scoresArb(scheme), { minLength: n, maxLength: n }),
          copyOf: fc.array(
            fc.oneof(
              { weight: 2, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: fc.nat() },
            ),
            { minLength: n, maxLength: n },
          ),
          ballots: ballotsArb(scheme, units),
        })
        .map(({ own, copyOf, ballots }) => {
          const scores: Scores[] = [];
          own.forEach((mine, i) => {
            const k = copyOf[i];
            scores.push(i > 0 && k !== null && k !== undefined ? (scores[k % i] as Scores) : mine);
          });
          return {
            spec,
            units,
            scores: Object.fromEntries(units.map((u, i) => [u.id, scores[i] ?? {}])),
            ballots,
          };
        });
    });
  });
}

const run = (c: ClusterCase, spec = c.spec, units = c.units): ClusterEvaluation =>
  evaluateCluster(compileScheme(spec), units, c.scores, c.ballots);

/** What a unit's result is, without the reasons (whose wording follows the sheet's order). */
const outcome = (u: UnitOutput) => ({
  id: u.id,
  total: u.total,
  sections: u.sections,
  bonus: u.bonus,
  deductions: u.deductions,
  rank: u.rank,
  award: u.award,
  status: u.status,
});

/* ---------- properties ---------- */

/** A few seconds in all; the timeout leaves room for a slow or busy machine. */
const SLOW = { timeout: 30_000 };

describe("properties of the scoring engine (random schemes, units and scores)", SLOW, () => {
  it("1. no node's points exceed its maximum, and no node is negative", () => {
    fc.assert(
      fc.property(clusterArb(schemeSpecArb()), (c) => {
        const { scheme, evaluations } = run(c);
        for (const e of evaluations.values()) {
          for (const [id, r] of e.nodes) {
            const node = scheme.nodes.get(id) as Criterion;
            expect(Number.isInteger(r.points), `${e.unitId} ${id} integer`).toBe(true);
            expect(r.points, `${e.unitId} ${id} ≥ 0`).toBeGreaterThanOrEqual(0);
            if (node.max !== null) {
              expect(r.points, `${e.unitId} ${id} ≤ max`).toBeLessThanOrEqual(node.max);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("2. totals never go below 0, also with big deductions", () => {
    // Every scheme also gets an uncapped deduction section: 50 points per event, 100 per case.
    const heavy = schemeSpecArb().map(
      (spec): SchemeSpec => ({
        ...spec,
        criteria: [
          ...spec.criteria,
          {
            id: "Z",
            title: "Điểm trừ lớn",
            children: [
              { id: "Z.1", title: "Mỗi lần trừ 50", kind: "deduction", perEvent: 50 },
              {
                id: "Z.2",
                title: "Mỗi trường hợp trừ 100",
                kind: "deduction",
                categories: { criminal: { label: "hình sự", points: 100 } },
              },
            ],
          },
        ],
      }),
    );
    fc.assert(
      fc.property(clusterArb(heavy), (c) => {
        const r = run(c);
        for (const e of r.evaluations.values()) {
          expect(e.total, e.unitId).toBeGreaterThanOrEqual(0);
          expect(e.deductions, e.unitId).toBeGreaterThanOrEqual(0);
        }
        for (const u of r.output.units) expect(u.total, u.id).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it("3. raising a manual score never lowers the total", () => {
    const raiseArb = schemeSpecArb()
      .filter((spec) => allSpecs(spec.criteria).some((c) => !c.children && c.kind === "manual"))
      .chain((spec) => {
        const scheme = compileScheme(spec);
        const manual = leavesOf(scheme).filter((c) => c.kind === "manual");
        return fc
          .record({ scores: scoresArb(scheme), leaf: fc.constantFrom(...manual) })
          .chain(({ scores, leaf }) => {
            const before = scores[leaf.id];
            const from = typeof before === "number" ? hundredthsOf(before) : 0;
            return fc
              .integer({ min: from, max: leaf.max as Hundredths })
              .map((raised) => ({ spec, scores, leaf: leaf.id, raised: pts(raised) }));
          });
      });
    fc.assert(
      fc.property(raiseArb, ({ spec, scores, leaf, raised }) => {
        const scheme = compileScheme(spec);
        const unit = { id: "A", role: "member" as const };
        const before = evaluateUnit(scheme, unit, scores);
        const after = evaluateUnit(scheme, unit, { ...scores, [leaf]: raised });
        expect(after.total).toBeGreaterThanOrEqual(before.total);
        for (const s of scheme.sections) {
          const was = before.nodes.get(s)?.points ?? 0;
          const is = after.nodes.get(s)?.points ?? 0;
          // a deduction section does not move; a section of points can only go up
          expect(is, s).toBeGreaterThanOrEqual(was);
        }
      }),
      RUNS,
    );
  });

  it("4a. results do not depend on the order of the units", () => {
    const arb = clusterArb(schemeSpecArb()).chain((c) =>
      fc
        .shuffledSubarray(c.units, { minLength: c.units.length, maxLength: c.units.length })
        .map((shuffled) => ({ c, shuffled })),
    );
    fc.assert(
      fc.property(arb, ({ c, shuffled }) => {
        const a = run(c).output;
        const b = run(c, c.spec, shuffled).output;
        // same order of output, same total, rank, award, status per unit id
        expect(b.units.map(outcome)).toEqual(a.units.map(outcome));
        expect(b.ballotsNeeded).toEqual(a.ballotsNeeded);
        // and, in fact, the very same output, reasons and warnings included
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it("4b. results do not depend on the order of criteria among siblings", () => {
    const arb = clusterArb(schemeSpecArb()).chain((c) =>
      shuffledCriteriaArb(c.spec.criteria).map((criteria) => ({
        c,
        shuffled: { ...c.spec, criteria },
      })),
    );
    fc.assert(
      fc.property(arb, ({ c, shuffled }) => {
        const a = run(c);
        const b = run(c, shuffled);
        for (const u of c.units) {
          const x = a.evaluations.get(u.id) as UnitEvaluation;
          const y = b.evaluations.get(u.id) as UnitEvaluation;
          expect(y.total, u.id).toBe(x.total);
          expect(y.bonus, u.id).toBe(x.bonus);
          expect(y.deductions, u.id).toBe(x.deductions);
          for (const [id, r] of x.nodes) expect(y.nodes.get(id)?.points, id).toBe(r.points);
        }
        expect(b.output.units.map(outcome)).toEqual(a.output.units.map(outcome));
      }),
      RUNS,
    );
  });

  it("5. ranks agree with totals: rank = 1 + number of units with a strictly higher total", () => {
    fc.assert(
      fc.property(clusterArb(schemeSpecArb()), (c) => {
        const units = run(c).output.units;
        for (const a of units) {
          expect(a.rank, a.id).toBe(1 + units.filter((b) => b.total > a.total).length);
          for (const b of units) {
            if (a.total > b.total) expect(a.rank).toBeLessThan(b.rank);
            if (a.total === b.total) expect(a.rank).toBe(b.rank);
          }
        }
        // listed by rank, then by id
        const order = [...units].sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
        expect(units.map((u) => u.id)).toEqual(order.map((u) => u.id));
      }),
      RUNS,
    );
  });

  describe("6. a specialisation never exceeds its section's maximum (Ba Đình section I, 580)", () => {
    const baDinh = findPreset("ba-dinh-2022");
    const SECTION_I: Hundredths = 58000;
    type ChangeKind = NonNullable<CriterionChange["kind"]>;

    /** `total` hundredths split into `minParts`..`maxParts` non-negative parts. */
    const splitArb = (total: Hundredths, minParts: number, maxParts: number) =>
      fc
        .integer({ min: minParts, max: maxParts })
        .chain((n) =>
          fc.array(fc.integer({ min: 0, max: total }), { minLength: n - 1, maxLength: n - 1 }),
        )
        .map((cuts) => {
          const marks = [0, ...cuts.sort((a, b) => a - b), total];
          return marks.slice(1).map((m, i) => m - (marks[i] as number));
        });

    /** One item of section I, sometimes split further into sub-items that fit inside it. */
    const itemArb = (id: string, max: Hundredths): fc.Arbitrary<CriterionChange[]> =>
      fc
        .record({
          kind: fc.option(fc.constantFrom<ChangeKind>("manual", "external", "ratio"), {
            nil: undefined,
          }),
          lowerIsBetter: fc.boolean(),
          split: fc.boolean(),
          used: fc.integer({ min: 0, max }),
        })
        .chain(({ kind, lowerIsBetter, split, used }) => {
          const item: CriterionChange = {
            id,
            parent: "I",
            title: `Tiêu chí ${id}`,
            max: pts(max),
            ...(kind ? { kind } : {}),
            ...(kind === "ratio" && lowerIsBetter ? { lowerIsBetter } : {}),
          };
          if (!split) return fc.constant([item]);
          return splitArb(used, 1, 3).map((parts) => [
            item,
            ...parts.map(
              (p, j): CriterionChange => ({ id: `${id}.${j + 1}`, parent: id, max: pts(p) }),
            ),
          ]);
        });

    /** The cluster's own criteria under I, whose maxima add up to `total`, in any order. */
    const changesArb = (total: Hundredths): fc.Arbitrary<CriterionChange[]> =>
      splitArb(total, 1, 8)
        .chain((maxima) => fc.tuple(...maxima.map((m, i) => itemArb(`I.${i + 1}`, m))))
        .map((lists) => lists.flat())
        .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));

    const directSum = (changes: CriterionChange[]): Hundredths =>
      changes.filter((ch) => ch.parent === "I").reduce((s, ch) => s + hundredthsOf(ch.max ?? 0), 0);

    it("rejects children of I whose maxima add up to more than 580", () => {
      const excess = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 60000 }));
      fc.assert(
        fc.property(
          excess.chain((e) => changesArb(SECTION_I + e)),
          (changes) => {
            expect(directSum(changes)).toBeGreaterThan(SECTION_I);
            let error: unknown = null;
            try {
              compileScheme(specialise(baDinh, changes));
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(EngineError);
            // the message names the section at fault
            expect((error as EngineError).message).toMatch(/^Tiêu chí I \(/);
          },
        ),
        RUNS,
      );
    });

    it("accepts children of I whose maxima add up to 580 or less", () => {
      const room = fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: SECTION_I }),
      );
      fc.assert(
        fc.property(
          room.chain((r) => changesArb(SECTION_I - r)),
          (changes) => {
            const scheme = compileScheme(specialise(baDinh, changes));
            const section = scheme.nodes.get("I") as Criterion;
            expect(section.max).toBe(SECTION_I);
            const children = section.children.map((id) => scheme.nodes.get(id) as Criterion);
            expect(children.map((ch) => ch.id).sort()).toEqual(
              changes
                .filter((ch) => ch.parent === "I")
                .map((ch) => ch.id)
                .sort(),
            );
            const sum = children.reduce((s, ch) => s + (ch.max ?? 0), 0);
            expect(sum).toBe(directSum(changes));
            expect(sum).toBeLessThanOrEqual(SECTION_I);
          },
        ),
        RUNS,
      );
    });
  });

  it("7. the total of manual points is their exact sum in hundredths (no floating drift)", () => {
    /** Points as people write them: many 0,1 and 0,2, some with two decimals. */
    const enteredArb = (max: Hundredths): fc.Arbitrary<Hundredths> =>
      fc
        .oneof(fc.constantFrom(10, 20, 30, 70, 1, 7), fc.integer({ min: 0, max }))
        .map((h) => Math.min(h, max));

    const manualLeaf = fc
      .integer({ min: 0, max: 5000 })
      .map((max) => draft({ kind: "manual", max: pts(max) }));
    /** Groups whose maximum is at least their children's: no cap is ever hit. */
    const manualNode = (depth: number): fc.Arbitrary<CriterionSpec> =>
      depth === 0
        ? manualLeaf
        : fc.oneof(
            manualLeaf,
            fc
              .record({
                children: fc.array(manualNode(depth - 1), { minLength: 1, maxLength: 6 }),
                slack: fc.integer({ min: 0, max: 300 }),
              })
              .map(({ children, slack }) => {
                const sum = children.reduce((s, c) => s + hundredthsOf(c.max ?? 0), 0);
                return draft({ children, max: pts(sum + slack) });
              }),
          );

    const arb = fc.array(manualNode(2), { minLength: 1, maxLength: 5 }).chain((drafts) => {
      const spec: SchemeSpec = {
        id: "thu-cong",
        title: "Chỉ tiêu chí định tính",
        source: "fast-check",
        criteria: withIds(drafts, null),
        awards: { slots: [], thresholds: [] },
      };
      const leaves = allSpecs(spec.criteria).filter((c) => !c.children);
      return fc
        .tuple(
          ...leaves.map((c) =>
            fc.option(enteredArb(hundredthsOf(c.max ?? 0)), { nil: undefined, freq: 6 }),
          ),
        )
        .map((entered) => {
          const scores: Record<string, number> = {};
          let sum = 0;
          leaves.forEach((c, i) => {
            const h = entered[i];
            if (h === undefined) return;
            scores[c.id] = pts(h);
            sum += h;
          });
          return { spec, scores, sum };
        });
    });

    fc.assert(
      fc.property(arb, ({ spec, scores, sum }) => {
        const scheme = compileScheme(spec);
        const e = evaluateUnit(scheme, { id: "A", role: "member" }, scores);
        expect(e.total).toBe(sum);
        expect(e.sectionsTotal).toBe(sum);
        expect(e.deductions).toBe(0);
        for (const [id, r] of e.nodes) expect(r.capped, id).toBe(false);
        const unit: UnitInfo = {
          id: "A",
          name: "Đơn vị A",
          role: "member",
          clusterKind: null,
          registered: true,
          pactSigned: true,
          partyRating: "HTTNV",
          flags: [],
        };
        const shown = evaluateCluster(scheme, [unit], { A: scores }, []).output.units[0];
        // the number shown is the exact decimal: 0.1 + 0.2 is 0.3, not 0.30000000000000004
        expect(shown?.total).toBe(sum / 100);
        expect(toHundredths(shown?.total ?? Number.NaN)).toBe(sum);
      }),
      RUNS,
    );
  });

  it("8. the over-plan bonus of a section never exceeds the section's cap (DOMAIN.md 4.1)", () => {
    // Also always tried: Ba Đình with section I itself a ratio criterion (a cluster may change
    // the kind of I), 200% of plan: the bonus is min(580 × 100%, 10% of 580) = 58 > 30.
    const baDinhRatioI: ClusterCase = {
      spec: specialise(findPreset("ba-dinh-2022"), [{ id: "I", kind: "ratio" }]),
      units: [
        {
          id: "PX",
          name: "Phường Phúc Xá",
          role: "leader",
          clusterKind: "ward",
          registered: true,
          pactSigned: true,
          partyRating: "HTTNV",
          flags: [],
        },
      ],
      scores: { PX: { I: { plan: 100, actual: 200 } } },
      ballots: [],
    };
    fc.assert(
      fc.property(clusterArb(schemeSpecArb("always")), (c) => {
        const { scheme, evaluations } = run(c);
        const bonus = scheme.overPlanBonus;
        if (!bonus) throw new Error("the scheme should have an over-plan bonus");
        for (const e of evaluations.values()) {
          for (const s of scheme.sections) {
            const r = e.nodes.get(s) as NodeResult;
            expect(r.bonus, `${e.unitId}, section ${s}`).toBeLessThanOrEqual(bonus.sectionCap);
          }
          expect(e.bonus).toBeLessThanOrEqual(bonus.sectionCap * scheme.sections.length);
        }
      }),
      { ...RUNS, examples: [[baDinhRatioI]] },
    );
  });
});
