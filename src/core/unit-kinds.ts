/** The kinds of member unit seen in the seeds (DOMAIN.md section 1), and how they read. */
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
