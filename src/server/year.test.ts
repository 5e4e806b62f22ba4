/**
 * A whole year of a Lạng Sơn enterprise cluster over HTTP, as its officers would live it:
 * register, sign the pact, self-score, submit, review with a change, reconcile with a dispute,
 * settle, appraise with a change, lock; the results equal `tdkt evaluate` on the exported file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  signIn,
  type TestApp,
  testApp,
  tinyPdf,
  uploadFile,
} from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { evaluateScenario } from "../core/scenario.ts";
import { verifyAudit } from "./commands/audit/verify-audit.ts";

const FIXTURE = join(
  import.meta.dirname,
  "../../test/fixtures/scenarios/lang-son-enterprises-tie.json",
);
const final: Record<string, Record<string, unknown>> = JSON.parse(
  readFileSync(FIXTURE, "utf8"),
).scores;
const CODES = ["A", "B", "C", "D", "E"];

/** What each unit scores itself: the final scores, except two items later changed by others. */
const selfScores = (code: string): Record<string, unknown> => ({
  ...final[code],
  ...(code === "C" ? { "I.1": 14 } : {}),
  ...(code === "A" ? { "II.4": 5 } : {}),
});

let t: TestApp;
let y: YearFixture;
const as: Record<string, Client> = {};
let version: Record<string, number> = {};

async function sheet(client: Client, code: string) {
  const res = await client.get(`/api/periods/${y.periodId}/units/${y.unit[code]}/sheet`);
  expect(res.status).toBe(200);
  return res.body;
}

