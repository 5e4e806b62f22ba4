/**
 * The cluster-year file (`tdkt-scenario/1`, SCENARIO.md): its schema, and the whole pipeline
 * from the file to results — scheme, specialisation, scores, ranks, awards and reasons.
 */
import { z } from "zod";
import { formatPoints, fromHundredths, type Hundredths } from "./decimal.ts";
import { type Ballot, type BallotNeeded, deliberate, rankUnits } from "./deliberate.ts";
import { EngineError } from "./errors.ts";
import {
  type ClusterConflict,
  type ClusterContext,
  checkOnePerCluster,
  evaluateUnit,
  oneUnitConflicts,
  resolveShareBonus,
  type ScoreValue,
  type UnitEvaluation,
  type UnitInfo,
} from "./evaluate.ts";
import { clusterText } from "./labels.ts";
import { findPreset } from "./presets/index.ts";
import { compileScheme, type Scheme, specialise } from "./scheme.ts";

export const SCENARIO_FORMAT = "tdkt-scenario/1";

const criterionChange = z
  .object({
    id: z.string().min(1),
    parent: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    max: z.number().nonnegative().optional(),
    kind: z.enum(["manual", "external", "ratio"]).optional(),
    lowerIsBetter: z.boolean().optional(),
  })
  .strict();

const unitSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    role: z.enum(["leader", "deputy", "member"]),
    clusterKind: z.enum(["ward", "school", "other"]).optional(),
    registered: z.boolean().default(true),
    pactSigned: z.boolean().default(true),
    partyRating: z.enum(["HTXSNV", "HTTNV", "HTNV", "KHTNV"]).default("HTTNV"),
    flags: z
      .array(
        z.enum([
          "deepReview",
          "publicOutcry",
          "pendingViolation",
          "seriousViolation",
          "adjustedAfterReconciliation",
        ]),
      )
      .default([]),
  })
  .strict();

