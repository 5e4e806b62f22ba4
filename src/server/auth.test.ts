import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anonymous, createUser, signIn, type TestApp, testApp } from "../../test/server.ts";
import { sessions } from "./db/schema.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

describe("accounts and sessions", () => {
  it("answers health once the database is ready", async () => {
    const res = await anonymous(t.app).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
  });

  it("signs in with the right password only, in Vietnamese", async () => {
    await createUser(t.database, { username: "admin", role: "admin" });
    const bad = await anonymous(t.app).post("/api/auth/login", {
      username: "admin",
      password: "sai",
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      code: "BAD_CREDENTIALS",
      message: "Tên đăng nhập hoặc mật khẩu không đúng.",
    });
    const client = await signIn(t.app, "admin");
    const me = await client.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe("admin");
  });

  it("refuses a write without the CSRF token", async () => {
    await createUser(t.database, { username: "admin", role: "admin" });
    const client = await signIn(t.app, "admin");
    const res = await client.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { "x-csrf-token": "" },
    });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("CSRF");
  });

  it("ends the session on sign-out", async () => {
    await createUser(t.database, { username: "admin", role: "admin" });
    const client = await signIn(t.app, "admin");
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    const me = await client.get("/api/me/periods");
    expect(me.status).toBe(401);
    expect(me.body.code).toBe("UNAUTHENTICATED");
    expect((await client.get("/api/auth/me")).body).toEqual({ user: null, csrfToken: null });
  });

  it("ends a session left idle longer than SESSION_MINUTES; the database keeps only a hash of the cookie", async () => {
    await createUser(t.database, { username: "admin", role: "admin" });
    const client = await signIn(t.app, "admin");
    expect((await client.get("/api/auth/me")).status).toBe(200);
    const { rows } = (await t.database.db.execute(sql`SELECT id FROM sessions`)) as unknown as {
      rows: { id: string }[];
    };
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    // the last request was longer ago than the idle limit
    await t.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    const me = await client.get("/api/me/periods");
    expect(me.status).toBe(401);
    expect(me.body.code).toBe("UNAUTHENTICATED");
    expect((await client.get("/api/auth/me")).body).toEqual({ user: null, csrfToken: null });
  });

  it("answers a bad body with 400 and a Vietnamese message", async () => {
    const res = await anonymous(t.app).post("/api/auth/login", { username: 5 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION");
    // each field by its Vietnamese name, never the API's own
    expect(res.body.message).toBe(
      "Dữ liệu gửi lên không hợp lệ — Tên đăng nhập: sai kiểu dữ liệu hoặc thiếu; Mật khẩu: sai kiểu dữ liệu hoặc thiếu.",
    );
  });

  it("limits sign-in attempts", async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (await anonymous(t.app).post("/api/auth/login", { username: "x", password: "y" }))
        .status;
    }
    expect(last).toBe(429);
  });

  it("keeps the audit log append-only in the database", async () => {
    const { sql } = await import("drizzle-orm");
    await t.database.db.execute(
      sql`insert into audit_log (action, entity, entity_id) values ('x', 'y', '1')`,
    );
    await expect(t.database.db.execute(sql`update audit_log set action = 'z'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });
});
