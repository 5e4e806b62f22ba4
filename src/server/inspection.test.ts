/**
 * The cross-inspection through the API, on the demo's highland cluster (Vùng cao 2022 Điều
 * 7.4–7.5): the leader drafts the plan from the proposed rotation (no unit inspects itself), the
 * members acknowledge it, a team records findings at a unit, the unit agrees some and disputes
 * one, the two sides reconcile: the agreed values stand at the cluster stage, the results equal
 * the engine on the exported year, and the unit's later change of an inspected figure excludes
 * it with its reason (Lạng Sơn 2019 D.3) while a change elsewhere does not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { wordText } from "../../test/word-text.ts";
import { evaluateScenario } from "../core/scenario.ts";
import { deliverNotifications } from "./commands/notifications/deliver-notifications.ts";
import { loadDemo } from "./seed/demo.ts";

let t: TestApp;
let leader: Client;
let periodId: number;
let unitId: Map<string, number>;
const p = () => `/api/periods/${periodId}`;

beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
  leader = await sessionFor(t, "muongnhe");
  const years = (await leader.get("/api/me/periods")).body.periods as {
    id: number;
    cluster: { name: string };
    units: { id: number; name: string }[];
  }[];
  const highland = years.find((y) => y.cluster.name === "Cụm thi đua các xã vùng cao");
  if (!highland) throw new Error("no highland year");
  periodId = highland.id;
  unitId = new Map(highland.units.map((u) => [u.name, u.id]));
});
afterAll(() => t?.close());

const id = (name: string) => unitId.get(name) as number;

/** The work waiting for a person in the highland year, as their home page lists it. */
async function tasksOf(
  username: string,
): Promise<{ kind: string; count: number; title: string }[]> {
  const years = (await (await sessionFor(t, username)).get("/api/me/periods")).body.periods;
  return years.find((y: { id: number }) => y.id === periodId).tasks;
}

/** The notices a person has, newest first, once the round delivered what is due. */
async function noticesOf(username: string): Promise<{ title: string; body: string }[]> {
  await deliverNotifications(t.database.db);
  return (await (await sessionFor(t, username)).get("/api/me/notifications")).body.items;
}

interface Visit {
  id: number;
  inspected: { id: number; name: string };
  team: { id: number; name: string };
  version: number;
  reconciledAt: string | null;
  progress: { findings: number; agreed: number; disputed: number; unanswered: number };
  findings: { criterionId: string; response: string | null; version: number }[] | null;
}

