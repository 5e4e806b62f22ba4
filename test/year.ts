/** A cluster's year in the database, with an account for every role, for server tests. */
import type { Database } from "../src/server/db/client.ts";
import {
  clusterMonitors,
  clusters,
  councilMembers,
  levels,
  periods,
  periodUnits,
  units,
} from "../src/server/db/schema.ts";
import { createUser } from "./server.ts";

export interface YearFixture {
  periodId: number;
  clusterId: number;
  levelId: number;
  /** unit id by code */
  unit: Record<string, number>;
  /** username of the staff account of each unit, by code */
  staff: Record<string, string>;
}

/**
 * A level with its standing agency, a cluster, a period of `schemeId`, the member units (the
 * first is the leader, the second the deputy) and accounts: "u-CODE" for each unit, "standing",
 * "council" (monitoring the cluster), "data", "admin"; plus "other-standing" of another level
 * and "outsider", staff of a unit of another cluster.
 */
export async function createYear(
  database: Database,
  options: {
    schemeId: string;
    codes: string[];
    memberKind?: "ward" | "school" | "other";
    criteria?: [];
  },
): Promise<YearFixture> {
  const { db } = database;
  const [level] = await db
    .insert(levels)
    .values({
      name: "Tỉnh Lạng Sơn",
      kind: "province",
      standingAgency: "Ban Thi đua - Khen thưởng, Sở Nội vụ",
    })
    .returning();
  const [otherLevel] = await db
    .insert(levels)
    .values({
      name: "Tỉnh Cao Bằng",
      kind: "province",
      standingAgency: "Ban Thi đua - Khen thưởng tỉnh Cao Bằng",
    })
    .returning();
  const levelId = (level as { id: number }).id;
  const [cluster] = await db
    .insert(clusters)
    .values({
      levelId,
      name: "Cụm thi đua các doanh nghiệp",
      kind: "cluster",
      memberKind: options.memberKind ?? "other",
    })
    .returning();
  const clusterId = (cluster as { id: number }).id;
  const [period] = await db
    .insert(periods)
    .values({
      clusterId,
      label: "2024",
      kind: "calendar",
      startsOn: "2024-01-01",
      endsOn: "2024-12-31",
      schemeId: options.schemeId,
      criteria: options.criteria ?? [],
      milestones: [{ key: "registration", label: "Đăng ký thi đua", dueOn: "2024-01-30" }],
    })
    .returning();
  const periodId = (period as { id: number }).id;
  const unit: Record<string, number> = {};
  const staff: Record<string, string> = {};
  for (const [i, code] of [...options.codes, "OUT"].entries()) {
    const [row] = await db
      .insert(units)
      .values({ levelId, code, name: `Công ty ${code}`, kind: "enterprise" })
      .returning();
    const unitId = (row as { id: number }).id;
    unit[code] = unitId;
    staff[code] = `u-${code.toLowerCase()}`;
    await createUser(database, {
      username: staff[code],
      role: "unit",
      unitId,
      displayName: `Cán bộ ${code}`,
    });
    if (code !== "OUT") {
      await db.insert(periodUnits).values({
        periodId,
        unitId,
        role: i === 0 ? "leader" : i === 1 ? "deputy" : "member",
      });
    }
  }
  await createUser(database, {
    username: "standing",
    role: "standing",
    levelId,
    displayName: "Chuyên viên Ban TĐKT",
  });
  await createUser(database, {
    username: "other-standing",
    role: "standing",
    levelId: (otherLevel as { id: number }).id,
  });
  const councilUser = await createUser(database, { username: "council", role: "council", levelId });
  const [member] = await db
    .insert(councilMembers)
    .values({
      levelId,
      name: "Đồng chí Ủy viên Hội đồng",
      title: "Phó Giám đốc Sở",
      userId: councilUser,
    })
    .returning();
  await db
    .insert(clusterMonitors)
    .values({ clusterId, councilMemberId: (member as { id: number }).id });
  await createUser(database, {
    username: "data",
    role: "data",
    levelId,
    displayName: "Cục Thống kê",
  });
  await createUser(database, { username: "admin", role: "admin" });
  return { periodId, clusterId, levelId, unit, staff: { ...staff, outsider: "u-out" } };
}
