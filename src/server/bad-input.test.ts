/**
 * Bad input on every route: unknown ids, ids of the wrong type or written loosely ("0x2", "2e0",
 * "+2", beyond the database's integer), each field of the body replaced by a value of the wrong
 * type, text with a NUL character or a lone surrogate, numbers beyond the database's integer.
 * Each gets a 4xx with a Vietnamese message, never a 500, and the database is left exactly as
 * it was.
 */
import { describe, expect, it } from "vitest";
import { allowed, EXPECTATIONS, fingerprint, ROLES, USERNAMES, world } from "../../test/routes.ts";
import { type Client, sessionFor } from "../../test/server.ts";

/** The body with each text field in turn holding a NUL character, then a lone surrogate. */
function badText(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return Object.entries(body)
    .filter(([, value]) => typeof value === "string")
    .flatMap(([key, value]) => [
      { ...body, [key]: `${value}\u0000` },
      { ...body, [key]: `${value}\ud800` },
    ]);
}

/** The body with each whole number in turn beyond the database's integer. */
function hugeNumbers(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return Object.entries(body)
    .filter(([, value]) => Number.isInteger(value))
    .map(([key]) => ({ ...body, [key]: 2_147_483_648 }));
}

/** The body with one field at a time given a value of the wrong type. */
function wrongTypes(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return Object.entries(body).map(([key, value]) => ({
    ...body,
    [key]: typeof value === "string" ? 12345 : typeof value === "number" ? "không phải số" : "x",
  }));
}

const VIETNAMESE = /[à-ỹĐđ]/;

describe("bad input on every route", () => {
  const routes = Object.entries(EXPECTATIONS).filter(
    ([route, e]) => e.allow !== "everyone" && !route.includes("/evidence/{id}/file"),
  );

  it.each(routes)("%s refuses it and changes nothing", async (route, expectation) => {
    const method = route.split(" ")[0] as string;
    const w = await world();
    try {
      const role = ROLES.find((r) => r !== "none" && allowed(expectation, r));
      if (!role || role === "none") throw new Error(`no role may call ${route}`);
      const client: Client = await sessionFor(w.t, USERNAMES[role]);
      const valid = expectation.request(w);
      const before = await fingerprint(w.t);
      const attempts: { url: string; body?: unknown; what: string }[] = [];
      const ids = [...valid.url.matchAll(/\/(\d+)(?=\/|$)/g)];
      for (const m of ids) {
        const at = (m.index ?? 0) + 1;
        const swap = (v: string) =>
          valid.url.slice(0, at) + v + valid.url.slice(at + (m[1] as string).length);
        attempts.push({ url: swap("999999"), body: valid.body, what: `unknown id ${m[1]}` });
        attempts.push({ url: swap("abc"), body: valid.body, what: `id ${m[1]} not a number` });
        // ids are plain decimal digits within the database's integer, nothing looser
        for (const loose of ["0x2", "2e0", "+2", "2%20", "2147483648"]) {
          attempts.push({
            url: swap(loose),
            body: valid.body,
            what: `id ${m[1]} written ${loose}`,
          });
        }
      }
      const takesInput =
        typeof valid.body === "object" && valid.body !== null && Object.keys(valid.body).length > 0;
      if (takesInput) {
        for (const body of [
          ...wrongTypes(valid.body),
          ...badText(valid.body),
          ...hugeNumbers(valid.body),
        ])
          attempts.push({ url: valid.url, body, what: JSON.stringify(body) });
        attempts.push({ url: valid.url, body: [], what: "a list instead of an object" });
      }
      for (const a of attempts) {
        const res =
          valid.body === "file"
            ? await client.request(method as "POST", a.url, {})
            : await client.request(method as "GET", a.url, a.body);
        const where = `${route} (${a.what}) as ${role}: ${res.status} ${JSON.stringify(res.body)}`;
        expect(res.status, where).toBeGreaterThanOrEqual(400);
        expect(res.status, where).toBeLessThan(500);
        expect(res.body?.message, where).toMatch(VIETNAMESE);
      }
      expect(await fingerprint(w.t)).toBe(before);
    } finally {
      await w.t.close();
    }
  });
});
