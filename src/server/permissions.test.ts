/**
 * Every route of the API, tried by every role and by nobody: each is allowed (any answer but
 * 401/403) or refused (403 with a Vietnamese message; 401 without a session) exactly as
 * expected. The list of routes comes from the OpenAPI document, so a new route without an
 * expectation in test/routes.ts fails the test.
 */
import { describe, expect, it } from "vitest";
import { allowed, EXPECTATIONS, ROLES, send, USERNAMES, world } from "../../test/routes.ts";
import { anonymous, sessionFor, testApp } from "../../test/server.ts";
import { FIELD_LABELS } from "./field-labels.ts";

describe("permissions of every route", () => {
  it("has an expectation for every route of the API", async () => {
    const t = await testApp();
    await t.app.ready();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    await t.close();
    const missing = routes.filter((r) => !(r in EXPECTATIONS) && !r.startsWith("GET /api/docs"));
    expect(missing).toEqual([]);
  });

  it("names every field of every request in Vietnamese, for the messages of a refused one", async () => {
    const t = await testApp();
    await t.app.ready();
    type Schema = { properties?: Record<string, Schema>; [key: string]: unknown };
    const doc = t.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string }[];
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >;
    };
    await t.close();
    const fields = new Set<string>();
    const walk = (schema: unknown) => {
      if (!schema || typeof schema !== "object") return;
      const s = schema as Schema;
      for (const [name, child] of Object.entries(s.properties ?? {})) {
        fields.add(name);
        walk(child);
      }
      for (const key of ["items", "anyOf", "oneOf", "allOf", "additionalProperties"]) {
        const child = s[key];
        for (const c of Array.isArray(child) ? child : [child]) walk(c);
      }
    };
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        for (const p of operation.parameters ?? []) fields.add(p.name);
        walk(operation.requestBody?.content?.["application/json"]?.schema);
      }
    }
    expect(fields.size).toBeGreaterThan(50);
    expect([...fields].filter((f) => !(f in FIELD_LABELS))).toEqual([]);
  });

  it.each(Object.entries(EXPECTATIONS))("%s", async (route, expectation) => {
    const method = route.split(" ")[0] as string;
    const w = await world();
    try {
      const denied = ROLES.filter((r) => !allowed(expectation, r));
      const allowedRoles = ROLES.filter((r) => allowed(expectation, r));
      // refused roles first: the allowed ones may change the state after them
      for (const role of [...denied, ...allowedRoles]) {
        const client =
          role === "none" ? anonymous(w.t.app) : await sessionFor(w.t, USERNAMES[role]);
        const res = await send(client, method, expectation.request(w));
        const where = `${route} as ${role}: ${res.status} ${JSON.stringify(res.body)}`;
        if (allowed(expectation, role)) {
          expect([401, 403], where).not.toContain(res.status);
        } else {
          expect(res.status, where).toBe(
            role === "none" && expectation.allow !== "everyone"
              ? route.includes("/evidence/{id}/file")
                ? 403
                : 401
              : 403,
          );
          expect(res.body.message, where).toMatch(/[à-ỹĐđ]/);
        }
      }
    } finally {
      await w.t.close();
    }
  });
});
