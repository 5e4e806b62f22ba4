/**
 * The cluster's results as the engine gives them (GET /api/periods/:id/results), the proposals
 * sent to the council, a unit's totals over the years, and the Vietnamese labels of awards and
 * award statuses.
 */
import { useQuery } from "@tanstack/react-query";
import { AWARD_STATUS_LABELS } from "../../../core/deliberate.ts";
import { findPreset } from "../../../core/presets/index.ts";
import { api } from "../../api.ts";

export interface UnitResult {
  /** The unit's code. */
  id: string;
  total: number;
  sections: Record<string, number>;
  bonus: number;
  deductions: number;
  rank: number;
  award: string | null;
  status: "proposed" | "none" | "postponed" | "excluded" | "ballot";
  reasons: string[];
}

export interface Results {
  units: UnitResult[];
  ballotsNeeded: { award: string; candidates: string[] }[];
  warnings: string[];
}

export interface Proposal {
  id: number;
  periodId: number;
  results: Results;
  note: string;
  submittedBy: number;
  submittedAt: string;
}

export interface UnitYear {
  periodId: number;
  label: string;
  cluster: string;
  total: number;
  rank: number;
  award: string | null;
}

export function useResults(periodId: number) {
  return useQuery({
    queryKey: ["results", periodId],
    queryFn: () => api<Results>("GET", `/api/periods/${periodId}/results`),
    retry: false,
  });
}

export function useProposals(periodId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["proposals", periodId],
    queryFn: () => api<{ proposals: Proposal[] }>("GET", `/api/periods/${periodId}/proposals`),
    enabled,
  });
}

export function useUnitYears(unitId: number | null) {
  return useQuery({
    queryKey: ["unit-years", unitId],
    queryFn: () => api<{ unitId: number; years: UnitYear[] }>("GET", `/api/units/${unitId}/years`),
    enabled: unitId !== null,
    retry: false,
  });
}

const AWARD_LABELS: Record<string, string> = {
  "co-chinh-phu": "Cờ thi đua của Chính phủ",
  "co-thanh-pho": "Cờ thi đua của UBND Thành phố",
  "bang-khen-tldxs": "Bằng khen, Tập thể lao động xuất sắc",
  tldtt: "Tập thể lao động tiên tiến",
  "co-tinh": "Cờ thi đua của UBND tỉnh",
  "bang-khen-tinh": "Bằng khen của Chủ tịch UBND tỉnh",
};

export const STATUS_LABELS = AWARD_STATUS_LABELS;

export const STATUS_STYLES: Record<UnitResult["status"], { color: string; background: string }> = {
  proposed: { color: "#135200", background: "#f6ffed" },
  none: { color: "#434343", background: "#fafafa" },
  postponed: { color: "#874d00", background: "#fffbe6" },
  excluded: { color: "#a8071a", background: "#fff1f0" },
  ballot: { color: "#003eb3", background: "#e6f4ff" },
};

interface Threshold {
  id: string;
  label: string;
  minTotal: number;
}

/** The awards of the scheme's preset: labels, and the thresholds drawn on the totals chart. */
export function schemeAwards(schemeId: string): {
  labels: Map<string, string>;
  thresholds: Threshold[];
  /** The scheme's awards, best first, by their Vietnamese labels. */
  offered: string[];
} {
  const labels = new Map(Object.entries(AWARD_LABELS));
  const thresholds: Threshold[] = [];
  const offered: string[] = [];
  try {
    const rules = findPreset(schemeId).awards;
    for (const a of [...rules.slots.flatMap((s) => s.awards), ...rules.thresholds]) {
      labels.set(a.id, a.label); // the scheme's own words, as the files write them
      offered.push(labels.get(a.id) ?? a.label);
      if (a.minTotal !== undefined)
        thresholds.push({ id: a.id, label: labels.get(a.id) ?? a.label, minTotal: a.minTotal });
    }
  } catch {
    // a scheme that is not a preset: labels from the list above, no thresholds drawn
  }
  return { labels, thresholds, offered };
}

/**
 * Why a unit is not considered (or not yet) for an award, in a few words: the reason its
 * status rests on ("có dấu hiệu sai phạm đang được cơ quan có thẩm quyền xem xét"); null when its
 * status needs none.
 */
export function statusReason(u: UnitResult): string | null {
  if (u.status !== "postponed" && u.status !== "excluded") return null;
  const line = u.reasons.find((r) => r.startsWith(`${STATUS_LABELS[u.status]} khen thưởng: `));
  if (!line) return null;
  const why = line.slice(line.indexOf(": ") + 2);
  return why.split(". ")[0]?.replace(/\.$/, "") ?? null;
}
