/** Small builders of cluster-year files for tests. */
import { evaluateScenario, type ScenarioInput, type UnitOutput } from "../src/core/scenario.ts";

type UnitInput = ScenarioInput["units"][number];

/**
 * A cluster-year of `scheme` whose units are the keys of `scores` (the first one is the
 * leader, the second the deputy unless `units` says otherwise).
 */
export function clusterYear(
  scheme: string,
  scores: Record<string, Record<string, unknown>>,
  options: {
    units?: Record<string, Partial<UnitInput>>;
    criteria?: ScenarioInput["criteria"];
    ballots?: ScenarioInput["ballots"];
  } = {},
): ScenarioInput {
  const ids = Object.keys(scores);
  return {
    format: "tdkt-scenario/1",
    scheme,
    period: "2024",
    criteria: options.criteria ?? [],
    units: ids.map((id, i) => ({
      id,
      name: `Đơn vị ${id}`,
      role: i === 0 ? "leader" : i === 1 ? "deputy" : "member",
      ...options.units?.[id],
    })),
    scores,
    ballots: options.ballots ?? [],
  };
}

/** Evaluate a file and index its units by id. */
export function evaluate(input: unknown) {
  const { output } = evaluateScenario(input);
  const units = new Map(output.units.map((u) => [u.id, u]));
  return {
    output,
    unit(id: string): UnitOutput {
      const u = units.get(id);
      if (!u) throw new Error(`no unit ${id} in the output`);
      return u;
    },
  };
}

/** The Vietnamese message of the EngineError the evaluation throws (fails if it does not). */
export function rejection(input: unknown): string {
  try {
    evaluateScenario(input);
  } catch (e) {
    if (e instanceof Error && e.name === "EngineError") return e.message;
    throw e;
  }
  throw new Error("expected the file to be rejected");
}
