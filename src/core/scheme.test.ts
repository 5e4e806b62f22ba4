/**
 * A level's framework (khung tiêu chí) and the cluster's specialisation of it: the framework's
 * changes and locks on top of a preset; a cluster may rename and split, never inside a locked
 * section nor above a section's maximum; the merged list of changes gives the same scheme and
 * the same results as applying the framework then the cluster.
 */
import { describe, expect, it } from "vitest";
import { clusterYear } from "../../test/factories.ts";
import { fromHundredths } from "./decimal.ts";
import { findPreset } from "./presets/index.ts";
import { evaluateCluster, evaluateScenario, parseScenario, unitInfo } from "./scenario.ts";
import {
  type CriterionChange,
  compileScheme,
  type Framework,
  frameworkSpec,
  mergeChanges,
  type Scheme,
  specialise,
} from "./scheme.ts";

const LONG_BIEN = findPreset("long-bien-2024");

/** Long Biên 2024 with I.1 split into I.1.1 (200) and I.1.2 (100), section III locked. */
const FRAMEWORK: Framework = {
  presetId: "long-bien-2024",
  criteria: [
    { id: "I.1.1", parent: "I.1", title: "Chỉ tiêu kinh tế - ngân sách", max: 200 },
    { id: "I.1.2", parent: "I.1", title: "Chỉ tiêu văn hóa - xã hội", max: 100 },
  ],
  lockedSections: ["III"],
};

/** The cluster's scheme: the framework, specialised by the cluster's own criteria. */
const clusterScheme = (cluster: CriterionChange[], framework = FRAMEWORK) =>
  compileScheme(specialise(frameworkSpec(LONG_BIEN, framework), cluster));

/** The message of the EngineError `f` throws (fails if it does not throw one). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof Error && e.name === "EngineError") return e.message;
    throw e;
  }
  throw new Error("expected an EngineError");
}

/** What a scheme is made of, row by row, without the locks (the file does not carry them). */
const rows = (s: Scheme) =>
  s.preOrder.map((c) => ({
    id: c.id,
    parent: c.parent,
    title: c.title,
    kind: c.kind,
    max: c.max === null ? null : fromHundredths(c.max),
    lowerIsBetter: c.lowerIsBetter,
  }));

describe("a level's framework", () => {
  it("applies its changes to the preset and locks the listed sections with all under them", () => {
    const scheme = compileScheme(frameworkSpec(LONG_BIEN, FRAMEWORK));
    const i1 = scheme.nodes.get("I.1");
    expect(i1?.kind).toBe("group");
    expect(i1?.children).toEqual(["I.1.1", "I.1.2"]);
    expect(fromHundredths(scheme.nodes.get("I.1.1")?.max ?? 0)).toBe(200);
    expect(fromHundredths(scheme.nodes.get("I.1.2")?.max ?? 0)).toBe(100);
    expect(fromHundredths(scheme.totalMax)).toBe(1000);
    expect(scheme.sections.filter((id) => scheme.nodes.get(id)?.locked)).toEqual(["III"]);
    expect(scheme.nodes.get("III.4")?.locked).toBe(true);
    expect(scheme.nodes.get("I.1.1")?.locked).toBe(false);
    // the preset itself is left as it was
    expect(findPreset("long-bien-2024").criteria[0]?.children?.[0]?.children).toBeUndefined();
  });

  it("locks only top-level sections of the preset", () => {
    expect(refusal(() => frameworkSpec(LONG_BIEN, { criteria: [], lockedSections: ["I.1"] }))).toBe(
      "Không khóa được mục I.1: bộ tiêu chí long-bien-2024 chỉ có các mục I, II, III, IV, V.",
    );
    expect(
      refusal(() => frameworkSpec(LONG_BIEN, { criteria: [], lockedSections: ["VI"] })),
    ).toMatch(/^Không khóa được mục VI/);
  });

  it("is itself checked like a cluster's criteria: its split may not exceed I.1's 300", () => {
    expect(
      refusal(() =>
        compileScheme(
          frameworkSpec(LONG_BIEN, {
            criteria: [
              { id: "I.1.1", parent: "I.1", title: "Kinh tế", max: 250 },
              { id: "I.1.2", parent: "I.1", title: "Xã hội", max: 100 },
            ],
            lockedSections: [],
          }),
        ),
      ),
    ).toMatch(
      /^Tiêu chí I\.1 .*tổng điểm tối đa của các tiêu chí con là 350, vượt điểm tối đa 300/,
    );
  });
});

