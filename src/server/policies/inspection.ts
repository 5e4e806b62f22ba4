/**
 * Who does what in a cross-inspection visit: the team (staff of the unit whose officers
 * inspect), the inspected unit, the leadership above them, and who reads the findings.
 */
import type { inspectionVisits } from "../db/schema.ts";
import type { PeriodAccess } from "./access.ts";

type Visit = Pick<typeof inspectionVisits.$inferSelect, "teamUnitId" | "inspectedUnitId">;

export const INSPECTION_DENY = {
  acknowledge: "Chỉ đơn vị thành viên của Cụm trong năm này xác nhận kế hoạch kiểm tra chéo.",
  team: "Chỉ đoàn kiểm tra được phân công (hoặc Cụm trưởng, Cụm phó của đơn vị khác) ghi kết quả kiểm tra, đối chiếu tại đơn vị này.",
  inspected: "Chỉ đơn vị được kiểm tra trả lời kết quả kiểm tra của mình.",
  findings:
    "Biên bản kiểm tra chéo chỉ dành cho đoàn kiểm tra, đơn vị được kiểm tra, Cụm trưởng, Cụm phó, cơ quan thường trực và thành viên Hội đồng theo dõi Cụm.",
} as const;

/** Whether this user works for the team of the visit, or for the unit it inspects. */
export function sideOf(access: PeriodAccess, visit: Visit): "team" | "inspected" | null {
  const { user } = access;
  if (user.role !== "unit" || access.memberRole === null) return null;
  if (user.unitId === visit.teamUnitId) return "team";
  if (user.unitId === visit.inspectedUnitId) return "inspected";
  return null;
}

/** Records the findings and reconciles: the team, or the leadership of another unit. */
export function mayInspect(access: PeriodAccess, visit: Visit): boolean {
  const leadsAnother = access.leadership && access.user.unitId !== visit.inspectedUnitId;
  return sideOf(access, visit) === "team" || leadsAnother;
}

/** Reads the findings and the minutes: both sides and the people above them. */
export function seesFindings(access: PeriodAccess, visit: Visit): boolean {
  return (
    sideOf(access, visit) !== null ||
    access.leadership ||
    access.standing ||
    access.council ||
    access.admin
  );
}
