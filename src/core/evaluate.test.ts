/**
 * DOMAIN.md section 4, rule by rule, with numbers worked out by hand from the seeds.
 * Each test names the rule (and the reading, where DOMAIN.md marks one).
 */
import { describe, expect, it } from "vitest";
import { clusterYear, evaluate, rejection } from "../../test/factories.ts";
import { evaluateUnit, maximumEverywhere, scoresAtStage, valueAtStage } from "./evaluate.ts";
import { findPreset } from "./presets/index.ts";
import { compileScheme, specialise } from "./scheme.ts";

/** Ba Đình with a cluster's own section I: three ratio items and one manual item. */
const BA_DINH_I = [
  { id: "I.1", parent: "I", title: "Thu ngân sách", max: 200, kind: "ratio" as const },
  { id: "I.2", parent: "I", title: "Giải ngân vốn đầu tư công", max: 150, kind: "ratio" as const },
  {
    id: "I.3",
    parent: "I",
    title: "Tỷ lệ hộ nghèo",
    max: 30,
    kind: "ratio" as const,
    lowerIsBetter: true,
  },
  { id: "I.4", parent: "I", title: "An ninh trật tự", max: 200 },
];

function baDinh(scores: Record<string, Record<string, unknown>>, units = {}) {
  return evaluate(clusterYear("ba-dinh-2022", scores, { criteria: BA_DINH_I, units }));
}

describe("manual criteria (định tính)", () => {
  it("takes points between 0 and the maximum, with decimals such as 0,5", () => {
    const r = evaluate(clusterYear("lang-son-2019/B", { A: { "II.1": 4.5, "III.5.2.2": 0.5 } }));
    expect(r.unit("A").sections.II).toBe(4.5);
    expect(r.unit("A").sections.III).toBe(0.5);
  });

  it("scores a criterion with no value as 0", () => {
    const r = evaluate(clusterYear("long-bien-2024", { A: { "I.1": 250 } }));
    expect(r.unit("A").total).toBe(250);
    expect(r.unit("A").sections).toMatchObject({ I: 250, II: 0, III: 0, IV: 0, V: 0 });
  });
});

describe("ratio to plan (định lượng)", () => {
  it("gives max × achieved% of plan, at most 100% (Vùng cao, Điều 10)", () => {
    // I.4 has the equal share 45.84: 94.1 of 100 → 43.13544 → 43.14; I.1 108.75% → 45.84
    const r = evaluate(
      clusterYear("vung-cao-2022", {
        TC: { "I.1": { plan: 80, actual: 87 }, "I.4": { plan: 100, actual: 94.1 } },
      }),
    );
    expect(r.unit("TC").sections.I).toBe(88.98);
    expect(r.unit("TC").bonus).toBe(0);
  });

  it("splits Vùng cao's 550 points equally in hundredths: 45,84 × 4 and 45,83 × 8", () => {
    const scheme = compileScheme(findPreset("vung-cao-2022"));
    const maxima = scheme.nodes.get("I")?.children.map((id) => scheme.nodes.get(id)?.max);
    expect(maxima).toEqual([4584, 4584, 4584, 4584, ...Array(8).fill(4583)]);
    expect(scheme.totalMax).toBe(100000);
  });

  it("reads a lower-is-better indicator as (2 − actual ÷ plan) (Reading)", () => {
    // poverty rate 2,5% against a plan of 2,0%: 75% of 30 = 22,5; 1,6% against 2,0%: 120% → 30
    const r = baDinh({
      A: { "I.3": { plan: 2.0, actual: 2.5 } },
      B: { "I.3": { plan: 2.0, actual: 1.6 } },
    });
    expect(r.unit("A").sections.I).toBe(22.5);
    expect(r.unit("B").sections.I).toBe(30);
  });

  it("never lets a lower-is-better indicator fall below 0 (Reading)", () => {
    const r = baDinh({ A: { "I.3": { plan: 2, actual: 5 } } });
    expect(r.unit("A").sections.I).toBe(0);
    expect(r.unit("A").total).toBe(0);
  });

  it("applies the under-plan shortfall once, inside the ratio, never as a deduction (Reading)", () => {
    // 95% of plan on a 200-point criterion: 190 points, nothing in deductions
    const r = baDinh({ A: { "I.1": { plan: 100, actual: 95 } } });
    expect(r.unit("A").sections.I).toBe(190);
    expect(r.unit("A").deductions).toBe(0);
    expect(r.unit("A").total).toBe(190);
  });

  it("rounds the points half-up to hundredths at the criterion, once", () => {
    // 1/3 of plan on 200 points = 66,666… → 66,67; 2/3 on 150 = 100 exactly
    const r = baDinh({
      A: { "I.1": { plan: 3, actual: 1 }, "I.2": { plan: 3, actual: 2 } },
    });
    expect(r.unit("A").sections.I).toBe(166.67);
  });
});

