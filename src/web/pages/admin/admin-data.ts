/** The organisation and accounts as the administrator sees them (src/server/routes/organisation.ts). */
import { useQuery } from "@tanstack/react-query";
import { UNIT_KIND_LABELS as KIND_LABELS } from "../../../core/labels.ts";
import { api } from "../../api.ts";

export type LevelKind = "province" | "district" | "commune";
export type UserRole = "unit" | "standing" | "council" | "data" | "admin";
export type MemberRole = "leader" | "deputy" | "member";

export interface Level {
  id: number;
  parentId: number | null;
  name: string;
  kind: LevelKind;
  standingAgency: string;
}

export interface PeriodSummary {
  id: number;
  label: string;
  kind: "calendar" | "school";
  startsOn: string;
  endsOn: string;
  schemeId: string;
}

export interface Cluster {
  id: number;
  levelId: number;
  name: string;
  kind: "cluster" | "block";
  memberKind: "ward" | "school" | "other";
  monitors: { councilMemberId: number; name: string; title: string }[];
  periods: PeriodSummary[];
}

export interface LevelNode extends Level {
  clusters: Cluster[];
  children: LevelNode[];
}

export interface Unit {
  id: number;
  levelId: number;
  code: string;
  name: string;
  kind: string;
  /** The head who signs for the unit (and for its cluster when it leads it), and their title. */
  headName: string | null;
  headTitle: string | null;
}

export interface CouncilMember {
  id: number;
  levelId: number;
  name: string;
  title: string;
  userId: number | null;
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: number | null;
  levelId: number | null;
  active: boolean;
  /** Required by an administrator to choose a new password at the next sign-in. */
  mustChangePassword: boolean;
  createdAt: string;
}

export interface Member {
  unitId: number;
  code: string;
  name: string;
  role: MemberRole;
}

export const LEVEL_KIND_LABELS: Record<LevelKind, string> = {
  province: "Tỉnh, thành phố",
  district: "Quận, huyện",
  commune: "Xã, phường",
};

export const USER_ROLE_LABELS: Record<UserRole, string> = {
  unit: "Cán bộ đơn vị",
  standing: "Cán bộ cơ quan thường trực",
  council: "Thành viên Hội đồng",
  data: "Cơ quan cung cấp số liệu",
  admin: "Quản trị hệ thống",
};

/** Which of unit and level each role is attached to (as the server checks). */
export const ROLE_SCOPE: Record<UserRole, { unit: boolean; level: boolean }> = {
  unit: { unit: true, level: false },
  standing: { unit: false, level: true },
  council: { unit: false, level: true },
  data: { unit: true, level: true },
  admin: { unit: false, level: false },
};

export const UNIT_KIND_LABELS: Record<string, string> = KIND_LABELS;

export const CLUSTER_KIND_LABELS = { cluster: "Cụm thi đua", block: "Khối thi đua" } as const;
export const MEMBER_KIND_LABELS = {
  ward: "Phường, xã",
  school: "Trường học",
  other: "Cơ quan, đơn vị khác",
} as const;
export const PERIOD_KIND_LABELS = { calendar: "Năm dương lịch", school: "Năm học" } as const;

function useList<T>(key: string, url: string) {
  return useQuery({ queryKey: [key], queryFn: () => api<T>("GET", url) });
}

export const useOrganisation = () =>
  useList<{ levels: LevelNode[] }>("organisation", "/api/organisation");
export const useLevels = () => useList<{ levels: Level[] }>("levels", "/api/levels");
export const useUnits = () => useList<{ units: Unit[] }>("units", "/api/units");
export const useClusters = () => useList<{ clusters: Cluster[] }>("clusters", "/api/clusters");
export const useCouncilMembers = () =>
  useList<{ councilMembers: CouncilMember[] }>("council-members", "/api/council-members");
export const useAccounts = () => useList<{ users: Account[] }>("users", "/api/users");

/** Everything the organisation tabs change: refreshed together after a change. */
export const ORGANISATION_KEYS = [
  ["organisation"],
  ["levels"],
  ["units"],
  ["clusters"],
  ["council-members"],
  ["users"],
];
