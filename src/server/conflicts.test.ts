/**
 * A normal mid-year conflict: two units each claim a bonus that only one unit of the cluster
 * may get (Lạng Sơn III.6.1). The results, the sheets, the review and every file still come
 * out, with a warning naming both units; appraisal cannot be completed until the leader
 * settles it at the cluster stage; then one unit has the bonus and the warning is gone.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type Client, signIn, type TestApp, testApp } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { periodUnits } from "./db/schema.ts";

let t: TestApp;
let y: YearFixture;
afterEach(async () => {
  await t?.close();
});

const BONUS = "III.6.1";
const CLAIM = "Công ty B, Công ty C cùng đề nghị thưởng";

async function setStatus(code: string, status: string) {
  await t.database.db
    .update(periodUnits)
    .set({ sheetStatus: status })
    .where(
      and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit[code] as number)),
    );
}

const total = (results: { units: { id: string; total: number }[] }, code: string) =>
  results.units.find((u) => u.id === code)?.total;

describe("a one-unit bonus claimed by two units", () => {
  it("is a warning everywhere until the leader settles it; appraisal waits for it", async () => {
    t = await testApp();
    y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
    const p = `/api/periods/${y.periodId}`;
    const [leader, b, c, standing] = (await Promise.all(
      ["u-a", "u-b", "u-c", "standing"].map((u) => signIn(t.app, u)),
    )) as [Client, Client, Client, Client];
    for (const [unit, code] of [
      [b, "B"],
      [c, "C"],
    ] as const) {
      const saved = await unit.put(`${p}/units/${y.unit[code]}/scores/${BONUS}`, {
        value: 2,
        explanation: "Mô hình mới trong năm",
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }

    // the results: both units named, the bonus counted for neither while contested
    const results = await standing.get(`${p}/results`);
    expect(results.status).toBe(200);
    expect(results.body.warnings.join("\n")).toContain(`Tiêu chí ${BONUS}`);
    expect(results.body.warnings.join("\n")).toContain(CLAIM);
    expect(total(results.body, "B")).toBe(0);
    expect(total(results.body, "C")).toBe(0);

    // the unit's own sheet says so on the row and above it
    const sheet = await b.get(`${p}/units/${y.unit.B}/sheet`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.clusterWarnings.join("\n")).toContain(CLAIM);
    const row = sheet.body.rows.find((r: { criterionId: string }) => r.criterionId === BONUS);
    expect(row.points.self).toBe(0);
    expect(row.detail).toContain("Công ty B, Công ty C cùng đề nghị");
    expect(sheet.body.totals.self.total).toBe(0);

    // every file comes out
    for (const [client, url] of [
      [standing, `${p}/documents/summary.xlsx`],
      [standing, `${p}/documents/workbook.xlsx`],
      [b, `${p}/units/${y.unit.B}/documents/sheet.xlsx`],
      [leader, `${p}/documents/proposal.docx`],
      [leader, `${p}/documents/report.docx?kind=annual`],
    ] as const) {
      const res = await client.inject({ method: "GET", url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    }

    // appraisal of a unit in the conflict waits for the settlement
    await setStatus("B", "reconciled");
    await setStatus("C", "submitted");
    const version = (await standing.get(`${p}/units/${y.unit.B}/sheet`)).body.unit.version;
    const refused = await standing.post(`${p}/units/${y.unit.B}/transitions`, {
      action: "appraise",
      version,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(
      `Chưa hoàn thành thẩm định được: tiêu chí ${BONUS} (Có nhân tố mới, mô hình mới, đem lại hiệu quả rõ nét trong năm) đang được đề nghị cho Công ty B, Công ty C`,
    );

    // the leader reviews: the conflict is in the review, and settled there with a reason
    const review = await leader.get(`${p}/review`);
    expect(review.body.warnings.join("\n")).toContain(CLAIM);
    const settled = await leader.put(`${p}/units/${y.unit.C}/scores/${BONUS}`, {
      value: 0,
      comment: "Cụm thống nhất thưởng mô hình mới cho Công ty B",
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);

    const after = await standing.get(`${p}/results`);
    expect(after.body.warnings.join("\n")).not.toContain(`Tiêu chí ${BONUS}`);
    expect(total(after.body, "B")).toBe(2);
    expect(total(after.body, "C")).toBe(0);
    const sheetAfter = await b.get(`${p}/units/${y.unit.B}/sheet`);
    expect(sheetAfter.body.clusterWarnings.join("\n")).not.toContain(CLAIM);
    expect(sheetAfter.body.totals.appraisal.total).toBe(2);

    const appraised = await standing.post(`${p}/units/${y.unit.B}/transitions`, {
      action: "appraise",
      version,
    });
    expect(appraised.status, JSON.stringify(appraised.body)).toBe(200);
  });
});