describe("over-plan bonus (Ba Đình B.II.3.1)", () => {
  it("adds 1% of the criterion's maximum per 1% above plan, in proportion (Reading)", () => {
    // 105,26% of plan on 100 points → +5,26
    const r = evaluate(
      clusterYear(
        "ba-dinh-2022",
        { A: { "I.1": { plan: 100, actual: 105.26 } } },
        { criteria: [{ id: "I.1", parent: "I", title: "Thu ngân sách", max: 100, kind: "ratio" }] },
      ),
    );
    expect(r.unit("A").bonus).toBe(5.26);
    expect(r.unit("A").sections.I).toBe(100);
    expect(r.unit("A").total).toBe(105.26);
  });

  it("gives at most 10% of the criterion's maximum", () => {
    // 112% on 200 points would be 24: capped at 20; 104% on 150 → 6
    const r = baDinh({
      A: { "I.1": { plan: 100, actual: 112 }, "I.2": { plan: 50, actual: 52 } },
    });
    expect(r.unit("A").bonus).toBe(26);
  });

  it("gives at most 30 points over the whole section", () => {
    // 20 + 15 + 3 = 38 → 30
    const r = baDinh({
      A: {
        "I.1": { plan: 100, actual: 150 },
        "I.2": { plan: 50, actual: 60 },
        "I.3": { plan: 2, actual: 1 },
      },
    });
    expect(r.unit("A").bonus).toBe(30);
    expect(r.unit("A").total).toBe(380 + 30);
  });

  it("caps sections plus bonus at 1.000, then subtracts deductions (Reading)", () => {
    const r = baDinh({
      A: {
        "I.1": { plan: 100, actual: 150 },
        "I.2": { plan: 50, actual: 60 },
        "I.3": { plan: 2, actual: 1 },
        "I.4": 200,
        II: 200,
        "III.1": 195,
        IV: 20,
        "D.1": { count: 2 },
      },
    });
    // 580 + 200 + 195 + 20 + 30 = 1.025 → 1.000 − 2 = 998
    expect(r.unit("A").total).toBe(998);
    expect(r.unit("A").deductions).toBe(2);
  });

  it("is not given by schemes without it (Vùng cao)", () => {
    const r = evaluate(clusterYear("vung-cao-2022", { TC: { "I.1": { plan: 100, actual: 130 } } }));
    expect(r.unit("TC").bonus).toBe(0);
    expect(r.unit("TC").total).toBe(45.84);
  });
});

describe("level choice (Lạng Sơn III.4, dossier quality)", () => {
  const level = (value: unknown) =>
    evaluate(clusterYear("lang-son-2019/B", { A: { "III.4": value } })).unit("A").sections.III;

  it("gives 5 when every dossier passed", () => {
    expect(level({ submitted: 10, ineligible: 0 })).toBe(5);
  });
  it("gives 3 for 10–15% ineligible, and for 1–9% (Reading: above 0% and below 16%)", () => {
    expect(level({ submitted: 8, ineligible: 1 })).toBe(3); // 12,5%
    expect(level({ submitted: 20, ineligible: 1 })).toBe(3); // 5%
    expect(level({ submitted: 1000, ineligible: 159 })).toBe(3); // 15,9%
  });
  it("gives 1 from 16% ineligible", () => {
    expect(level({ submitted: 25, ineligible: 4 })).toBe(1); // exactly 16%
    expect(level({ submitted: 4, ineligible: 1 })).toBe(1); // 25%
  });
  it("gives 1 when no dossier was sent (Reading: the level's points are given)", () => {
    expect(level({ submitted: 0, ineligible: 0 })).toBe(1);
  });
  it("also takes the level picked by the scorer", () => {
    expect(level({ level: "duoi-16" })).toBe(3);
  });
});

