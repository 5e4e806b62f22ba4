/** Assign a council member to monitor (phụ trách, theo dõi) a cluster of the council's level. */
import { and, eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { clusterMonitors } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { findCluster, findCouncilMember, isUniqueViolation } from "./lookup.ts";

export async function assignMonitor(
  db: Db,
  actorId: number | null,
  input: { clusterId: number; councilMemberId: number },
) {
  const already = () =>
    conflict("Thành viên Hội đồng này đã được phân công theo dõi Cụm, Khối thi đua này.");
  try {
    return await db.transaction(async (tx) => {
      const cluster = await findCluster(tx, input.clusterId);
      const member = await findCouncilMember(tx, input.councilMemberId);
      if (member.levelId !== cluster.levelId) {
        throw badRequest(
          "OTHER_LEVEL",
          `${member.name} là thành viên Hội đồng của cấp khác: ${cluster.name} chỉ do thành viên Hội đồng cùng cấp theo dõi.`,
        );
      }
      const [existing] = await tx
        .select()
        .from(clusterMonitors)
        .where(
          and(
            eq(clusterMonitors.clusterId, input.clusterId),
            eq(clusterMonitors.councilMemberId, input.councilMemberId),
          ),
        );
      if (existing) throw already();
      await tx.insert(clusterMonitors).values(input);
      await writeAudit(tx, {
        actorId,
        action: "cluster.monitor",
        entity: "cluster_monitor",
        entityId: `${input.clusterId}/${input.councilMemberId}`,
        newValue: { cluster: cluster.name, councilMember: member.name },
      });
      return { clusterId: cluster.id, councilMemberId: member.id, name: member.name };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw already();
    throw e;
  }
}
