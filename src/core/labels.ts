/**
 * How the year's closed lists read in Vietnamese, for the screens, the server and the files:
 * the kinds of member unit (DOMAIN.md section 1), a unit's role in the cluster, the kinds of
 * meeting and what a ballot decides (section 3).
 */
import type { Role } from "./scheme.ts";

export const UNIT_KIND_LABELS = {
  ward: "Phường",
  commune: "Xã",
  district: "Quận, huyện",
  department: "Sở, ban, ngành",
  school: "Trường học",
  enterprise: "Doanh nghiệp",
  credit: "Tổ chức tín dụng",
  party: "Cơ quan Đảng",
  front: "Mặt trận Tổ quốc",
  association: "Hội, đoàn thể",
  central: "Cơ quan Trung ương",
  college: "Trường cao đẳng",
  project: "Ban quản lý dự án",
  public: "Đơn vị sự nghiệp công lập",
} as const;

export type UnitKind = keyof typeof UNIT_KIND_LABELS;
export const UNIT_KINDS = Object.keys(UNIT_KIND_LABELS) as [UnitKind, ...UnitKind[]];

export const ROLE_LABELS: Record<Role, string> = {
  leader: "Cụm trưởng",
  deputy: "Cụm phó",
  member: "Thành viên",
};

export const MEETING_KINDS = [
  "kickoff",
  "midyear",
  "preparatory",
  "summary",
  "thematic",
  "pact",
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  kickoff: "Hội nghị triển khai",
  midyear: "Sơ kết 6 tháng",
  preparatory: "Họp trù bị",
  summary: "Tổng kết, bình xét",
  thematic: "Chuyên đề",
  pact: "Ký kết giao ước",
};

export type BallotPurpose = "award" | "leader" | "deputy";

export const BALLOT_PURPOSE_LABELS: Record<BallotPurpose, string> = {
  award: "Bỏ phiếu danh hiệu",
  leader: "Bầu Cụm trưởng năm sau",
  deputy: "Bầu Cụm phó năm sau",
};

/** "Cụm" or "Khối", as the cluster calls itself. */
export function clusterWord(kind: "cluster" | "block" | undefined): "Cụm" | "Khối" {
  return kind === "block" ? "Khối" : "Cụm";
}

/**
 * A text written for a Cụm, as a Khối reads it: Cụm trưởng → Khối trưởng, Cụm chấm → Khối chấm,
 * "của Cụm" → "của Khối" (and in capitals). Names of both ("Cụm, Khối thi đua") and the
 * product's name stay as they are.
 */
export function clusterText(text: string, kind: "cluster" | "block"): string {
  if (kind !== "block") return text;
  return text
    .replace(/(?<!\p{L})(?<!TĐKT )Cụm(?!\p{L})(?!, Khối)/gu, "Khối")
    .replace(/(?<!\p{L})cụm(?!\p{L})/gu, "khối")
    .replace(/(?<!\p{L})CỤM(?!\p{L})(?!, KHỐI)/gu, "KHỐI");
}
