/**
 * Set-based reads: every list a page shows comes from a fixed number of statements, whatever
 * the number of years. The same requests, by every role, are counted with the cluster's 2
 * years and again with 40; the counts must be the same, and the lists must have grown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterYear } from "../../test/factories.ts";
import { type World, world } from "../../test/routes.ts";
import { type Client, sessionFor } from "../../test/server.ts";
import { countStatements } from "../../test/statements.ts";

const ROLES = ["member", "leader", "standing", "council", "data", "admin"] as const;
const USER: Record<(typeof ROLES)[number], string> = {
  member: "u-c",
  leader: "u-a",
  standing: "standing",
  council: "council",
  data: "data",
  admin: "admin",
};

/** The lists of the home page, the calendar, a unit's years, the organisation and the logs. */
const lists = (w: World): { url: string; roles: readonly (typeof ROLES)[number][] }[] => [
  { url: "/api/me/periods", roles: ROLES },
  { url: `/api/units/${w.c}/years`, roles: ["member", "leader", "standing", "council", "admin"] },
  { url: "/api/organisation", roles: ["standing", "admin"] },
  { url: "/api/clusters", roles: ["standing", "admin"] },
  { url: "/api/units", roles: ["standing", "admin"] },
  { url: "/api/council-members", roles: ["standing", "admin"] },
  { url: "/api/users", roles: ["admin"] },
  { url: "/api/admin/audit", roles: ["admin"] },
  { url: `${w.p}/units/${w.c}/history`, roles: ["member", "leader", "standing", "admin"] },
  { url: `${w.p}/results`, roles: ["leader", "standing", "council", "admin"] },
  { url: `${w.p}/units/${w.c}/sheet`, roles: ["member", "leader", "standing", "admin"] },
  { url: w.p, roles: ROLES },
];

/** A finished year of the world's three units, as a cluster-year file imported by the agency. */
function pastYear(label: string, seed: number) {
  const file = clusterYear("lang-son-2019/B", {
    A: { "II.1": 4 + (seed % 2) * 0.5, "III.4": { submitted: 10, ineligible: 1 } },
    B: { "II.1": 4.5, "III.5.2.2": 0.5 },
    C: { "II.1": 3.5 + (seed % 3) * 0.5 },
  });
  return { ...file, period: label };
}

async function countAll(w: World, clients: Record<string, Client>) {
  const counts: Record<string, number> = {};
  const sizes: Record<string, number> = {};
  for (const { url, roles } of lists(w)) {
    for (const role of roles) {
      const client = clients[role] as Client;
      // once to warm what is cached, then counted
      await client.get(url);
      const { result, count, statements } = await countStatements(() => client.get(url));
      expect(result.status, `${role} GET ${url}: ${JSON.stringify(result.body)}`).toBe(200);
      counts[`${role} GET ${url}`] = count;
      sizes[`${role} GET ${url}`] = JSON.stringify(result.body).length;
      if (count > 12)
        throw new Error(`${role} GET ${url}: ${count} statements\n${statements.join("\n")}`);
    }
  }
  return { counts, sizes };
}

describe("lists come from a fixed number of statements", () => {
  let w: World;
  let clients: Record<string, Client>;
  beforeAll(async () => {
    w = await world();
    clients = Object.fromEntries(
      await Promise.all(ROLES.map(async (r) => [r, await sessionFor(w.t, USER[r])] as const)),
    );
  });
  afterAll(() => w.t.close());

  it("counts the same statements with 2 years and with 40", async () => {
    const standing = clients.standing as Client;
    const add = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const res = await standing.post(`/api/clusters/${w.y.clusterId}/import`, {
          file: pastYear(String(1950 + i), i),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    };
    await add(0, 1); // the world's year and one past year
    const two = await countAll(w, clients);
    await add(1, 39);
    const forty = await countAll(w, clients);

    const home = await (clients.member as Client).get("/api/me/periods");
    expect(home.body.periods).toHaveLength(40);
    const years = await (clients.standing as Client).get(`/api/units/${w.c}/years`);
    expect(years.body.years).toHaveLength(40);
    expect(forty.sizes["standing GET /api/me/periods"]).toBeGreaterThan(
      (two.sizes["standing GET /api/me/periods"] as number) * 10,
    );
    expect(forty.counts).toEqual(two.counts);
  });
});
