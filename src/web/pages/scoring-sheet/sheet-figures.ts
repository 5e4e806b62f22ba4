/**
 * Which figure the sheet shows: the server's for everything saved (each row's points and each
 * stage's total, evaluated with the whole cluster, as the results), and the browser's preview
 * only where a value is being typed and not saved yet, or saved and not yet evaluated again by
 * the server. The preview runs the same engine on the unit's values with the server's
 * whole-cluster facts held fixed (the highest share, the bonuses several units claim).
 * Pure: no React, no network.
 */
import type { Hundredths } from "../../../core/decimal.ts";
import {
  type ClusterContext,
  evaluateUnit,
  type NodeResult,
  type ScoreValue,
  STAGES,
  type Stage,
  type StagedValue,
  scoresAtStage,
  type UnitEvaluation,
  valueAtStage,
} from "../../../core/evaluate.ts";
import type { Scheme } from "../../../core/scheme.ts";
import type { ClusterFacts, SheetData, SheetRow, StageEntry } from "./sheet-data.ts";

export type Evaluations = Record<Stage, UnitEvaluation>;

/**
 * Where a figure comes from: the server; the browser's preview of a value being typed, not
 * saved yet; the browser's preview of a value just saved, until the server's figures arrive; or
 * the server's figure of before, when the browser cannot preview (no engine).
 */
export type FigureSource = "server" | "preview" | "saving" | "stale";

export interface Figure {
  points: Hundredths;
  detail: string | null;
  source: FigureSource;
}

export interface TotalFigure {
  total: Hundredths;
  bonus: Hundredths;
  deductions: Hundredths;
  source: FigureSource;
}

export interface SheetFigures {
  /** The criteria whose value at a stage is not the one the server's figures were found with. */
  changed: Record<Stage, Set<string>>;
  point(stage: Stage, criterionId: string): Figure;
  total(stage: "self" | "cluster" | "appraisal"): TotalFigure;
}

/**
 * What the figure's mark says, beside a previewed figure (null for the server's), written for a
 * Cụm: shown through the year's words (useClusterWords).
 */
export const SOURCE_MARKS: Record<FigureSource, { label: string; why: string } | null> = {
  server: null,
  preview: {
    label: "đang nhập, tạm tính",
    why: "Giá trị đang nhập, chưa lưu: điểm tạm tính trong trình duyệt. Khi lưu, máy chủ tính lại với cả Cụm (điểm thưởng so sánh giữa các đơn vị), như trong kết quả.",
  },
  saving: {
    label: "đang tính lại…",
    why: "Vừa lưu: điểm tạm tính trong trình duyệt cho đến khi máy chủ tính lại với cả Cụm.",
  },
  stale: {
    label: "chưa tính lại",
    why: "Trình duyệt không tính trước được điểm của bộ tiêu chí này: điểm được tính lại khi lưu.",
  },
};

/** The server's whole-cluster facts of one stage as the engine takes them, for this unit. */
export function clusterContext(facts: ClusterFacts | undefined, unitCode: string): ClusterContext {
  const shareBonus = new Map<string, Map<string, NodeResult>>();
  for (const [id, r] of Object.entries(facts?.shares ?? {})) {
    const result: NodeResult = {
      points: r.points,
      bonus: 0,
      capped: false,
      detail: r.detail,
      scored: true,
    };
    shareBonus.set(id, new Map([[unitCode, result]]));
  }
  const contested = new Map<string, { unitIds: string[]; names: string[] }>();
  for (const [id, names] of Object.entries(facts?.contested ?? {})) {
    contested.set(id, { unitIds: [unitCode], names });
  }
  return { shareBonus, contested };
}

/** Each criterion's values by stage, from the entries given (a row's `values` or the like). */
export function stagedFrom(
  rows: SheetRow[],
  entriesOf: (row: SheetRow) => Partial<Record<Stage, StageEntry>> = (row) => row.values,
): Record<string, StagedValue> {
  const staged: Record<string, StagedValue> = {};
  for (const row of rows) {
    const values: StagedValue = {};
    for (const [stage, entry] of Object.entries(entriesOf(row))) {
      if (entry) values[stage as Stage] = entry.value;
    }
    staged[row.criterionId] = values;
  }
  return staged;
}

/** The values shown, with what is typed at the stage being scored laid over them. */
export function withDrafts(
  staged: Record<string, StagedValue>,
  drafts: Record<string, ScoreValue>,
  editStage: Stage | null,
): Record<string, StagedValue> {
  if (!editStage) return staged;
  const live: Record<string, StagedValue> = { ...staged };
  for (const [id, value] of Object.entries(drafts)) live[id] = { ...live[id], [editStage]: value };
  return live;
}

