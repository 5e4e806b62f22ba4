import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  anonymous,
  type Client,
  createUser,
  sessionFor,
  signIn,
  type TestApp,
  testApp,
} from "../../test/server.ts";
import { auditLog, periods, periodUnits, units, users } from "./db/schema.ts";

let t: TestApp;
let admin: Client;
beforeEach(async () => {
  t = await testApp();
  await createUser(t.database, { username: "quantri", role: "admin" });
  admin = await signIn(t.app, "quantri");
}, 60_000);
afterEach(async () => {
  await t.close();
});

/** A province with a cluster of three districts, built through the API. */
async function buildProvince() {
  const province = await admin.post("/api/levels", {
    name: "Tỉnh Điện Biên",
    kind: "province",
    standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Điện Biên",
  });
  expect(province.status).toBe(201);
  const levelId = province.body.id as number;
  const unitIds: number[] = [];
  for (const [code, name] of [
    ["tua-chua", "Huyện Tủa Chùa"],
    ["dien-bien-dong", "Huyện Điện Biên Đông"],
    ["muong-cha", "Huyện Mường Chà"],
    ["muong-nhe", "Huyện Mường Nhé"],
  ]) {
    const unit = await admin.post("/api/units", { levelId, code, name, kind: "district" });
    expect(unit.status).toBe(201);
    unitIds.push(unit.body.id);
  }
  const cluster = await admin.post("/api/clusters", {
    levelId,
    name: "Cụm thi đua các huyện vùng cao",
    kind: "cluster",
    memberKind: "other",
  });
  expect(cluster.status).toBe(201);
  return { levelId, unitIds, clusterId: cluster.body.id as number };
}

function periodBody(unitIds: number[], roles: ("leader" | "deputy" | "member")[]) {
  return {
    label: "2025",
    kind: "calendar",
    startsOn: "2025-01-01",
    endsOn: "2025-12-31",
    schemeId: "vung-cao-2022",
    units: unitIds.map((unitId, i) => ({ unitId, role: roles[i] ?? "member" })),
  };
}

const countRows = async (table: typeof auditLog | typeof units | typeof periods) =>
  (await t.database.db.select().from(table)).length;

