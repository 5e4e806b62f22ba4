/**
 * A normal mid-year conflict: two units each claim a bonus that only one unit of the cluster
 * may get (Lạng Sơn III.6.1). The results, the sheets, the review and every file still come
 * out, with a warning naming both units; appraisal cannot be completed until the leader
 * settles it at the cluster stage; then one unit has the bonus and the warning is gone.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { fingerprint } from "../../test/routes.ts";
import { type Client, signIn, type TestApp, testApp } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { auditLog, periodUnits, scores } from "./db/schema.ts";

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

/** A year of A (leader), B (deputy), C where B and C both self-score the one-unit bonus. */
async function bothClaim() {
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
  return { p, leader, b, c, standing };
}

describe("a one-unit bonus claimed by two units", () => {
  it("is a warning everywhere until the leader settles it; appraisal waits for it", async () => {
    const { p, leader, b, standing } = await bothClaim();

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

describe("settling a one-unit bonus several units claim", () => {
  it("gives it to one unit in one step: the others' values become 0 with the reason, audited", async () => {
    const { p, leader, standing } = await bothClaim();
    await setStatus("B", "submitted");

    // the review carries the conflict as data: the criterion and the claiming units by name
    const review = await leader.get(`${p}/review`);
    expect(review.status).toBe(200);
    expect(review.body.conflicts).toEqual([
      expect.objectContaining({
        criterionId: BONUS,
        title: "Có nhân tố mới, mô hình mới, đem lại hiệu quả rõ nét trong năm",
        units: [
          expect.objectContaining({ id: y.unit.B, name: "Công ty B", status: "submitted" }),
          expect.objectContaining({ id: y.unit.C, name: "Công ty C", status: "draft" }),
        ],
      }),
    ]);
    expect(review.body.warnings).toContain(review.body.conflicts[0].warning);

    const REASON = "Họp Cụm ngày 10/12: mô hình của Công ty B hiệu quả rõ nét nhất";
    const url = `${p}/bonuses/${BONUS}/settle`;

    // C's sheet is still being self-scored: the leader cannot score it, so nothing is saved
    const before = await fingerprint(t);
    const refused = await leader.post(url, { unitId: y.unit.B, reason: REASON });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.message).toContain("Công ty C (biểu đang ở bước «Đang tự chấm»)");
    expect(refused.body.message).toContain("chưa lưu điểm nào");
    expect(await fingerprint(t)).toBe(before);

    // a unit not among the claimants, or none at all with no reason: refused before anything
    const outsider = await leader.post(url, { unitId: y.unit.A, reason: REASON });
    expect(outsider.status).toBe(400);
    expect(outsider.body.message).toContain("Công ty A không đề nghị thưởng tiêu chí III.6.1");
    expect((await leader.post(url, { unitId: y.unit.B, reason: "  " })).status).toBe(400);
    expect(await fingerprint(t)).toBe(before);

    // once C has submitted, the leader gives the bonus to B in one step
    await setStatus("C", "submitted");
    const settled = await leader.post(url, { unitId: y.unit.B, reason: REASON });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    expect(settled.body).toMatchObject({
      criterionId: BONUS,
      unitId: y.unit.B,
      unitName: "Công ty B",
      zeroed: [{ unitId: y.unit.C, name: "Công ty C", stage: "cluster" }],
    });

    // C's cluster value is 0 with the reason, in its sheet and in its history
    const sheetC = await leader.get(`${p}/units/${y.unit.C}/sheet`);
    const rowC = sheetC.body.rows.find((r: { criterionId: string }) => r.criterionId === BONUS);
    expect(rowC.values.cluster).toMatchObject({ value: 0, comment: REASON });
    expect(rowC.values.self.value).toBe(2);
    const history = await leader.get(`${p}/units/${y.unit.C}/history`);
    expect(history.body.entries).toContainEqual(
      expect.objectContaining({
        action: "score.cluster",
        entityId: `${y.unit.C}/${BONUS}/cluster`,
        newValue: { value: 0, comment: REASON },
        reason: REASON,
      }),
    );
    // B keeps its claim untouched; the decision itself is audited
    const bScores = await t.database.db
      .select()
      .from(scores)
      .where(and(eq(scores.unitId, y.unit.B as number), eq(scores.criterionId, BONUS)));
    expect(bScores.map((s) => s.stage)).toEqual(["self"]);
    const [decision] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.periodId, y.periodId), eq(auditLog.action, "bonus.settled")));
    expect(decision?.reason).toBe(REASON);
    expect(decision?.newValue).toMatchObject({ unitId: y.unit.B, name: "Công ty B" });

    // the warning is gone from the results and the review; B has the bonus
    const results = await standing.get(`${p}/results`);
    expect(results.body.warnings.join("\n")).not.toContain(`Tiêu chí ${BONUS}`);
    expect(total(results.body, "B")).toBe(2);
    expect(total(results.body, "C")).toBe(0);
    const reviewAfter = await leader.get(`${p}/review`);
    expect(reviewAfter.body.conflicts).toEqual([]);
    expect(reviewAfter.body.warnings.join("\n")).not.toContain(CLAIM);

    // settling again: nothing to settle, and who settled it when
    const again = await standing.post(url, { unitId: null, reason: "Thử lại" });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("không có gì để quyết định");
    expect(again.body.message).toContain("thưởng cho Công ty B");
  });

  it("lets the standing agency settle at appraisal, giving the bonus to none", async () => {
    t = await testApp();
    y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
    const p = `/api/periods/${y.periodId}`;
    const [b, c, standing] = (await Promise.all(
      ["u-b", "u-c", "standing"].map((u) => signIn(t.app, u)),
    )) as [Client, Client, Client];
    for (const [unit, code] of [
      [b, "B"],
      [c, "C"],
    ] as const) {
      await unit.put(`${p}/units/${y.unit[code]}/scores/III.6.4`, { value: 1 });
    }
    await setStatus("B", "reconciled");
    await setStatus("C", "reconciled");
    const reason = "Không phong trào nào nổi bật hơn hẳn: Ban TĐKT không thưởng";
    const settled = await standing.post(`${p}/bonuses/III.6.4/settle`, { unitId: null, reason });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    expect(settled.body.zeroed).toEqual([
      { unitId: y.unit.B, name: "Công ty B", stage: "appraisal" },
      { unitId: y.unit.C, name: "Công ty C", stage: "appraisal" },
    ]);
    const results = await standing.get(`${p}/results`);
    expect(results.body.warnings.join("\n")).not.toContain("Tiêu chí III.6.4");
  });
});
