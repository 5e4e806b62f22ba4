/**
 * What a unit registered and signed, and the facts the standing agency records for
 * deliberation (party organisation rating, cases). Each change audited with its reason.
 */
import { and, eq } from "drizzle-orm";
import type { PartyRating, UnitFlag } from "../../../core/scheme.ts";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { periodUnits, type Registration } from "../../db/schema.ts";
import { conflict, forbidden, notFound } from "../../errors.ts";
import { assertYearOpen, DENY, type PeriodAccess } from "../../policies/access.ts";

type Change =
  | { kind: "registration"; registration: Registration }
  | { kind: "pact"; signedOn: string }
  | { kind: "standing"; partyRating?: PartyRating; flags?: UnitFlag[]; reason: string };

export async function recordUnitFacts(
  db: Db,
  access: PeriodAccess,
  unitId: number,
  version: number,
  change: Change,
) {
  const own =
    access.user.role === "unit" && access.user.unitId === unitId && access.memberRole !== null;
  if (change.kind === "registration" && !(own || access.leadership)) throw forbidden(DENY.ownUnit);
  if (change.kind === "pact" && !access.leadership) throw forbidden(DENY.leadership);
  if (change.kind === "standing" && !access.standing) throw forbidden(DENY.standing);
  return db.transaction(async (tx) => {
    await assertYearOpen(tx, access.period.id);
    const key = and(eq(periodUnits.periodId, access.period.id), eq(periodUnits.unitId, unitId));
    const [before] = await tx.select().from(periodUnits).where(key).for("update");
    if (!before) throw notFound(`đơn vị số ${unitId} trong kỳ thi đua này`);
    if (before.version !== version) {
      throw conflict("Thông tin đơn vị vừa được người khác thay đổi. Hãy tải lại trang.", {
        version: before.version,
      });
    }
    const set =
      change.kind === "registration"
        ? { registration: change.registration, registeredAt: new Date() }
        : change.kind === "pact"
          ? { pactSignedOn: change.signedOn }
          : {
              ...(change.partyRating ? { partyRating: change.partyRating } : {}),
              ...(change.flags ? { flags: change.flags } : {}),
            };
    await tx
      .update(periodUnits)
      .set({ ...set, version: before.version + 1 })
      .where(key);
    const old = Object.fromEntries(
      Object.keys(set).map((k) => [k, before[k as keyof typeof before]]),
    );
    await writeAudit(tx, {
      actorId: access.user.id,
      action: `unit.${change.kind}`,
      entity: "period_unit",
      entityId: `${access.period.id}/${unitId}`,
      periodId: access.period.id,
      unitId,
      oldValue: old,
      newValue: set,
      reason: change.kind === "standing" ? change.reason : null,
    });
    return { version: before.version + 1 };
  });
}
