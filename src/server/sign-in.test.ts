/**
 * Signing in as an office uses it: a room of people behind one address all get in, a guessed
 * account is stopped after 10 failures in 15 minutes whatever the restarts, a reverse proxy's
 * client address is the one counted, unknown names read and take like wrong passwords; changing
 * one's own password, and an administrator requiring it.
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  anonymous,
  createUser,
  sessionFor,
  signIn,
  TEST_PASSWORD,
  type TestApp,
  testApp,
} from "../../test/server.ts";
import { buildApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { auditLog, users } from "./db/schema.ts";

let t: TestApp;
const others: FastifyInstance[] = [];
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  for (const app of others.splice(0)) await app.close();
  await t.close();
});

/** Another instance of the server on the same database, as after a restart or beside it. */
async function secondApp(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp(t.database, readConfig({ DATA_DIR: t.app.config.DATA_DIR, ...env }));
  others.push(app);
  return app;
}

function login(
  app: FastifyInstance,
  username: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password },
    headers,
  });
}

const body = (res: { body: string }) => JSON.parse(res.body);

async function auditRows(action: string) {
  return t.database.db.select().from(auditLog).where(eq(auditLog.action, action));
}

const WRONG = "khong-phai-mat-khau";

describe("sign-in throttling", () => {
  it("lets 20 people in one training room, behind one address, all sign in", async () => {
    for (let i = 1; i <= 20; i++) {
      await createUser(t.database, { username: `hocvien${i}`, role: "admin" });
    }
    const statuses: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i <= 20; i++) {
        statuses.push((await login(t.app, `hocvien${i}`, TEST_PASSWORD)).statusCode);
      }
    }
    expect(statuses).toEqual(Array(40).fill(200));
  });

  it("refuses an account at the 11th wrong password, saying when to retry; others still sign in", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    await createUser(t.database, { username: "vanthu", role: "admin" });
    for (let i = 1; i <= 10; i++) {
      const res = await login(t.app, "ketoan", WRONG);
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const refused = await login(t.app, "ketoan", WRONG);
    expect(refused.statusCode).toBe(429);
    expect(body(refused).code).toBe("TOO_MANY_ATTEMPTS");
    expect(body(refused).message).toMatch(
      /^Tài khoản này đã đăng nhập sai quá nhiều lần .* Vui lòng thử lại sau 15 phút \(lúc \d\d:\d\d\)/,
    );
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(14 * 60);
    // while locked, even the right password (or the name in capitals) does not get in
    expect((await login(t.app, "ketoan", TEST_PASSWORD)).statusCode).toBe(429);
    expect((await login(t.app, "KeToan", TEST_PASSWORD)).statusCode).toBe(429);
    // the colleague at the next desk, same address
    expect((await login(t.app, "vanthu", TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("remembers the failures across a restart (a new server on the same database)", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    for (let i = 0; i < 10; i++) await login(t.app, "ketoan", WRONG);
    await t.app.close();
    const restarted = await secondApp();
    const res = await login(restarted, "ketoan", TEST_PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(body(res).code).toBe("TOO_MANY_ATTEMPTS");
  });

  it("with TRUST_PROXY on, counts the client address the proxy forwards", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    const proxied = await secondApp({ TRUST_PROXY: "true" });
    const from = (address: string) => ({ "x-forwarded-for": address });
    // a script tries 100 names from one office's address
    for (let i = 0; i < 100; i++) {
      const res = await login(proxied, `doan-ten-${i}`, WRONG, from("203.0.113.7"));
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(proxied, "ketoan", TEST_PASSWORD, from("203.0.113.7"));
    expect(blocked.statusCode).toBe(429);
    expect(body(blocked).message).toMatch(/^Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này/);
    // what a client writes in the header itself does not help: the proxy's last entry counts
    const spoofed = await login(
      proxied,
      "ketoan",
      TEST_PASSWORD,
      from("198.51.100.1, 203.0.113.7"),
    );
    expect(spoofed.statusCode).toBe(429);
    // another office is not affected
    expect((await login(proxied, "ketoan", TEST_PASSWORD, from("203.0.113.8"))).statusCode).toBe(
      200,
    );
    const [failure] = await auditRows("auth.signInFailed");
    expect(failure?.newValue).toMatchObject({ address: "203.0.113.7" });
  });

  it("with TRUST_PROXY off, ignores X-Forwarded-For: every failure counts for the real peer", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    for (let i = 0; i < 100; i++) {
      await login(t.app, `doan-ten-${i}`, WRONG, { "x-forwarded-for": `10.0.${i}.1` });
    }
    const res = await login(t.app, "ketoan", TEST_PASSWORD, { "x-forwarded-for": "10.9.9.9" });
    expect(res.statusCode).toBe(429);
    const [failure] = await auditRows("auth.signInFailed");
    expect(failure?.newValue).toMatchObject({ address: "127.0.0.1" });
  });

  it("marks the session cookie Secure when the proxy says the client used https", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    const cookieOf = (res: Awaited<ReturnType<typeof login>>) => String(res.headers["set-cookie"]);
    const https = { "x-forwarded-proto": "https" };
    const proxied = await secondApp({ TRUST_PROXY: "true" });
    const behindProxy = await login(proxied, "ketoan", TEST_PASSWORD, https);
    expect(cookieOf(behindProxy)).toMatch(/; Secure/);
    expect(cookieOf(behindProxy)).toMatch(/HttpOnly/);
    expect(cookieOf(await login(proxied, "ketoan", TEST_PASSWORD))).not.toMatch(/Secure/);
    // without TRUST_PROXY the header is anyone's word: ignored
    expect(cookieOf(await login(t.app, "ketoan", TEST_PASSWORD, https))).not.toMatch(/Secure/);
  });

  it("answers an unknown name like a wrong password, in about the same time", async () => {
    await createUser(t.database, { username: "ketoan", role: "admin" });
    await login(t.app, "khong-co-ai", WRONG); // warm-up: the dummy hash is computed once
    let unknownMs = 0;
    let wrongMs = 0;
    let unknown = null;
    let wrong = null;
    for (let i = 0; i < 5; i++) {
      let started = performance.now();
      unknown = await login(t.app, `khong-co-ai-${i}`, WRONG);
      unknownMs += performance.now() - started;
      started = performance.now();
      wrong = await login(t.app, "ketoan", WRONG);
      wrongMs += performance.now() - started;
    }
    expect(unknown?.statusCode).toBe(401);
    expect(wrong?.statusCode).toBe(401);
    expect(body(unknown as { body: string })).toEqual(body(wrong as { body: string }));
    expect(body(wrong as { body: string })).toEqual({
      code: "BAD_CREDENTIALS",
      message: "Tên đăng nhập hoặc mật khẩu không đúng.",
    });
    expect(unknownMs).toBeGreaterThan(wrongMs / 2);
  });

  it("audits sign-ins and failures with the address, never the password", async () => {
    const id = await createUser(t.database, { username: "ketoan", role: "admin" });
    await login(t.app, "ketoan", WRONG);
    await login(t.app, "Ai-Do", WRONG);
    await login(t.app, "ketoan", TEST_PASSWORD);
    const signIns = await auditRows("auth.signIn");
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({
      actorId: id,
      entity: "user",
      entityId: String(id),
      newValue: { address: "127.0.0.1" },
    });
    const failures = await auditRows("auth.signInFailed");
    expect(failures.map((f) => [f.entityId, f.newValue])).toEqual([
      [String(id), { username: "ketoan", address: "127.0.0.1", reason: "wrongPassword" }],
      ["ai-do", { username: "ai-do", address: "127.0.0.1", reason: "unknownUser" }],
    ]);
    const all = JSON.stringify(await t.database.db.select().from(auditLog));
    expect(all).not.toContain(WRONG);
    expect(all).not.toContain(TEST_PASSWORD);
  });
});

describe("changing one's own password", () => {
  it("needs the current password, ends the other sessions, and is audited without a hash", async () => {
    const id = await createUser(t.database, { username: "ketoan", role: "admin" });
    const here = await signIn(t.app, "ketoan");
    const elsewhere = await signIn(t.app, "ketoan");
    const NEW = "mat-khau-moi-2025";

    const wrong = await here.post("/api/auth/password", {
      currentPassword: WRONG,
      newPassword: NEW,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("WRONG_PASSWORD");
    expect(wrong.body.message).toMatch(/^Mật khẩu hiện tại không đúng/);
    const weak = await here.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "ngan",
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toBe("Mật khẩu phải có ít nhất 8 ký tự.");
    const same = await here.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.body.code).toBe("SAME_PASSWORD");

    const changed = await here.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW,
    });
    expect(changed.status).toBe(200);
    expect((await here.get("/api/auth/me")).status).toBe(200);
    expect((await elsewhere.get("/api/auth/me")).body.user).toBeNull();
    expect((await elsewhere.get("/api/me/periods")).status).toBe(401);
    expect((await login(t.app, "ketoan", TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(t.app, "ketoan", NEW)).statusCode).toBe(200);

    const [row] = await auditRows("user.changePassword");
    expect(row).toMatchObject({ actorId: id, entityId: String(id) });
    const [hash] = await t.database.db
      .select({ h: users.passwordHash })
      .from(users)
      .where(eq(users.id, id));
    const all = JSON.stringify(await t.database.db.select().from(auditLog));
    expect(all).not.toContain(hash?.h);
    expect(all).not.toContain(NEW);
    expect(all).not.toContain(TEST_PASSWORD);
  });

  it("is open to every role, from the user menu", async () => {
    await createUser(t.database, { username: "donvi", role: "unit" });
    const client = await sessionFor(t, "donvi");
    const res = await client.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "mat-khau-moi-2025",
    });
    expect(res.status).toBe(200);
  });
});

