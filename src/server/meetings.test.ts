import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  anonymous,
  type Client,
  createUser,
  signIn,
  type TestApp,
  testApp,
} from "../../test/server.ts";
import type { Role } from "../core/scheme.ts";
import {
  attendance,
  auditLog,
  ballotPapers,
  ballots,
  clusters,
  decisions,
  levels,
  meetings,
  periods,
  periodUnits,
  units,
} from "./db/schema.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

interface World {
  periodId: number;
  /** Unit ids by code; U-E is not a member of the period. */
  unit: Record<string, number>;
  leader: Client;
  deputy: Client;
  c: Client;
  d: Client;
  outsider: Client;
  standing: Client;
}

/** A district with a cluster of four units (U-A leader, U-B deputy, U-C, U-D) and its year. */
async function cluster(): Promise<World> {
  const db = t.database.db;
  const [level] = await db
    .insert(levels)
    .values({ name: "Quận Ba Đình", kind: "district", standingAgency: "Phòng Nội vụ" })
    .returning();
  const levelId = (level as { id: number }).id;
  const unit: Record<string, number> = {};
  for (const code of ["U-A", "U-B", "U-C", "U-D", "U-E"]) {
    const [row] = await db
      .insert(units)
      .values({ levelId, code, name: `Phường ${code.slice(2)}`, kind: "ward" })
      .returning();
    unit[code] = (row as { id: number }).id;
  }
  const [c] = await db
    .insert(clusters)
    .values({ levelId, name: "Cụm thi đua số 1", kind: "cluster", memberKind: "ward" })
    .returning();
  const [p] = await db
    .insert(periods)
    .values({
      clusterId: (c as { id: number }).id,
      label: "2024",
      kind: "calendar",
      startsOn: "2024-01-01",
      endsOn: "2024-12-31",
      schemeId: "ba-dinh-2022",
    })
    .returning();
  const periodId = (p as { id: number }).id;
  const roles: [string, Role][] = [
    ["U-A", "leader"],
    ["U-B", "deputy"],
    ["U-C", "member"],
    ["U-D", "member"],
  ];
  await db
    .insert(periodUnits)
    .values(roles.map(([code, role]) => ({ periodId, unitId: unit[code] as number, role })));
  const staff = async (username: string, code: string, displayName: string) => {
    await createUser(t.database, { username, role: "unit", unitId: unit[code], displayName });
    return signIn(t.app, username);
  };
  await createUser(t.database, { username: "thuong-truc", role: "standing", levelId });
  return {
    periodId,
    unit,
    leader: await staff("cum-truong", "U-A", "Nguyễn Văn An"),
    deputy: await staff("cum-pho", "U-B", "Trần Thị Bình"),
    c: await staff("don-vi-c", "U-C", "Lê Văn Cường"),
    d: await staff("don-vi-d", "U-D", "Phạm Thị Dung"),
    outsider: await staff("don-vi-e", "U-E", "Hoàng Văn Em"),
    standing: await signIn(t.app, "thuong-truc"),
  };
}

const meetingBody = {
  kind: "preparatory",
  title: "Họp trù bị tổng kết năm 2024",
  scheduledAt: "2025-01-10T08:00:00+07:00",
  place: "UBND phường A",
  agenda: "Khớp điểm, bình xét",
  invited: [{ name: "Đồng chí Hội đồng", role: "Ủy viên Hội đồng phụ trách Cụm" }],
};

async function meetingWith(w: World, present: string[]): Promise<string> {
  const res = await w.leader.post(`/api/periods/${w.periodId}/meetings`, meetingBody);
  expect(res.status).toBe(201);
  const url = `/api/periods/${w.periodId}/meetings/${res.body.id}`;
  const roll = await w.leader.put(`${url}/attendance`, {
    units: ["U-A", "U-B", "U-C", "U-D"].map((code) => ({
      unitId: w.unit[code],
      present: present.includes(code),
      delegate: present.includes(code) ? `Đại biểu ${code}` : null,
    })),
  });
  expect(roll.status).toBe(200);
  return url;
}