export const scenarioSchema = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    scheme: z.string().min(1),
    period: z.string().min(1),
    criteria: z.array(criterionChange).default([]),
    units: z.array(unitSchema).min(1),
    scores: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    ballots: z
      .array(z.object({ award: z.string().min(1), winner: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

const FIELD_LABELS: Record<string, string> = {
  format: "định dạng (format)",
  scheme: "bộ tiêu chí (scheme)",
  period: "kỳ thi đua (period)",
  criteria: "tiêu chí của Cụm (criteria)",
  units: "đơn vị (units)",
  scores: "điểm (scores)",
  ballots: "kết quả bỏ phiếu (ballots)",
};

/** A zod issue in Vietnamese, naming where it is (unit, criterion, field). */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String);
  let where = path.length === 0 ? "Tệp" : (FIELD_LABELS[path[0] as string] ?? path[0]);
  const root = input as Record<string, unknown> | null;
  if (path[0] === "units" && path.length >= 2) {
    const u = (root?.units as Record<string, unknown>[] | undefined)?.[Number(path[1])];
    where = `Đơn vị thứ ${Number(path[1]) + 1}${u && typeof u.id === "string" ? ` (${u.id})` : ""}`;
    if (path[2]) where += `, trường ${path[2]}`;
  } else if (path[0] === "criteria" && path.length >= 2) {
    const c = (root?.criteria as Record<string, unknown>[] | undefined)?.[Number(path[1])];
    where = `Tiêu chí của Cụm thứ ${Number(path[1]) + 1}${c && typeof c.id === "string" ? ` (${c.id})` : ""}`;
    if (path[2]) where += `, trường ${path[2]}`;
  } else if (path[0] === "scores" && path.length >= 2) {
    where = `Điểm của đơn vị ${path[1]}${path[2] ? `, tiêu chí ${path[2]}` : ""}`;
  } else if (path.length > 1) {
    where += `, ${path.slice(1).join(".")}`;
  }
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `${where}: thiếu giá trị bắt buộc.`
        : `${where}: sai kiểu dữ liệu (cần ${typeLabel(issue.expected)}).`;
    case "invalid_value":
      return `${where}: giá trị ${JSON.stringify(issue.input)} không hợp lệ; chọn một trong ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "unrecognized_keys":
      return `${where}: có trường không dùng đến: ${issue.keys.join(", ")}.`;
    case "too_small":
      return issue.origin === "array"
        ? `${where}: cần ít nhất ${issue.minimum} phần tử.`
        : issue.origin === "string"
          ? `${where}: không được để trống.`
          : `${where}: không được âm.`;
    default:
      return `${where}: giá trị không hợp lệ.`;
  }
}

function typeLabel(expected: string): string {
  switch (expected) {
    case "string":
      return "chuỗi ký tự";
    case "number":
      return "số";
    case "boolean":
      return "true hoặc false";
    case "array":
      return "danh sách";
    case "object":
    case "record":
      return "đối tượng";
    default:
      return expected;
  }
}

/** Check the shape of a cluster-year file; throws an EngineError listing what is wrong. */
export function parseScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => describeIssue(i, input));
    throw new EngineError("INVALID_FILE", lines.join("\n"));
  }
  return parsed.data;
}

/** The scheme of a cluster-year: the preset, specialised by the cluster's own criteria. */
export function schemeOf(scenario: Pick<Scenario, "scheme" | "criteria">): Scheme {
  const preset = findPreset(scenario.scheme);
  return compileScheme(specialise(preset, scenario.criteria));
}

export interface UnitOutput {
  id: string;
  total: number;
  sections: Record<string, number>;
  bonus: number;
  deductions: number;
  rank: number;
  award: string | null;
  status: string;
  reasons: string[];
}

export interface EvaluationOutput {
  units: UnitOutput[];
  ballotsNeeded: BallotNeeded[];
  warnings: string[];
}

export interface ClusterEvaluation {
  scheme: Scheme;
  units: UnitInfo[];
  evaluations: Map<string, UnitEvaluation>;
  output: EvaluationOutput;
  /** The whole-cluster facts the units were evaluated with. */
  context: ClusterContext;
  /** One-unit bonuses several units claim (provisional evaluations only; empty otherwise). */
  conflicts: ClusterConflict[];
}

/**
 * The evaluation's words as the cluster calls itself: a Khối reads "xếp thứ 2/5 trong Khối",
 * "mỗi Khối chỉ một đơn vị…" in the reasons and the warnings. Figures, ranks and awards are
 * untouched; `tdkt evaluate` (no kind in the file) keeps the words of a Cụm.
 */
export function inClusterWords<E extends { output: EvaluationOutput }>(
  evaluation: E,
  kind: "cluster" | "block",
): E {
  if (kind !== "block") return evaluation;
  const words = (text: string) => clusterText(text, kind);
  const { output } = evaluation;
  return {
    ...evaluation,
    output: {
      ...output,
      units: output.units.map((u) => ({ ...u, reasons: u.reasons.map(words) })),
      warnings: output.warnings.map(words),
    },
  };
}

export function unitInfo(u: Scenario["units"][number]): UnitInfo {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    clusterKind: u.clusterKind ?? null,
    registered: u.registered,
    pactSigned: u.pactSigned,
    partyRating: u.partyRating,
    flags: u.flags,
  };
}

/**
 * Every unit of a cluster evaluated with the facts that need the whole cluster (the share
 * bonus, contested one-unit bonuses: see evaluateCluster), the context they were evaluated in,
 * and the conflicts. Warnings are added to `warnings`. Used for the final scores and, by the
 * files, for each stage's column.
 */
export function evaluateUnits(
  scheme: Scheme,
  units: UnitInfo[],
  scores: Record<string, Record<string, ScoreValue>>,
  warnings: string[],
  { explain = false, provisional = false }: { explain?: boolean; provisional?: boolean } = {},
): {
  evaluations: Map<string, UnitEvaluation>;
  context: ClusterContext;
  conflicts: ClusterConflict[];
} {
  const names = new Map(units.map((u) => [u.id, u.name]));
  const context = resolveShareBonus(scheme, scores, warnings, names);
  const evaluations = new Map<string, UnitEvaluation>();
  const evaluate = (u: UnitInfo) =>
    evaluations.set(
      u.id,
      evaluateUnit(scheme, u, scores[u.id] ?? {}, { cluster: context, explain }),
    );
  for (const u of units) evaluate(u);
  if (!provisional) checkOnePerCluster(scheme, [...evaluations.values()]);
  const conflicts = oneUnitConflicts(scheme, [...evaluations.values()]);
  if (conflicts.length > 0) {
    const named = (ids: string[]) => ids.map((id) => names.get(id) ?? id);
    context.contested = new Map(
      conflicts.map((c) => [c.criterionId, { unitIds: c.unitIds, names: named(c.unitIds) }]),
    );
    for (const u of units) if (conflicts.some((c) => c.unitIds.includes(u.id))) evaluate(u);
    for (const c of conflicts) {
      warnings.push(
        `Tiêu chí ${c.criterionId} (${c.title}): ${named(c.unitIds).join(", ")} cùng đề nghị thưởng, nhưng mỗi Cụm chỉ một đơn vị được thưởng. Chưa tính cho đơn vị nào; Cụm trưởng quyết định ở bước Cụm chấm, trước khi thẩm định.`,
      );
    }
  }
  return { evaluations, context, conflicts };
}

/**
 * Score, rank and deliberate a whole cluster on a compiled scheme. Final scores (a cluster-year
 * file) must give a one-unit bonus to one unit at most, or the file is refused. Scores still
 * moving through the year (`provisional`) may have several units claiming it: that is a
 * warning naming them, and the bonus counts for none of them until the cluster settles it.
 */
export function evaluateCluster(
  scheme: Scheme,
  units: UnitInfo[],
  scores: Record<string, Record<string, unknown>>,
  ballots: Ballot[],
  { explain = false, provisional = false }: { explain?: boolean; provisional?: boolean } = {},
): ClusterEvaluation {
  const ids = new Set<string>();
  let leaders = 0;
  for (const u of units) {
    if (ids.has(u.id)) throw new EngineError("INVALID_FILE", `Mã đơn vị ${u.id} bị trùng.`);
    ids.add(u.id);
    if (u.role === "leader") leaders++;
  }
  if (leaders > 1) {
    throw new EngineError("INVALID_FILE", "Mỗi Cụm chỉ có một Cụm trưởng trong một kỳ thi đua.");
  }
  for (const id of Object.keys(scores)) {
    if (!ids.has(id)) {
      throw new EngineError(
        "UNKNOWN_UNIT",
        `Điểm của đơn vị ${id}: đơn vị này không có trong danh sách đơn vị của Cụm.`,
      );
    }
  }
  const typed = scores as Record<string, Record<string, ScoreValue>>;
  const warnings: string[] = [];
  const { evaluations, context, conflicts } = evaluateUnits(scheme, units, typed, warnings, {
    explain,
    provisional,
  });

  const ranked = rankUnits(
    units.map((u) => ({
      id: u.id,
      unit: u,
      total: (evaluations.get(u.id) as UnitEvaluation).total,
    })),
  );
  const result = deliberate(scheme, ranked, ballots);
  const output: EvaluationOutput = {
    units: result.units.map((d) => {
      const e = evaluations.get(d.unitId) as UnitEvaluation;
      const points = scheme.sections.map((s) => e.nodes.get(s)?.points ?? 0);
      const sections: Record<string, number> = {};
      scheme.sections.forEach((s, i) => {
        sections[s] = fromHundredths(points[i] ?? 0);
      });
      return {
        id: d.unitId,
        total: fromHundredths(e.total),
        sections,
        bonus: fromHundredths(e.bonus),
        deductions: fromHundredths(e.deductions),
        rank: d.rank,
        award: d.award,
        status: d.status,
        reasons: [...explainTotal(scheme, e, points), ...d.reasons],
      };
    }),
    ballotsNeeded: result.ballotsNeeded,
    warnings: [...warnings, ...result.warnings],
  };
  return { scheme, units, evaluations, output, context, conflicts };
}

/** The total explained; `points`: each section's points, in the scheme's order. */
function explainTotal(scheme: Scheme, e: UnitEvaluation, points: Hundredths[]): string[] {
  const parts = scheme.sections.map((s, i) => {
    const v = formatPoints(points[i] ?? 0);
    return scheme.nodes.get(s)?.deduction ? `trừ ${v} (mục ${s})` : `mục ${s}: ${v}`;
  });
  const lines = [`Điểm các mục — ${parts.join("; ")}.`];
  if (e.bonus > 0) lines.push(`Điểm thưởng vượt kế hoạch: ${formatPoints(e.bonus)}.`);
  if (e.totalCapped && scheme.totalCap !== null) {
    const cap = formatPoints(scheme.totalCap);
    lines.push(`Tổng các mục và điểm thưởng vượt ${cap} điểm nên tính ${cap} trước khi trừ điểm.`);
  }
  return lines;
}

/** The whole `tdkt evaluate`: a parsed file in, the SCENARIO.md output out. */
export function evaluateScenario(
  input: unknown,
  options: { provisional?: boolean } = {},
): ClusterEvaluation {
  const scenario = parseScenario(input);
  const scheme = schemeOf(scenario);
  return evaluateCluster(
    scheme,
    scenario.units.map(unitInfo),
    scenario.scores,
    scenario.ballots,
    options,
  );
}
