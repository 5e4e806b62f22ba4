/**
 * Which figure the sheet shows: the server's for everything saved, the browser's preview only
 * for a value typed and not saved yet (or saved and not evaluated again yet), marked as such.
 * The "server" here is the engine as the server runs it, with the whole cluster (Lạng Sơn B:
 * Công ty B holds the highest share of III.6.3, up on last year, so 1 point).
 */
import { describe, expect, it } from "vitest";
import { fromHundredths } from "../../../core/decimal.ts";
import {
  type ScoreValue,
  STAGES,
  type Stage,
  type UnitEvaluation,
  type UnitInfo,
} from "../../../core/evaluate.ts";
import { evaluateUnits, schemeOf } from "../../../core/scenario.ts";
import type { ClusterFacts, SheetData, SheetRow, StageEntry } from "./sheet-data.ts";
import { type Evaluations, evaluateStages, sheetFigures, withDrafts } from "./sheet-figures.ts";

const scheme = schemeOf({ scheme: "lang-son-2019/B", criteria: [] });
const unit = (id: string): UnitInfo => ({
  id,
  name: `Công ty ${id}`,
  role: "member",
  clusterKind: null,
  registered: true,
  pactSigned: true,
  partyRating: "HTTNV",
  flags: [],
});
const SHARE = "III.6.3";
const scores: Record<string, Record<string, ScoreValue>> = {
  B: { [SHARE]: { share: 40, previousShare: 30 }, "II.1": 4 },
  C: { [SHARE]: { share: 25, previousShare: 20 }, "II.1": 5 },
};

/** B's sheet as the server gives it: self-scores only, every stage evaluated with the cluster. */
function serverSheet(): Pick<SheetData, "scheme" | "rows" | "totals" | "clusterFacts"> {
  const { evaluations, context } = evaluateUnits(scheme, [unit("B"), unit("C")], scores, [], {
    provisional: true,
    explain: true,
  });
  const b = evaluations.get("B") as UnitEvaluation;
  const entry = (value: ScoreValue): StageEntry => ({
    value,
    comment: null,
    explanation: null,
    version: 1,
    by: "Cán bộ B",
    at: "2024-12-01T08:00:00Z",
  });
  const rows: SheetRow[] = scheme.preOrder.map((c) => {
    const value = scores.B?.[c.id];
    const node = b.nodes.get(c.id);
    return {
      criterionId: c.id,
      values: value === undefined ? {} : { self: entry(value) },
      points: Object.fromEntries(STAGES.map((s) => [s, fromHundredths(node?.points ?? 0)])),
      detail: node?.detail ?? null,
      details: Object.fromEntries(STAGES.map((s) => [s, node?.detail ?? null])),
      evidenceCount: 0,
      response: null,
    } as SheetRow;
  });
  const totals = {
    total: fromHundredths(b.total),
    bonus: fromHundredths(b.bonus),
    deductions: fromHundredths(b.deductions),
  };
  const share = context.shareBonus.get(SHARE)?.get("B");
  const facts: ClusterFacts = {
    shares: share ? { [SHARE]: { points: share.points, detail: share.detail } } : {},
    contested: {},
  };
  return {
    scheme: {
      criteria: scheme.preOrder.map((c) => ({ id: c.id, parent: c.parent })),
    } as SheetData["scheme"],
    rows,
    totals: { self: totals, cluster: totals, appraisal: totals },
    clusterFacts: Object.fromEntries(STAGES.map((s) => [s, facts])) as Record<Stage, ClusterFacts>,
  };
}

const B = { code: "B", role: "member" as const };
const staged = (sheet: Pick<SheetData, "rows">) =>
  Object.fromEntries(
    sheet.rows.map((r) => [
      r.criterionId,
      Object.fromEntries(Object.entries(r.values).map(([s, e]) => [s, e?.value])),
    ]),
  );
const highestShare = (id: string) => Boolean(scheme.nodes.get(id)?.highestShare);

function figuresOf(
  sheet: ReturnType<typeof serverSheet>,
  drafts: Record<string, ScoreValue>,
  engine = true,
) {
  const preview: Evaluations | null = engine
    ? evaluateStages(scheme, B, withDrafts(staged(sheet), drafts, "self"), sheet.clusterFacts)
    : null;
  return sheetFigures({ sheet, drafts, editStage: "self", preview, highestShare });
}

