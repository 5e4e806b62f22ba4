/**
 * The demonstration data names the head who signs for every unit, and the cluster's documents
 * read it: each demo cluster's proposal is signed, under "TM. CỤM (KHỐI) THI ĐUA", by the head
 * of its leader unit.
 */
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionFor, type TestApp, testApp } from "../../../test/server.ts";
import { clusters, periods, periodUnits, units } from "../db/schema.ts";
import { loadDemo } from "./demo.ts";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
}, 60_000);
afterAll(() => t?.close());

/** A full Vietnamese name: family name, middle name(s), given name, each capitalised. */
const FULL_NAME = /^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*){2,3}$/u;

describe("the demonstration data", () => {
  it("gives every unit a head with a full name and the title of a signature block", async () => {
    const rows = await t.database.db.select().from(units);
    expect(rows.length).toBeGreaterThan(10);
    for (const u of rows) {
      expect(u.headName, u.name).toMatch(FULL_NAME);
      expect(u.headTitle, u.name).toMatch(/^(Chủ tịch|Giám đốc|Cục trưởng)$/);
    }
  });

  it("signs each cluster's proposal with the name of its leader unit's head", async () => {
    const leaders = await t.database.db
      .select({
        periodId: periods.id,
        kind: clusters.kind,
        headName: units.headName,
      })
      .from(periodUnits)
      .innerJoin(periods, eq(periods.id, periodUnits.periodId))
      .innerJoin(clusters, eq(clusters.id, periods.clusterId))
      .innerJoin(units, eq(units.id, periodUnits.unitId))
      .where(eq(periodUnits.role, "leader"));
    expect(leaders).toHaveLength(3);
    const admin = await sessionFor(t, "quantri");
    for (const leader of leaders) {
      const word = leader.kind === "block" ? "KHỐI" : "CỤM";
      const res = await admin.inject({
        method: "GET",
        url: `/api/periods/${leader.periodId}/documents/proposal.docx`,
      });
      expect(res.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
      const text = xml.replace(/<[^>]+>/g, "");
      expect(text).toMatch(new RegExp(`TM\\. ${word} THI ĐUA${word} TRƯỞNG${leader.headName}$`));
    }
  });
});
