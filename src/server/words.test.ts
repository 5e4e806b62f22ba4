/**
 * A Khối's year reads in its own words: its statuses and refusals say Khối, Khối trưởng, Khối
 * chấm; a Cụm's keep Cụm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { loadDemo } from "./seed/demo.ts";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.database.db);
});
afterAll(() => t?.close());

interface Year {
  id: number;
  cluster: { name: string };
  units: { id: number; name: string; statusLabel: string }[];
}

async function yearOf(api: Client, cluster: string): Promise<Year> {
  const years: Year[] = (await api.get("/api/me/periods")).body.periods;
  const y = years.find((p) => p.cluster.name === cluster);
  if (!y) throw new Error(`no ${cluster}`);
  return y;
}

describe("words that fit the cluster", () => {
  it("says Khối in a Khối's statuses and refusals, and Cụm in a Cụm's", async () => {
    const member = await sessionFor(t, "thuocla");
    const block = await yearOf(member, "Khối thi đua các doanh nghiệp");
    const leader = block.units.find((u) => u.name === "Công ty Điện lực Lạng Sơn");
    expect(leader?.statusLabel).toBe("Đã nộp, chờ Khối chấm");
    const refused = await member.post(`/api/periods/${block.id}/units/${leader?.id}/transitions`, {
      action: "review",
      version: 1,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("Khối trưởng");
    expect(refused.body.message).not.toMatch(/Cụm(?!, Khối)/);

    const highland = await yearOf(await sessionFor(t, "namke"), "Cụm thi đua các xã vùng cao");
    const submitted = highland.units.find((u) => u.name === "Xã Mường Nhé");
    expect(submitted?.statusLabel).toBe("Đã nộp, chờ Cụm chấm");
  });

  it("says Khối in a Khối's results, their reasons and warnings, and Cụm in a Cụm's", async () => {
    const texts = async (username: string, cluster: string) => {
      const api = await sessionFor(t, username);
      const year = await yearOf(api, cluster);
      const results = await api.get(`/api/periods/${year.id}/results`);
      expect(results.status).toBe(200);
      const reasons = results.body.units.flatMap((u: { reasons: string[] }) => u.reasons);
      return [...reasons, ...results.body.warnings] as string[];
    };
    const block = await texts("bantdkt-langson", "Khối thi đua các doanh nghiệp");
    expect(block.some((r) => /xếp thứ \d+\/5 trong Khối\.$/.test(r))).toBe(true);
    expect(block.filter((r) => /Cụm(?!, Khối)/.test(r))).toEqual([]);
    const highland = await texts("bantdkt-dienbien", "Cụm thi đua các xã vùng cao");
    expect(highland.some((r) => /xếp thứ \d+\/5 trong Cụm\.$/.test(r))).toBe(true);
  });
});
