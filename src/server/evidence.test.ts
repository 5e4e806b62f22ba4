import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anonymous, type Client, createUser, signIn, testDatabase } from "../../test/server.ts";
import { buildApp } from "./app.ts";
import { createBackup } from "./backup/create-backup.ts";
import { createEvidenceLink } from "./commands/evidence/evidence-link.ts";
import { uploadEvidence } from "./commands/evidence/upload-evidence.ts";
import { readConfig } from "./config.ts";
import type { Database } from "./db/client.ts";
import {
  auditLog,
  clusters,
  evidence,
  levels,
  periods,
  periodUnits,
  units,
  users,
} from "./db/schema.ts";
import { evidenceStorage } from "./storage.ts";

/** A small but well-formed one-page PDF, with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

async function multipart(fileName: string, bytes: Buffer, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get("content-type") as string,
  };
}

interface World {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
  periodId: number;
  leader: number;
  member: number;
  other: number;
}

/** A level, a cluster of three units (leader, two members), one period, and a user per role. */
async function buildWorld(): Promise<World> {
  const dataDir = await mkdtemp(join(tmpdir(), "tdkt-evidence-"));
  const database = await testDatabase();
  const app = await buildApp(database, readConfig({ DATA_DIR: dataDir }));
  const db = database.db;
  const [level] = await db
    .insert(levels)
    .values({
      name: "Tỉnh Lạng Sơn",
      kind: "province",
      standingAgency: "Ban Thi đua - Khen thưởng",
    })
    .returning();
  const levelId = (level as { id: number }).id;
  const made = await db
    .insert(units)
    .values([
      { levelId, code: "DN1", name: "Công ty Điện lực Lạng Sơn", kind: "enterprise" },
      { levelId, code: "DN2", name: "Công ty Xăng dầu Lạng Sơn", kind: "enterprise" },
      { levelId, code: "DN3", name: "Công ty Cấp thoát nước Lạng Sơn", kind: "enterprise" },
    ])
    .returning();
  const [leader, member, other] = made.map((u) => u.id) as [number, number, number];
  const [cluster] = await db
    .insert(clusters)
    .values({ levelId, name: "Khối doanh nghiệp", kind: "block", memberKind: "other" })
    .returning();
  const [period] = await db
    .insert(periods)
    .values({
      clusterId: (cluster as { id: number }).id,
      label: "2024",
      kind: "calendar",
      startsOn: "2024-01-01",
      endsOn: "2024-12-31",
      schemeId: "lang-son-2019/B",
      criteria: [],
    })
    .returning();
  const periodId = (period as { id: number }).id;
  await db.insert(periodUnits).values([
    { periodId, unitId: leader, role: "leader" },
    { periodId, unitId: member, role: "member" },
    { periodId, unitId: other, role: "member" },
  ]);
  await createUser(database, { username: "cum-truong", role: "unit", unitId: leader });
  await createUser(database, {
    username: "xang-dau",
    role: "unit",
    unitId: member,
    displayName: "Nguyễn Thị Hà",
  });
  await createUser(database, { username: "cap-nuoc", role: "unit", unitId: other });
  await createUser(database, { username: "thuong-truc", role: "standing", levelId });
  return { app, database, dataDir, periodId, leader, member, other };
}

let w: World;
beforeEach(async () => {
  w = await buildWorld();
});
afterEach(async () => {
  await w.app.close();
  await w.database.close();
  await rm(w.dataDir, { recursive: true, force: true });
});

const evidenceUrl = (unitId: number, criterionId = "I.1") =>
  `/api/periods/${w.periodId}/units/${unitId}/evidence/${criterionId}`;

