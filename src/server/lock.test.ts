/**
 * Lock means locked: once the standing agency has locked a year's result, every route that
 * writes is tried, generated from the route table (test/routes.ts). Where it would change the
 * result it answers 409 PERIOD_LOCKED in Vietnamese and the database is unchanged; where the
 * work must go on (the proposal to the council, the minutes, next year's election, publishing,
 * reopening, the organisation and accounts) it is not refused for the lock.
 */
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import {
  allowed,
  EXPECTATIONS,
  fingerprint,
  ROLES,
  type RoleName,
  send,
  USERNAMES,
  type World,
  world,
} from "../../test/routes.ts";
import { anonymous, sessionFor } from "../../test/server.ts";
import { periods, periodUnits } from "./db/schema.ts";

const DECISION = "Quyết định số 15/QĐ-BTĐKT ngày 15/01/2026";

/** The year as the lock leaves it: every sheet locked, the period with its decision. */
async function lock(w: World) {
  const { db } = w.t.database;
  await db
    .update(periods)
    .set({ lockedAt: new Date(), lockDecision: DECISION })
    .where(eq(periods.id, w.y.periodId));
  await db
    .update(periodUnits)
    .set({ sheetStatus: "locked" })
    .where(and(eq(periodUnits.periodId, w.y.periodId)));
}

/** Who tries the route: someone it is meant for (the standing agency first: it locked). */
const PREFERRED: RoleName[] = [
  "standing",
  "leader",
  "member",
  "deputy",
  "admin",
  "data",
  "council",
];
const tryer = (key: string): RoleName | null => {
  const e = EXPECTATIONS[key];
  if (!e) return null;
  if (e.allow === "everyone") return "none";
  return PREFERRED.find((r) => allowed(e, r)) ?? ROLES.find((r) => allowed(e, r)) ?? null;
};

const writes = Object.entries(EXPECTATIONS).filter(([key]) => !key.startsWith("GET "));

describe("after the lock", () => {
  it("every route that writes says what the lock does to it", () => {
    expect(writes.filter(([, e]) => !e.afterLock).map(([key]) => key)).toEqual([]);
  });

  for (const [key, e] of writes) {
    const [method] = key.split(" ") as [string];
    it(`${key}: ${e.afterLock === "refused" ? "refused, nothing changes" : "goes on"}`, async () => {
      const w = await world();
      try {
        await lock(w);
        const role = tryer(key) as RoleName;
        const client =
          role === "none" ? anonymous(w.t.app) : await sessionFor(w.t, USERNAMES[role]);
        const before = await fingerprint(w.t);
        const res = await send(client, method, e.request(w));
        if (e.afterLock === "refused") {
          expect(res.status, JSON.stringify(res.body)).toBe(409);
          expect(res.body.code).toBe("PERIOD_LOCKED");
          expect(res.body.message).toContain("đã khóa lúc");
          expect(res.body.message).toContain(DECISION);
          expect(await fingerprint(w.t)).toBe(before);
        } else {
          expect(res.body?.code, JSON.stringify(res.body)).not.toBe("PERIOD_LOCKED");
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        }
      } finally {
        await w.t.close();
      }
    });
  }
});

describe("a reopened result", () => {
  it("says when and why on screen and in every new file; files carry their edition", async () => {
    const w = await world();
    try {
      await w.t.database.db
        .update(periodUnits)
        .set({ sheetStatus: "appraised" })
        .where(eq(periodUnits.periodId, w.y.periodId));
      const standing = await sessionFor(w.t, USERNAMES.standing);
      const summaryText = async () => {
        const res = await standing.inject({ method: "GET", url: `${w.p}/documents/summary.xlsx` });
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const lines: string[] = [];
        (workbook.worksheets[0] as ExcelJS.Worksheet).eachRow((r) =>
          lines.push(String(r.getCell(2).value ?? "")),
        );
        return lines.join("\n");
      };
      expect(await summaryText()).toMatch(
        /Lập lúc \d\d\/\d\d\/\d{4} \d\d:\d\d từ kết quả phiên bản 1\./,
      );
      expect(
        (await standing.post(`${w.p}/lock`, { confirmation: "KHÓA KẾT QUẢ", decision: DECISION }))
          .status,
      ).toBe(200);
      const reason = "Thanh tra tỉnh kết luận Công ty C có sai phạm, cần xét lại";
      expect((await standing.post(`${w.p}/unlock`, { reason })).status).toBe(200);

      const overview = await standing.get(w.p);
      expect(overview.body.edition).toMatchObject({ version: 2, reopened: { reason } });
      expect(await summaryText()).toContain(
        `từ kết quả phiên bản 2 (kết quả đã được mở khóa lại lúc`,
      );
      expect(await summaryText()).toContain(reason);
      const proposal = await standing.inject({
        method: "GET",
        url: `${w.p}/documents/proposal.docx`,
      });
      const xml =
        (await (
          await JSZip.loadAsync(proposal.rawPayload)
        )
          .file("word/document.xml")
          ?.async("string")) ?? "";
      expect(xml.replace(/<[^>]+>/g, "")).toContain(
        "từ kết quả phiên bản 2 (kết quả đã được mở khóa lại",
      );

      // locked again: edition 2 stands, no longer "reopened"
      expect(
        (await standing.post(`${w.p}/lock`, { confirmation: "KHÓA KẾT QUẢ", decision: DECISION }))
          .status,
      ).toBe(200);
      expect((await standing.get(w.p)).body.edition).toEqual({ version: 2, reopened: null });
    } finally {
      await w.t.close();
    }
  });
});
