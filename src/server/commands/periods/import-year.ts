/**
 * Import a cluster-year file (`tdkt-scenario/1`) as a finished year of a cluster: the file is
 * checked by the engine first (nothing is saved from a file with a problem); units are matched
 * by code (missing ones created at the cluster's level); scores become the appraised values.
 * This is how the years kept in Word and Excel come in, so a unit's history spans the years.
 */
import { eq, inArray } from "drizzle-orm";
import { EngineError } from "../../../core/errors.ts";
import { evaluateScenario, parseScenario } from "../../../core/scenario.ts";
import { type AuditEntry, writeAudit, writeAudits } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import {
  ballots,
  clusters,
  meetings,
  periods,
  periodUnits,
  scores,
  units,
} from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";

const FROM_FILE = "Nhập từ tệp năm thi đua";

export async function importYear(db: Db, actorId: number, clusterId: number, file: unknown) {
  let scenario: ReturnType<typeof parseScenario>;
  try {
    scenario = parseScenario(file);
    evaluateScenario(scenario);
  } catch (e) {
    if (e instanceof EngineError) throw badRequest(e.code, e.message);
    throw e;
  }
  return db.transaction(async (tx) => {
    const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, clusterId));
    if (!cluster) throw notFound(`Cụm thi đua số ${clusterId}`);
    const year = /^\d{4}$/.test(scenario.period) ? Number(scenario.period) : null;
    const [period] = await tx
      .insert(periods)
      .values({
        clusterId,
        label: scenario.period,
        kind: "calendar",
        startsOn: year ? `${year}-01-01` : "1970-01-01",
        endsOn: year ? `${year}-12-31` : "1970-12-31",
        schemeId: scenario.scheme,
        criteria: scenario.criteria,
        schemeFrozenAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (!period) throw conflict(`Cụm đã có kỳ thi đua "${scenario.period}": không nhập đè.`);
    const codes = scenario.units.map((u) => u.id);
    const known = await tx.select().from(units).where(inArray(units.code, codes));
    const byCode = new Map(known.map((u) => [u.code, u.id]));
    for (const u of scenario.units) {
      if (byCode.has(u.id)) continue;
      const [created] = await tx
        .insert(units)
        .values({ levelId: cluster.levelId, code: u.id, name: u.name, kind: cluster.memberKind })
        .returning({ id: units.id });
      byCode.set(u.id, (created as { id: number }).id);
    }
    await tx.insert(periodUnits).values(
      scenario.units.map((u) => ({
        periodId: period.id,
        unitId: byCode.get(u.id) as number,
        role: u.role,
        partyRating: u.partyRating,
        flags: u.flags,
        registeredAt: u.registered ? new Date() : null,
        pactSignedOn: u.pactSigned ? `${year ?? 1970}-01-01` : null,
        sheetStatus: "appraised",
        reconciledAt: new Date(),
      })),
    );
    const rows = Object.entries(scenario.scores).flatMap(([code, sheet]) =>
      Object.entries(sheet).map(([criterionId, value]) => ({
        periodId: period.id,
        unitId: byCode.get(code) as number,
        criterionId,
        stage: "appraisal" as const,
        value,
        comment: FROM_FILE,
        scoredBy: actorId,
      })),
    );
    if (rows.length > 0) await tx.insert(scores).values(rows);
    const imported: Omit<AuditEntry, "actorId">[] = [
      ...rows.map((r) => ({
        action: "score.appraisal",
        entity: "score",
        entityId: `${r.unitId}/${r.criterionId}/appraisal`,
        unitId: r.unitId,
        newValue: { value: r.value, comment: r.comment },
      })),
      ...scenario.units
        .filter((u) => u.flags.length > 0)
        .map((u) => ({
          action: "unit.standing",
          entity: "period_unit",
          entityId: `${period.id}/${byCode.get(u.id)}`,
          unitId: byCode.get(u.id) as number,
          newValue: { flags: u.flags },
        })),
    ];
    if (scenario.ballots.length > 0) {
      const [meeting] = await tx
        .insert(meetings)
        .values({
          periodId: period.id,
          kind: "summary",
          title: "Kết quả bỏ phiếu (nhập từ tệp năm thi đua)",
          scheduledAt: new Date(),
          place: "",
          heldAt: new Date(),
        })
        .returning({ id: meetings.id });
      const opened = await tx
        .insert(ballots)
        .values(
          scenario.ballots.map((b) => ({
            meetingId: (meeting as { id: number }).id,
            purpose: "award" as const,
            award: b.award,
            candidates: [b.winner],
            status: "closed" as const,
            outcome: { kind: "winner", winner: b.winner, counts: {} },
            openedBy: actorId,
            closedAt: new Date(),
          })),
        )
        .returning();
      imported.push(
        ...opened.map((b) => ({
          action: "ballot.imported",
          entity: "ballot",
          entityId: b.id,
          newValue: { status: b.status, award: b.award, outcome: b.outcome },
        })),
      );
    }
    // one audit row per value the file wrote: each score, each unit's flags, each ballot
    await writeAudits(
      tx,
      imported.map((entry) => ({ ...entry, actorId, periodId: period.id, reason: FROM_FILE })),
    );
    await writeAudit(tx, {
      actorId,
      action: "period.imported",
      entity: "period",
      entityId: period.id,
      periodId: period.id,
      newValue: { scheme: scenario.scheme, period: scenario.period, units: codes },
    });
    return { periodId: period.id, units: codes.length, scores: rows.length };
  });
}
