import { describe, expect, it } from "vitest";
import {
  MAX_VISITS_PER_TEAM,
  notInspected,
  pairingProblems,
  proposeRotation,
  visitProgress,
} from "./inspection.ts";

const members = new Map([
  ["a", "Xã Mường Nhé"],
  ["b", "Xã Sín Thầu"],
  ["c", "Xã Mường Toong"],
  ["d", "Xã Nậm Kè"],
  ["e", "Xã Quảng Lâm"],
]);

describe("the cross-inspection's rotation", () => {
  it("inspects every unit once, each by another, each team once", () => {
    for (let n = 2; n <= 12; n++) {
      const ids = Array.from({ length: n }, (_, i) => i);
      const rotation = proposeRotation(ids);
      expect(rotation).toHaveLength(n);
      expect(new Set(rotation.map((p) => p.inspected)).size).toBe(n);
      expect(new Set(rotation.map((p) => p.team)).size).toBe(n);
      for (const p of rotation) expect(p.team).not.toBe(p.inspected);
      const names = new Map(ids.map((i) => [i, `Đơn vị ${i}`]));
      expect(pairingProblems(rotation, names)).toEqual([]);
      expect(notInspected(rotation, names)).toEqual([]);
    }
    expect(proposeRotation(["a"])).toEqual([]);
  });

  it("names a unit inspecting itself, a unit inspected twice, a team with too many units", () => {
    expect(
      pairingProblems(
        [
          { inspected: "a", team: "a" },
          { inspected: "b", team: "c" },
          { inspected: "b", team: "d" },
          { inspected: "c", team: "e" },
          { inspected: "d", team: "e" },
          { inspected: "e", team: "e" },
          { inspected: "x", team: "b" },
        ],
        members,
      ),
    ).toEqual([
      "Xã Mường Nhé không được tự kiểm tra chính đơn vị mình.",
      "Xã Quảng Lâm không được tự kiểm tra chính đơn vị mình.",
      "Đơn vị số x không phải thành viên trong năm này.",
      "Xã Sín Thầu được xếp kiểm tra 2 lần; mỗi đơn vị chỉ một lần.",
      `Đoàn của Xã Quảng Lâm được xếp kiểm tra 3 đơn vị; mỗi đoàn kiểm tra nhiều nhất ${MAX_VISITS_PER_TEAM} đơn vị.`,
    ]);
    expect(notInspected([{ inspected: "a", team: "b" }], members)).toEqual([
      "Xã Sín Thầu",
      "Xã Mường Toong",
      "Xã Nậm Kè",
      "Xã Quảng Lâm",
    ]);
  });

  it("counts a visit's findings by the unit's answer", () => {
    expect(
      visitProgress([{ response: "agree" }, { response: "dispute" }, { response: null }]),
    ).toEqual({ findings: 3, agreed: 1, disputed: 1, unanswered: 1 });
  });
});
