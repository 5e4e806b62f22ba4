/** Create a cluster (Cụm) or block (Khối) owned by a level. */
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { clusters } from "../../db/schema.ts";
import { findLevel } from "./lookup.ts";

export interface CreateClusterInput {
  levelId: number;
  name: string;
  kind: "cluster" | "block";
  memberKind: "ward" | "school" | "other";
}

export async function createCluster(db: Db, actorId: number | null, input: CreateClusterInput) {
  return db.transaction(async (tx) => {
    await findLevel(tx, input.levelId);
    const [cluster] = await tx.insert(clusters).values(input).returning();
    if (!cluster) throw new Error("insert returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "cluster.create",
      entity: "cluster",
      entityId: cluster.id,
      newValue: cluster,
    });
    return cluster;
  });
}
