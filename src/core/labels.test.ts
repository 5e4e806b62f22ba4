import { describe, expect, it } from "vitest";
import { clusterText } from "./labels.ts";

describe("a Khối's words", () => {
  it("says Khối where a Cụm's text says Cụm, and keeps the names of both", () => {
    expect(
      clusterText(
        "Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này; điểm Cụm chấm của cụm.",
        "block",
      ),
    ).toBe("Chỉ Khối trưởng, Khối phó được thực hiện thao tác này; điểm Khối chấm của khối.");
    expect(clusterText("TM. CỤM THI ĐUA — KẾT QUẢ CỦA CỤM", "block")).toBe(
      "TM. KHỐI THI ĐUA — KẾT QUẢ CỦA KHỐI",
    );
    expect(clusterText("Tạo Cụm, Khối thi đua trên TĐKT Cụm", "block")).toBe(
      "Tạo Cụm, Khối thi đua trên TĐKT Cụm",
    );
    expect(clusterText("Chỉ Cụm trưởng", "cluster")).toBe("Chỉ Cụm trưởng");
  });
});
