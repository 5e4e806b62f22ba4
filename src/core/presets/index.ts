import { EngineError } from "../errors.ts";
import type { SchemeSpec } from "../scheme.ts";
import { baDinh2022 } from "./ba-dinh-2022.ts";
import { langSon2019A, langSon2019B, langSon2019C, langSon2019D } from "./lang-son-2019.ts";
import { longBien2024 } from "./long-bien-2024.ts";
import { vungCao2022 } from "./vung-cao-2022.ts";

/** The reference schemes of the seeds, by id. */
export const PRESETS: readonly SchemeSpec[] = [
  longBien2024,
  baDinh2022,
  langSon2019A,
  langSon2019B,
  langSon2019C,
  langSon2019D,
  vungCao2022,
];

export function findPreset(id: string): SchemeSpec {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) {
    throw new EngineError(
      "UNKNOWN_PRESET",
      `Không có bộ tiêu chí mẫu "${id}". Các bộ có sẵn: ${PRESETS.map((p) => p.id).join(", ")}.`,
    );
  }
  return structuredClone(preset);
}