async function upload(client: Client, url: string, fileName: string, bytes: Buffer) {
  const body = await multipart(fileName, bytes);
  const res = await client.inject({
    method: "POST",
    url,
    payload: body.payload,
    headers: { "content-type": body.contentType },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

async function storedFiles(): Promise<string[]> {
  return readdir(join(w.dataDir, "evidence")).catch(() => []);
}

async function expectNothingStored() {
  expect(await w.database.db.select().from(evidence)).toEqual([]);
  expect(await storedFiles()).toEqual([]);
  const audits = await w.database.db.select().from(auditLog).where(eq(auditLog.entity, "evidence"));
  expect(audits).toEqual([]);
}

async function setSheetStatus(unitId: number, status: string) {
  await w.database.db
    .update(periodUnits)
    .set({ sheetStatus: status })
    .where(and(eq(periodUnits.periodId, w.periodId), eq(periodUnits.unitId, unitId)));
}

describe("evidence files", () => {
  it("uploads a PDF, lists it, and downloads the same bytes through a link", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const pdf = minimalPdf();
    const up = await upload(staff, evidenceUrl(w.member), "Báo cáo tổng kết năm 2024.pdf", pdf);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      criterionId: "I.1",
      fileName: "Báo cáo tổng kết năm 2024.pdf",
      mediaType: "application/pdf",
      size: pdf.length,
      uploadedBy: { name: "Nguyễn Thị Hà" },
    });
    // stored under a random key, never under the user's file name
    const files = await storedFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}$/);

    const list = await staff.get(`/api/periods/${w.periodId}/units/${w.member}/evidence`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: up.body.id,
      fileName: "Báo cáo tổng kết năm 2024.pdf",
      uploadedBy: { name: "Nguyễn Thị Hà" },
    });

    const link = await staff.post(`/api/evidence/${up.body.id}/link`);
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(
      new RegExp(`^/api/evidence/${up.body.id}/file\\?expires=\\d+&signature=[0-9a-f]{64}$`),
    );
    const minutes = (Date.parse(link.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // the link alone opens the file, with no session (a new tab)
    const file = await w.app.inject({ method: "GET", url: link.body.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="Bao cao tong ket nam 2024.pdf"; filename*=UTF-8''${encodeURIComponent("Báo cáo tổng kết năm 2024.pdf")}`,
    );
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);

    const [audit] = await w.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "evidence.upload"));
    expect(audit).toMatchObject({
      entityId: String(up.body.id),
      periodId: w.periodId,
      unitId: w.member,
      newValue: { criterionId: "I.1", fileName: "Báo cáo tổng kết năm 2024.pdf" },
    });
  });

  it("refuses an expired or tampered link", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const up = await upload(staff, evidenceUrl(w.member), "bien-ban.pdf", minimalPdf());
    const id = up.body.id as number;

    const old = await createEvidenceLink(w.database.db, id, new Date(Date.now() - 16 * 60_000));
    const expired = await anonymous(w.app).get(old.url);
    expect(expired.status).toBe(403);
    expect(expired.body.message).toBe(
      "Liên kết tải minh chứng đã hết hạn (mỗi liên kết dùng được 15 phút). Vui lòng mở lại minh chứng từ biểu chấm điểm.",
    );

    const { url } = (await staff.post(`/api/evidence/${id}/link`)).body;
    const invalid =
      "Liên kết tải minh chứng không hợp lệ. Vui lòng mở lại minh chứng từ biểu chấm điểm.";
    const last = url.at(-1) === "0" ? "1" : "0";
    const tampered = [
      `${url.slice(0, -1)}${last}`,
      url.replace(/expires=(\d+)/, (_: string, e: string) => `expires=${Number(e) + 3600}`),
      url.replace(`/api/evidence/${id}/`, `/api/evidence/${id + 1}/`),
      `/api/evidence/${id}/file`,
    ];
    for (const bad of tampered) {
      const res = await anonymous(w.app).get(bad);
      expect(res.status, bad).toBe(403);
      expect(res.body.message).toBe(invalid);
    }
  });

  it("refuses a file of another type, or renamed, and stores nothing", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(100)]);
    const program = await upload(staff, evidenceUrl(w.member), "cai-dat.exe", exe);
    expect(program.status).toBe(415);
    expect(program.body.code).toBe("UNSUPPORTED_FILE_TYPE");
    expect(program.body.message).toBe(
      "Tệp «cai-dat.exe» không được nhận làm minh chứng. Chỉ nhận: PDF (.pdf), ảnh PNG (.png), ảnh JPEG (.jpg, .jpeg), Word (.docx, .doc), Excel (.xlsx, .xls).",
    );

    const renamed = await upload(staff, evidenceUrl(w.member), "anh-chup.pdf", PNG_1X1);
    expect(renamed.status).toBe(415);
    expect(renamed.body.message).toMatch(/^Nội dung tệp «anh-chup.pdf» không đúng định dạng .pdf/);
    await expectNothingStored();

    // the same PNG under its own name is accepted
    expect((await upload(staff, evidenceUrl(w.member), "anh-chup.png", PNG_1X1)).status).toBe(201);
  });

  it("refuses a file over 10 MB with 413 and stores nothing", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(11 * 1024 * 1024)]);
    const res = await upload(staff, evidenceUrl(w.member), "qua-lon.pdf", big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      code: "FILE_TOO_LARGE",
      message: "Tệp vượt quá 10 MB, vui lòng chọn tệp nhỏ hơn.",
    });
    await expectNothingStored();
  });

  it("keeps a unit's evidence from other units", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const up = await upload(staff, evidenceUrl(w.member), "bien-ban.pdf", minimalPdf());
    const stranger = await signIn(w.app, "cap-nuoc");

    const list = await stranger.get(`/api/periods/${w.periodId}/units/${w.member}/evidence`);
    expect(list.status).toBe(403);
    expect(list.body.message).toMatch(/^Bạn chỉ xem được biểu chấm điểm của đơn vị mình/);
    expect((await stranger.post(`/api/evidence/${up.body.id}/link`)).status).toBe(403);
    expect((await stranger.delete(`/api/evidence/${up.body.id}`)).status).toBe(403);

    const intrude = await upload(stranger, evidenceUrl(w.member), "gia-mao.pdf", minimalPdf());
    expect(intrude.status).toBe(403);
    expect(intrude.body.message).toBe(
      "Chỉ đơn vị có biểu chấm điểm (khi đang tự chấm) và Khối trưởng, Khối phó (khi Khối chấm điểm) được thêm, xóa minh chứng.",
    );
    expect(await w.database.db.select().from(evidence)).toHaveLength(1);

    // the standing agency may see and open it, not change it
    const standing = await signIn(w.app, "thuong-truc");
    expect(
      (await standing.get(`/api/periods/${w.periodId}/units/${w.member}/evidence`)).body.items,
    ).toHaveLength(1);
    expect((await standing.post(`/api/evidence/${up.body.id}/link`)).status).toBe(200);
    expect((await standing.delete(`/api/evidence/${up.body.id}`)).status).toBe(403);

    expect(
      (await anonymous(w.app).get(`/api/periods/${w.periodId}/units/${w.member}/evidence`)).status,
    ).toBe(401);
  });

  it("refuses an unknown criterion, a group, a unit outside the period, a request without a file", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const unknown = await upload(staff, evidenceUrl(w.member, "IX.9"), "a.pdf", minimalPdf());
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(
      "Không tìm thấy tiêu chí «IX.9» trong bộ tiêu chí của kỳ thi đua.",
    );
    const group = await upload(staff, evidenceUrl(w.member, "III.2"), "a.pdf", minimalPdf());
    expect(group.status).toBe(400);
    expect(group.body.message).toMatch(
      /là nhóm tiêu chí: hãy đính kèm minh chứng vào từng tiêu chí con/,
    );

    const noFile = await staff.post(evidenceUrl(w.member));
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toBe("Chưa có tệp minh chứng: hãy chọn một tệp để tải lên.");

    const noPeriod = await staff.get(`/api/periods/999/units/${w.member}/evidence`);
    expect(noPeriod.status).toBe(404);
    expect(noPeriod.body.message).toBe("Không tìm thấy kỳ thi đua số 999.");
    expect((await staff.post("/api/evidence/999/link")).status).toBe(404);
    await expectNothingStored();
  });

  it("after submission, only the cluster's leadership changes evidence", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const leader = await signIn(w.app, "cum-truong");
    const first = await upload(staff, evidenceUrl(w.member), "bien-ban.pdf", minimalPdf());
    expect(first.status).toBe(201);
    // the leadership waits for the sheet to be submitted
    expect((await upload(leader, evidenceUrl(w.member), "cum.pdf", minimalPdf())).status).toBe(409);

    await setSheetStatus(w.member, "submitted");
    const late = await upload(staff, evidenceUrl(w.member), "bo-sung.pdf", minimalPdf());
    expect(late.status).toBe(409);
    expect(late.body).toEqual({
      code: "SHEET_STATUS",
      message:
        "Biểu chấm điểm đang ở trạng thái «Đã nộp, chờ Khối chấm»: minh chứng chỉ được thêm hoặc xóa khi biểu đang tự chấm (do đơn vị) hoặc đã nộp, chờ Khối chấm (do Khối trưởng, Khối phó).",
    });
    expect((await staff.delete(`/api/evidence/${first.body.id}`)).status).toBe(409);

    const review = await upload(
      leader,
      evidenceUrl(w.member),
      "xac-minh-cua-cum.pdf",
      minimalPdf(),
    );
    expect(review.status).toBe(201);
    expect((await leader.delete(`/api/evidence/${first.body.id}`)).status).toBe(204);

    const list = await staff.get(`/api/periods/${w.periodId}/units/${w.member}/evidence`);
    expect(list.body.items.map((i: { fileName: string }) => i.fileName)).toEqual([
      "xac-minh-cua-cum.pdf",
    ]);
    // soft delete: the row stays, marked, with its audit row; no new link is given
    const [kept] = await w.database.db
      .select()
      .from(evidence)
      .where(eq(evidence.id, first.body.id));
    expect(kept?.deletedAt).toBeInstanceOf(Date);
    const [audit] = await w.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "evidence.delete"));
    expect(audit).toMatchObject({
      entityId: String(first.body.id),
      oldValue: { fileName: "bien-ban.pdf" },
    });
    expect((await staff.post(`/api/evidence/${first.body.id}/link`)).status).toBe(404);
    expect((await leader.delete(`/api/evidence/${first.body.id}`)).status).toBe(404);

    await setSheetStatus(w.member, "reviewed");
    expect((await upload(leader, evidenceUrl(w.member), "muon.pdf", minimalPdf())).status).toBe(
      409,
    );
  });

  it("stops a link to evidence deleted after the link was given", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const up = await upload(staff, evidenceUrl(w.member), "bien-ban.pdf", minimalPdf());
    const { url } = (await staff.post(`/api/evidence/${up.body.id}/link`)).body;
    expect((await staff.delete(`/api/evidence/${up.body.id}`)).status).toBe(204);
    const res = await anonymous(w.app).get(url);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("NOT_FOUND");
    expect(res.body.message).toMatch(
      /^Không tìm thấy minh chứng «bien-ban\.pdf»: minh chứng đã bị xóa lúc \d\d\/\d\d\/\d{4} \d\d:\d\d, tệp không còn trên máy chủ\. Vui lòng tải lại biểu chấm điểm\.$/,
    );
  });

  it("removes the stored file when the sheet was submitted meanwhile", async () => {
    const [staff] = await w.database.db.select().from(users).where(eq(users.username, "xang-dau"));
    // authorised while the sheet was a draft; the unit submitted it before the write
    await setSheetStatus(w.member, "submitted");
    const write = uploadEvidence(w.database.db, evidenceStorage(w.dataDir), {
      periodId: w.periodId,
      unitId: w.member,
      criterionId: "I.1",
      fileName: "bien-ban.pdf",
      bytes: minimalPdf(),
      actorId: (staff as { id: number }).id,
      sheetStatus: "draft",
      quotaBytes: 200 * 1024 * 1024,
    });
    await expect(write).rejects.toMatchObject({
      status: 409,
      message:
        "Biểu chấm điểm vừa chuyển sang trạng thái «Đã nộp, chờ Cụm chấm». Vui lòng tải lại trang.",
    });
    await expectNothingStored();
  });
});

/** A PDF of exactly `bytes` bytes (a small PDF padded): what the quota counts. */
function pdfOf(bytes: number): Buffer {
  const pdf = minimalPdf();
  return Buffer.concat([pdf, Buffer.alloc(Math.round(bytes) - pdf.length, 0x20)]);
}

const KB = 1024;
const MB = 1024 * KB;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("evidence quota and removal from disk", () => {
  const opened: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  /** The application over the same database and data folder, with a quota of `mb` MB. */
  async function withQuota(mb: number): Promise<FastifyInstance> {
    const app = await buildApp(
      w.database,
      readConfig({ DATA_DIR: w.dataDir, EVIDENCE_QUOTA_MB: String(mb) }),
    );
    opened.push(app);
    return app;
  }

  const listUrl = (unitId: number) => `/api/periods/${w.periodId}/units/${unitId}/evidence`;

  it("refuses a file over what is left of the unit's quota, names the unit and the space, stores nothing", async () => {
    const app = await withQuota(2);
    const staff = await signIn(app, "xang-dau");
    const first = await upload(staff, evidenceUrl(w.member), "ho-so-1.pdf", pdfOf(1.5 * MB));
    expect(first.status).toBe(201);
    const before = await storedFiles();
    expect(before).toHaveLength(1);

    const over = await upload(staff, evidenceUrl(w.member, "I.2"), "ảnh chụp.pdf", pdfOf(600 * KB));
    expect(over.status).toBe(409);
    expect(over.body.code).toBe("EVIDENCE_QUOTA");
    expect(over.body.message).toBe(
      "Minh chứng của Công ty Xăng dầu Lạng Sơn năm 2024 đã dùng 1,5 MB trong hạn mức 2 MB; tệp «ảnh chụp.pdf» (600 KB) vượt phần còn lại (512 KB). Hãy xóa minh chứng không cần hoặc nén tệp.",
    );
    expect(over.body.details).toEqual({
      usedBytes: 1.5 * MB,
      quotaBytes: 2 * MB,
      fileBytes: 600 * KB,
    });
    // nothing of the refused file: no row, no audit row, no file
    expect(await storedFiles()).toEqual(before);
    expect(await w.database.db.select().from(evidence)).toHaveLength(1);
    const uploads = await w.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "evidence.upload"));
    expect(uploads).toHaveLength(1);

    // the quota is the unit's: another unit of the cluster has its own
    const neighbour = await signIn(app, "cap-nuoc");
    expect((await upload(neighbour, evidenceUrl(w.other), "a.pdf", pdfOf(1.5 * MB))).status).toBe(
      201,
    );
    // what fits exactly is taken; then even a small file is refused, with nothing left
    expect((await upload(staff, evidenceUrl(w.member), "b.pdf", pdfOf(512 * KB))).status).toBe(201);
    const full = await upload(staff, evidenceUrl(w.member), "c.pdf", pdfOf(20 * KB));
    expect(full.status).toBe(409);
    expect(full.body.message).toBe(
      "Minh chứng của Công ty Xăng dầu Lạng Sơn năm 2024 đã dùng 2 MB trong hạn mức 2 MB; tệp «c.pdf» (20 KB) vượt phần còn lại (0 MB). Hãy xóa minh chứng không cần hoặc nén tệp.",
    );

    // a deleted file frees its space
    expect((await staff.delete(`/api/evidence/${first.body.id}`)).status).toBe(204);
    expect((await upload(staff, evidenceUrl(w.member), "c.pdf", pdfOf(20 * KB))).status).toBe(201);
  });

  it("lets only one of two uploads at once take the last space", async () => {
    const app = await withQuota(2);
    const staff = await signIn(app, "xang-dau");
    const results = await Promise.all([
      upload(staff, evidenceUrl(w.member, "I.1"), "mot.pdf", pdfOf(1.2 * MB)),
      upload(staff, evidenceUrl(w.member, "I.2"), "hai.pdf", pdfOf(1.2 * MB)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.body.message).toMatch(
      /^Minh chứng của Công ty Xăng dầu Lạng Sơn năm 2024 đã dùng 1,2 MB trong hạn mức 2 MB; tệp «(mot|hai)\.pdf» \(1,2 MB\) vượt phần còn lại \(819,2 KB\)\./,
    );
    expect(await storedFiles()).toHaveLength(1);
    expect(await w.database.db.select().from(evidence)).toHaveLength(1);
  });

  it("tells the space used and the quota with the list of a sheet's evidence", async () => {
    const app = await withQuota(3);
    const staff = await signIn(app, "xang-dau");
    const empty = await staff.get(listUrl(w.member));
    expect(empty.body).toEqual({ items: [], usage: { usedBytes: 0, quotaBytes: 3 * MB } });
    await upload(staff, evidenceUrl(w.member), "a.pdf", pdfOf(700 * KB));
    const gone = await upload(staff, evidenceUrl(w.member), "b.pdf", pdfOf(300 * KB));
    await staff.delete(`/api/evidence/${gone.body.id}`);
    const list = await staff.get(listUrl(w.member));
    expect(list.body.usage).toEqual({ usedBytes: 700 * KB, quotaBytes: 3 * MB });
    // those who may only see the sheet see it too
    const standing = await signIn(app, "thuong-truc");
    expect((await standing.get(listUrl(w.member))).body.usage.usedBytes).toBe(700 * KB);
    // the default quota: 200 MB
    const byDefault = await signIn(w.app, "xang-dau");
    expect((await byDefault.get(listUrl(w.member))).body.usage.quotaBytes).toBe(200 * MB);
  });

  it("removes a deleted file from disk; its audit row keeps name, size and SHA-256; its link answers 404", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const bytes = pdfOf(40 * KB);
    const up = await upload(staff, evidenceUrl(w.member), "Biên bản họp.pdf", bytes);
    const kept = await upload(staff, evidenceUrl(w.member), "giu-lai.pdf", minimalPdf());
    const [row] = await w.database.db.select().from(evidence).where(eq(evidence.id, up.body.id));
    const path = join(w.dataDir, "evidence", row?.storageKey as string);
    expect((await stat(path)).size).toBe(40 * KB);
    const [uploadAudit] = await w.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "evidence.upload"), eq(auditLog.entityId, String(up.body.id))),
      );
    expect(uploadAudit?.newValue).toMatchObject({ size: 40 * KB, sha256: sha256(bytes) });

    const { url } = (await staff.post(`/api/evidence/${up.body.id}/link`)).body;
    expect((await staff.delete(`/api/evidence/${up.body.id}`)).status).toBe(204);
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await storedFiles()).toHaveLength(1);

    const [deleted] = await w.database.db
      .select()
      .from(evidence)
      .where(eq(evidence.id, up.body.id));
    expect(deleted?.deletedAt).toBeInstanceOf(Date);
    const [audit] = await w.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "evidence.delete"));
    expect(audit?.oldValue).toEqual({
      criterionId: "I.1",
      fileName: "Biên bản họp.pdf",
      mediaType: "application/pdf",
      size: 40 * KB,
      sha256: sha256(bytes),
    });

    const res = await anonymous(w.app).get(url);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(
      /^Không tìm thấy minh chứng «Biên bản họp\.pdf»: minh chứng đã bị xóa lúc/,
    );
    // the evidence kept still opens
    const link = (await staff.post(`/api/evidence/${kept.body.id}/link`)).body.url;
    expect((await w.app.inject({ method: "GET", url: link })).statusCode).toBe(200);
  });

  it("hashes a file uploaded before hashes were kept, and clears files deletions left behind before", async () => {
    const staff = await signIn(w.app, "xang-dau");
    const [user] = await w.database.db.select().from(users).where(eq(users.username, "xang-dau"));
    // as before this change: evidence whose upload audit row has no hash, and a deleted
    // evidence whose file stayed on disk
    const storage = evidenceStorage(w.dataDir);
    const earlier = async (fileName: string, bytes: Buffer, deletedAt: Date | null) => {
      const [row] = await w.database.db
        .insert(evidence)
        .values({
          periodId: w.periodId,
          unitId: w.member,
          criterionId: "I.1",
          fileName,
          mediaType: "application/pdf",
          size: bytes.length,
          storageKey: await storage.save(bytes),
          uploadedBy: (user as { id: number }).id,
          deletedAt,
        })
        .returning();
      return row as typeof evidence.$inferSelect;
    };
    const oldBytes = pdfOf(10 * KB);
    const old = await earlier("cu.pdf", oldBytes, null);
    await earlier("da-xoa.pdf", pdfOf(5 * KB), new Date());
    const now = await upload(staff, evidenceUrl(w.member), "giu-lai.pdf", pdfOf(6 * KB));
    expect(await storedFiles()).toHaveLength(3);

    expect((await staff.delete(`/api/evidence/${old.id}`)).status).toBe(204);
    const [audit] = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "evidence.delete"), eq(auditLog.entityId, String(old.id))));
    expect(audit?.oldValue).toMatchObject({
      fileName: "cu.pdf",
      size: 10 * KB,
      sha256: sha256(oldBytes),
    });
    // the file of the evidence deleted earlier went too; the evidence in use stays
    const [live] = await w.database.db.select().from(evidence).where(eq(evidence.id, now.body.id));
    expect(await storedFiles()).toEqual([live?.storageKey]);
  });

  it("backs up only the files of evidence in use, with none reported missing", async () => {
    const staff = await signIn(w.app, "xang-dau");
    await upload(staff, evidenceUrl(w.member), "giu.pdf", minimalPdf());
    const gone = await upload(staff, evidenceUrl(w.member), "xoa.pdf", minimalPdf());
    await staff.delete(`/api/evidence/${gone.body.id}`);
    const work = await mkdtemp(join(tmpdir(), "tdkt-evidence-backup-"));
    try {
      const backup = await createBackup(w.database.db, w.dataDir, join(work, "sao-luu.tar.gz"));
      expect(backup.manifest.evidence.map((e) => e.key)).toEqual(await storedFiles());
      expect(backup.manifest.missingEvidence).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