describe("criteria that lose points per missing item (Lạng Sơn III.1, III.5.3)", () => {
  it("starts at the maximum and loses 1 per missing or late document", () => {
    const r = evaluate(
      clusterYear("lang-son-2019/B", {
        A: { "III.1": { missing: 2 } },
        B: { "III.5.3": { missing: 1 } },
      }),
    );
    expect(r.unit("A").sections.III).toBe(3);
    expect(r.unit("B").sections.III).toBe(2);
  });
  it("never goes below 0, and is not counted as a deduction", () => {
    const r = evaluate(clusterYear("lang-son-2019/B", { A: { "III.1": { missing: 7 } } }));
    expect(r.unit("A").sections.III).toBe(0);
    expect(r.unit("A").deductions).toBe(0);
  });
});

describe("per-event deductions (Ba Đình B.II.3.2)", () => {
  const deduction = (scores: Record<string, unknown>) =>
    baDinh({ A: { "I.4": 200, ...scores } }).unit("A");

  it("removes 1 per criticism letter, at most 5", () => {
    expect(deduction({ "D.1": { count: 3 } }).deductions).toBe(3);
    expect(deduction({ "D.1": { count: 7 } }).deductions).toBe(5);
  });
  it("removes 0,3 per late task for the first 10, then 0,2 each, at most 5", () => {
    expect(deduction({ "D.2": { count: 10 } }).deductions).toBe(3);
    expect(deduction({ "D.2": { count: 12 } }).deductions).toBe(3.4);
    expect(deduction({ "D.2": { count: 25 } }).deductions).toBe(5);
  });
  it("removes 1 per unfinished task or unremedied finding", () => {
    expect(deduction({ "D.3": { count: 3 } }).deductions).toBe(3);
  });
  it("removes 2 per staff case disciplined and 5 per case prosecuted", () => {
    expect(deduction({ "D.4": { counts: { disciplined: 1, criminal: 1 } } }).deductions).toBe(7);
  });
  it("removes 0,5, 2 or 5 per disciplined party member by who manages them", () => {
    expect(deduction({ "D.5": { counts: { member: 2, district: 1, city: 1 } } }).deductions).toBe(
      8,
    );
  });
  it("removes 5 once for inaccurate figures, however many findings", () => {
    expect(deduction({ "D.6": { count: 1 } }).deductions).toBe(5);
    expect(deduction({ "D.6": { count: 3 } }).deductions).toBe(5);
  });
  it("adds deductions of all kinds and subtracts them from the total", () => {
    const u = deduction({ "D.1": { count: 1 }, "D.2": { count: 12 } });
    expect(u.deductions).toBe(4.4);
    expect(u.total).toBe(195.6);
  });
});

describe("capped deduction section (Long Biên V)", () => {
  it("caps each item and the section: 15 + 15 + 15 + 5, at most 50", () => {
    const r = evaluate(
      clusterYear("long-bien-2024", {
        A: { "I.1": 300, "I.2": 200, "V.1": 15, "V.2": 15, "V.3": 15, "V.4": 5 },
      }),
    );
    expect(r.unit("A").deductions).toBe(50);
    expect(r.unit("A").sections.V).toBe(50);
    expect(r.unit("A").total).toBe(450);
  });
  it("never lets the total fall below 0", () => {
    const r = evaluate(clusterYear("long-bien-2024", { A: { "I.4": 10, "V.1": 12 } }));
    expect(r.unit("A").total).toBe(0);
  });
  it("rejects a deduction above its item's cap", () => {
    expect(rejection(clusterYear("long-bien-2024", { A: { "V.1": 16 } }))).toMatch(
      /Đơn vị A, tiêu chí V\.1.*vượt điểm tối đa 15/,
    );
  });
});

