/**
 * The standing agency of a level publishes a framework (khung tiêu chí): a reference preset, its
 * own changes (split, rename, re-weight) and the sections clusters may not change. Checked by
 * the engine before anything is saved.
 */
import { EngineError } from "../../../core/errors.ts";
import { findPreset } from "../../../core/presets/index.ts";
import { type CriterionChange, compileScheme, frameworkSpec } from "../../../core/scheme.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { frameworks } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { frameworkOut } from "../../queries/frameworks.ts";

export interface FrameworkInput {
  name: string;
  presetId: string;
  criteria: CriterionChange[];
  lockedSections: string[];
}

/** The preset exists, the changes fit it, each locked section is one of its sections; else 400
 * with the engine's message. Returns the locked sections without repeats. */
export function checkFramework(input: FrameworkInput): string[] {
  const lockedSections = [...new Set(input.lockedSections)];
  let preset: ReturnType<typeof findPreset>;
  try {
    preset = findPreset(input.presetId);
  } catch (e) {
    if (e instanceof EngineError) throw badRequest("UNKNOWN_PRESET", e.message);
    throw e;
  }
  try {
    compileScheme(frameworkSpec(preset, { criteria: input.criteria, lockedSections }));
  } catch (e) {
    if (e instanceof EngineError) throw badRequest("INVALID_FRAMEWORK", e.message);
    throw e;
  }
  return lockedSections;
}

export async function createFramework(
  db: Db,
  actorId: number,
  levelId: number,
  input: FrameworkInput,
) {
  const lockedSections = checkFramework(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(frameworks)
      .values({
        levelId,
        name: input.name,
        presetId: input.presetId,
        criteria: input.criteria,
        lockedSections,
        createdBy: actorId,
      })
      .returning();
    if (!row) throw new Error("insert returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "framework.create",
      entity: "framework",
      entityId: row.id,
      newValue: row,
    });
    return frameworkOut(tx, row.id);
  });
}
