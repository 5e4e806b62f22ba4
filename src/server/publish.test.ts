/**
 * Publishing is deliberate: the results are published to the members only once every sheet is
 * reconciled, or as provisional results (tạm tính) the cluster decides on, with a reason; a
 * publication can be withdrawn with a reason; both are audited; while a sheet is not appraised
 * the screens and the files say "tạm tính".
 */
import { and, desc, eq, like } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Client, signIn, type TestApp, testApp } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import type { SheetStatus } from "../core/workflow.ts";
import { auditLog, periodUnits } from "./db/schema.ts";

let t: TestApp;
let y: YearFixture;
let leader: Client;
let deputy: Client;
let member: Client;
let standing: Client;
let p: string;

beforeEach(async () => {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
  p = `/api/periods/${y.periodId}`;
  leader = await signIn(t.app, "u-a");
  deputy = await signIn(t.app, "u-b");
  member = await signIn(t.app, "u-c");
  standing = await signIn(t.app, "standing");
});
afterEach(async () => {
  await t.close();
});

/** Where the sheets stand, set directly: the workflow itself is tested elsewhere. */
async function sheets(statuses: Record<string, SheetStatus>) {
  for (const [code, status] of Object.entries(statuses)) {
    await t.database.db
      .update(periodUnits)
      .set({ sheetStatus: status })
      .where(
        and(eq(periodUnits.periodId, y.periodId), eq(periodUnits.unitId, y.unit[code] as number)),
      );
  }
}

async function lastAudit(action: string) {
  const [row] = await t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.periodId, y.periodId), like(auditLog.action, action)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

/** Every text of the summary workbook's first sheet, row by row. */
async function summaryText(client: Client): Promise<string> {
  const res = await client.inject({ method: "GET", url: `${p}/documents/summary.xlsx` });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
  const lines: string[] = [];
  ws.eachRow((row) => {
    lines.push((row.values as unknown[]).filter((v) => v !== null && v !== undefined).join(" | "));
  });
  return `${lines.join("\n")}\n${ws.headerFooter?.oddHeader ?? ""}`;
}