describe("group caps (Lạng Sơn III.3.2, III.5.2)", () => {
  it("caps within-unit ≤1 and mass media ≤3 together at 3", () => {
    const r = evaluate(clusterYear("lang-son-2019/B", { A: { "III.3.2.1": 1, "III.3.2.2": 3 } }));
    expect(r.unit("A").sections.III).toBe(3);
  });
  it("caps own training ≤1 and other forms ≤0,5 together at 1", () => {
    const r = evaluate(clusterYear("lang-son-2019/B", { A: { "III.5.2.1": 1, "III.5.2.2": 0.5 } }));
    expect(r.unit("A").sections.III).toBe(1);
  });
});

describe("bonus items", () => {
  it("gives a one-unit-per-cluster bonus to one unit", () => {
    const r = evaluate(
      clusterYear("lang-son-2019/B", { A: { "III.6.1": 2 }, B: { "III.6.1": 0 } }),
    );
    expect(r.unit("A").sections.III).toBe(2);
  });

  it("rejects a one-unit-per-cluster bonus given to two units", () => {
    expect(
      rejection(clusterYear("lang-son-2019/B", { A: { "III.6.1": 2 }, B: { "III.6.1": 1 } })),
    ).toMatch(/III\.6\.1.*chỉ một đơn vị.*A, B/);
  });

  it("gives the conditional bonus to the highest share: 1 if up on last year, 0,5 if not", () => {
    const up = evaluate(
      clusterYear("lang-son-2019/B", {
        A: { "III.6.3": { share: 42.5, previousShare: 40 } },
        B: { "III.6.3": { share: 30, previousShare: 20 } },
      }),
    );
    expect(up.unit("A").sections.III).toBe(1);
    expect(up.unit("B").sections.III).toBe(0);
    const notUp = evaluate(
      clusterYear("lang-son-2019/B", {
        A: { "III.6.3": { share: 42.5, previousShare: 45 } },
        B: { "III.6.3": { share: 30, previousShare: 20 } },
      }),
    );
    expect(notUp.unit("A").sections.III).toBe(0.5);
    // a unit that gave no awards to direct workers (0 %) is never the highest, alone or not
    const none = evaluate(
      clusterYear("lang-son-2019/B", {
        A: { "III.6.3": { share: 0, previousShare: 0 } },
        B: { "III.6.3": { share: 0, previousShare: 10 } },
      }),
    );
    expect([none.unit("A").sections.III, none.unit("B").sections.III]).toEqual([0, 0]);
    expect(none.output.warnings).toEqual([]);
  });

  it("gives the leader's innovation bonus (+5, total max 1.000) to the leader", () => {
    const r = evaluate(clusterYear("vung-cao-2022", { TC: { II: 180, V: 5 }, DBD: { II: 180 } }));
    expect(r.unit("TC").total).toBe(185);
    expect(r.unit("TC").sections.V).toBe(5);
  });

  it("rejects a role bonus given to a unit of another role", () => {
    expect(rejection(clusterYear("vung-cao-2022", { TC: {}, DBD: { V: 5 } }))).toMatch(
      /Đơn vị DBD, tiêu chí V .*chỉ dành cho Cụm trưởng/,
    );
    // Lạng Sơn III.6.2 is for the leader or the deputy: a member may not have it
    expect(
      rejection(clusterYear("lang-son-2019/B", { A: {}, B: {}, C: { "III.6.2": 1 } })),
    ).toMatch(/Đơn vị C, tiêu chí III\.6\.2/);
  });
});

describe("external result (Lạng Sơn I per Decision 2460/QĐ-UBND)", () => {
  it("enters the section's score from the other evaluation", () => {
    const r = evaluate(clusterYear("lang-son-2019/A", { A: { I: 87.5, "II.1": 5 } }));
    expect(r.unit("A").sections.I).toBe(87.5);
    expect(r.unit("A").total).toBe(92.5);
  });
});