describe("the figures of a scoring sheet", () => {
  it("are the server's for what is saved: III.6.3 counts 1, as in the results", () => {
    const sheet = serverSheet();
    const f = figuresOf(sheet, {});
    expect(f.point("self", SHARE)).toMatchObject({ points: 100, source: "server" });
    expect(f.point("self", SHARE).detail).toBe(
      "Tỷ lệ cao nhất Cụm, tăng so với năm trước → 1 điểm",
    );
    expect(f.total("self")).toEqual({ total: 500, bonus: 0, deductions: 0, source: "server" });
    expect(f.total("appraisal").source).toBe("server");
    // what the sheet showed before: the unit alone, "→ 0"
    const alone = evaluateStages(scheme, B, staged(sheet), undefined);
    expect(alone.self.nodes.get(SHARE)?.points).toBe(0);
    expect(alone.self.total).toBe(400);
  });

  it("preview a typed value, marked, keeping what the whole cluster gives", () => {
    const sheet = serverSheet();
    const f = figuresOf(sheet, { "II.1": 5 });
    expect(f.point("self", "II.1")).toMatchObject({ points: 500, source: "preview" });
    // the section above it is previewed too; a row elsewhere stays the server's
    expect(f.point("self", "II").source).toBe("preview");
    expect(f.point("self", SHARE)).toMatchObject({ points: 100, source: "server" });
    // the total: 5 + the highest-share bonus, not the unit alone
    expect(f.total("self")).toEqual({ total: 600, bonus: 0, deductions: 0, source: "preview" });
    // the self-score counts at the later stages too, until they have their own value
    expect(f.total("cluster").source).toBe("preview");
    expect([...f.changed.self]).toEqual(["II.1"]);
  });

  it("a typed value equal to the saved one is the server's figure", () => {
    const f = figuresOf(serverSheet(), { "II.1": 4 });
    expect(f.point("self", "II.1").source).toBe("server");
    expect(f.total("self").source).toBe("server");
  });

  it("a value saved and not yet evaluated again is a preview until the sheet is fetched", () => {
    const sheet = serverSheet();
    // as the saver leaves the row: the new value shown, the server's figures of the old one
    const row = sheet.rows.find((r) => r.criterionId === "II.1") as SheetRow;
    row.figuresFrom = row.values;
    row.values = { self: { ...(row.values.self as StageEntry), value: 3, version: 2 } };
    const f = figuresOf(sheet, { "II.1": 3 });
    expect(f.point("self", "II.1")).toMatchObject({ points: 300, source: "saving" });
    expect(f.total("self")).toMatchObject({ total: 400, source: "saving" });
  });

  it("a typed share is ranked against the cluster only when saved", () => {
    const f = figuresOf(serverSheet(), { [SHARE]: { share: 10, previousShare: 30 } });
    expect(f.point("self", SHARE)).toMatchObject({
      source: "preview",
      detail: "Tỷ lệ được so với các đơn vị trong Cụm khi lưu",
    });
  });

  it("without the engine in the browser, a typed value leaves the server's figure, marked", () => {
    const f = figuresOf(serverSheet(), { "II.1": 5 }, false);
    expect(f.point("self", "II.1")).toMatchObject({ points: 400, source: "stale" });
    expect(f.total("self")).toMatchObject({ total: 500, source: "stale" });
  });

  it("a bonus several units claim counts 0 in the preview, as the server counts it", () => {
    const sheet = serverSheet();
    const facts = { shares: {}, contested: { "III.6.1": ["Công ty B", "Công ty C"] } };
    sheet.clusterFacts = Object.fromEntries(STAGES.map((s) => [s, facts])) as Record<
      Stage,
      ClusterFacts
    >;
    const f = figuresOf(sheet, { "III.6.1": 2 });
    expect(f.point("self", "III.6.1").points).toBe(0);
    expect(f.point("self", "III.6.1").detail).toContain("Công ty B, Công ty C cùng đề nghị");
  });
});