async function wordText(client: Client, url: string): Promise<string> {
  const res = await client.inject({ method: "GET", url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  return xml.replace(/<[^>]+>/g, "");
}

describe("publishing the results", () => {
  it("is refused while sheets wait for reconciliation, naming them", async () => {
    await sheets({ A: "reconciled", B: "reviewed", C: "draft" });
    const res = await leader.post(`${p}/publish`, {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("RESULTS_NOT_READY");
    expect(res.body.message).toContain("còn 2/3 biểu chưa khớp điểm");
    expect(res.body.message).toContain("Công ty B và Công ty C");
    expect(res.body.message).not.toContain("Công ty A");
    expect(res.body.message).toContain("tạm tính");
    expect((await member.get(`${p}/results`)).status).toBe(403);
    const overview = (await member.get(p)).body;
    expect(overview.period.resultsPublishedAt).toBeNull();
    expect(overview.publication.notReconciled).toEqual(["Công ty B", "Công ty C"]);
  });

  it("publishes provisional results the cluster decides on, with a reason, recorded as such", async () => {
    await sheets({ A: "reconciled", B: "reviewed", C: "draft" });
    const noReason = await leader.post(`${p}/publish`, { provisional: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe("REASON_REQUIRED");
    const reason = "Hội nghị Cụm ngày 10/01 thống nhất công bố để các đơn vị đối chiếu";
    const res = await deputy.post(`${p}/publish`, { provisional: true, reason });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.resultsProvisional).toBe(true);

    const results = await member.get(`${p}/results`);
    expect(results.status).toBe(200);
    expect(results.body.units).toHaveLength(3);
    const overview = (await member.get(p)).body;
    expect(overview.publication).toMatchObject({
      provisional: true,
      publishedProvisional: true,
      reason,
      notReconciled: ["Công ty B", "Công ty C"],
      notAppraised: ["Công ty A", "Công ty B", "Công ty C"],
    });
    expect(overview.period.resultsPublishedAt).not.toBeNull();
    expect(overview.period.resultsProvisional).toBe(true);
    expect(overview.publication.publishedProvisional).toBe(true);

    const audit = await lastAudit("results.published");
    expect(audit?.reason).toBe(reason);
    expect(audit?.newValue).toMatchObject({
      provisional: true,
      notReconciled: ["Công ty B", "Công ty C"],
    });

    expect(await summaryText(member)).toContain("KẾT QUẢ TẠM TÍNH");
    expect(await summaryText(member)).toContain("còn 3 biểu chưa thẩm định xong");
    expect(await wordText(leader, `${p}/documents/proposal.docx`)).toContain("KẾT QUẢ TẠM TÍNH");
    expect(await wordText(standing, `${p}/documents/report.docx?kind=annual`)).toContain(
      "KẾT QUẢ TẠM TÍNH",
    );
  });

  it("publishes without a decision once every sheet is reconciled, still tạm tính until appraised", async () => {
    await sheets({ A: "reconciled", B: "reconciled", C: "appraised" });
    const res = await leader.post(`${p}/publish`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.resultsProvisional).toBe(false);
    expect((await member.get(`${p}/results`)).status).toBe(200);
    expect((await member.get(p)).body.publication).toMatchObject({
      publishedProvisional: false,
      provisional: true,
      notReconciled: [],
      notAppraised: ["Công ty A", "Công ty B"],
    });
    expect((await lastAudit("results.published"))?.newValue).toMatchObject({ provisional: false });
    expect(await summaryText(member)).toContain("KẾT QUẢ TẠM TÍNH");
  });

  it("says nothing of tạm tính once every sheet is appraised or locked", async () => {
    await sheets({ A: "appraised", B: "locked", C: "appraised" });
    const res = await standing.post(`${p}/publish`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await member.get(`${p}/results`)).status).toBe(200);
    expect((await member.get(p)).body.publication).toMatchObject({
      provisional: false,
      publishedProvisional: false,
      notAppraised: [],
    });
    const summary = await summaryText(member);
    expect(summary).toContain("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA");
    expect(summary).toContain("Công ty A");
    expect(summary).not.toMatch(/TẠM TÍNH/i);
    expect(await wordText(leader, `${p}/documents/proposal.docx`)).not.toMatch(/TẠM TÍNH/i);
  });

  it("is only for the leadership and the standing agency", async () => {
    await sheets({ A: "appraised", B: "appraised", C: "appraised" });
    expect((await member.post(`${p}/publish`)).status).toBe(403);
    expect((await member.post(`${p}/unpublish`, { reason: "Không đồng ý" })).status).toBe(403);
  });
});

describe("withdrawing the publication", () => {
  it("hides the results from the members again, with a reason, audited; publishing again works", async () => {
    await sheets({ A: "reconciled", B: "reconciled", C: "reconciled" });
    expect((await leader.post(`${p}/publish`)).status).toBe(200);
    expect((await member.get(`${p}/results`)).status).toBe(200);

    const blank = await standing.post(`${p}/unpublish`, { reason: "  " });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toContain("lý do");
    expect((await standing.post(`${p}/unpublish`, {})).status).toBe(400);
    expect((await member.get(`${p}/results`)).status).toBe(200);

    const reason = "Phát hiện sai sót số liệu của Công ty C, cần thẩm tra lại";
    const res = await standing.post(`${p}/unpublish`, { reason });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const hidden = await member.get(`${p}/results`);
    expect(hidden.status).toBe(403);
    expect(hidden.body.message).toBe("Kết quả của Cụm chưa được công bố.");
    expect((await member.get(`${p}/documents/summary.xlsx`)).status).toBe(403);
    expect((await member.get(p)).body.period.resultsPublishedAt).toBeNull();
    const audit = await lastAudit("results.unpublished");
    expect(audit?.reason).toBe(reason);
    expect(audit?.oldValue).toMatchObject({ provisional: false });

    const again = await standing.post(`${p}/unpublish`, { reason });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/chưa công bố/);

    // the leadership still sees the results, and publishes them again
    expect((await leader.get(`${p}/results`)).status).toBe(200);
    expect((await deputy.post(`${p}/publish`)).status).toBe(200);
    expect((await member.get(`${p}/results`)).status).toBe(200);
  });
});
