/**
 * One figure on the sheet: a unit's sheet gives each row's points and each stage's total as
 * the results count them, with the whole cluster — Lạng Sơn III.6.3 (the highest share of
 * awards to direct workers, up on last year) is 1 point on the sheet of the unit that holds it,
 * not "→ 0" from the unit alone — and the facts the browser needs to preview a typed value.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Client, signIn, type TestApp, testApp } from "../../test/server.ts";
import { createYear } from "../../test/year.ts";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const SHARE = "III.6.3";

describe("the sheet of a unit holding the highest share", () => {
  it("shows the bonus in the row and the total, as the results do", async () => {
    t = await testApp();
    const y = await createYear(t.database, {
      schemeId: "lang-son-2019/B",
      codes: ["A", "B", "C"],
    });
    const p = `/api/periods/${y.periodId}`;
    const [b, c, standing] = (await Promise.all(
      ["u-b", "u-c", "standing"].map((u) => signIn(t.app, u)),
    )) as [Client, Client, Client];
    const save = async (client: Client, code: string, criterionId: string, value: unknown) => {
      const res = await client.put(`${p}/units/${y.unit[code]}/scores/${criterionId}`, { value });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await save(b, "B", SHARE, { share: 40, previousShare: 30 });
    await save(b, "B", "II.1", 4);
    await save(c, "C", SHARE, { share: 25, previousShare: 20 });
    await save(c, "C", "II.1", 5);

    const results = await standing.get(`${p}/results`);
    expect(results.status).toBe(200);
    const inResults = (code: string) =>
      results.body.units.find((u: { id: string }) => u.id === code)?.total;
    expect(inResults("B")).toBe(5);
    expect(inResults("C")).toBe(5);

    for (const [client, code, share] of [
      [b, "B", 1],
      [c, "C", 0],
    ] as const) {
      const sheet = await client.get(`${p}/units/${y.unit[code]}/sheet`);
      expect(sheet.status).toBe(200);
      const row = sheet.body.rows.find((r: { criterionId: string }) => r.criterionId === SHARE);
      // every stage: the self-score is the latest value of each
      for (const stage of ["self", "cluster", "appraisal"] as const) {
        expect(row.points[stage], `${code} ${stage}`).toBe(share);
        expect(sheet.body.totals[stage].total, `${code} ${stage}`).toBe(inResults(code));
      }
      // the section above it counts it too
      const section = sheet.body.rows.find((r: { criterionId: string }) => r.criterionId === "III");
      expect(section.points.self).toBe(share);
      // how it was found, at each stage, and the facts a preview holds fixed
      expect(row.details.self).toBe(
        share
          ? "Tỷ lệ cao nhất Cụm, tăng so với năm trước → 1 điểm"
          : "Không phải tỷ lệ cao nhất Cụm",
      );
      expect(sheet.body.clusterFacts.self.shares[SHARE]).toEqual({
        points: share * 100,
        detail: row.details.self,
      });
      expect(sheet.body.clusterFacts.self.contested).toEqual({});
    }
  });
});
