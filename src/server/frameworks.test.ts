/**
 * A level's framework (khung tiêu chí): the standing agency publishes it, a cluster's year starts
 * from it, the cluster specialises it within its locks and its sections' maximums, scores on
 * it, and the exported file evaluates to the same results; it is final once scoring starts.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { createYear, type YearFixture } from "../../test/year.ts";
import { evaluateScenario } from "../core/scenario.ts";

let t: TestApp;
let y: YearFixture;
let standing: Client;
let admin: Client;
let leader: Client;
beforeEach(async () => {
  t = await testApp();
  y = await createYear(t.database, { schemeId: "lang-son-2019/B", codes: ["A", "B", "C"] });
  standing = await sessionFor(t, "standing");
  admin = await sessionFor(t, "admin");
  leader = await sessionFor(t, "u-a");
}, 60_000);
afterEach(async () => {
  await t.close();
});

/** Long Biên 2024 with I.1 split into I.1.1 (200) and I.1.2 (100), section III locked. */
const FRAMEWORK = {
  name: "Khung tiêu chí chấm điểm các Cụm, Khối thi đua năm 2025",
  presetId: "long-bien-2024",
  criteria: [
    { id: "I.1.1", parent: "I.1", title: "Chỉ tiêu kinh tế - ngân sách", max: 200 },
    { id: "I.1.2", parent: "I.1", title: "Chỉ tiêu văn hóa - xã hội", max: 100 },
  ],
  lockedSections: ["III"],
};

