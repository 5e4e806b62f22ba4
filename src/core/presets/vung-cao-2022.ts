import { equalShares, type SchemeSpec } from "../scheme.ts";

const INDICATORS = [
  "Thu ngân sách",
  "Giảm tỷ lệ hộ nghèo",
  "Giải quyết việc làm",
  "Tổng sản lượng lương thực cây có hạt",
  "Tỷ lệ trường học đạt chuẩn quốc gia",
  "Tỷ lệ xã đạt chuẩn quốc gia về y tế",
  "Đảm bảo an ninh chính trị và trật tự an toàn xã hội",
  "Công tác tuyển quân và quân sự địa phương",
  "Tổng giá trị sản xuất công nghiệp",
  "Thực hiện cải cách hành chính",
  "Thực hiện tiết kiệm, chống tham nhũng, lãng phí",
  "Đảm bảo vệ sinh, môi trường",
];

const shares = equalShares(550, INDICATORS.length);

/** Điện Biên highland-districts cluster regulation (2022): 995 points, 1,000 for the leader. */
export const vungCao2022: SchemeSpec = {
  id: "vung-cao-2022",
  title: "Tiêu chí chấm điểm Cụm thi đua huyện vùng cao (tỉnh Điện Biên)",
  source: "Quy chế hoạt động của Cụm thi đua huyện vùng cao năm 2022 (Trưởng cụm: huyện Tủa Chùa)",
  criteria: [
    {
      id: "I",
      title: "Thi đua phát triển kinh tế - xã hội, đảm bảo quốc phòng an ninh",
      max: 550,
      children: INDICATORS.map((title, i) => ({
        id: `I.${i + 1}`,
        title,
        max: shares[i] as number,
        kind: "ratio" as const,
      })),
    },
    {
      id: "II",
      title:
        "Thực hiện chủ trương của Đảng, chính sách và pháp luật của Nhà nước, xây dựng hệ thống chính trị",
      max: 200,
    },
    { id: "III", title: "Thực hiện các nhiệm vụ công tác thi đua, khen thưởng", max: 200 },
    { id: "IV", title: "Điểm thưởng", max: 45 },
    {
      id: "V",
      title:
        "Đơn vị Cụm trưởng có cách làm tốt, đổi mới, sáng tạo trong tổ chức hoạt động Cụm thi đua",
      max: 5,
      roles: ["leader"],
    },
  ],
  awards: {
    slots: [
      {
        name: "Cờ thi đua",
        places: 1,
        awards: [{ id: "co-tinh", label: "Cờ thi đua xuất sắc của UBND tỉnh" }],
      },
      {
        name: "Bằng khen",
        places: 2,
        awards: [{ id: "bang-khen-tinh", label: "Bằng khen của UBND tỉnh" }],
      },
    ],
    thresholds: [],
  },
};
