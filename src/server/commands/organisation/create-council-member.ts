/** Add a member to a level's council, optionally linked to the account they sign in with. */
import { eq } from "drizzle-orm";
import { writeAudit } from "../../audit.ts";
import type { Db } from "../../db/client.ts";
import { councilMembers } from "../../db/schema.ts";
import { badRequest, conflict } from "../../errors.ts";
import { findLevel, findUser } from "./lookup.ts";

export interface CreateCouncilMemberInput {
  levelId: number;
  name: string;
  title: string;
  userId: number | null;
}

export async function createCouncilMember(
  db: Db,
  actorId: number | null,
  input: CreateCouncilMemberInput,
) {
  return db.transaction(async (tx) => {
    const level = await findLevel(tx, input.levelId);
    if (input.userId !== null) {
      const user = await findUser(tx, input.userId);
      if (user.role !== "council" || user.levelId !== input.levelId) {
        throw badRequest(
          "INVALID_ACCOUNT",
          `Tài khoản ${user.username} không phải tài khoản thành viên Hội đồng của ${level.name}.`,
        );
      }
      const [linked] = await tx
        .select()
        .from(councilMembers)
        .where(eq(councilMembers.userId, input.userId));
      if (linked) {
        throw conflict(`Tài khoản ${user.username} đã gắn với thành viên Hội đồng ${linked.name}.`);
      }
    }
    const [member] = await tx.insert(councilMembers).values(input).returning();
    if (!member) throw new Error("insert returned nothing");
    await writeAudit(tx, {
      actorId,
      action: "councilMember.create",
      entity: "council_member",
      entityId: member.id,
      newValue: member,
    });
    return member;
  });
}
