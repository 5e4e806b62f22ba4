import { describe, expect, it } from "vitest";
import { statusReason, type UnitResult } from "./results-data.ts";

const unit = (status: UnitResult["status"], reasons: string[]): UnitResult => ({
  id: "A",
  total: 900,
  sections: {},
  bonus: 0,
  deductions: 0,
  rank: 1,
  award: null,
  status,
  reasons,
});

describe("a status with its reason", () => {
  it("says why a unit is not yet considered, or not considered, in a few words", () => {
    expect(
      statusReason(
        unit("postponed", [
          "Hạng 1 trong Cụm.",
          "Chưa xem xét khen thưởng: có dấu hiệu sai phạm đang được cơ quan có thẩm quyền xem xét. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.",
        ]),
      ),
    ).toBe("có dấu hiệu sai phạm đang được cơ quan có thẩm quyền xem xét");
    expect(
      statusReason(
        unit("excluded", [
          "Không xét khen thưởng: không đăng ký thi đua. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.",
        ]),
      ),
    ).toBe("không đăng ký thi đua");
    expect(statusReason(unit("proposed", ["Đề nghị Cờ thi đua."]))).toBeNull();
  });
});