/**
 * The unit evaluated at each stage in the browser, with the server's whole-cluster facts of
 * each stage; throws the engine's error on a value it refuses.
 */
export function evaluateStages(
  scheme: Scheme,
  unit: { code: string; role: "leader" | "deputy" | "member" },
  staged: Record<string, StagedValue>,
  facts: Partial<Record<Stage, ClusterFacts>> | undefined,
): Evaluations {
  const at = (stage: Stage) =>
    evaluateUnit(scheme, { id: unit.code, role: unit.role }, scoresAtStage(staged, stage), {
      explain: true,
      cluster: clusterContext(facts?.[stage], unit.code),
    });
  return Object.fromEntries(STAGES.map((s) => [s, at(s)])) as Evaluations;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The figures of the sheet. `preview` is the browser's evaluation of the values shown with the
 * drafts laid over them (null without an engine); `highestShare` says which criteria are
 * compared across the cluster (a typed share is ranked only when saved); `words` rewrites the
 * sheet's own explanations for the year's cluster (a Khối's), as useClusterWords does.
 */
export function sheetFigures(input: {
  sheet: Pick<SheetData, "scheme" | "rows" | "totals">;
  drafts: Record<string, ScoreValue>;
  editStage: Stage | null;
  preview: Evaluations | null;
  highestShare?: (criterionId: string) => boolean;
  words?: (text: string) => string;
}): SheetFigures {
  const { sheet, drafts, editStage, preview } = input;
  const words = input.words ?? ((text: string) => text);
  const basis = stagedFrom(sheet.rows, (row) => row.figuresFrom ?? row.values);
  const shown = stagedFrom(sheet.rows);
  const live = withDrafts(shown, drafts, editStage);
  const parentOf = new Map(sheet.scheme.criteria.map((c) => [c.id, c.parent]));
  const rowOf = new Map(sheet.rows.map((r) => [r.criterionId, r]));

  const differs = (a: Record<string, StagedValue>, b: Record<string, StagedValue>, stage: Stage) =>
    new Set(
      [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
        (id) => !same(valueAtStage(a[id] ?? {}, stage), valueAtStage(b[id] ?? {}, stage)),
      ),
    );
  /** The rows of these criteria and every section above them. */
  const withSections = (ids: Set<string>) => {
    const out = new Set<string>();
    for (const id of ids) {
      for (let at: string | null | undefined = id; at; at = parentOf.get(at)) out.add(at);
    }
    return out;
  };
  const changed = {} as Record<Stage, Set<string>>;
  const affected = {} as Record<Stage, Set<string>>;
  const typing = {} as Record<Stage, Set<string>>;
  for (const stage of STAGES) {
    changed[stage] = differs(basis, live, stage);
    affected[stage] = withSections(changed[stage]);
    typing[stage] = withSections(differs(shown, live, stage));
  }

  const serverPoint = (stage: Stage, id: string): Omit<Figure, "source"> => {
    const row = rowOf.get(id);
    return {
      points: Math.round((row?.points[stage] ?? 0) * 100),
      detail:
        words(row?.details?.[stage] ?? (stage === "appraisal" ? (row?.detail ?? "") : "")) || null,
    };
  };

  return {
    changed,
    point(stage, id) {
      if (!affected[stage].has(id)) return { ...serverPoint(stage, id), source: "server" };
      const node = preview?.[stage].nodes.get(id);
      if (!node) return { ...serverPoint(stage, id), source: "stale" };
      const ranked = changed[stage].has(id) && (input.highestShare?.(id) ?? false);
      return {
        points: node.points,
        detail:
          words(ranked ? "Tỷ lệ được so với các đơn vị trong Cụm khi lưu" : (node.detail ?? "")) ||
          null,
        source: typing[stage].has(id) ? "preview" : "saving",
      };
    },
    total(stage) {
      const server = sheet.totals[stage];
      const fromServer = {
        total: Math.round(server.total * 100),
        bonus: Math.round(server.bonus * 100),
        deductions: Math.round(server.deductions * 100),
      };
      if (changed[stage].size === 0) return { ...fromServer, source: "server" };
      const e = preview?.[stage];
      if (!e) return { ...fromServer, source: "stale" };
      const source = typing[stage].size > 0 ? "preview" : "saving";
      return { total: e.total, bonus: e.bonus, deductions: e.deductions, source };
    },
  };
}
