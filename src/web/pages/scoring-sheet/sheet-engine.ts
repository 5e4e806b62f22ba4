/**
 * The engine in the browser: the period's scheme compiled as the server compiles it, a value
 * checked as the server will check it, and the sheet's points previewed as the user types
 * (the server's figures are shown for everything saved: sheet-figures.ts).
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { fromHundredths } from "../../../core/decimal.ts";
import {
  type ScoreValue,
  type Stage,
  type StagedValue,
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
import { type Evaluations, evaluateStages, stagedFrom, withDrafts } from "./sheet-figures.ts";

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

/** Each criterion's values by stage as saved (as the browser knows them). */
export function savedStaged(sheet: SheetData): Record<string, StagedValue> {
  return stagedFrom(sheet.rows);
}

/**
 * The sheet evaluated at each stage in the browser, with the values being typed at the stage
 * being edited and the server's whole-cluster facts held fixed: the preview of what is not
 * saved yet (sheet-figures.ts chooses it over the server's figures only there).
 */
export function evaluateSheet(
  scheme: Scheme | null,
  sheet: SheetData,
  staged: Record<string, StagedValue>,
  drafts: Record<string, ScoreValue>,
  editStage: Stage | null,
): Evaluations | null {
  if (!scheme) return null;
  try {
    return evaluateStages(
      scheme,
      sheet.unit,
      withDrafts(staged, drafts, editStage),
      sheet.clusterFacts,
    );
  } catch {
    return null;
  }
}
