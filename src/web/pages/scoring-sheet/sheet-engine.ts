/**
 * The engine in the browser: the period's scheme compiled as the server compiles it, a value
 * checked as the server will check it, and the sheet's points recomputed as the user types.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { fromHundredths } from "../../../core/decimal.ts";
import {
  evaluateUnit,
  type ScoreValue,
  type Stage,
  type StagedValue,
  scoresAtStage,
  type UnitEvaluation,
  valueRefusal,
} from "../../../core/evaluate.ts";
import { findPreset } from "../../../core/presets/index.ts";
import { schemeOf } from "../../../core/scenario.ts";
import {
  type CriterionChange,
  compileScheme,
  frameworkSpec,
  type Scheme,
  specialise,
} from "../../../core/scheme.ts";
import { api } from "../../api.ts";
import type { PeriodOverview } from "../period/period-data.ts";
import type { SheetData } from "./sheet-data.ts";

type Overview = PeriodOverview & {
  framework?: { id: number; name: string; levelId: number } | null;
};

interface FrameworkRow {
  id: number;
  criteria: CriterionChange[];
  lockedSections: string[];
}

/** The scheme of the period, or null when the browser cannot rebuild the server's exactly. */
export function useBrowserScheme(overview: Overview | undefined, sheet: SheetData | undefined) {
  const fw = overview?.framework ?? null;
  const framework = useQuery({
    queryKey: ["framework", fw?.levelId, fw?.id],
    queryFn: async () => {
      const res = await api<{ frameworks: FrameworkRow[] }>(
        "GET",
        `/api/levels/${fw?.levelId}/frameworks`,
      );
      return res.frameworks.find((f) => f.id === fw?.id) ?? null;
    },
    enabled: fw !== null,
  });
  return useMemo(() => {
    if (!overview || !sheet) return null;
    if (fw && !framework.data) return null;
    try {
      const criteria = overview.period.criteria as CriterionChange[];
      const scheme = framework.data
        ? compileScheme(
            specialise(
              frameworkSpec(findPreset(overview.period.schemeId), framework.data),
              criteria,
            ),
          )
        : schemeOf({ scheme: overview.period.schemeId, criteria });
      return matches(scheme, sheet) ? scheme : null;
    } catch {
      return null;
    }
  }, [overview, sheet, fw, framework.data]);
}

/** The compiled scheme has the sheet's criteria, in order, with the same kinds and maxima. */
function matches(scheme: Scheme, sheet: SheetData): boolean {
  const rows = sheet.scheme.criteria;
  return (
    scheme.preOrder.length === rows.length &&
    scheme.preOrder.every((c, i) => {
      const r = rows[i];
      return (
        r !== undefined &&
        r.id === c.id &&
        r.kind === c.kind &&
        r.max === (c.max === null ? null : fromHundredths(c.max))
      );
    })
  );
}

/** The engine's message without "Đơn vị …, tiêu chí … (…): ", for beside the cell. */
export function shortMessage(message: string, title: string): string {
  const marker = `(${title}): `;
  const at = message.indexOf(marker);
  const why = at >= 0 ? message.slice(at + marker.length) : message;
  const text = why.replace(/(\d)\.(\d)/g, "$1,$2");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why the engine refuses this value for this criterion, or null when it takes it. */
export function refusal(
  scheme: Scheme,
  unit: { code: string; role: "leader" | "deputy" | "member" },
  criterionId: string,
  value: ScoreValue,
): string | null {
  const why = valueRefusal(scheme, { id: unit.code, role: unit.role }, criterionId, value);
  return why && shortMessage(why, scheme.nodes.get(criterionId)?.title ?? "");
}

/** Each criterion's values by stage as saved on the server. */
export function savedStaged(sheet: SheetData): Record<string, StagedValue> {
  const staged: Record<string, StagedValue> = {};
  for (const row of sheet.rows) {
    const values: StagedValue = {};
    for (const [stage, entry] of Object.entries(row.values)) {
      if (entry) values[stage as Stage] = entry.value;
    }
    staged[row.criterionId] = values;
  }
  return staged;
}

export type Evaluations = Record<"self" | "official" | "cluster" | "appraisal", UnitEvaluation>;

/** The sheet evaluated at each stage, with the values being typed at the stage being edited. */
export function evaluateSheet(
  scheme: Scheme | null,
  sheet: SheetData,
  staged: Record<string, StagedValue>,
  drafts: Record<string, ScoreValue>,
  editStage: Stage | null,
): Evaluations | null {
  if (!scheme) return null;
  const live: Record<string, StagedValue> = { ...staged };
  if (editStage) {
    for (const [id, value] of Object.entries(drafts)) {
      live[id] = { ...live[id], [editStage]: value };
    }
  }
  const unit = { id: sheet.unit.code, role: sheet.unit.role };
  try {
    const at = (stage: Stage) =>
      evaluateUnit(scheme, unit, scoresAtStage(live, stage), { explain: true });
    return {
      self: at("self"),
      official: at("official"),
      cluster: at("cluster"),
      appraisal: at("appraisal"),
    };
  } catch {
    return null;
  }
}