async function vote(client: Client, ballotUrl: string, choice: string) {
  return client.post(`${ballotUrl}/votes`, { choice });
}

const count = async (table: typeof meetings | typeof decisions | typeof ballots) =>
  (await t.database.db.select().from(table)).length;

describe("meetings", () => {
  it("schedules meetings by the leadership or the standing agency; members only read them", async () => {
    const w = await cluster();
    const url = `/api/periods/${w.periodId}/meetings`;
    const refused = await w.c.post(url, meetingBody);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      "Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực được lên lịch họp Cụm.",
    );
    expect((await w.standing.post(url, { ...meetingBody, kind: "summary" })).status).toBe(201);
    const made = await w.deputy.post(url, meetingBody);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      kind: "preparatory",
      scheduledAt: "2025-01-10T01:00:00.000Z",
      heldAt: null,
      version: 1,
      invited: meetingBody.invited,
    });

    const list = await w.c.get(url);
    expect(list.status).toBe(200);
    expect(list.body.meetings.map((m: { kind: string }) => m.kind)).toEqual([
      "summary",
      "preparatory",
    ]);
    const outsider = await w.outsider.get(url);
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toBe(
      "Bạn không tham gia Cụm thi đua này nên không xem được kỳ thi đua.",
    );
    expect((await anonymous(t.app).get(url)).status).toBe(401);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "meeting"), eq(auditLog.action, "schedule")));
    expect(audit).toHaveLength(2);
    expect(audit[0]?.periodId).toBe(w.periodId);
  });

  it("shows the quorum and refuses a decision without it, then decides by majority", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B"]);
    const before = await w.c.get(url);
    expect(before.body.attendance).toMatchObject({
      present: 2,
      members: 4,
      quorum: 3,
      hasQuorum: false,
    });

    const refused = await w.leader.post(`${url}/decisions`, {
      text: "Thống nhất kết quả chấm điểm",
      votesFor: 2,
      votesAgainst: 0,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      "Cuộc họp không đủ số thành viên (cần ít nhất 3/4): mới có 2 đơn vị có mặt, chưa thể biểu quyết.",
    );
    expect(await count(decisions)).toBe(0);

    const roll = await w.leader.put(`${url}/attendance`, {
      units: [{ unitId: w.unit["U-C"], present: true, delegate: "Lê Văn Cường" }],
    });
    expect(roll.body).toMatchObject({ present: 3, members: 4, quorum: 3, hasQuorum: true });

    const passed = await w.leader.post(`${url}/decisions`, {
      text: "Thống nhất kết quả chấm điểm",
      votesFor: 2,
      votesAgainst: 1,
    });
    expect(passed.status).toBe(201);
    expect(passed.body).toMatchObject({ present: 3, passed: true, escalated: false });
    const failed = await w.deputy.post(`${url}/decisions`, {
      text: "Đề nghị Hội đồng xem xét điểm tiêu chí I.2 của phường C",
      votesFor: 1,
      votesAgainst: 1,
      escalated: true,
    });
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ passed: false, escalated: true });

    const after = await w.d.get(url);
    expect(after.body.decisions.map((d: { passed: boolean }) => d.passed)).toEqual([true, false]);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entity, "decision"));
    expect(audit).toHaveLength(2);
  });

  it("refuses more votes than units present, and a member recording a decision", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const tooMany = await w.leader.post(`${url}/decisions`, {
      text: "Quyết định",
      votesFor: 3,
      votesAgainst: 1,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe("Tổng số phiếu (4) vượt quá số đơn vị có mặt (3).");
    const member = await w.c.post(`${url}/decisions`, {
      text: "Quyết định",
      votesFor: 3,
      votesAgainst: 0,
    });
    expect(member.status).toBe(403);
    expect(member.body.message).toBe("Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.");
    expect(await count(decisions)).toBe(0);
  });

  it("keeps minutes against the version read and names who changed them first", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const first = await w.leader.put(`${url}/minutes`, {
      minutes: "Biên bản họp trù bị: thống nhất điểm.",
      held: true,
      version: 1,
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.body.heldAt).not.toBeNull();

    const stale = await w.deputy.put(`${url}/minutes`, {
      minutes: "Bản của Cụm phó",
      held: true,
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(
      /^Nguyễn Văn An đã cập nhật cuộc họp này lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\. Vui lòng tải lại/,
    );
    expect(stale.body.details.current).toMatchObject({
      version: 2,
      minutes: "Biên bản họp trù bị: thống nhất điểm.",
    });
    const now = await w.c.get(url);
    expect(now.body.minutes).toBe("Biên bản họp trù bị: thống nhất điểm.");

    const member = await w.c.put(`${url}/minutes`, { minutes: "x", held: true, version: 2 });
    expect(member.status).toBe(403);
  });

  it("answers bad input and unknown ids with a Vietnamese 4xx and changes nothing", async () => {
    const w = await cluster();
    const base = `/api/periods/${w.periodId}/meetings`;
    const badDate = await w.leader.post(base, { ...meetingBody, scheduledAt: "10/01/2025" });
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toMatch(/^Dữ liệu gửi lên không hợp lệ — Thời gian họp: /);
    const badKind = await w.leader.post(base, { ...meetingBody, kind: "party" });
    expect(badKind.status).toBe(400);
    expect(await count(meetings)).toBe(0);

    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const rollBefore = await t.database.db.select().from(attendance);
    const outsider = await w.leader.put(`${url}/attendance`, {
      units: [
        { unitId: w.unit["U-D"], present: true, delegate: null },
        { unitId: w.unit["U-E"], present: true, delegate: null },
      ],
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.message).toBe(
      `Đơn vị số ${w.unit["U-E"]} không phải thành viên của Cụm trong kỳ thi đua này.`,
    );
    const wrongType = await w.leader.put(`${url}/attendance`, {
      units: [{ unitId: w.unit["U-D"], present: "có" }],
    });
    expect(wrongType.status).toBe(400);
    expect(await t.database.db.select().from(attendance)).toEqual(rollBefore);

    const badCandidate = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      award: "co-thanh-pho",
      candidates: ["U-A", "U-E"],
    });
    expect(badCandidate.status).toBe(400);
    expect(badCandidate.body.message).toBe(
      "Không phải đơn vị thành viên của Cụm trong kỳ thi đua này: U-E.",
    );
    const noAward = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      candidates: ["U-A", "U-B"],
    });
    expect(noAward.status).toBe(400);
    expect(noAward.body.message).toBe("Bỏ phiếu cho danh hiệu cần ghi rõ danh hiệu.");
    expect(await count(ballots)).toBe(0);

    const unknown = await w.leader.get(`${base}/999999`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("Không tìm thấy cuộc họp số 999999 trong kỳ thi đua này.");
    const notNumber = await w.leader.get(`${base}/abc`);
    expect(notNumber.status).toBe(400);
    const noPeriod = await w.leader.get("/api/periods/999999/meetings");
    expect(noPeriod.status).toBe(404);
    expect(noPeriod.body.message).toBe("Không tìm thấy kỳ thi đua số 999999.");
  });
});