describe("a password change required by an administrator", () => {
  it("lets the user sign in, but nothing else answers until the password is changed", async () => {
    await createUser(t.database, { username: "quantri", role: "admin" });
    const id = await createUser(t.database, { username: "ketoan", role: "admin" });
    const admin = await sessionFor(t, "quantri");
    const open = await signIn(t.app, "ketoan");

    const flagged = await admin.post(`/api/users/${id}/require-password-change`, {
      reason: "Mật khẩu ban đầu do quản trị cấp",
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body.mustChangePassword).toBe(true);
    expect((await admin.post(`/api/users/${id}/require-password-change`, {})).status).toBe(409);
    const [row] = await auditRows("user.requirePasswordChange");
    expect(row).toMatchObject({ entityId: String(id), newValue: { mustChangePassword: true } });
    const listed = await admin.get("/api/users");
    expect(listed.body.users.find((u: { id: number }) => u.id === id).mustChangePassword).toBe(
      true,
    );

    // the session already open is held too
    const blocked = await open.get("/api/users");
    expect(blocked.status).toBe(403);
    expect(blocked.body).toEqual({
      code: "PASSWORD_CHANGE_REQUIRED",
      message:
        "Quản trị hệ thống yêu cầu bạn đổi mật khẩu trước khi tiếp tục. Vui lòng đổi mật khẩu rồi thử lại.",
    });
    const res = await login(t.app, "ketoan", TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(body(res).user.mustChangePassword).toBe(true);
    const client = await signIn(t.app, "ketoan");
    expect((await client.get("/api/auth/me")).body.user.mustChangePassword).toBe(true);
    expect((await client.get("/api/me/periods")).body.code).toBe("PASSWORD_CHANGE_REQUIRED");
    expect((await client.post("/api/users", {})).body.code).toBe("PASSWORD_CHANGE_REQUIRED");

    const changed = await client.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "mat-khau-cua-rieng-toi",
    });
    expect(changed.status).toBe(200);
    expect((await client.get("/api/auth/me")).body.user.mustChangePassword).toBe(false);
    expect((await client.get("/api/users")).status).toBe(200);
  });
});

describe("demonstration mode", () => {
  it("tells the web interface that the data is a demonstration", async () => {
    const res = await anonymous(t.app).get("/api/health");
    expect(res.body).toMatchObject({ status: "ok", demo: true });
    const production = await secondApp({ NODE_ENV: "production" });
    const prod = await production.inject({ method: "GET", url: "/api/health" });
    expect(body(prod).demo).toBe(false);
  });
});
