/**
 * Open a cluster's year: its label, calendar or school year, dates, the scheme (a reference
 * preset or a framework of the cluster's level or one above, optionally specialised by the
 * cluster's criteria, checked by the engine), the default
 * milestones, and the member units with exactly one leader and at most one deputy.
 */
import { and, eq, inArray } from "drizzle-orm";
import { EngineError } from "../../../core/errors.ts";
import { findPreset } from "../../../core/presets/index.ts";
import type { CriterionChange, Role } from "../../../core/scheme.ts";
import { writeAudit } from "../../audit.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { frameworks, periods, periodUnits, units } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import { levelChain } from "../../policies/access.ts";
import { compilePeriodScheme, type FrameworkRow } from "../../queries/cluster-year.ts";
import { periodMembers } from "../../queries/organisation.ts";
import { findCluster, isUniqueViolation } from "./lookup.ts";
import { defaultMilestones } from "./milestones.ts";

export interface CreatePeriodInput {
  clusterId: number;
  label: string;
  kind: "calendar" | "school";
  startsOn: string;
  endsOn: string;
  /** A reference preset, or `frameworkId`: a framework of the cluster's level or one above. */
  schemeId?: string;
  frameworkId?: number;
  criteria: CriterionChange[];
  units: { unitId: number; role: Role }[];
}

/** The scheme exists and the cluster's criteria fit it (on the framework, if any); else 400
 * with the engine's message. */
export function checkScheme(
  schemeId: string,
  criteria: CriterionChange[],
  framework: Pick<FrameworkRow, "criteria" | "lockedSections"> | null = null,
): void {
  try {
    findPreset(schemeId);
  } catch (e) {
    if (e instanceof EngineError) throw badRequest("UNKNOWN_PRESET", e.message);
    throw e;
  }
  try {
    compilePeriodScheme({ schemeId, criteria }, framework);
  } catch (e) {
    if (e instanceof EngineError) throw badRequest("INVALID_CRITERIA", e.message);
    throw e;
  }
}

/** Exactly one leader, at most one deputy, each unit once. */
export function checkRoles(members: { unitId: number; role: Role }[]): void {
  const ids = new Set(members.map((m) => m.unitId));
  if (ids.size !== members.length) {
    throw badRequest(
      "DUPLICATE_UNIT",
      "Một đơn vị được khai báo hai lần trong danh sách thành viên.",
    );
  }
  const leaders = members.filter((m) => m.role === "leader").length;
  if (leaders !== 1) {
    throw badRequest(
      "ONE_LEADER",
      leaders === 0
        ? "Kỳ thi đua phải có một đơn vị Cụm trưởng."
        : `Mỗi kỳ thi đua chỉ có một Cụm trưởng (đang khai báo ${leaders} đơn vị).`,
    );
  }
  if (members.filter((m) => m.role === "deputy").length > 1) {
    throw badRequest("ONE_DEPUTY", "Mỗi kỳ thi đua có nhiều nhất một Cụm phó.");
  }
}

/** A framework a cluster of `levelId` may start from: its level's or a level above (404 when
 * unknown, else 400). Held until the period is saved, so it cannot change in between. */
async function usableFramework(tx: DbOrTx, frameworkId: number, levelId: number) {
  const [framework] = await tx
    .select()
    .from(frameworks)
    .where(eq(frameworks.id, frameworkId))
    .for("share");
  if (!framework) throw notFound(`khung tiêu chí số ${frameworkId}`);
  if (!(await levelChain(tx, levelId)).includes(framework.levelId)) {
    throw badRequest(
      "FRAMEWORK_OF_OTHER_LEVEL",
      `Khung tiêu chí "${framework.name}" không thuộc cấp của Cụm hay cấp trên của Cụm: hãy chọn khung tiêu chí do cơ quan thường trực cấp mình hoặc cấp trên ban hành.`,
    );
  }
  return framework;
}

export async function createPeriod(db: Db, actorId: number | null, input: CreatePeriodInput) {
  if (input.startsOn >= input.endsOn) {
    throw badRequest("INVALID_DATES", "Ngày kết thúc kỳ thi đua phải sau ngày bắt đầu.");
  }
  if ((input.schemeId === undefined) === (input.frameworkId === undefined)) {
    throw badRequest(
      "SCHEME_REQUIRED",
      "Hãy chọn một trong hai: bộ tiêu chí mẫu (schemeId) hoặc khung tiêu chí của cấp (frameworkId).",
    );
  }
  if (input.schemeId !== undefined) checkScheme(input.schemeId, input.criteria);
  checkRoles(input.units);
  const taken = () =>
    conflict(`Cụm đã có kỳ thi đua "${input.label}". Hãy đặt tên kỳ khác hoặc mở kỳ đã có.`);
  try {
    return await db.transaction(async (tx) => {
      const cluster = await findCluster(tx, input.clusterId);
      const framework =
        input.frameworkId === undefined
          ? null
          : await usableFramework(tx, input.frameworkId, cluster.levelId);
      const schemeId = framework?.presetId ?? (input.schemeId as string);
      if (framework) checkScheme(schemeId, input.criteria, framework);
      const ids = input.units.map((u) => u.unitId);
      const found = await tx.select({ id: units.id }).from(units).where(inArray(units.id, ids));
      const missing = ids.find((id) => !found.some((f) => f.id === id));
      if (missing !== undefined) throw notFound(`đơn vị số ${missing}`);
      const [existing] = await tx
        .select({ id: periods.id })
        .from(periods)
        .where(and(eq(periods.clusterId, cluster.id), eq(periods.label, input.label)));
      if (existing) throw taken();
      const [period] = await tx
        .insert(periods)
        .values({
          clusterId: cluster.id,
          label: input.label,
          kind: input.kind,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          schemeId,
          frameworkId: framework?.id ?? null,
          criteria: input.criteria,
          milestones: defaultMilestones(input.startsOn, input.endsOn),
        })
        .returning();
      if (!period) throw new Error("insert returned nothing");
      await tx
        .insert(periodUnits)
        .values(input.units.map((u) => ({ periodId: period.id, unitId: u.unitId, role: u.role })));
      const members = await periodMembers(tx, period.id);
      await writeAudit(tx, {
        actorId,
        action: "period.create",
        entity: "period",
        entityId: period.id,
        periodId: period.id,
        newValue: { ...period, units: members },
      });
      return { ...period, units: members };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
