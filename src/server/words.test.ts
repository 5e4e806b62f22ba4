/**
 * A Khối's year reads in its own words: its statuses and refusals say Khối, Khối trưởng, Khối
 * chấm; a Cụm's keep Cụm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, sessionFor, type TestApp, testApp } from "../../test/server.ts";
import { wordText } from "../../test/word-text.ts";
import { evaluateScenario } from "../core/scenario.ts";
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

  it("gives a Khối's results as the engine words them (tdkt evaluate), and its files in its own words", async () => {
    const standing = await sessionFor(t, "bantdkt-langson");
    const block = await yearOf(standing, "Khối thi đua các doanh nghiệp");
    const results = await standing.get(`/api/periods/${block.id}/results`);
    const exported = await standing.get(`/api/periods/${block.id}/export`);
    expect(results.body).toEqual(evaluateScenario(exported.body, { provisional: true }).output);
    const reasons: string[] = results.body.units.flatMap((u: { reasons: string[] }) => u.reasons);
    expect(reasons.some((r) => /xếp thứ \d+\/5 trong Cụm\.$/.test(r))).toBe(true);

    // the proposal names each unit not proposed with its last reason: in the Khối's words
    const res = await standing.inject({
      method: "GET",
      url: `/api/periods/${block.id}/documents/proposal.docx`,
    });
    expect(res.statusCode).toBe(200);
    const text = await wordText(res.rawPayload);
    expect(text).toContain("KHỐI TRƯỞNG");
    expect(text).toMatch(/của Khối|trong Khối/);
    expect(text.split("\n").filter((line) => /(?<!TĐKT )Cụm(?!, Khối)/u.test(line))).toEqual([]);
  });
});
