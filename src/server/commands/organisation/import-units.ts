/**
 * Bring a cluster's units in from a list (Excel): each unit not yet known is created in the
 * cluster's level, with its audit row; a unit already there (same code, same level) is kept as
 * it is. A code used by a unit of another level refuses the whole list. All in one transaction.
 */
import { inArray } from "drizzle-orm";
import type { UnitRow } from "../../../documents/excel-lists.ts";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema.ts";
import { conflict } from "../../errors.ts";
import { insertUnit } from "./create-unit.ts";
import { findCluster } from "./lookup.ts";

/** A unit of the list, with the head who signs for it when the list knows one. */
export type ImportedUnit = UnitRow & { headName?: string | null; headTitle?: string | null };

export async function importUnits(
  db: Db,
  actorId: number,
  clusterId: number,
  rows: ImportedUnit[],
) {
  return db.transaction(async (tx) => {
    const cluster = await findCluster(tx, clusterId);
    const known = await tx
      .select()
      .from(units)
      .where(
        inArray(
          units.code,
          rows.map((r) => r.code),
        ),
      );
    const byCode = new Map(known.map((u) => [u.code, u]));
    const elsewhere = known.filter((u) => u.levelId !== cluster.levelId);
    if (elsewhere.length > 0) {
      throw conflict(
        `Mã đơn vị đã được dùng ở cấp khác: ${elsewhere.map((u) => `«${u.code}» (${u.name})`).join(", ")}. Hãy đổi mã trong tệp rồi nhập lại.`,
      );
    }
    const created = [];
    for (const r of rows.filter((x) => !byCode.has(x.code))) {
      const unit = await insertUnit(
        tx,
        actorId,
        {
          levelId: cluster.levelId,
          code: r.code,
          name: r.name,
          kind: r.kind,
          headName: r.headName,
          headTitle: r.headTitle,
        },
        "Nhập từ danh sách đơn vị (Excel)",
      );
      created.push(unit);
    }
    const all = [...created, ...known];
    return {
      created: created.length,
      units: rows.map((r) => {
        const u = all.find((x) => x.code === r.code);
        return {
          id: u?.id as number,
          code: r.code,
          name: u?.name ?? r.name,
          kind: r.kind,
          role: r.role,
        };
      }),
    };
  });
}