describe("organisation and accounts administration", () => {
  it("lets the administrator build the tree, accounts and a period, all audited", async () => {
    const { levelId, unitIds, clusterId } = await buildProvince();
    const district = await admin.post("/api/levels", {
      parentId: levelId,
      name: "Huyện Tủa Chùa",
      kind: "district",
      standingAgency: "Phòng Nội vụ huyện Tủa Chùa",
    });
    expect(district.status).toBe(201);
    expect(district.body.parentId).toBe(levelId);

    const councilUser = await admin.post("/api/users", {
      username: "hoidong-dienbien",
      displayName: "Nguyễn Văn An",
      password: "mat-khau-dai",
      role: "council",
      levelId,
    });
    expect(councilUser.status).toBe(201);
    expect(councilUser.body).not.toHaveProperty("passwordHash");
    const member = await admin.post("/api/council-members", {
      levelId,
      name: "Nguyễn Văn An",
      title: "Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh",
      userId: councilUser.body.id,
    });
    expect(member.status).toBe(201);
    const monitor = await admin.post(`/api/clusters/${clusterId}/monitors`, {
      councilMemberId: member.body.id,
    });
    expect(monitor.status).toBe(201);

    const staff = await admin.post("/api/users", {
      username: "tuachua",
      displayName: "Văn phòng UBND huyện Tủa Chùa",
      password: "tdkt2025",
      role: "unit",
      unitId: unitIds[0],
    });
    expect(staff.status).toBe(201);

    const period = await admin.post(
      `/api/clusters/${clusterId}/periods`,
      periodBody(unitIds, ["leader", "deputy"]),
    );
    expect(period.status).toBe(201);
    expect(period.body.milestones).toEqual([
      {
        key: "registration",
        label: "Hạn đăng ký thi đua",
        dueOn: "2025-01-30",
        remindDaysBefore: 7,
      },
      {
        key: "sixMonthReport",
        label: "Hạn gửi báo cáo 6 tháng",
        dueOn: "2025-06-30",
        remindDaysBefore: 7,
      },
      {
        key: "midyear",
        label: "Hội nghị sơ kết 6 tháng",
        dueOn: "2025-07-10",
        remindDaysBefore: 7,
      },
      {
        key: "selfScore",
        label: "Hạn nộp báo cáo năm và biểu tự chấm điểm",
        dueOn: "2025-12-25",
        remindDaysBefore: 10,
      },
      {
        key: "summary",
        label: "Hội nghị tổng kết, bình xét",
        dueOn: "2026-01-30",
        remindDaysBefore: 14,
      },
    ]);
    expect(period.body.units.map((u: { role: string }) => u.role).sort()).toEqual([
      "deputy",
      "leader",
      "member",
      "member",
    ]);

    // the new unit staff signs in with the password set by the administrator and sees the tree
    const unitClient = await signIn(t.app, "tuachua", "tdkt2025");
    const tree = await unitClient.get("/api/organisation");
    expect(tree.status).toBe(200);
    const [root] = tree.body.levels;
    expect(root.name).toBe("Tỉnh Điện Biên");
    expect(root.children.map((c: { name: string }) => c.name)).toEqual(["Huyện Tủa Chùa"]);
    expect(root.clusters[0].monitors[0].name).toBe("Nguyễn Văn An");
    expect(root.clusters[0].periods[0]).toMatchObject({ label: "2025", schemeId: "vung-cao-2022" });

    const list = await admin.get("/api/users");
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual([
      "hoidong-dienbien",
      "quantri",
      "tuachua",
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash/);

    // the changes made (sign-ins are audited too: auth.signIn)
    const actions = (await t.database.db.select().from(auditLog))
      .map((a) => a.action)
      .filter((a) => !a.startsWith("auth."));
    expect(actions.sort()).toEqual(
      [
        "level.create",
        "level.create",
        "unit.create",
        "unit.create",
        "unit.create",
        "unit.create",
        "cluster.create",
        "user.create",
        "councilMember.create",
        "cluster.monitor",
        "user.create",
        "period.create",
      ].sort(),
    );
    const rows = await t.database.db.select().from(auditLog);
    expect(rows.every((a) => a.actorId !== null)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/argon2|mat-khau-dai/);
  });

  it("refuses every change to a non-administrator with 403 in Vietnamese", async () => {
    const { levelId, unitIds, clusterId } = await buildProvince();
    await createUser(t.database, { username: "bantdkt", role: "standing", levelId });
    await createUser(t.database, { username: "tuachua", role: "unit", unitId: unitIds[0] });
    const before = await countRows(auditLog);
    for (const name of ["bantdkt", "tuachua"]) {
      const client = await sessionFor(t, name);
      const attempts = [
        await client.post("/api/levels", { name: "Tỉnh X", kind: "province", standingAgency: "X" }),
        await client.post("/api/units", { levelId, code: "x", name: "X", kind: "ward" }),
        await client.put(`/api/units/${unitIds[0]}`, { name: "Huyện Y" }),
        await client.post("/api/users", {
          username: "moi",
          displayName: "Mới",
          password: "12345678",
          role: "admin",
        }),
        await client.post(`/api/clusters/${clusterId}/periods`, periodBody(unitIds, ["leader"])),
        await client.get("/api/users"),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          code: "FORBIDDEN",
          message: "Chỉ quản trị hệ thống được thực hiện thao tác này.",
        });
      }
      // reading the organisation is allowed to anyone signed in
      expect((await client.get("/api/organisation")).status).toBe(200);
    }
    expect((await anonymous(t.app).get("/api/organisation")).status).toBe(401);
    expect(await countRows(auditLog)).toBe(before);
  });

  it("refuses a duplicate unit code with 409 naming the unit that has it", async () => {
    const { levelId } = await buildProvince();
    const units = await countRows(auditLog);
    const res = await admin.post("/api/units", {
      levelId,
      code: "tua-chua",
      name: "Huyện Tủa Chùa (trùng)",
      kind: "district",
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      code: "CONFLICT",
      message: 'Mã đơn vị "tua-chua" đã được dùng cho Huyện Tủa Chùa. Hãy chọn mã khác.',
    });
    expect(await countRows(auditLog)).toBe(units);
  });

  it("refuses a period with two leaders or an unknown scheme, and changes nothing", async () => {
    const { unitIds, clusterId } = await buildProvince();
    const audit = await countRows(auditLog);
    const two = await admin.post(
      `/api/clusters/${clusterId}/periods`,
      periodBody(unitIds, ["leader", "leader"]),
    );
    expect(two.status).toBe(400);
    expect(two.body).toEqual({
      code: "ONE_LEADER",
      message: "Mỗi kỳ thi đua chỉ có một Cụm trưởng (đang khai báo 2 đơn vị).",
    });
    const unknown = await admin.post(`/api/clusters/${clusterId}/periods`, {
      ...periodBody(unitIds, ["leader"]),
      schemeId: "khong-co",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("UNKNOWN_PRESET");
    expect(unknown.body.message).toMatch(/^Không có bộ tiêu chí mẫu "khong-co"/);
    expect(await countRows(periods)).toBe(0);
    expect(await countRows(auditLog)).toBe(audit);
    expect(await t.database.db.select().from(periodUnits)).toEqual([]);
  });

  it("answers bad input with 400 in Vietnamese and changes nothing", async () => {
    const { levelId, unitIds, clusterId } = await buildProvince();
    const audit = await countRows(auditLog);
    const bad = [
      await admin.post("/api/units", { levelId: "một", code: "a", name: "A", kind: "ward" }),
      await admin.post("/api/units", { levelId, code: "a b", name: "A", kind: "ward" }),
      await admin.post("/api/units", { levelId, code: "a", name: "A", kind: "hành tinh" }),
      await admin.post("/api/levels", { name: "Xã A", kind: "commune", standingAgency: "X" }),
      await admin.post("/api/users", {
        username: "ngan",
        displayName: "Mật khẩu ngắn",
        password: "1234567",
        role: "admin",
      }),
      await admin.post("/api/users", {
        username: "thieudonvi",
        displayName: "Thiếu đơn vị",
        password: "12345678",
        role: "unit",
      }),
      await admin.post(`/api/clusters/${clusterId}/periods`, {
        ...periodBody(unitIds, ["leader"]),
        endsOn: "2024-12-31",
      }),
      await admin.post(`/api/clusters/${clusterId}/periods`, {
        ...periodBody(unitIds, ["leader"]),
        startsOn: "01/01/2025",
      }),
      await admin.post(`/api/clusters/${clusterId}/periods`, periodBody(unitIds, ["member"])),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/[ảạấầẫậắằẵặẻẽẹếềểễệỉịỏọốồổỗộớờởỡợủụứừửữựỳỷỹỵđ]/i);
    }
    expect(bad[5]?.body.message).toBe("Cán bộ đơn vị phải gắn với một đơn vị.");
    const unknownUnit = await admin.post(`/api/clusters/${clusterId}/periods`, {
      ...periodBody(unitIds, ["leader"]),
      units: [{ unitId: 9999, role: "leader" }],
    });
    expect(unknownUnit.status).toBe(404);
    expect(unknownUnit.body.message).toBe("Không tìm thấy đơn vị số 9999.");
    expect((await admin.put("/api/units/9999", { name: "X" })).status).toBe(404);
    expect(await countRows(auditLog)).toBe(audit);
    expect(await countRows(units)).toBe(4);
    expect(await countRows(periods)).toBe(0);
  });

  it("records the head who signs for a unit, when created or later, audited with the value before", async () => {
    const { levelId, unitIds } = await buildProvince();
    const created = await admin.post("/api/units", {
      levelId,
      code: "nam-po",
      name: "Huyện Nậm Pồ",
      kind: "district",
      headName: "  Lý   Văn Chinh ",
      headTitle: "Chủ tịch",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ headName: "Lý Văn Chinh", headTitle: "Chủ tịch" });

    const tuaChua = unitIds[0] as number;
    const named = await admin.put(`/api/units/${tuaChua}`, {
      name: "Huyện Tủa Chùa",
      headName: "Thào A Sùng",
      headTitle: "Chủ tịch",
      reason: "Quyết định phê chuẩn số 25/QĐ-UBND",
    });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({
      name: "Huyện Tủa Chùa",
      headName: "Thào A Sùng",
      headTitle: "Chủ tịch",
    });
    // a rename leaves the head as it is; a blank head is none recorded
    const renamed = await admin.put(`/api/units/${tuaChua}`, { name: "Xã Tủa Chùa" });
    expect(renamed.body).toMatchObject({ name: "Xã Tủa Chùa", headName: "Thào A Sùng" });
    const cleared = await admin.put(`/api/units/${tuaChua}`, {
      name: "Xã Tủa Chùa",
      headName: "",
      headTitle: null,
    });
    expect(cleared.body).toMatchObject({ headName: null, headTitle: null });
    const listed = await admin.get(`/api/units?levelId=${levelId}`);
    expect(listed.body.units.find((u: { code: string }) => u.code === "nam-po")).toMatchObject({
      headName: "Lý Văn Chinh",
      headTitle: "Chủ tịch",
    });

    const changes = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "unit"), eq(auditLog.unitId, tuaChua)));
    expect(changes.map((c) => [c.action, c.oldValue, c.newValue, c.reason])).toEqual([
      [
        "unit.head",
        { headName: null, headTitle: null },
        { headName: "Thào A Sùng", headTitle: "Chủ tịch" },
        "Quyết định phê chuẩn số 25/QĐ-UBND",
      ],
      ["unit.rename", { name: "Huyện Tủa Chùa" }, { name: "Xã Tủa Chùa" }, null],
      [
        "unit.head",
        { headName: "Thào A Sùng", headTitle: "Chủ tịch" },
        { headName: null, headTitle: null },
        null,
      ],
    ]);

    // too long a name is refused in Vietnamese, naming the field
    const tooLong = await admin.put(`/api/units/${tuaChua}`, {
      name: "Xã Tủa Chùa",
      headName: "A".repeat(201),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/Họ và tên người đứng đầu đơn vị/);
  });

  it("naming a new leader ends the previous leader's term, audited", async () => {
    const { levelId, unitIds, clusterId } = await buildProvince();
    const [tuaChua, dienBienDong, muongCha] = unitIds as [number, number, number];
    const period = await admin.post(
      `/api/clusters/${clusterId}/periods`,
      periodBody(unitIds, ["leader", "deputy"]),
    );
    const periodId = period.body.id as number;
    const res = await admin.post(`/api/periods/${periodId}/leadership`, {
      leaderUnitId: muongCha,
      reason: "Bầu tại hội nghị tổng kết.",
    });
    expect(res.status).toBe(200);
    const roles = await t.database.db
      .select({ unitId: periodUnits.unitId, role: periodUnits.role })
      .from(periodUnits)
      .where(eq(periodUnits.periodId, periodId));
    const roleOf = (id: number) => roles.find((r) => r.unitId === id)?.role;
    expect(roleOf(muongCha)).toBe("leader");
    expect(roleOf(tuaChua)).toBe("member");
    expect(roleOf(dienBienDong)).toBe("deputy");
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "period.leadership"), eq(auditLog.unitId, tuaChua)));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.oldValue).toEqual({ role: "leader" });
    expect(audit[0]?.newValue).toEqual({ role: "member" });
    expect(audit[0]?.reason).toBe(
      "Hết nhiệm kỳ Cụm trưởng kỳ 2025: Cụm trưởng mới là Huyện Mường Chà. Bầu tại hội nghị tổng kết.",
    );

    // the deputy becomes leader and the leader deputy, in one step
    const swap = await admin.post(`/api/periods/${periodId}/leadership`, {
      leaderUnitId: dienBienDong,
      deputyUnitId: muongCha,
    });
    expect(swap.status).toBe(200);
    expect(
      Object.fromEntries(
        swap.body.units.map((u: { code: string; role: string }) => [u.code, u.role]),
      ),
    ).toEqual({
      "tua-chua": "member",
      "dien-bien-dong": "leader",
      "muong-cha": "deputy",
      "muong-nhe": "member",
    });

    // a unit outside the period cannot be named; nothing changes
    const [outsider] = await t.database.db
      .insert(units)
      .values({ levelId, code: "nam-po", name: "Huyện Nậm Pồ", kind: "district" })
      .returning();
    const refused = await admin.post(`/api/periods/${periodId}/leadership`, {
      leaderUnitId: outsider?.id,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe(
      `Không tìm thấy đơn vị số ${outsider?.id} trong kỳ thi đua 2025.`,
    );
    const leaders = await t.database.db
      .select()
      .from(periodUnits)
      .where(and(eq(periodUnits.periodId, periodId), eq(periodUnits.role, "leader")));
    expect(leaders.map((l) => l.unitId)).toEqual([dienBienDong]);
  });

  it("adds and removes member units before scoring starts only", async () => {
    const { unitIds, clusterId } = await buildProvince();
    const [tuaChua, , , muongNhe] = unitIds as [number, number, number, number];
    const period = await admin.post(
      `/api/clusters/${clusterId}/periods`,
      periodBody(unitIds.slice(0, 3), ["leader"]),
    );
    const periodId = period.body.id as number;
    const added = await admin.post(`/api/periods/${periodId}/units`, { unitId: muongNhe });
    expect(added.status).toBe(201);
    expect(added.body.units).toHaveLength(4);
    const again = await admin.post(`/api/periods/${periodId}/units`, { unitId: muongNhe });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("Đơn vị này đã là thành viên của kỳ thi đua.");
    const leader = await admin.delete(`/api/periods/${periodId}/units/${tuaChua}`);
    expect(leader.status).toBe(400);
    const removed = await admin.delete(`/api/periods/${periodId}/units/${muongNhe}`);
    expect(removed.status).toBe(200);
    expect(removed.body.units).toHaveLength(3);

    await t.database.db
      .update(periods)
      .set({ schemeFrozenAt: new Date() })
      .where(eq(periods.id, periodId));
    const late = await admin.post(`/api/periods/${periodId}/units`, { unitId: muongNhe });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(
      "Kỳ thi đua 2025 đã bắt đầu chấm điểm: không thêm, bớt đơn vị thành viên được nữa.",
    );
  });

  it("deactivates an account and resets a password, ending their sessions", async () => {
    const { unitIds } = await buildProvince();
    const created = await admin.post("/api/users", {
      username: "tuachua",
      displayName: "Huyện Tủa Chùa",
      password: "mat-khau-cu",
      role: "unit",
      unitId: unitIds[0],
    });
    const userId = created.body.id as number;
    const session = await signIn(t.app, "tuachua", "mat-khau-cu");
    const reset = await admin.post(`/api/users/${userId}/password`, { password: "mat-khau-moi" });
    expect(reset.status).toBe(200);
    expect((await session.get("/api/auth/me")).body.user).toBeNull();
    await expect(signIn(t.app, "tuachua", "mat-khau-cu")).rejects.toThrow();
    const again = await signIn(t.app, "tuachua", "mat-khau-moi");
    // the administrator knows this password: the user must choose one of their own first
    expect((await again.get("/api/auth/me")).body.user.mustChangePassword).toBe(true);
    expect((await again.get("/api/me/periods")).body.code).toBe("PASSWORD_CHANGE_REQUIRED");

    const off = await admin.post(`/api/users/${userId}/deactivate`, { reason: "Chuyển công tác" });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await again.get("/api/auth/me")).body.user).toBeNull();
    await expect(signIn(t.app, "tuachua", "mat-khau-moi")).rejects.toThrow();
    const twice = await admin.post(`/api/users/${userId}/deactivate`, {});
    expect(twice.status).toBe(409);

    const [me] = await t.database.db.select().from(users).where(eq(users.username, "quantri"));
    const self = await admin.post(`/api/users/${me?.id}/deactivate`, {});
    expect(self.status).toBe(400);
    expect(self.body.message).toBe("Không thể tự khóa tài khoản đang dùng.");

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(userId))))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual([
      "user.create",
      "auth.signIn",
      "user.resetPassword",
      "auth.signInFailed", // the old password, refused
      "auth.signIn",
      "user.deactivate",
      "auth.signInFailed", // a locked account, refused
    ]);
  });
});