describe("the cross-inspection", () => {
  it("is planned from a rotation with no self-inspection, refused when a unit inspects itself", async () => {
    const empty = await leader.get(`${p()}/inspection`);
    expect(empty.status).toBe(200);
    expect(empty.body.plan).toBeNull();
    const rotation = empty.body.proposedRotation as {
      inspectedUnitId: number;
      teamUnitId: number;
    }[];
    expect(rotation).toHaveLength(5);
    for (const r of rotation) expect(r.teamUnitId).not.toBe(r.inspectedUnitId);
    expect(new Set(rotation.map((r) => r.inspectedUnitId)).size).toBe(5);

    const selfInspecting = await leader.put(`${p()}/inspection`, {
      content: ["I"],
      visits: [
        { inspectedUnitId: id("Xã Nậm Kè"), teamUnitId: id("Xã Nậm Kè"), visitOn: "2025-10-20" },
      ],
    });
    expect(selfInspecting.status).toBe(400);
    expect(selfInspecting.body.message).toBe("Xã Nậm Kè không được tự kiểm tra chính đơn vị mình.");

    const member = await sessionFor(t, "namke");
    const notLeader = await member.put(`${p()}/inspection`, { content: ["I"], visits: [] });
    expect(notLeader.status).toBe(403);

    const saved = await leader.put(`${p()}/inspection`, {
      content: ["I"],
      note: "Kiểm tra kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2025.",
      visits: rotation.map((r, i) => ({
        ...r,
        members: [{ name: "Lò Văn Tâm", role: "Phó Chủ tịch UBND xã" }],
        visitOn: `2025-10-${String(20 + i).padStart(2, "0")}`,
        place: "Trụ sở UBND xã",
      })),
    });
    expect(saved.status).toBe(200);
    const plan = (await leader.get(`${p()}/inspection`)).body;
    expect(plan.plan.content).toEqual([{ id: "I", title: expect.stringMatching(/kinh tế/) }]);
    expect(plan.plan.problems).toEqual([]);
    expect(plan.plan.notInspected).toEqual([]);
    expect(plan.visits).toHaveLength(5);

    // every member is asked to acknowledge it: on the home page and by a notice
    expect((await tasksOf("quanglam")).map((task) => task.kind)).toContain("inspectionPlan");
    expect((await noticesOf("quanglam")).map((n) => n.title)).toContain(
      "Kế hoạch kiểm tra chéo năm 2025 chờ đơn vị xác nhận",
    );
  });

  it("is agreed once every member acknowledges it; findings wait for that", async () => {
    const visits = (await leader.get(`${p()}/inspection`)).body.visits as Visit[];
    const visit = visits.find((v) => v.inspected.name === "Xã Mường Toong") as Visit;
    const team = await sessionFor(t, "namke");
    const early = await team.put(`${p()}/inspection/visits/${visit.id}/findings/I.5`, {
      proposed: { plan: 100, actual: 86 },
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/chưa được thống nhất/);

    const names = ["muongnhe", "sinthau", "muongtoong", "namke", "quanglam"];
    for (const [i, username] of names.entries()) {
      const ack = await (await sessionFor(t, username)).post(
        `${p()}/inspection/acknowledgement`,
        {},
      );
      expect(ack.status).toBe(200);
      expect(ack.body.agreed).toBe(i === names.length - 1);
    }
    const plan = (await leader.get(`${p()}/inspection`)).body.plan;
    expect(plan.agreedHow).toBe("acknowledgement");
    expect(plan.agreedAt).not.toBeNull();

    // the notice reaches every member with its own part; the team has its visit to make
    const agreed = (await noticesOf("namke")).find((n) =>
      n.title.startsWith("Thông báo kế hoạch kiểm tra chéo năm 2025"),
    );
    expect(agreed?.body).toBe(
      "Kế hoạch kiểm tra chéo của Cụm thi đua các xã vùng cao năm 2025 đã được thống nhất: đơn vị bạn được đoàn của Xã Quảng Lâm kiểm tra ngày 22/10/2025; đoàn của đơn vị bạn kiểm tra Xã Mường Toong ngày 21/10/2025.",
    );
    expect(await tasksOf("namke")).toContainEqual(
      expect.objectContaining({ kind: "inspect", title: "Kiểm tra chéo tại Xã Mường Toong" }),
    );
    expect((await tasksOf("quanglam")).map((task) => task.kind)).not.toContain("inspectionPlan");
  });

  it("lets the team record findings, the unit agree or dispute, and both reconcile", async () => {
    const visits = (await leader.get(`${p()}/inspection`)).body.visits as Visit[];
    const visit = visits.find((v) => v.inspected.name === "Xã Mường Toong") as Visit;
    expect(visit.team.name).toBe("Xã Nậm Kè");
    const team = await sessionFor(t, "namke");
    const unit = await sessionFor(t, "muongtoong");
    const url = (criterion: string) => `${p()}/inspection/visits/${visit.id}/findings/${criterion}`;

    // the team reads the inspected unit's sheet and evidence; a unit not inspecting it does not
    const sheetUrl = `${p()}/units/${id("Xã Mường Toong")}`;
    expect((await team.get(`${sheetUrl}/sheet`)).status).toBe(200);
    expect((await team.get(`${sheetUrl}/evidence`)).status).toBe(200);
    const other = await sessionFor(t, "quanglam");
    expect((await other.get(`${sheetUrl}/sheet`)).status).toBe(403);
    expect((await other.get(`${sheetUrl}/evidence`)).status).toBe(403);

    // another unit's staff may not record findings here, nor the inspected unit itself
    expect((await (await sessionFor(t, "quanglam")).put(url("I.5"), { proposed: 1 })).status).toBe(
      403,
    );
    expect((await unit.put(url("I.5"), { proposed: { plan: 100, actual: 88 } })).status).toBe(403);
    const outside = await team.put(url("II"), { proposed: 150 });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toBe(
      "Tiêu chí II không thuộc nội dung kiểm tra chéo đã thống nhất.",
    );

    for (const [criterion, proposed, remark] of [
      ["I.5", { plan: 100, actual: 86 }, "Báo cáo thống kê ghi 86%"],
      ["I.9", { plan: 100, actual: 104.1 }, "Khớp hồ sơ"],
      ["I.7", { plan: 80, actual: 70 }, "Thiếu xác nhận của cơ quan công an"],
    ] as const) {
      const found = await team.put(url(criterion), { proposed, remark });
      expect(found.status, criterion).toBe(200);
    }
    // the unit is told what waits for its answer
    expect(await tasksOf("muongtoong")).toContainEqual(
      expect.objectContaining({ kind: "inspectionAnswer", count: 3 }),
    );
    expect((await noticesOf("muongtoong")).map((n) => n.title)).toContain(
      "3 kết quả kiểm tra chéo chờ bạn trả lời",
    );
    const early = await team.post(`${p()}/inspection/visits/${visit.id}/reconcile`, {
      version: visit.version,
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/chưa trả lời 3 kết quả kiểm tra \(I\.5, I\.9, I\.7\)/);

    expect(
      (await team.put(`${url("I.5")}/response`, { response: "agree", version: 1 })).status,
    ).toBe(403);
    const noReason = await unit.put(`${url("I.7")}/response`, { response: "dispute", version: 1 });
    expect(noReason.status).toBe(400);
    expect(
      (await unit.put(`${url("I.5")}/response`, { response: "agree", version: 1 })).status,
    ).toBe(200);
    expect(
      (await unit.put(`${url("I.9")}/response`, { response: "agree", version: 1 })).status,
    ).toBe(200);
    const disputed = await unit.put(`${url("I.7")}/response`, {
      response: "dispute",
      reason: "Số liệu 71% có xác nhận của Công an tỉnh",
      version: 1,
    });
    expect(disputed.status).toBe(200);

    const reconciled = await team.post(`${p()}/inspection/visits/${visit.id}/reconcile`, {
      version: visit.version,
    });
    expect(reconciled.status).toBe(200);
    expect(reconciled.body).toEqual({ agreed: 2, disputed: 1 });
    expect((await tasksOf("namke")).map((task) => task.kind)).not.toContain("inspect");
    expect((await tasksOf("muongtoong")).map((task) => task.kind)).not.toContain(
      "inspectionAnswer",
    );
    const again = await team.put(url("I.5"), { proposed: { plan: 100, actual: 80 }, version: 2 });
    expect(again.status).toBe(409);

    // the agreed values stand at the cluster stage, the disputed one does not
    const sheet = (await leader.get(`${p()}/units/${id("Xã Mường Toong")}/sheet`)).body;
    const row = (criterion: string) =>
      sheet.rows.find((r: { criterionId: string }) => r.criterionId === criterion);
    expect(row("I.5").values.cluster.value).toEqual({ plan: 100, actual: 86 });
    expect(row("I.5").values.cluster.comment).toBe("Thống nhất khi kiểm tra chéo ngày 21/10/2025.");
    expect(row("I.9").values.cluster.value).toEqual({ plan: 100, actual: 104.1 });
    expect(row("I.7").values.cluster).toBeUndefined();
    expect(row("I.5").values.self.value).toEqual({ plan: 100, actual: 88 });

    // the screens' results are the engine's on the exported year
    const results = await leader.get(`${p()}/results`);
    const exported = await leader.get(`${p()}/export`);
    expect(results.body).toEqual(evaluateScenario(exported.body, { provisional: true }).output);
    const before = results.body.units.find((u: { id: string }) => u.id === "muong-toong");
    expect(before.reasons.join(" ")).not.toMatch(/tự ý điều chỉnh/);
  });

  it("writes the notice of the plan and the minutes of the visit, dated and signed", async () => {
    const text = async (client: Client, url: string) => {
      const res = await client.inject({ method: "GET", url });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return wordText(res.rawPayload);
    };
    const member = await sessionFor(t, "quanglam");
    const notice = await text(member, `${p()}/inspection/notice.docx`);
    expect(notice).toContain("THÔNG BÁO");
    expect(notice).toContain("Kế hoạch kiểm tra chéo năm 2025");
    expect(notice).toContain("được các đơn vị thành viên thống nhất");
    expect(notice).toMatch(
      /Xã Mường Toong\s*Xã Nậm Kè\s*Lò Văn Tâm \(Phó Chủ tịch UBND xã\)\s*21\/10\/2025/,
    );
    expect(notice).toContain("Số:      /TB-CTĐ");
    // signed by the head of the leader unit
    expect(notice).toMatch(/CỤM TRƯỞNG\n(\n)*Thào A Sùng/);

    const visits = (await leader.get(`${p()}/inspection`)).body.visits as Visit[];
    const visit = visits.find((v) => v.inspected.name === "Xã Mường Toong") as Visit;
    const refused = await member.get(`${p()}/inspection/visits/${visit.id}/minutes.docx`);
    expect(refused.status).toBe(403);
    const minutes = await text(
      await sessionFor(t, "muongtoong"),
      `${p()}/inspection/visits/${visit.id}/minutes.docx`,
    );
    expect(minutes).toContain(
      "Hôm nay, ngày 21/10/2025, tại Trụ sở UBND xã, đoàn kiểm tra của Xã Nậm Kè",
    );
    expect(minutes).toMatch(/ngày 21 tháng 10 năm 2025/);
    expect(minutes).toContain(
      "Hai bên thống nhất 2 tiêu chí: I.5 (thực hiện 86 / kế hoạch 100); I.9",
    );
    expect(minutes).toContain(
      "- I.7: ý kiến của đơn vị: Số liệu 71% có xác nhận của Công an tỉnh.",
    );
    // both signatures: the inspected unit's head, the team's head
    expect(minutes).toMatch(/ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA\nCHỦ TỊCH\n(\n)*Quàng Văn Bình/);
    expect(minutes).toMatch(/TRƯỞNG ĐOÀN KIỂM TRA\nPHÓ CHỦ TỊCH UBND XÃ\n(\n)*Lò Văn Tâm/);
  });

  it("excludes the unit that changes an inspected figure afterwards, not one that changes another", async () => {
    const unit = await sessionFor(t, "muongtoong");
    const sheetUrl = `${p()}/units/${id("Xã Mường Toong")}`;
    const versionOf = async (criterion: string) =>
      (await unit.get(`${sheetUrl}/sheet`)).body.rows.find(
        (r: { criterionId: string }) => r.criterionId === criterion,
      ).values.self.version as number;
    const elsewhere = await unit.put(`${sheetUrl}/scores/I.1`, {
      value: { plan: 100, actual: 99.6 },
      version: await versionOf("I.1"),
    });
    expect(elsewhere.status).toBe(200);
    const flags = async () => (await unit.get(`${sheetUrl}/sheet`)).body.unit.flags as string[];
    expect(await flags()).not.toContain("adjustedAfterReconciliation");

    const changed = await unit.put(`${sheetUrl}/scores/I.5`, {
      value: { plan: 100, actual: 90 },
      version: await versionOf("I.5"),
    });
    expect(changed.status).toBe(200);
    expect(await flags()).toContain("adjustedAfterReconciliation");
    const results = (await leader.get(`${p()}/results`)).body;
    const excluded = results.units.find((u: { id: string }) => u.id === "muong-toong");
    expect(excluded.reasons.join(" ")).toMatch(
      /tự ý điều chỉnh số liệu sau khi đã thống nhất điểm/,
    );
    expect(excluded.award).toBeNull();
  });
});
