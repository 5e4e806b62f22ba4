/** What a period's criteria start from: its preset, or the level's framework built on a preset. */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { PRESETS } from "../../../core/presets/index.ts";
import { type CriterionChange, frameworkSpec, type SchemeSpec } from "../../../core/scheme.ts";
import { api } from "../../api.ts";
import type { PeriodOverview } from "../period/period-data.ts";

/** The overview with the framework the period starts from, if any. */
export type Overview = PeriodOverview & {
  framework?: { id: number; name: string; levelId: number } | null;
};

interface FrameworkOut {
  id: number;
  name: string;
  presetId: string;
  criteria: CriterionChange[];
  lockedSections: string[];
}

export function presetOf(schemeId: string): SchemeSpec | null {
  const preset = PRESETS.find((p) => p.id === schemeId);
  return preset ? structuredClone(preset) : null;
}

export interface SchemeBase {
  pending: boolean;
  /** The preset as published (null: the period names no known preset). */
  preset: SchemeSpec | null;
  /** What the cluster's list applies to: the framework's scheme, or the preset. */
  base: SchemeSpec | null;
  error: string | null;
}

/** The preset, and the scheme the cluster specialises (the framework's, or the preset itself). */
export function useSchemeBase(overview: Overview | undefined): SchemeBase {
  const framework = overview?.framework ?? null;
  const schemeId = overview?.period.schemeId;
  const frameworks = useQuery({
    queryKey: ["level", framework?.levelId, "frameworks"],
    queryFn: () =>
      api<{ frameworks: FrameworkOut[] }>("GET", `/api/levels/${framework?.levelId}/frameworks`),
    enabled: framework !== null,
  });
  const row = frameworks.data?.frameworks.find((f) => f.id === framework?.id) ?? null;
  return useMemo((): SchemeBase => {
    if (!schemeId) return { pending: true, preset: null, base: null, error: null };
    const preset = presetOf(schemeId);
    if (!preset || !framework) return { pending: false, preset, base: preset, error: null };
    if (frameworks.isPending) return { pending: true, preset, base: null, error: null };
    if (frameworks.isError) {
      return { pending: false, preset, base: null, error: frameworks.error.message };
    }
    if (!row) return { pending: false, preset, base: null, error: null };
    return {
      pending: false,
      preset,
      base: frameworkSpec(presetOf(schemeId) as SchemeSpec, row),
      error: null,
    };
  }, [schemeId, framework, row, frameworks.isPending, frameworks.isError, frameworks.error]);
}
