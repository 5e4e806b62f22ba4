/**
 * The cluster-year file: the worked files of shared/scenarios give exactly their answers, and
 * every rejection listed in SCENARIO.md names the unit and the criterion.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clusterYear, evaluate, rejection } from "../../test/factories.ts";
import { findPreset } from "./presets/index.ts";
import { compileScheme, specialise } from "./scheme.ts";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/scenarios");
const worked = readdirSync(FIXTURES).filter((f) => f.endsWith(".json") && !f.includes(".expected"));

describe("worked cluster-year files", () => {
  it.each(worked)("%s gives its expected result", (file) => {
    const input = JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
    const expected = JSON.parse(
      readFileSync(join(FIXTURES, file.replace(/\.json$/, ".expected.json")), "utf8"),
    );
    const { output } = evaluate(input);
    expect(output.units.map((u) => u.id)).toEqual(expected.units.map((u: { id: string }) => u.id));
    for (const [i, e] of expected.units.entries()) {
      const u = output.units[i];
      expect(u).toMatchObject({
        id: e.id,
        total: e.total,
        bonus: e.bonus,
        deductions: e.deductions,
        rank: e.rank,
        award: e.award,
        status: e.status,
      });
      expect(u?.sections).toMatchObject(e.sections);
      expect(u?.reasons.length).toBeGreaterThan(0);
    }
    expect(output.ballotsNeeded).toEqual(expected.ballotsNeeded);
    expect(output.warnings.length > 0).toBe(expected.warnings.length > 0);
  });
});

describe("rejected scores (exit 2 in the command)", () => {
  it("rejects a value above the criterion's maximum", () => {
    expect(rejection(clusterYear("lang-son-2019/B", { A: { "I.1": 16 } }))).toBe(
      "Đơn vị A, tiêu chí I.1 (Doanh thu vượt so với kế hoạch năm và tăng so với cùng kỳ năm trước): điểm 16 vượt điểm tối đa 15.",
    );
  });
  it("rejects negative points", () => {
    expect(rejection(clusterYear("lang-son-2019/B", { A: { "II.1": -1 } }))).toMatch(
      /Đơn vị A, tiêu chí II\.1 .*âm/,
    );
  });
  it("rejects points with more than two decimal places", () => {
    expect(rejection(clusterYear("lang-son-2019/B", { A: { "II.1": 4.125 } }))).toMatch(
      /Đơn vị A, tiêu chí II\.1 .*quá hai chữ số thập phân/,
    );
  });
  it("rejects negative or fractional counts", () => {
    const scores = (v: unknown) => clusterYear("ba-dinh-2022", { PX: { "D.1": v } });
    expect(rejection(scores({ count: -1 }))).toMatch(
      /Đơn vị PX, tiêu chí D\.1 .*số nguyên không âm/,
    );
    expect(rejection(scores({ count: 1.5 }))).toMatch(
      /Đơn vị PX, tiêu chí D\.1 .*số nguyên không âm/,
    );
    expect(rejection(clusterYear("lang-son-2019/B", { A: { "III.1": { missing: -2 } } }))).toMatch(
      /Đơn vị A, tiêu chí III\.1 /,
    );
  });
  it("rejects a plan of 0 or less", () => {
    for (const plan of [0, -5]) {
      expect(
        rejection(clusterYear("vung-cao-2022", { TC: { "I.1": { plan, actual: 10 } } })),
      ).toMatch(/Đơn vị TC, tiêu chí I\.1 .*kế hoạch phải lớn hơn 0/);
    }
  });
  it("rejects a value of the wrong shape for the kind of criterion", () => {
    expect(rejection(clusterYear("vung-cao-2022", { TC: { "I.1": 45 } }))).toMatch(
      /Đơn vị TC, tiêu chí I\.1 .*plan/,
    );
    expect(
      rejection(clusterYear("ba-dinh-2022", { PX: { "D.4": { counts: { stolen: 1 } } } })),
    ).toMatch(/Đơn vị PX, tiêu chí D\.4 .*loại "stolen" không có/);
    expect(
      rejection(
        clusterYear("lang-son-2019/B", { A: { "III.4": { submitted: 2, ineligible: 3 } } }),
      ),
    ).toMatch(/Đơn vị A, tiêu chí III\.4 /);
  });
  it("rejects an unknown criterion", () => {
    expect(rejection(clusterYear("lang-son-2019/B", { A: { "IX.9": 1 } }))).toBe(
      "Đơn vị A: tiêu chí IX.9 không có trong bộ tiêu chí lang-son-2019/B.",
    );
  });
  it("rejects a score given to a group instead of its criteria", () => {
    expect(rejection(clusterYear("lang-son-2019/B", { A: { III: 20 } }))).toMatch(
      /Đơn vị A, tiêu chí III .*nhóm tiêu chí/,
    );
  });
  it("rejects scores of an unknown unit", () => {
    const file = clusterYear("lang-son-2019/B", { A: {} });
    file.scores = { ...file.scores, Z: { "I.1": 1 } };
    expect(rejection(file)).toMatch(/đơn vị Z: đơn vị này không có trong danh sách/);
  });
  it("rejects a ballot won by an unknown unit", () => {
    expect(
      rejection(
        clusterYear("lang-son-2019/B", { A: {} }, { ballots: [{ award: "co-tinh", winner: "Z" }] }),
      ),
    ).toMatch(/đơn vị Z không có trong Cụm/);
  });
  it("rejects a file that is not a cluster-year file, saying where", () => {
    expect(rejection({ format: "tdkt-scenario/2" })).toMatch(/Tệp|định dạng/);
    const file = clusterYear("lang-son-2019/B", { A: {} });
    (file.units[0] as { role: string }).role = "chief";
    expect(rejection(file)).toMatch(
      /Đơn vị thứ 1 \(A\), trường role: giá trị "chief" không hợp lệ/,
    );
    expect(rejection(clusterYear("no-such-preset", { A: {} }))).toMatch(
      /Không có bộ tiêu chí mẫu "no-such-preset"/,
    );
  });
});

describe("the cluster's own criteria (specialisation)", () => {
  const baDinh = findPreset("ba-dinh-2022");

  it("splits and renames a section within its maximum", () => {
    const scheme = compileScheme(
      specialise(baDinh, [
        { id: "I.1", parent: "I", title: "Thu ngân sách", max: 300, kind: "ratio" },
        { id: "I.2", parent: "I", title: "An ninh trật tự", max: 280 },
        { id: "II", title: "Xây dựng Đảng" },
      ]),
    );
    expect(scheme.nodes.get("I")?.children).toEqual(["I.1", "I.2"]);
    expect(scheme.nodes.get("I.1")?.overPlanBonus).toBe(true);
    expect(scheme.nodes.get("II")?.title).toBe("Xây dựng Đảng");
  });

  it("rejects children that exceed their section's maximum, naming the section", () => {
    expect(
      rejection(
        clusterYear(
          "ba-dinh-2022",
          { PX: {} },
          {
            criteria: [
              { id: "I.1", parent: "I", title: "Thu ngân sách", max: 300 },
              { id: "I.2", parent: "I", title: "An ninh", max: 281 },
            ],
          },
        ),
      ),
    ).toMatch(/Tiêu chí I .*581.*vượt điểm tối đa 580/);
    // Vùng cao: re-weighting one indicator without the others goes over 550
    expect(
      rejection(clusterYear("vung-cao-2022", { TC: {} }, { criteria: [{ id: "I.1", max: 100 }] })),
    ).toMatch(/Tiêu chí I .*vượt điểm tối đa 550/);
  });

  it("rejects a change to a locked section or anything under it", () => {
    expect(
      rejection(
        clusterYear(
          "ba-dinh-2022",
          { PX: {} },
          { criteria: [{ id: "III.2", parent: "III", max: 10 }] },
        ),
      ),
    ).toMatch(/Tiêu chí III\.2: mục III do cơ quan thường trực quy định/);
    expect(
      rejection(clusterYear("ba-dinh-2022", { PX: {} }, { criteria: [{ id: "IV", max: 10 }] })),
    ).toMatch(/Tiêu chí IV: mục IV do cơ quan thường trực quy định/);
  });

  it("rejects a parent that does not exist", () => {
    expect(
      rejection(
        clusterYear(
          "ba-dinh-2022",
          { PX: {} },
          { criteria: [{ id: "VII.1", parent: "VII", max: 10 }] },
        ),
      ),
    ).toMatch(/Tiêu chí VII\.1: mục cha VII không tồn tại/);
  });

  it("rejects raising a section above the framework's maximum", () => {
    expect(
      rejection(clusterYear("ba-dinh-2022", { PX: {} }, { criteria: [{ id: "I", max: 600 }] })),
    ).toMatch(/Tiêu chí I: điểm tối đa 600 vượt điểm tối đa 580 của khung/);
  });

  it("adds criteria whose parent is declared later in the list", () => {
    const scheme = compileScheme(
      specialise(findPreset("lang-son-2019/D"), [
        { id: "I.1.1", parent: "I.1", title: "Chi tiết", max: 20 },
        { id: "I.1", parent: "I", title: "Nhiệm vụ chuyên môn", max: 60 },
      ]),
    );
    expect(scheme.nodes.get("I.1")?.children).toEqual(["I.1.1"]);
  });
});
