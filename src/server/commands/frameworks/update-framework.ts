/**
 * The standing agency changes its framework: name, changes and locked sections (the preset
 * stays). Refused once a period using it has started scoring, and while a period's own
 * criteria would no longer fit it; a stale version is refused with who changed it and when.
 */
import { asc, eq } from "drizzle-orm";
import { EngineError } from "../../../core/errors.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { clusters, frameworks, periods } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { compilePeriodScheme, type FrameworkRow } from "../../queries/cluster-year.ts";
import { frameworkOut, lastChange } from "../../queries/frameworks.ts";
import { checkFramework, type FrameworkInput } from "./create-framework.ts";

export interface UpdateFrameworkInput extends Omit<FrameworkInput, "presetId"> {
  version: number;
  reason?: string | null;
}

const when = (at: Date) => at.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });

export async function updateFramework(
  db: Db,
  actorId: number,
  framework: FrameworkRow,
  input: UpdateFrameworkInput,
) {
  const lockedSections = checkFramework({ ...input, presetId: framework.presetId });
  return db.transaction(async (tx) => {
    // held until the end: no score is saved on the old framework while it changes
    const [current] = await tx
      .select()
      .from(frameworks)
      .where(eq(frameworks.id, framework.id))
      .for("update");
    if (!current) throw new Error("framework vanished");
    if (current.version !== input.version) {
      const last = await lastChange(tx, current.id);
      throw conflict(
        last
          ? `Khung tiêu chí vừa được ${last.by ?? "người khác"} thay đổi lúc ${when(last.at)}. Hãy xem nội dung hiện tại rồi sửa lại.`
          : "Khung tiêu chí vừa được người khác thay đổi. Hãy tải lại trang.",
        await frameworkOut(tx, current.id),
      );
    }
    const using = await tx
      .select({ period: periods, clusterName: clusters.name })
      .from(periods)
      .innerJoin(clusters, eq(clusters.id, periods.clusterId))
      .where(eq(periods.frameworkId, current.id))
      .orderBy(asc(periods.id));
    const started = using.filter((u) => u.period.schemeFrozenAt !== null);
    if (started.length > 0) {
      throw conflict(
        `Khung tiêu chí đã được dùng để chấm điểm (${started.map((u) => `${u.clusterName}, kỳ ${u.period.label}`).join("; ")}): không sửa được nữa. Hãy ban hành một khung tiêu chí mới cho các kỳ sau.`,
        { periods: started.map((u) => ({ id: u.period.id, label: u.period.label })) },
      );
    }
    for (const { period, clusterName } of using) {
      try {
        compilePeriodScheme(period, { criteria: input.criteria, lockedSections });
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        throw conflict(
          `Tiêu chí riêng của ${clusterName}, kỳ ${period.label}, không còn phù hợp với khung tiêu chí mới — ${e.message} Hãy để Cụm sửa tiêu chí trước, hoặc giữ nguyên phần này của khung.`,
          { periodId: period.id },
        );
      }
    }
    const changes = { name: input.name, criteria: input.criteria, lockedSections };
    await tx
      .update(frameworks)
      .set({ ...changes, version: current.version + 1 })
      .where(eq(frameworks.id, current.id));
    await writeAudit(tx, {
      actorId,
      action: "framework.update",
      entity: "framework",
      entityId: current.id,
      oldValue: {
        name: current.name,
        criteria: current.criteria,
        lockedSections: current.lockedSections,
      },
      newValue: changes,
      reason: input.reason?.trim() || null,
    });
    return frameworkOut(tx, current.id);
  });
}
