/**
 * A failure the product did not foresee (here: a table gone from under it) answers 500 with a
 * Vietnamese message, and its log line names the route and the database's error without the
 * SQL or its parameters.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser, signIn, type TestApp, testApp } from "../../test/server.ts";

let t: TestApp;
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

describe("an unforeseen failure", () => {
  it("answers 500 in Vietnamese and logs the failure without the SQL or its parameters", async () => {
    t = await testApp();
    await createUser(t.database, { username: "admin", role: "admin" });
    const admin = await signIn(t.app, "admin");
    await t.database.owner().execute(sql`ALTER TABLE units RENAME TO units_gone`);
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
    const res = await admin.get("/api/units?levelId=424242");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      code: "INTERNAL",
      message: "Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị.",
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^Lỗi hệ thống \(500\) GET \/api\/units: .*\[42P01\] relation "units" does not exist/,
    );
    expect(logged[0]).not.toMatch(/select|from "|424242/i);
  });
});
