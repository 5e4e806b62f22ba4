/**
 * DOMAIN.md section 6, rule by rule: ranking, eligibility, thresholds, places, lowering,
 * postponement, ballots, and the readings marked there.
 */
import { describe, expect, it } from "vitest";
import { clusterYear, evaluate } from "../../test/factories.ts";
import { rankUnits } from "./deliberate.ts";

/** Scores that add up to `total`, filling the criteria in order up to their maxima. */
function fill(total: number, criteria: [string, number][]): Record<string, number> {
  let left = Math.round(total * 100);
  const scores: Record<string, number> = {};
  for (const [id, max] of criteria) {
    const h = Math.min(left, max * 100);
    scores[id] = h / 100;
    left -= h;
  }
  if (left > 0) throw new Error(`total ${total} is above the scheme's maximum`);
  return scores;
}

const BA_DINH: [string, number][] = [
  ["I", 580],
  ["II", 200],
  ["III.1", 200],
  ["IV", 20],
];
const LANG_SON_B: [string, number][] = [
  ...[15, 15, 15, 15, 10, 10, 10, 4, 6].map((max, i): [string, number] => [`I.${i + 1}`, max]),
  ...[1, 2, 3, 4].map((i): [string, number] => [`II.${i}`, 5]),
  ["III.2.1", 3],
  ["III.2.2", 2],
  ["III.3.1", 2],
  ["III.3.2.2", 3],
  ["III.5.1", 1],
  ["III.5.2.1", 1],
];

/** A Ba Đình ward cluster whose units reach the given totals. */
function baDinhTotals(totals: Record<string, number>, units = {}, ballots = []) {
  const scores = Object.fromEntries(
    Object.entries(totals).map(([id, t]) => [id, fill(t, BA_DINH)]),
  );
  const withKind = Object.fromEntries(
    Object.keys(totals).map((id) => [
      id,
      { clusterKind: "ward" as const, ...(units as Record<string, object>)[id] },
    ]),
  );
  return evaluate(clusterYear("ba-dinh-2022", scores, { units: withKind, ballots }));
}

/** A Lạng Sơn enterprise cluster whose units reach the given totals. */
function langSonTotals(totals: Record<string, number>, units = {}, ballots = []) {
  const scores = Object.fromEntries(
    Object.entries(totals).map(([id, t]) => [id, fill(t, LANG_SON_B)]),
  );
  return evaluate(clusterYear("lang-son-2019/B", scores, { units, ballots }));
}