describe("a cluster specialising the framework", () => {
  it("may rename and re-weight inside an open section", () => {
    const scheme = clusterScheme([
      { id: "I.1.1", title: "Thu ngân sách trên địa bàn" },
      { id: "I.1.2", max: 80 },
      { id: "I.1.3", parent: "I.1", title: "Giải quyết việc làm", max: 20 },
    ]);
    expect(scheme.nodes.get("I.1.1")?.title).toBe("Thu ngân sách trên địa bàn");
    expect(fromHundredths(scheme.nodes.get("I.1.1")?.max ?? 0)).toBe(200);
    expect(scheme.nodes.get("I.1")?.children).toEqual(["I.1.1", "I.1.2", "I.1.3"]);
    expect(fromHundredths(scheme.totalMax)).toBe(1000);
    // the framework's lock stays on the cluster's scheme
    expect(scheme.nodes.get("III")?.locked).toBe(true);
  });

  it("may not add under a locked section nor change anything in it, naming the section", () => {
    expect(
      refusal(() => clusterScheme([{ id: "III.5", parent: "III", title: "Khác", max: 5 }])),
    ).toBe("Tiêu chí III.5: mục III do cơ quan thường trực quy định, Cụm không được thay đổi.");
    expect(refusal(() => clusterScheme([{ id: "III.1", title: "Quy chế" }]))).toBe(
      "Tiêu chí III.1: mục III do cơ quan thường trực quy định, Cụm không được thay đổi.",
    );
    expect(refusal(() => clusterScheme([{ id: "III", max: 90 }]))).toMatch(
      /^Tiêu chí III: mục III do cơ quan thường trực quy định/,
    );
  });

  it("may not let the children of section I add up to more than its 600", () => {
    // 300 + 300 + 50 + 50 = 700
    expect(refusal(() => clusterScheme([{ id: "I.2", max: 300 }]))).toMatch(
      /^Tiêu chí I \(.*\): tổng điểm tối đa của các tiêu chí con là 700, vượt điểm tối đa 600 của mục\.$/,
    );
    // 250 + 100 under I.1's 300
    expect(refusal(() => clusterScheme([{ id: "I.1.1", max: 250 }]))).toMatch(
      /^Tiêu chí I\.1 .*là 350, vượt điểm tối đa 300/,
    );
    // a new item that does not fit: 300 + 200 + 50 + 50 + 10 = 610
    expect(
      refusal(() => clusterScheme([{ id: "I.5", parent: "I", title: "Chuyển đổi xanh", max: 10 }])),
    ).toMatch(/^Tiêu chí I .*là 610, vượt điểm tối đa 600/);
  });

  it("may not raise a section above the framework's maximum, even below the preset's", () => {
    const lowered: Framework = {
      ...FRAMEWORK,
      criteria: [...FRAMEWORK.criteria, { id: "II", max: 200 }, { id: "II.2", max: 150 }],
    };
    expect(clusterScheme([], lowered).nodes.get("II")?.max).toBe(20000);
    expect(refusal(() => clusterScheme([{ id: "II", max: 250 }], lowered))).toBe(
      "Tiêu chí II: điểm tối đa 250 vượt điểm tối đa 200 của khung.",
    );
  });
});

describe("the merged list of changes", () => {
  const cluster: CriterionChange[] = [
    { id: "I.1.1", title: "Thu ngân sách trên địa bàn" },
    { id: "I.2.1", parent: "I.2", title: "Đề án chỉnh trang đô thị", max: 120 },
    { id: "I.2.2", parent: "I.2", title: "Nhiệm vụ đột xuất", max: 80, kind: "manual" },
    { id: "I.4", title: "Quốc phòng - An ninh" },
  ];

  it("overrides the framework's fields with the cluster's and keeps the rest", () => {
    expect(mergeChanges(LONG_BIEN, FRAMEWORK.criteria, cluster)).toEqual([
      { id: "I.1.1", parent: "I.1", title: "Thu ngân sách trên địa bàn", max: 200 },
      { id: "I.1.2", parent: "I.1", title: "Chỉ tiêu văn hóa - xã hội", max: 100 },
      { id: "I.2.1", parent: "I.2", title: "Đề án chỉnh trang đô thị", max: 120 },
      { id: "I.2.2", parent: "I.2", title: "Nhiệm vụ đột xuất", max: 80, kind: "manual" },
      { id: "I.4", title: "Quốc phòng - An ninh" },
    ]);
  });

  it("gives the same scheme on the bare preset, and the same results", () => {
    const merged = mergeChanges(LONG_BIEN, FRAMEWORK.criteria, cluster);
    const direct = clusterScheme(cluster);
    expect(rows(compileScheme(specialise(LONG_BIEN, merged)))).toEqual(rows(direct));

    const scores = {
      A: { "I.1.1": 180, "I.1.2": 95.5, "I.2.1": 110, "I.2.2": 70, "I.3": 45, "I.4": 50 },
      B: { "I.1.1": 200, "I.1.2": 90, "I.2.1": 100, "I.2.2": 80, "III.1": 30, "V.1": 3 },
      C: { "I.1.1": 150, "II.2": 180, IV: 20, "V.4": 5 },
    };
    const file = parseScenario(clusterYear("long-bien-2024", scores, { criteria: merged }));
    const fromFile = evaluateScenario(file).output;
    const fromFramework = evaluateCluster(direct, file.units.map(unitInfo), scores, []).output;
    expect(fromFile).toEqual(fromFramework);
    expect(fromFile.units.map((u) => [u.id, u.total])).toEqual([
      ["A", 550.5],
      ["B", 497],
      ["C", 345],
    ]);
  });

  it("keeps the order of children when parents are declared after their children", () => {
    const framework: CriterionChange[] = [
      { id: "I.2.1.1", parent: "I.2.1", title: "Đề án 1", max: 50 },
      { id: "I.2.1", parent: "I.2", title: "Các đề án", max: 150 },
      { id: "I.2.2", parent: "I.2", title: "Nhiệm vụ đột xuất", max: 50 },
    ];
    const own: CriterionChange[] = [{ id: "I.2.1.2", parent: "I.2.1", title: "Đề án 2", max: 100 }];
    const direct = compileScheme(
      specialise(frameworkSpec(LONG_BIEN, { criteria: framework, lockedSections: [] }), own),
    );
    expect(direct.nodes.get("I.2.1")?.children).toEqual(["I.2.1.1", "I.2.1.2"]);
    const merged = mergeChanges(LONG_BIEN, framework, own);
    expect(rows(compileScheme(specialise(LONG_BIEN, merged)))).toEqual(rows(direct));
  });
});