describe("the presets add up to the seeds' totals", () => {
  it.each([
    ["long-bien-2024", 1000],
    ["ba-dinh-2022", 1000],
    ["lang-son-2019/A", 150],
    ["lang-son-2019/B", 150],
    ["lang-son-2019/C", 150],
    ["lang-son-2019/D", 150],
    ["vung-cao-2022", 1000],
  ])("%s totals %i points", (id, total) => {
    expect(compileScheme(findPreset(id)).totalMax).toBe(total * 100);
  });
});

describe("stages (tự chấm, Cụm chấm, thẩm định)", () => {
  it("counts the latest stage that has a value", () => {
    expect(valueAtStage({ self: 5, cluster: 4 }, "appraisal")).toBe(4);
    expect(valueAtStage({ self: 5, cluster: 4, appraisal: 3 }, "appraisal")).toBe(3);
    expect(valueAtStage({ self: 5, cluster: 4 }, "self")).toBe(5);
    expect(valueAtStage({ self: 5 }, "cluster")).toBe(5);
    expect(valueAtStage({}, "cluster")).toBeUndefined();
  });

  it("evaluates a unit at any stage with each step visible", () => {
    const scheme = compileScheme(findPreset("lang-son-2019/B"));
    const staged = {
      "III.3.2.1": { self: 1, cluster: 1 },
      "III.3.2.2": { self: 3, appraisal: 2.5 },
      "II.1": { self: 5, cluster: 4 },
    };
    const at = (stage: "self" | "cluster" | "appraisal") =>
      evaluateUnit(scheme, { id: "A", role: "member" }, scoresAtStage(staged, stage));
    expect(at("self").total).toBe(800);
    expect(at("self").nodes.get("III.3.2")?.capped).toBe(true);
    expect(at("cluster").total).toBe(700);
    expect(at("appraisal").total).toBe(700);
    expect(at("appraisal").nodes.get("III.3.2.2")?.points).toBe(250);
  });
});

describe("avoid giving every item its maximum (Lạng Sơn C.I.1.3)", () => {
  const scheme = compileScheme(findPreset("lang-son-2019/B"));
  const full = {
    "I.1": 15,
    "I.2": 15,
    "I.3": 15,
    "I.4": 15,
    "I.5": 10,
    "I.6": 10,
    "I.7": 10,
    "I.8": 4,
    "I.9": 6,
    "II.1": 5,
  };

  it("warns when nearly all qualitative items get their maximum", () => {
    const e = evaluateUnit(scheme, { id: "A", role: "member" }, full);
    expect(maximumEverywhere(scheme, e, "Phường Phúc Xá")).toMatch(
      /^Phường Phúc Xá chấm điểm tối đa ở 10\/10 tiêu chí định tính/,
    );
  });
  it("stays quiet when the sheet discriminates", () => {
    const e = evaluateUnit(scheme, { id: "A", role: "member" }, { ...full, "I.2": 12, "I.5": 8 });
    expect(maximumEverywhere(scheme, e)).toBeNull();
  });
});

describe("explanations of each step", () => {
  it("says how a criterion's points were found, when asked", () => {
    const scheme = compileScheme(
      specialise(findPreset("ba-dinh-2022"), [
        { id: "I.1", parent: "I", title: "Thu ngân sách", max: 200, kind: "ratio" },
      ]),
    );
    const e = evaluateUnit(
      scheme,
      { id: "PX", role: "leader" },
      { "I.1": { plan: 100, actual: 108 }, "D.2": { count: 12 } },
      { explain: true },
    );
    expect(e.nodes.get("I.1")?.detail).toBe(
      "Đạt 108% kế hoạch → 200/200 điểm; vượt kế hoạch 8% → thưởng 16",
    );
    expect(e.nodes.get("D.2")?.detail).toBe("Trừ 3,4 điểm (10 × 0,3 + 2 × 0,2) → trừ 3,4");
    const quiet = evaluateUnit(
      scheme,
      { id: "PX", role: "leader" },
      { "I.1": { plan: 100, actual: 108 } },
    );
    expect(quiet.nodes.get("I.1")?.detail).toBeNull();
  });
});