describe("secret ballots", () => {
  it("takes one paper per unit present, keeps no link to the voter, and counts", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const member = await w.c.post(`${url}/ballots`, {
      purpose: "award",
      award: "co-thanh-pho",
      candidates: ["U-A", "U-B"],
    });
    expect(member.status).toBe(403);
    expect(member.body.message).toBe("Chỉ Cụm trưởng, Cụm phó được thực hiện thao tác này.");

    const opened = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      award: "co-thanh-pho",
      candidates: ["U-A", "U-B"],
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: "open", round: 1, voted: 0, outcome: null });
    const ballotUrl = `${url}/ballots/${opened.body.id}`;

    expect((await vote(w.leader, ballotUrl, "U-A")).status).toBe(201);
    expect((await vote(w.deputy, ballotUrl, "U-B")).body.voted).toBe(2);
    const absent = await vote(w.d, ballotUrl, "U-A");
    expect(absent.status).toBe(403);
    expect(absent.body.message).toBe(
      "Chỉ đơn vị thành viên có mặt tại cuộc họp mới được bỏ phiếu.",
    );
    const outsider = await vote(w.outsider, ballotUrl, "U-A");
    expect(outsider.status).toBe(403);
    const standing = await vote(w.standing, ballotUrl, "U-A");
    expect(standing.status).toBe(403);
    const notCandidate = await vote(w.c, ballotUrl, "U-D");
    expect(notCandidate.status).toBe(400);
    expect((await vote(w.c, ballotUrl, "U-A")).body.voted).toBe(3);
    const twice = await vote(w.c, ballotUrl, "U-B");
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe(
      "Đơn vị của bạn đã bỏ phiếu ở cuộc bỏ phiếu này; mỗi đơn vị chỉ có một phiếu.",
    );

    // While open: how many voted, never the counts.
    const open = await w.d.get(ballotUrl);
    expect(open.body).toMatchObject({ status: "open", voted: 3, outcome: null });
    const mine = await w.c.get(ballotUrl);
    expect(mine.body.votedByMyUnit).toBe(true);

    // The papers hold a choice and nothing else; the audit says only that a unit voted.
    const columns = (await t.database.db.execute(
      sql`select column_name from information_schema.columns where table_name = 'ballot_papers' order by column_name`,
    )) as unknown as { rows: { column_name: string }[] };
    expect(columns.rows.map((r) => r.column_name)).toEqual(["ballot_id", "choice", "id"]);
    const papers = await t.database.db.select().from(ballotPapers);
    expect(papers.map((p) => p.choice).sort()).toEqual(["U-A", "U-A", "U-B"]);
    const votes = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "ballot"), eq(auditLog.action, "vote")));
    expect(votes.map((v) => v.unitId).sort()).toEqual(
      [w.unit["U-A"], w.unit["U-B"], w.unit["U-C"]].sort(),
    );
    for (const v of votes) {
      expect(v.oldValue).toBeNull();
      expect(v.newValue).toBeNull();
    }

    const memberClose = await w.c.post(`${ballotUrl}/close`);
    expect(memberClose.status).toBe(403);
    const closed = await w.deputy.post(`${ballotUrl}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.nextBallot).toBeNull();
    expect(closed.body.ballot).toMatchObject({
      status: "closed",
      voted: 3,
      outcome: {
        kind: "winner",
        winner: "U-A",
        counts: { "U-A": 2, "U-B": 1 },
        escalated: false,
      },
    });
    const late = await vote(w.c, ballotUrl, "U-B");
    expect(late.status).toBe(409);
    expect(late.body.message).toBe("Cuộc bỏ phiếu này đã kết thúc, không nhận thêm phiếu.");
    const again = await w.leader.post(`${ballotUrl}/close`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("Cuộc bỏ phiếu này đã được kết thúc trước đó.");
    expect((await t.database.db.select().from(ballotPapers)).length).toBe(3);
  });

  it("refuses a ballot at a meeting without quorum", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B"]);
    const res = await w.leader.post(`${url}/ballots`, {
      purpose: "leader",
      candidates: ["U-A", "U-B"],
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/^Cuộc họp không đủ số thành viên \(cần ít nhất 3\/4\)/);
    expect(await count(ballots)).toBe(0);
  });

  it("votes a tie again between the tied units, and a second tie goes to the council", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C", "U-D"]);
    const opened = await w.leader.post(`${url}/ballots`, {
      purpose: "leader",
      candidates: ["U-B", "U-C", "U-D"],
    });
    const round1 = `${url}/ballots/${opened.body.id}`;
    await vote(w.leader, round1, "U-B");
    await vote(w.deputy, round1, "U-C");
    await vote(w.c, round1, "U-B");
    await vote(w.d, round1, "U-C");
    const tie = await w.leader.post(`${round1}/close`);
    expect(tie.status).toBe(200);
    expect(tie.body.ballot.outcome).toMatchObject({
      kind: "revote",
      tied: ["U-B", "U-C"],
      counts: { "U-B": 2, "U-C": 2, "U-D": 0 },
    });
    expect(tie.body.nextBallot).toMatchObject({
      purpose: "leader",
      round: 2,
      status: "open",
      candidates: ["U-B", "U-C"],
    });
    expect(tie.body.ballot.outcome.nextBallotId).toBe(tie.body.nextBallot.id);

    const round2 = `${url}/ballots/${tie.body.nextBallot.id}`;
    const dropped = await vote(w.leader, round2, "U-D");
    expect(dropped.status).toBe(400);
    await vote(w.leader, round2, "U-B");
    await vote(w.deputy, round2, "U-C");
    await vote(w.c, round2, "U-C");
    await vote(w.d, round2, "U-B");
    const council = await w.leader.post(`${round2}/close`);
    expect(council.body.ballot.outcome).toMatchObject({
      kind: "council",
      winner: null,
      tied: ["U-B", "U-C"],
      escalated: true,
      counts: { "U-B": 2, "U-C": 2 },
    });
    expect(council.body.nextBallot).toBeNull();

    const elections = await w.c.get(`/api/periods/${w.periodId}/elections`);
    expect(elections.status).toBe(200);
    expect(elections.body.elections).toEqual([]);
  });

  it("elects next year's leader and deputy from the latest closed ballots", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const elect = async (purpose: string, choices: [Client, string][]) => {
      const opened = await w.leader.post(`${url}/ballots`, {
        purpose,
        candidates: ["U-B", "U-C"],
      });
      expect(opened.status).toBe(201);
      const ballotUrl = `${url}/ballots/${opened.body.id}`;
      for (const [client, choice] of choices) {
        expect((await vote(client, ballotUrl, choice)).status).toBe(201);
      }
      return w.leader.post(`${ballotUrl}/close`);
    };
    await elect("leader", [
      [w.leader, "U-B"],
      [w.deputy, "U-B"],
      [w.c, "U-C"],
    ]);
    await elect("deputy", [
      [w.leader, "U-C"],
      [w.deputy, "U-C"],
    ]);
    const res = await w.standing.get(`/api/periods/${w.periodId}/elections`);
    expect(res.status).toBe(200);
    expect(
      res.body.elections.map((e: { purpose: string; code: string; unitId: number }) => [
        e.purpose,
        e.code,
        e.unitId,
      ]),
    ).toEqual([
      ["leader", "U-B", w.unit["U-B"]],
      ["deputy", "U-C", w.unit["U-C"]],
    ]);
    const outsider = await w.outsider.get(`/api/periods/${w.periodId}/elections`);
    expect(outsider.status).toBe(403);
  });

  it("counts one paper when a unit sends two at once", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    const opened = await w.leader.post(`${url}/ballots`, {
      purpose: "deputy",
      candidates: ["U-C", "U-D"],
    });
    const ballotUrl = `${url}/ballots/${opened.body.id}`;
    const both = await Promise.all([vote(w.c, ballotUrl, "U-C"), vote(w.c, ballotUrl, "U-D")]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.database.db.select().from(ballotPapers)).toHaveLength(1);
    expect((await w.leader.get(ballotUrl)).body.voted).toBe(1);
  });

  it("keeps attendance fixed while a ballot is open", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C"]);
    await w.leader.post(`${url}/ballots`, { purpose: "deputy", candidates: ["U-C", "U-D"] });
    const res = await w.leader.put(`${url}/attendance`, {
      units: [{ unitId: w.unit["U-D"], present: true, delegate: null }],
    });
    expect(res.status).toBe(409);
    const [row] = await t.database.db
      .select()
      .from(attendance)
      .where(eq(attendance.unitId, w.unit["U-D"] as number));
    expect(row?.present).toBe(false);
  });
});

describe("mistakes at a meeting", () => {
  it("refuses a ballot on an award the scheme does not have, naming the ones it has", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C", "U-D"]);
    const res = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      award: "Cờ thi đua",
      candidates: ["U-A", "U-B"],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("UNKNOWN_AWARD");
    expect(res.body.message).toContain("không có danh hiệu «Cờ thi đua»");
    expect(res.body.message).toContain("Cờ thi đua của UBND Thành phố");
    expect(await count(ballots)).toBe(0);
  });

  it("annuls a ballot opened by mistake, with a reason: its papers count for nothing", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C", "U-D"]);
    const opened = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      award: "co-thanh-pho",
      candidates: ["U-A", "U-C"],
    });
    const ballotUrl = `${url}/ballots/${opened.body.id}`;
    expect((await vote(w.c, ballotUrl, "U-C")).status).toBe(201);
    expect((await w.c.post(`${ballotUrl}/annul`, { reason: "Sai" })).status).toBe(403);
    const noReason = await w.leader.post(`${ballotUrl}/annul`, {});
    expect(noReason.status).toBe(400);
    const annulled = await w.leader.post(`${ballotUrl}/annul`, {
      reason: "Mở nhầm: ứng cử phải là U-A và U-B theo kết quả chấm",
    });
    expect(annulled.status).toBe(200);
    expect(annulled.body.status).toBe("annulled");
    expect(annulled.body.annulReason).toBe("Mở nhầm: ứng cử phải là U-A và U-B theo kết quả chấm");
    expect(annulled.body.outcome).toBeNull();
    expect((await vote(w.d, ballotUrl, "U-A")).status).toBe(409);
    expect((await w.leader.post(`${ballotUrl}/close`)).status).toBe(409);
    // the right ballot can now be opened, and the annulment is in the audit
    const again = await w.leader.post(`${url}/ballots`, {
      purpose: "award",
      award: "co-thanh-pho",
      candidates: ["U-A", "U-B"],
    });
    expect(again.status).toBe(201);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "ballot"), eq(auditLog.action, "annul")));
    expect(audit?.reason).toBe("Mở nhầm: ứng cử phải là U-A và U-B theo kết quả chấm");
  });

  it("takes vote counts as numbers only, and corrects a decision until the minutes are final", async () => {
    const w = await cluster();
    const url = await meetingWith(w, ["U-A", "U-B", "U-C", "U-D"]);
    const words = await w.leader.post(`${url}/decisions`, {
      text: "Thống nhất điểm",
      votesFor: "bốn",
      votesAgainst: 0,
    });
    expect(words.status).toBe(400);
    expect(words.body.message).toContain("Số phiếu tán thành");
    expect(words.body.message).not.toContain("votesFor");
    expect(await count(decisions)).toBe(0);

    const recorded = await w.leader.post(`${url}/decisions`, {
      text: "Thống nhất giữ 12 điểm tiêu chí I.1 của phường C",
      votesFor: 0,
      votesAgainst: 0,
    });
    expect(recorded.body.passed).toBe(false);
    const decisionUrl = `${url}/decisions/${recorded.body.id}`;
    const noReason = await w.leader.put(decisionUrl, {
      text: "Thống nhất giữ 12 điểm tiêu chí I.1 của phường C",
      votesFor: 4,
      votesAgainst: 0,
    });
    expect(noReason.status).toBe(400);
    const corrected = await w.leader.put(decisionUrl, {
      text: "Thống nhất giữ 12 điểm tiêu chí I.1 của phường C",
      votesFor: 4,
      votesAgainst: 0,
      reason: "Thư ký ghi nhầm số phiếu tán thành",
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ votesFor: 4, present: 4, passed: true });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "decision"), eq(auditLog.action, "correct")));
    expect(audit?.oldValue).toMatchObject({ votesFor: 0, passed: false });
    expect(audit?.newValue).toMatchObject({ votesFor: 4, passed: true });
    expect(audit?.reason).toBe("Thư ký ghi nhầm số phiếu tán thành");

    const meeting = await w.leader.get(url);
    const held = await w.leader.put(`${url}/minutes`, {
      minutes: "Hội nghị thống nhất giữ 12 điểm.",
      held: true,
      version: meeting.body.version,
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    const late = await w.leader.put(decisionUrl, {
      text: "Thống nhất giữ 12 điểm tiêu chí I.1 của phường C",
      votesFor: 3,
      votesAgainst: 1,
      reason: "Sửa lại",
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain("đã hoàn tất lúc");
  });
});