const count = async (table: string) =>
  Number(
    (
      (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as {
        rows: { n: number }[];
      }
    ).rows[0]?.n,
  );

async function publish(levelId = y.levelId, body: object = FRAMEWORK): Promise<number> {
  const res = await standing.post(`/api/levels/${levelId}/frameworks`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

function periodBody(extra: object) {
  return {
    label: "2025",
    kind: "calendar",
    startsOn: "2025-01-01",
    endsOn: "2025-12-31",
    units: [
      { unitId: y.unit.A, role: "leader" },
      { unitId: y.unit.B, role: "deputy" },
      { unitId: y.unit.C, role: "member" },
    ],
    ...extra,
  };
}

async function periodFrom(frameworkId: number, clusterId = y.clusterId): Promise<number> {
  const res = await admin.post(`/api/clusters/${clusterId}/periods`, periodBody({ frameworkId }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe("a level's framework", () => {
  it("is published by the standing agency, specialised within its locks, scored, and exported to the same results", async () => {
    const published = await standing.post(`/api/levels/${y.levelId}/frameworks`, FRAMEWORK);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      levelId: y.levelId,
      levelName: "Tỉnh Lạng Sơn",
      presetId: "long-bien-2024",
      lockedSections: ["III"],
      createdBy: "Chuyên viên Ban TĐKT",
      version: 1,
      frozen: false,
    });
    const frameworkId = published.body.id;
    const audit = await t.database.db.execute(
      sql`select action, actor_id from audit_log where entity = 'framework'`,
    );
    expect((audit as unknown as { rows: { action: string }[] }).rows).toHaveLength(1);
    // every member unit reads the frameworks of its level
    const unit = await sessionFor(t, "u-c");
    const listed = await unit.get(`/api/levels/${y.levelId}/frameworks`);
    expect(listed.status).toBe(200);
    expect(listed.body.frameworks.map((f: { name: string }) => f.name)).toEqual([FRAMEWORK.name]);

    const periodId = await periodFrom(frameworkId);
    const p = `/api/periods/${periodId}`;
    const overview = await leader.get(p);
    expect(overview.status).toBe(200);
    expect(overview.body.period).toMatchObject({ schemeId: "long-bien-2024", frameworkId });
    expect(overview.body.framework).toEqual({
      id: frameworkId,
      name: FRAMEWORK.name,
      levelId: y.levelId,
    });
    expect(overview.body.scheme.lockedSections).toEqual(["III"]);
    const row = (id: string) =>
      overview.body.scheme.criteria.find((c: { id: string }) => c.id === id);
    expect(row("I.1")).toMatchObject({ kind: "group", max: 300 });
    expect(row("I.1.1")).toMatchObject({ max: 200, locked: false });
    expect(row("III.1")).toMatchObject({ locked: true });

    // the leader's criteria: nothing in the locked section III, nothing above section I's 600
    const locked = await leader.put(`${p}/criteria`, {
      criteria: [{ id: "III.5", parent: "III", title: "Công tác khác", max: 5 }],
      version: 1,
    });
    expect(locked.status).toBe(400);
    expect(locked.body).toEqual({
      code: "LOCKED_CRITERION",
      message: "Tiêu chí III.5: mục III do cơ quan thường trực quy định, Cụm không được thay đổi.",
    });
    const tooMuch = await leader.put(`${p}/criteria`, {
      criteria: [{ id: "I.2", max: 300 }],
      version: 1,
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toMatch(
      /^Tiêu chí I \(.*\): tổng điểm tối đa của các tiêu chí con là 700, vượt điểm tối đa 600 của mục\.$/,
    );
    expect((await leader.get(p)).body.period).toMatchObject({ criteria: [], version: 1 });

    const own = [
      { id: "I.1.1", title: "Thu ngân sách trên địa bàn" },
      { id: "I.2.1", parent: "I.2", title: "Đề án chỉnh trang đô thị", max: 120 },
      { id: "I.2.2", parent: "I.2", title: "Nhiệm vụ đột xuất", max: 80 },
    ];
    const specialised = await leader.put(`${p}/criteria`, { criteria: own, version: 1 });
    expect(specialised.status, JSON.stringify(specialised.body)).toBe(200);
    const sheet = await unit.get(`${p}/units/${y.unit.C}/sheet`);
    expect(
      sheet.body.scheme.criteria
        .filter((c: { parent: string | null }) => c.parent === "I.1" || c.parent === "I.2")
        .map((c: { id: string; title: string; max: number }) => [c.id, c.title, c.max]),
    ).toEqual([
      ["I.1.1", "Thu ngân sách trên địa bàn", 200],
      ["I.1.2", "Chỉ tiêu văn hóa - xã hội", 100],
      ["I.2.1", "Đề án chỉnh trang đô thị", 120],
      ["I.2.2", "Nhiệm vụ đột xuất", 80],
    ]);

    // scoring on the specialised scheme, the locked section included
    const score = (client: Client, code: string, criterion: string, value: number) =>
      client.put(`${p}/units/${y.unit[code]}/scores/${criterion}`, { value });
    for (const [client, code, criterion, value] of [
      [unit, "C", "I.1.1", 180],
      [unit, "C", "I.2.1", 110],
      [unit, "C", "III.1", 25],
      [leader, "A", "I.1.1", 200],
      [leader, "A", "I.1.2", 90],
      [await sessionFor(t, "u-b"), "B", "I.1.2", 95.5],
    ] as const) {
      const res = await score(client, code, criterion, value);
      expect(res.status, `${code} ${criterion}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const over = await score(unit, "C", "I.1.1", 201);
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/tiêu chí I\.1\.1 .*vượt điểm tối đa 200/);
    expect((await score(unit, "C", "I.2", 100)).body.code).toBe("GROUP_CRITERION");

    const results = await leader.get(`${p}/results`);
    expect(results.status).toBe(200);
    expect(results.body.units.map((u: { id: string; total: number }) => [u.id, u.total])).toEqual([
      ["C", 315],
      ["A", 290],
      ["B", 95.5],
    ]);
    const exported = await leader.get(`${p}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.scheme).toBe("long-bien-2024");
    expect(exported.body.criteria).toEqual([
      { id: "I.1.1", parent: "I.1", title: "Thu ngân sách trên địa bàn", max: 200 },
      { id: "I.1.2", parent: "I.1", title: "Chỉ tiêu văn hóa - xã hội", max: 100 },
      ...own.slice(1),
    ]);
    expect(evaluateScenario(exported.body).output).toEqual(results.body);

    // scoring has started: the framework is final
    const listedAfter = await unit.get(`/api/levels/${y.levelId}/frameworks`);
    expect(listedAfter.body.frameworks[0].frozen).toBe(true);
  });

  it("is changed with its version until a period using it starts scoring, then refused with 409", async () => {
    const frameworkId = await publish();
    const periodId = await periodFrom(frameworkId);
    const url = `/api/frameworks/${frameworkId}`;
    const changed = await standing.put(url, {
      name: "Khung tiêu chí năm 2025 (sửa đổi)",
      criteria: FRAMEWORK.criteria,
      lockedSections: ["III", "IV"],
      version: 1,
      reason: "Theo ý kiến của Thường trực Hội đồng",
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, lockedSections: ["III", "IV"] });
    expect((await leader.get(`/api/periods/${periodId}`)).body.scheme.lockedSections).toEqual([
      "III",
      "IV",
    ]);

    // a stale version: who changed it, when, and the framework as it is now
    const stale = await admin.put(url, {
      name: "Sửa cùng lúc",
      criteria: [],
      lockedSections: [],
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(
      /^Khung tiêu chí vừa được Chuyên viên Ban TĐKT thay đổi lúc .+\. Hãy xem nội dung hiện tại rồi sửa lại\.$/,
    );
    expect(stale.body.details).toMatchObject({
      version: 2,
      name: "Khung tiêu chí năm 2025 (sửa đổi)",
    });

    // a lock the cluster's own criteria already go against
    const own = await leader.put(`/api/periods/${periodId}/criteria`, {
      criteria: [{ id: "II.1", title: "Sắp xếp tổ chức bộ máy" }],
      version: 1,
    });
    expect(own.status).toBe(200);
    const breaks = await standing.put(url, {
      name: "Khung tiêu chí năm 2025 (sửa đổi)",
      criteria: FRAMEWORK.criteria,
      lockedSections: ["II", "III", "IV"],
      version: 2,
    });
    expect(breaks.status).toBe(409);
    expect(breaks.body.message).toBe(
      "Tiêu chí riêng của Cụm thi đua các doanh nghiệp, kỳ 2025, không còn phù hợp với khung tiêu chí mới — Tiêu chí II.1: mục II do cơ quan thường trực quy định, Cụm không được thay đổi. Hãy để Cụm sửa tiêu chí trước, hoặc giữ nguyên phần này của khung.",
    );

    // the first score freezes the period's scheme, and with it the framework
    const scored = await (await sessionFor(t, "u-c")).put(
      `/api/periods/${periodId}/units/${y.unit.C}/scores/I.1.1`,
      { value: 150 },
    );
    expect(scored.status).toBe(200);
    const audits = await count("audit_log");
    const frozen = await standing.put(url, {
      name: "Khung tiêu chí năm 2025 (sửa lần 2)",
      criteria: [],
      lockedSections: ["III"],
      version: 2,
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.message).toBe(
      "Khung tiêu chí đã được dùng để chấm điểm (Cụm thi đua các doanh nghiệp, kỳ 2025): không sửa được nữa. Hãy ban hành một khung tiêu chí mới cho các kỳ sau.",
    );
    const after = await standing.get(`/api/levels/${y.levelId}/frameworks`);
    expect(after.body.frameworks[0]).toMatchObject({
      version: 2,
      name: "Khung tiêu chí năm 2025 (sửa đổi)",
      lockedSections: ["III", "IV"],
      frozen: true,
    });
    expect(await count("audit_log")).toBe(audits);
  });

  it("serves the clusters of its level and of the levels below, not those above", async () => {
    const district = await admin.post("/api/levels", {
      parentId: y.levelId,
      name: "Huyện Cao Lộc",
      kind: "district",
      standingAgency: "Phòng Nội vụ huyện Cao Lộc",
    });
    const districtCluster = await admin.post("/api/clusters", {
      levelId: district.body.id,
      name: "Cụm thi đua các xã",
      kind: "cluster",
      memberKind: "other",
    });
    // the province's standing agency may publish for the district below it
    const provinceFramework = await publish();
    const districtFramework = await publish(district.body.id, {
      ...FRAMEWORK,
      name: "Khung tiêu chí của huyện",
    });
    const listed = await admin.get(`/api/levels/${district.body.id}/frameworks`);
    expect(listed.body.frameworks.map((f: { name: string }) => f.name)).toEqual([
      "Khung tiêu chí của huyện",
      FRAMEWORK.name,
    ]);
    await periodFrom(provinceFramework, districtCluster.body.id);
    const periods = await count("periods");
    const refused = await admin.post(
      `/api/clusters/${y.clusterId}/periods`,
      periodBody({ frameworkId: districtFramework }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: "FRAMEWORK_OF_OTHER_LEVEL",
      message:
        'Khung tiêu chí "Khung tiêu chí của huyện" không thuộc cấp của Cụm hay cấp trên của Cụm: hãy chọn khung tiêu chí do cơ quan thường trực cấp mình hoặc cấp trên ban hành.',
    });
    expect(await count("periods")).toBe(periods);
  });

  it("may not be published by a member unit nor by another level's standing agency", async () => {
    const frameworkId = await publish();
    for (const username of ["u-c", "u-a", "other-standing", "council", "data"]) {
      const client = await sessionFor(t, username);
      const created = await client.post(`/api/levels/${y.levelId}/frameworks`, FRAMEWORK);
      expect(created.status, username).toBe(403);
      expect(created.body.message).toBe(
        "Chỉ cơ quan thường trực Hội đồng Thi đua - Khen thưởng của cấp này (hoặc cấp trên) được ban hành và sửa khung tiêu chí.",
      );
      const changed = await client.put(`/api/frameworks/${frameworkId}`, {
        name: "Sửa trái phép",
        criteria: [],
        lockedSections: [],
        version: 1,
      });
      expect(changed.status, username).toBe(403);
    }
    expect(await count("frameworks")).toBe(1);
  });

  it("refuses bad input with 400 and changes nothing", async () => {
    const before = { frameworks: await count("frameworks"), audit: await count("audit_log") };
    const post = (body: object) =>
      standing.post(`/api/levels/${y.levelId}/frameworks`, { ...FRAMEWORK, ...body });
    const unknownPreset = await post({ presetId: "ha-noi-2030" });
    expect(unknownPreset.status).toBe(400);
    expect(unknownPreset.body.code).toBe("UNKNOWN_PRESET");
    expect(unknownPreset.body.message).toMatch(/^Không có bộ tiêu chí mẫu "ha-noi-2030"\./);
    const notASection = await post({ lockedSections: ["III.1"] });
    expect(notASection.status).toBe(400);
    expect(notASection.body).toEqual({
      code: "INVALID_FRAMEWORK",
      message:
        "Không khóa được mục III.1: bộ tiêu chí long-bien-2024 chỉ có các mục I, II, III, IV, V.",
    });
    const tooMuch = await post({
      criteria: [
        { id: "I.1.1", parent: "I.1", title: "Kinh tế", max: 250 },
        { id: "I.1.2", parent: "I.1", title: "Xã hội", max: 100 },
      ],
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toMatch(/^Tiêu chí I\.1 .*là 350, vượt điểm tối đa 300/);
    const wrongType = await post({ lockedSections: "III" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/không hợp lệ/);
    expect((await standing.post("/api/levels/999999/frameworks", FRAMEWORK)).status).toBe(404);
    expect({ frameworks: await count("frameworks"), audit: await count("audit_log") }).toEqual(
      before,
    );

    // a period from a framework: exactly one of a preset or a framework, and criteria that fit
    const frameworkId = await publish();
    const periods = await count("periods");
    const create = (extra: object) =>
      admin.post(`/api/clusters/${y.clusterId}/periods`, periodBody(extra));
    const both = await create({ schemeId: "long-bien-2024", frameworkId });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe(
      "Hãy chọn một trong hai: bộ tiêu chí mẫu (schemeId) hoặc khung tiêu chí của cấp (frameworkId).",
    );
    expect((await create({})).status).toBe(400);
    const unknown = await create({ frameworkId: 999999 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("Không tìm thấy khung tiêu chí số 999999.");
    const lockedOwn = await create({
      frameworkId,
      criteria: [{ id: "III.1", title: "Quy chế thi đua" }],
    });
    expect(lockedOwn.status).toBe(400);
    expect(lockedOwn.body.message).toBe(
      "Tiêu chí III.1: mục III do cơ quan thường trực quy định, Cụm không được thay đổi.",
    );
    expect(await count("periods")).toBe(periods);
  });
});
