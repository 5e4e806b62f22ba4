/**
 * The cluster's own criteria: set by the leadership until scoring starts; afterwards changed
 * only by a recorded decision of the standing agency, which every unit is told of.
 */
import { and, eq, sql } from "drizzle-orm";
import { EngineError } from "../../../core/errors.ts";
import type { CriterionChange } from "../../../core/scheme.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { periods } from "../../db/schema.ts";
import { badRequest, conflict, forbidden } from "../../errors.ts";
import { assertYearOpen, DENY, type PeriodAccess } from "../../policies/access.ts";
import { compilePeriodScheme, periodFramework } from "../../queries/cluster-year.ts";

export async function setCriteria(
  db: Db,
  access: PeriodAccess,
  input: { criteria: CriterionChange[]; version: number; reason?: string | null },
) {
  const frozen = access.period.schemeFrozenAt !== null;
  if (frozen ? !access.standing : !(access.leadership || access.standing)) {
    throw forbidden(
      frozen
        ? "Cụm đã bắt đầu chấm điểm: chỉ cơ quan thường trực được sửa bộ tiêu chí, bằng một quyết định có ghi lý do."
        : DENY.leadership,
    );
  }
  const reason = input.reason?.trim() || null;
  if (frozen && !reason)
    throw badRequest(
      "REASON_REQUIRED",
      "Sửa bộ tiêu chí sau khi đã chấm cần ghi số quyết định và lý do.",
    );
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    // the framework is held until the end: it cannot change between this check and the write
    const framework = await periodFramework(tx, access.period);
    try {
      compilePeriodScheme(
        { schemeId: access.period.schemeId, criteria: input.criteria },
        framework,
      );
    } catch (e) {
      if (e instanceof EngineError) throw badRequest(e.code, e.message);
      throw e;
    }
    const [updated] = await tx
      .update(periods)
      // the stored version counts on: the one sent may be any integer (2147483647 + 1 would
      // not fit the column and fail the statement), and a stale one matches no row: a 409
      .set({ criteria: input.criteria, version: sql`${periods.version} + 1` })
      .where(and(eq(periods.id, access.period.id), eq(periods.version, input.version)))
      .returning({ version: periods.version });
    if (!updated) {
      throw conflict("Bộ tiêu chí vừa được người khác thay đổi. Hãy tải lại trang.", {
        version: access.period.version,
      });
    }
    await writeAudit(tx, {
      actorId: access.user.id,
      action: frozen ? "scheme.amended" : "scheme.criteria",
      entity: "period",
      entityId: access.period.id,
      periodId: access.period.id,
      oldValue: access.period.criteria,
      newValue: input.criteria,
      reason,
    });
    return { version: updated.version };
  });
}