async function move(client: Client, code: string, action: string, reason?: string) {
  const res = await client.post(`/api/periods/${y.periodId}/units/${y.unit[code]}/transitions`, {
    action,
    version: version[code],
    ...(reason ? { reason } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  version[code] = res.body.version;
  return res.body;
}

beforeAll(async () => {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: CODES });
  for (const code of CODES) as[code] = await signIn(t.app, y.staff[code] as string);
  as.standing = await signIn(t.app, "standing");
  as.council = await signIn(t.app, "council");
  version = Object.fromEntries(CODES.map((c) => [c, 1]));
});
afterAll(async () => {
  await t.close();
});

describe("a year of a cluster over HTTP", () => {
  it("registers targets and records the pact (all but D, which never registers)", async () => {
    for (const code of ["A", "B", "C", "E"]) {
      const res = await as[code]?.put(
        `/api/periods/${y.periodId}/units/${y.unit[code]}/registration`,
        {
          targets: "Doanh thu tăng 10%, nộp thuế đúng hạn, không có tai nạn lao động",
          titles: ["Cờ thi đua của UBND tỉnh"],
          version: version[code],
        },
      );
      expect(res?.status).toBe(200);
      version[code] = res?.body.version;
      const pact = await as.A?.post(`/api/periods/${y.periodId}/units/${y.unit[code]}/pact`, {
        signedOn: "2024-02-20",
        version: version[code],
      });
      expect(pact?.status).toBe(200);
      version[code] = pact?.body.version;
    }
    const facts = await as.standing?.put(
      `/api/periods/${y.periodId}/units/${y.unit.E}/standing-facts`,
      {
        flags: ["pendingViolation"],
        reason: "Công văn của Thanh tra tỉnh: đang xác minh dấu hiệu sai phạm",
        version: version.E,
      },
    );
    expect(facts?.status).toBe(200);
    version.E = facts?.body.version;
    // registered after the due date (30/01/2024): the lateness is shown from the recorded time
    const overview = await as.A?.get(`/api/periods/${y.periodId}`);
    const a = overview?.body.units.find((u: { code: string }) => u.code === "A");
    expect(a).toMatchObject({
      registered: true,
      registration: { titles: ["Cờ thi đua của UBND tỉnh"] },
      pactSigned: true,
      pactSignedOn: "2024-02-20",
      late: ["Đăng ký thi đua"],
    });
    // a member reads what it registered, not what another unit did
    const seen = await as.C?.get(`/api/periods/${y.periodId}`);
    const byCode = (code: string) =>
      seen?.body.units.find((u: { code: string }) => u.code === code);
    expect(byCode("C").registration.targets).toMatch(/Doanh thu tăng 10%/);
    expect(byCode("A")).not.toHaveProperty("registration");
    expect(overview?.body.milestones[0]).toMatchObject({ dueOn: "2024-01-30", late: true });
  });

  it("lets each unit self-score every criterion and submit when complete", async () => {
    for (const code of CODES) {
      const client = as[code] as Client;
      const before = await sheet(client, code);
      for (const row of before.rows) {
        const c = before.scheme.criteria.find((x: { id: string }) => x.id === row.criterionId);
        if (c.kind === "group") continue;
        const value =
          selfScores(code)[row.criterionId] ?? (c.kind === "lossPerItem" ? { missing: 5 } : 0);
        const withFile = code === "A" && row.criterionId === "I.1";
        const res = await client.put(
          `/api/periods/${y.periodId}/units/${y.unit[code]}/scores/${row.criterionId}`,
          {
            value,
            ...(withFile
              ? {}
              : { explanation: "Báo cáo tổng kết năm 2024 của đơn vị, mục tương ứng" }),
          },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      if (code === "A") {
        const url = `/api/periods/${y.periodId}/units/${y.unit.A}/evidence/I.1`;
        const early = await client.post(
          `/api/periods/${y.periodId}/units/${y.unit.A}/transitions`,
          {
            action: "submit",
            version: version.A,
          },
        );
        expect(early.status).toBe(409);
        expect(early.body.message).toMatch(/chưa có minh chứng hoặc giải trình \(I\.1/);
        const uploaded = await uploadFile(client, url, "Báo cáo doanh thu năm 2024.pdf", tinyPdf());
        expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      }
      await move(client, code, "submit");
    }
    const a = await sheet(as.A as Client, "A");
    expect(a.unit.status).toBe("submitted");
    expect(a.totals.self.total).toBe(140);
    expect(a.rows.find((r: { criterionId: string }) => r.criterionId === "I.1").evidenceCount).toBe(
      1,
    );
  });

  it("lets the leader review: accept in one step, change with a reason", async () => {
    const leader = as.A as Client;
    const noReason = await leader.put(`/api/periods/${y.periodId}/units/${y.unit.C}/scores/I.1`, {
      value: 12,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/cần ghi lý do/);
    const changed = await leader.put(`/api/periods/${y.periodId}/units/${y.unit.C}/scores/I.1`, {
      value: 12,
      comment: "Doanh thu chỉ đạt 96% kế hoạch theo số liệu của Cục Thuế",
    });
    expect(changed.status).toBe(200);
    const accepted = await leader.put(`/api/periods/${y.periodId}/units/${y.unit.C}/scores/I.2`, {
      value: 12,
    });
    expect(accepted.status).toBe(200);
    // nobody reviews their own unit: the leader unit's sheet is the deputy's
    const own = await leader.post(`/api/periods/${y.periodId}/units/${y.unit.A}/transitions`, {
      action: "review",
      version: (await sheet(leader, "A")).unit.version,
    });
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/biểu của đơn vị Cụm trưởng do Cụm phó rà soát/);
    for (const code of CODES) await move(code === "A" ? (as.B as Client) : leader, code, "review");
  });

  it("reconciles: four units agree, C disputes and the preparatory meeting settles it", async () => {
    for (const code of ["A", "B", "D", "E"]) await move(as[code] as Client, code, "agree");
    const c = as.C as Client;
    const dispute = await c.put(`/api/periods/${y.periodId}/units/${y.unit.C}/responses/I.1`, {
      agreement: "dispute",
      reason: "Doanh thu quý IV chưa được Cục Thuế cập nhật",
    });
    expect(dispute.status).toBe(200);
    await move(c, "C", "dispute", "Không đồng ý điểm tiêu chí I.1");
    expect((await sheet(as.A as Client, "C")).unit.status).toBe("disputed");
    const leader = as.A as Client;
    const meeting = await leader.post(`/api/periods/${y.periodId}/meetings`, {
      kind: "preparatory",
      title: "Họp trù bị tổng kết năm 2024",
      scheduledAt: "2025-01-10T08:00:00+07:00",
      place: "Công ty Điện lực Lạng Sơn",
      invited: [{ name: "Đồng chí Ủy viên Hội đồng", role: "Thành viên Hội đồng TĐKT tỉnh" }],
    });
    expect(meeting.status).toBe(201);
    const m = `/api/periods/${y.periodId}/meetings/${meeting.body.id}`;
    const few = await leader.put(`${m}/attendance`, {
      units: ["A", "B", "C"].map((code) => ({ unitId: y.unit[code], present: true })),
    });
    expect(few.body).toMatchObject({ present: 3, members: 5, quorum: 4, hasQuorum: false });
    const early = await leader.post(`${m}/decisions`, {
      text: "Giữ 12 điểm tiêu chí I.1 của C",
      votesFor: 3,
      votesAgainst: 0,
    });
    expect(early.status).toBe(409);
    const enough = await leader.put(`${m}/attendance`, {
      units: [
        { unitId: y.unit.D, present: true },
        { unitId: y.unit.E, present: false },
      ],
    });
    expect(enough.body).toMatchObject({ present: 4, hasQuorum: true });
    const decision = await leader.post(`${m}/decisions`, {
      text: "Giữ 12 điểm tiêu chí I.1 của C theo số liệu Cục Thuế",
      votesFor: 3,
      votesAgainst: 1,
    });
    expect(decision.status).toBe(201);
    expect(decision.body.passed).toBe(true);
    await move(as.A as Client, "C", "settle", "Họp trù bị ngày 10/01/2025 thống nhất giữ 12 điểm");
    expect((await sheet(c, "C")).unit.status).toBe("reconciled");
  });

  it("lets the standing agency appraise and change a score with a reason", async () => {
    const standing = as.standing as Client;
    const res = await standing.put(`/api/periods/${y.periodId}/units/${y.unit.A}/scores/II.4`, {
      value: 4,
      comment: "Công đoàn cơ sở chỉ xếp loại vững mạnh",
    });
    expect(res.status).toBe(200);
    for (const code of CODES) await move(standing, code, "appraise");
    const a = await sheet(as.A as Client, "A");
    expect(a.unit.status).toBe("appraised");
    // the values the standing agency did not change stand as appraised, recorded as such
    const valued = a.rows.filter((r: { values: { self?: unknown } }) => r.values.self);
    expect(valued.length).toBeGreaterThan(20);
    for (const r of valued) {
      const before = r.values.cluster ?? r.values.official ?? r.values.self;
      expect(r.values.appraisal?.value, r.criterionId).toEqual(
        r.criterionId === "II.4" ? 4 : before.value,
      );
      if (r.criterionId !== "II.4") {
        expect(r.values.appraisal.comment).toBe(
          "Giữ nguyên khi hoàn thành thẩm định (không sửa điểm này).",
        );
      }
    }
    // …and the sheet file has its appraisal column whole (the hidden column G keys the rows)
    const file = await (as.A as Client).inject({
      method: "GET",
      url: `/api/periods/${y.periodId}/units/${y.unit.A}/documents/sheet.xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const keyed = new Map<string, number>();
    ws.eachRow((row, n) => keyed.set(String(row.getCell(7).value), n));
    const empty = valued
      .map((r: { criterionId: string }) => r.criterionId)
      .filter(
        (id: string) => keyed.has(id) && ws.getCell(keyed.get(id) as number, 6).value == null,
      );
    expect(empty).toEqual([]);
  });

  it("gives the results of the worked file, which equal tdkt evaluate on the export", async () => {
    const results = await (as.standing as Client).get(`/api/periods/${y.periodId}/results`);
    expect(results.status).toBe(200);
    const expected = JSON.parse(readFileSync(FIXTURE.replace(".json", ".expected.json"), "utf8"));
    expect(
      results.body.units.map((u: { id: string; total: number; status: string }) => [
        u.id,
        u.total,
        u.status,
      ]),
    ).toEqual(
      expected.units.map((u: { id: string; total: number; status: string }) => [
        u.id,
        u.total,
        u.status,
      ]),
    );
    expect(results.body.ballotsNeeded).toEqual([{ award: "co-tinh", candidates: ["A", "B"] }]);
    const exported = await (as.A as Client).get(`/api/periods/${y.periodId}/export`);
    expect(exported.status).toBe(200);
    expect(evaluateScenario(exported.body).output).toEqual(results.body);
  });

  it("settles the tie for the flag by secret ballot at the summary meeting", async () => {
    const leader = as.A as Client;
    const meeting = await leader.post(`/api/periods/${y.periodId}/meetings`, {
      kind: "summary",
      title: "Hội nghị tổng kết, bình xét thi đua năm 2024",
      scheduledAt: "2025-01-20T08:00:00+07:00",
      place: "Công ty Điện lực Lạng Sơn",
    });
    const m = `/api/periods/${y.periodId}/meetings/${meeting.body.id}`;
    await leader.put(`${m}/attendance`, {
      units: CODES.map((code) => ({ unitId: y.unit[code], present: true })),
    });
    const ballot = await leader.post(`${m}/ballots`, {
      purpose: "award",
      award: "co-tinh",
      candidates: ["A", "B"],
    });
    expect(ballot.status).toBe(201);
    const votes: Record<string, string> = { A: "A", B: "B", C: "B", D: "B", E: "A" };
    for (const [code, choice] of Object.entries(votes)) {
      const res = await (as[code] as Client).post(`${m}/ballots/${ballot.body.id}/votes`, {
        choice,
      });
      expect(res.status).toBe(201);
    }
    const closed = await leader.post(`${m}/ballots/${ballot.body.id}/close`);
    expect(closed.body.ballot.outcome).toMatchObject({
      kind: "winner",
      winner: "B",
      counts: { A: 2, B: 3 },
    });
    const results = await (as.standing as Client).get(`/api/periods/${y.periodId}/results`);
    const held = JSON.parse(
      readFileSync(FIXTURE.replace("-tie.json", "-ballot-held.expected.json"), "utf8"),
    );
    expect(
      results.body.units.map((u: { id: string; award: string | null }) => [u.id, u.award]),
    ).toEqual(held.units.map((u: { id: string; award: string | null }) => [u.id, u.award]));
    expect(results.body.ballotsNeeded).toEqual([]);
    const exported = await leader.get(`/api/periods/${y.periodId}/export`);
    expect(exported.body.ballots).toEqual([{ award: "co-tinh", winner: "B" }]);
    expect(evaluateScenario(exported.body).output).toEqual(results.body);
  });

  it("locks the deliberated result; then an award ballot is refused, next year's election goes on", async () => {
    const standing = as.standing as Client;
    const leader = as.A as Client;
    const wrong = await standing.post(`/api/periods/${y.periodId}/lock`, {
      confirmation: "khoa",
      decision: "QĐ 12",
    });
    expect(wrong.status).toBe(400);
    const lock = await standing.post(`/api/periods/${y.periodId}/lock`, {
      confirmation: "KHÓA KẾT QUẢ",
      decision: "Quyết định số 15/QĐ-BTĐKT ngày 15/01/2025",
    });
    expect(lock.status).toBe(200);
    expect((await sheet(leader, "A")).unit.status).toBe("locked");

    const meetings = await leader.get(`/api/periods/${y.periodId}/meetings`);
    const m = `/api/periods/${y.periodId}/meetings/${meetings.body.meetings[0].id}`;
    const again = await leader.post(`${m}/ballots`, {
      purpose: "award",
      award: "co-tinh",
      candidates: ["A", "B"],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("PERIOD_LOCKED");

    // next year's leader, elected at the same meeting
    const election = await leader.post(`${m}/ballots`, {
      purpose: "leader",
      candidates: ["B", "C"],
    });
    for (const code of CODES) {
      await (as[code] as Client).post(`${m}/ballots/${election.body.id}/votes`, {
        choice: code === "A" ? "B" : "C",
      });
    }
    await leader.post(`${m}/ballots/${election.body.id}/close`);
    const elected = await (as.C as Client).get(`/api/periods/${y.periodId}/elections`);
    expect(elected.body.elections).toMatchObject([{ purpose: "leader", code: "C" }]);
  });

  it("publishes the results to the members and records the proposal to the council", async () => {
    const unit = as.C as Client;
    expect((await unit.get(`/api/periods/${y.periodId}/results`)).status).toBe(403);
    expect((await (as.A as Client).post(`/api/periods/${y.periodId}/publish`)).status).toBe(200);
    expect((await unit.get(`/api/periods/${y.periodId}/results`)).status).toBe(200);
    const proposal = await (as.A as Client).post(`/api/periods/${y.periodId}/proposal`, {
      note: "Đề nghị tặng Cờ thi đua của UBND tỉnh cho Công ty B, Bằng khen cho Công ty A",
    });
    expect(proposal.status).toBe(200);
    expect(proposal.body.results.units.find((u: { id: string }) => u.id === "B").award).toBe(
      "co-tinh",
    );
  });

  it("keeps every change with who, when, old, new and why", async () => {
    const history = await (as.C as Client).get(
      `/api/periods/${y.periodId}/units/${y.unit.C}/history`,
    );
    const change = history.body.entries.find(
      (e: { action: string; entityId: string }) =>
        e.action === "score.cluster" && e.entityId.endsWith("/I.1/cluster"),
    );
    expect(change).toMatchObject({
      by: "Cán bộ A",
      newValue: { value: 12 },
      reason: "Doanh thu chỉ đạt 96% kế hoạch theo số liệu của Cục Thuế",
    });
    const other = await (as.C as Client).get(
      `/api/periods/${y.periodId}/units/${y.unit.A}/history`,
    );
    expect(other.status).toBe(403);
  });
});

describe("import of a cluster-year file", () => {
  it("brings in a finished year whose results equal tdkt evaluate, and refuses a bad file whole", async () => {
    const file = JSON.parse(
      readFileSync(FIXTURE.replace("lang-son-enterprises-tie", "vung-cao-highland"), "utf8"),
    );
    const standing = as.standing as Client;
    const bad = structuredClone(file);
    bad.scores.TC.II = 250;
    const refused = await standing.post(`/api/clusters/${y.clusterId}/import`, { file: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/Đơn vị TC, tiêu chí II .*vượt điểm tối đa 200/);
    const imported = await standing.post(`/api/clusters/${y.clusterId}/import`, { file });
    expect(imported.status).toBe(201);
    const results = await standing.get(`/api/periods/${imported.body.periodId}/results`);
    expect(results.body).toEqual(evaluateScenario(file).output);
    // one audit row per value the file wrote, and the record verifies
    const { rows } = (await t.database.db.execute(sql`
      SELECT (SELECT count(*) FROM scores WHERE period_id = ${imported.body.periodId})::int AS scores,
             (SELECT count(*) FROM audit_log WHERE period_id = ${imported.body.periodId}
                AND entity = 'score')::int AS audited`)) as unknown as {
      rows: { scores: number; audited: number }[];
    };
    expect(rows[0]?.audited).toBe(imported.body.scores);
    expect(rows[0]?.scores).toBe(imported.body.scores);
    expect((await verifyAudit(t.database.db)).breaks).toEqual([]);
    const again = await standing.post(`/api/clusters/${y.clusterId}/import`, { file });
    expect(again.status).toBe(409);
    const exported = await standing.get(`/api/periods/${imported.body.periodId}/export`);
    expect(evaluateScenario(exported.body).output).toEqual(results.body);
  });
});