describe("ranking", () => {
  it("ranks by total, highest first; equal totals share a rank", () => {
    const ranked = rankUnits([
      { id: "C", total: 50 },
      { id: "A", total: 90 },
      { id: "B", total: 90 },
      { id: "D", total: 10 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ["A", 1],
      ["B", 1],
      ["C", 3],
      ["D", 4],
    ]);
  });

  it("compares totals as shown, to two decimals", () => {
    const r = langSonTotals({ A: 112.01, B: 112 });
    expect(r.unit("A").rank).toBe(1);
    expect(r.unit("B").rank).toBe(2);
    expect(r.unit("A").award).toBe("co-tinh");
  });
});

describe("Ba Đình 2022: thresholds on the final total", () => {
  it.each([
    [900, "co-chinh-phu"],
    [899.99, "co-thanh-pho"],
    [850, "co-thanh-pho"],
    [849.99, "bang-khen-tldxs"],
  ])("the leading unit with %s gets %s", (total, award) => {
    const r = baDinhTotals({ A: total, B: 700 });
    expect(r.unit("A").award).toBe(award);
    expect(r.unit("A").status).toBe("proposed");
  });

  it.each([
    [800, "bang-khen-tldxs"],
    [799.99, "tldtt"],
    [750, "tldtt"],
    [749.99, null],
  ])("another unit with %s gets %s", (total, award) => {
    const r = baDinhTotals({ A: 990, B: total });
    expect(r.unit("B").award).toBe(award);
    expect(r.unit("B").status).toBe(award ? "proposed" : "none");
  });

  it("gives one flag place only, to the leading unit: the next unit at ≥ 900 gets a certificate", () => {
    const r = baDinhTotals({ A: 960, B: 950 });
    expect(r.unit("A").award).toBe("co-chinh-phu");
    expect(r.unit("B").award).toBe("bang-khen-tldxs");
  });

  it("gives flags in ward and school clusters only", () => {
    const r = baDinhTotals(
      { A: 960, B: 700 },
      { A: { clusterKind: "other" }, B: { clusterKind: "other" } },
    );
    expect(r.unit("A").award).toBe("bang-khen-tldxs");
    const school = baDinhTotals({ A: 960 }, { A: { clusterKind: "school" } });
    expect(school.unit("A").award).toBe("co-chinh-phu");
  });

  it("excludes a unit whose party organisation is rated only 'completed tasks' or lower", () => {
    for (const rating of ["HTNV", "KHTNV"]) {
      const r = baDinhTotals({ A: 960, B: 950 }, { A: { partyRating: rating } });
      expect(r.unit("A").status).toBe("excluded");
      expect(r.unit("A").award).toBeNull();
      expect(r.unit("A").rank).toBe(1);
      // the flag place passes to the next eligible unit
      expect(r.unit("B").award).toBe("co-chinh-phu");
    }
    const excellent = baDinhTotals({ A: 960 }, { A: { partyRating: "HTXSNV" } });
    expect(excellent.unit("A").award).toBe("co-chinh-phu");
  });

  it("lowers the award one level for a deep self-criticism or a public outcry", () => {
    const r = baDinhTotals(
      { A: 960, B: 820, C: 760 },
      {
        A: { flags: ["deepReview"] },
        B: { flags: ["publicOutcry"] },
        C: { flags: ["deepReview"] },
      },
    );
    expect(r.unit("A").award).toBe("co-thanh-pho");
    expect(r.unit("B").award).toBe("tldtt");
    expect(r.unit("C").award).toBeNull();
    expect(r.unit("C").status).toBe("none");
  });

  it("keeps the place for a lowered leading unit: it does not pass down (Reading)", () => {
    const r = baDinhTotals({ A: 870, B: 860 }, { A: { flags: ["deepReview"] } });
    expect(r.unit("A").award).toBe("bang-khen-tldxs");
    expect(r.unit("B").award).toBe("bang-khen-tldxs");
  });

  it("postpones a unit with violations under investigation; it keeps its rank", () => {
    const r = baDinhTotals({ A: 960, B: 950 }, { A: { flags: ["pendingViolation"] } });
    expect(r.unit("A").status).toBe("postponed");
    expect(r.unit("A").rank).toBe(1);
    expect(r.unit("B").award).toBe("co-chinh-phu");
  });

  it("gives no award for a serious violation case", () => {
    const r = baDinhTotals({ A: 960 }, { A: { flags: ["seriousViolation"] } });
    expect(r.unit("A").status).toBe("excluded");
  });

  it("settles a tie for the leading place by ballot, never by list order (Reading)", () => {
    const open = baDinhTotals({ A: 920, B: 920, C: 800 });
    expect(open.output.ballotsNeeded).toEqual([{ award: "co-chinh-phu", candidates: ["A", "B"] }]);
    expect(open.unit("A").status).toBe("ballot");
    expect(open.unit("B").status).toBe("ballot");
    expect(open.unit("C").award).toBe("bang-khen-tldxs");
    const held = baDinhTotals({ A: 920, B: 920 }, {}, [
      { award: "co-chinh-phu", winner: "B" },
    ] as never);
    expect(held.unit("B").award).toBe("co-chinh-phu");
    expect(held.unit("A").award).toBe("bang-khen-tldxs");
    expect(held.output.ballotsNeeded).toEqual([]);
  });
});

describe("Lạng Sơn 2019: one flag, certificates by cluster size", () => {
  it("gives the flag only with 110 points or more", () => {
    const r = langSonTotals({ A: 110, B: 100 });
    expect(r.unit("A").award).toBe("co-tinh");
    const short = langSonTotals({ A: 109.5, B: 100, C: 90 });
    expect(short.unit("A").award).toBe("bang-khen-tinh");
    expect(short.unit("B").award).toBeNull();
  });

  it("gives 1 certificate in a cluster of fewer than 6 units", () => {
    const r = langSonTotals({ A: 131, B: 125, C: 120, D: 110, E: 100 });
    expect(r.output.units.map((u) => u.award)).toEqual([
      "co-tinh",
      "bang-khen-tinh",
      null,
      null,
      null,
    ]);
    expect(r.output.warnings).toEqual([]);
  });

  it("gives 1 certificate in a cluster of exactly 6 and warns that the seed is silent (Reading)", () => {
    const r = langSonTotals({ A: 131, B: 125, C: 120, D: 110, E: 100, F: 90 });
    expect(r.output.units.filter((u) => u.award === "bang-khen-tinh")).toHaveLength(1);
    expect(r.output.warnings).toHaveLength(1);
    expect(r.output.warnings[0]).toMatch(/đúng 6 đơn vị/);
  });

  it("gives 2 certificates in a cluster of 7 or more", () => {
    const r = langSonTotals({ A: 131, B: 125, C: 120, D: 110, E: 100, F: 90, G: 80 });
    expect(r.output.units.map((u) => u.award)).toEqual([
      "co-tinh",
      "bang-khen-tinh",
      "bang-khen-tinh",
      null,
      null,
      null,
      null,
    ]);
  });

  it("passes places to the next eligible units when a ranked unit is excluded or postponed", () => {
    const r = langSonTotals(
      { A: 131, B: 125, C: 120, D: 110 },
      { A: { registered: false }, B: { pactSigned: false } },
    );
    expect(r.unit("A").status).toBe("excluded");
    expect(r.unit("B").status).toBe("excluded");
    expect(r.unit("C").award).toBe("co-tinh");
    expect(r.unit("D").award).toBe("bang-khen-tinh");
  });

  it("excludes a unit that changed its figures after reconciliation (Lạng Sơn D.3)", () => {
    const r = langSonTotals({ A: 131, B: 125 }, { A: { flags: ["adjustedAfterReconciliation"] } });
    expect(r.unit("A").status).toBe("excluded");
    expect(r.unit("B").award).toBe("co-tinh");
  });

  it("asks for a ballot on a tie at the border of the certificates", () => {
    const r = langSonTotals({ A: 131, B: 125, C: 125, D: 100, E: 90, F: 80, G: 70, H: 60 });
    // 8 units: 2 certificates, B and C fill both: no ballot
    expect(r.output.ballotsNeeded).toEqual([]);
    const tie = langSonTotals({ A: 131, B: 120, C: 120, D: 100 });
    expect(tie.output.ballotsNeeded).toEqual([{ award: "bang-khen-tinh", candidates: ["B", "C"] }]);
    expect(tie.unit("A").award).toBe("co-tinh");
    expect(tie.unit("B").status).toBe("ballot");
    expect(tie.unit("C").status).toBe("ballot");
    expect(tie.unit("D").award).toBeNull();
  });
});

describe("Vùng cao 2022: one flag and two certificates", () => {
  function vungCao(totals: Record<string, number>, ballots = []) {
    const scores = Object.fromEntries(
      Object.entries(totals).map(([id, t]) => [
        id,
        { II: Math.min(t, 200), III: Math.max(t - 200, 0) },
      ]),
    );
    return evaluate(clusterYear("vung-cao-2022", scores, { ballots }));
  }

  it("gives the flag to the leading district and certificates to the next two", () => {
    const r = vungCao({ TC: 300, DBD: 390, MC: 350, MN: 320, NP: 100 });
    expect(r.unit("DBD").award).toBe("co-tinh");
    expect(r.unit("MC").award).toBe("bang-khen-tinh");
    expect(r.unit("MN").award).toBe("bang-khen-tinh");
    expect(r.unit("TC").award).toBeNull();
  });

  it("applies the registration, pact and violation rules here too (Reading: every scheme)", () => {
    const scores = Object.fromEntries(
      ["TC", "DBD", "MC", "MN", "NP"].map((id, i) => [id, { II: 200 - i * 10 }]),
    );
    const r = evaluate(
      clusterYear("vung-cao-2022", scores, {
        units: {
          TC: { pactSigned: false },
          DBD: { flags: ["seriousViolation"] },
          MC: { flags: ["pendingViolation"] },
        },
      }),
    );
    expect(["TC", "DBD", "MC"].map((id) => r.unit(id).status)).toEqual([
      "excluded",
      "excluded",
      "postponed",
    ]);
    expect(r.unit("MN").award).toBe("co-tinh");
    expect(r.unit("NP").award).toBe("bang-khen-tinh");
  });

  it("holds a ballot for a tie at the top; its loser takes a certificate", () => {
    const open = vungCao({ TC: 390, DBD: 390, MC: 350, MN: 320 });
    expect(open.output.ballotsNeeded).toEqual([{ award: "co-tinh", candidates: ["DBD", "TC"] }]);
    // one certificate place waits for the ballot's loser: MC still gets the other one
    expect(open.unit("MC").award).toBe("bang-khen-tinh");
    expect(open.unit("MN").award).toBeNull();
    const held = vungCao({ TC: 390, DBD: 390, MC: 350, MN: 320 }, [
      { award: "co-tinh", winner: "TC" },
    ] as never);
    expect(held.unit("TC").award).toBe("co-tinh");
    expect(held.unit("DBD").award).toBe("bang-khen-tinh");
    expect(held.unit("MC").award).toBe("bang-khen-tinh");
    expect(held.unit("MN").award).toBeNull();
  });
});

describe("Long Biên 2024: the seed gives no award rules", () => {
  it("proposes no award, says so as a warning, and still applies the common exclusions", () => {
    const r = evaluate(
      clusterYear(
        "long-bien-2024",
        { A: { "I.1": 300 }, B: { "I.1": 200 } },
        { units: { B: { registered: false } } },
      ),
    );
    expect(r.unit("A").award).toBeNull();
    expect(r.unit("A").status).toBe("none");
    expect(r.unit("B").status).toBe("excluded");
    expect(r.output.warnings.length).toBeGreaterThan(0);
  });
});

describe("reasons", () => {
  it("explains every unit's result in Vietnamese, condition by condition", () => {
    const r = baDinhTotals(
      { A: 960, B: 820 },
      { A: { flags: ["deepReview"] }, B: { partyRating: "HTNV" } },
    );
    expect(r.unit("A").reasons.join("\n")).toMatch(/Tổng điểm 960, xếp thứ 1\/2/);
    expect(r.unit("A").reasons.join("\n")).toMatch(
      /Hạ một mức.*kiểm điểm sâu.*Cờ thi đua của Chính phủ → Cờ thi đua của UBND Thành phố/,
    );
    expect(r.unit("B").reasons.join("\n")).toMatch(
      /Không xét khen thưởng: tổ chức đảng chỉ xếp loại "Hoàn thành nhiệm vụ"/,
    );
  });
});
