import { describe, expect, it } from "vitest";
import { parseTexts, textsOf } from "./values.ts";

describe("a cell's fields", () => {
  it("give back the value they were filled with, thousands and decimals alike", () => {
    for (const value of [
      { plan: 1200, actual: 1168.5 },
      { plan: 100, actual: 99.4 },
      { plan: 1_000_000, actual: 1_234_567.25 },
    ]) {
      const texts = textsOf({ kind: "ratio" }, value);
      expect(texts.plan).not.toContain(".");
      expect(parseTexts({ kind: "ratio" }, texts)).toEqual({ kind: "value", value });
    }
  });
});
