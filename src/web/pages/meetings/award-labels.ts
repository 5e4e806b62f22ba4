/** The awards of a period's preset, by id, for ballots on an award tie. */
import { PRESETS } from "../../../core/presets/index.ts";

export function awardLabels(schemeId: string | undefined): Record<string, string> {
  const preset = PRESETS.find((p) => p.id === schemeId);
  if (!preset) return {};
  const awards = [...preset.awards.slots.flatMap((s) => s.awards), ...preset.awards.thresholds];
  return Object.fromEntries(awards.map((a) => [a.id, a.label]));
}
