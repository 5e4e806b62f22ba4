import type { SchemeSpec } from "../scheme.ts";

/** Ba Đình district people's committee guidance (11/2022): 1,000 points, awards on thresholds. */
export const baDinh2022: SchemeSpec = {
  id: "ba-dinh-2022",
  title: "Thang điểm thi đua các Cụm thi đua quận Ba Đình",
  source:
    "Hướng dẫn của UBND quận Ba Đình (tháng 11/2022) về tổ chức, hoạt động và bình xét thi đua của các Cụm thi đua",
  totalCap: 1000,
  overPlanBonus: { sections: ["I"], perCriterionPct: 10, sectionCap: 30 },
  criteria: [
    {
      id: "I",
      title:
        "Thi đua phát triển kinh tế - xã hội, nhiệm vụ chính trị, đảm bảo quốc phòng - an ninh",
      max: 580,
    },
    {
      id: "II",
      title:
        "Thi đua xây dựng Đảng và hệ thống chính trị, thực hiện các chủ trương của Đảng, chính sách pháp luật của Nhà nước",
      max: 200,
    },
    {
      id: "III",
      title: "Thực hiện các nhiệm vụ công tác thi đua, khen thưởng",
      max: 200,
      locked: true,
      children: [
        {
          id: "III.1",
          title: "Công tác thi đua, khen thưởng (Phòng Nội vụ chấm)",
          max: 200,
        },
      ],
    },
    {
      id: "IV",
      title: "Điểm thưởng (UBND quận chấm theo đề xuất của Phòng Nội vụ)",
      max: 20,
      locked: true,
    },
    {
      id: "D",
      title: "Điểm trừ",
      children: [
        {
          id: "D.1",
          title: "Văn bản phê bình của Quận (trừ 1 điểm/văn bản, tối đa 5 điểm)",
          kind: "deduction",
          max: 5,
          perEvent: 1,
        },
        {
          id: "D.2",
          title:
            "Nhiệm vụ thực hiện chậm, muộn theo tiến độ Quận giao (0,3 điểm/nhiệm vụ cho 10 nhiệm vụ đầu, 0,2 điểm/nhiệm vụ tiếp theo, tối đa 5 điểm)",
          kind: "deduction",
          max: 5,
          perEvent: [{ upTo: 10, points: 0.3 }, { points: 0.2 }],
        },
        {
          id: "D.3",
          title:
            "Nhiệm vụ không hoàn thành hoặc tồn tại, hạn chế chưa khắc phục (1 điểm/nội dung; không tính tồn tại do lý do khách quan đã giải trình bằng văn bản)",
          kind: "deduction",
          perEvent: 1,
        },
        {
          id: "D.4",
          title:
            "Cán bộ, công chức, viên chức, người lao động vi phạm bị báo chí nêu, được cơ quan có thẩm quyền xác nhận",
          kind: "deduction",
          categories: {
            disciplined: { label: "bị xử lý kỷ luật", points: 2 },
            criminal: { label: "bị truy cứu hình sự", points: 5 },
          },
        },
        {
          id: "D.5",
          title:
            "Đảng viên bị kỷ luật từ khiển trách trở lên do cơ quan chức năng, thông tin đại chúng Trung ương, Thành phố phát hiện",
          kind: "deduction",
          categories: {
            member: { label: "đảng viên", points: 0.5 },
            district: { label: "đảng viên diện Ban Thường vụ Quận ủy quản lý", points: 2 },
            city: { label: "đảng viên diện Ban Thường vụ Thành ủy quản lý", points: 5 },
          },
        },
        {
          id: "D.6",
          title:
            "Báo cáo số liệu không chính xác do Cụm trưởng phát hiện, Phòng Nội vụ xác thực (trừ 5 điểm một lần)",
          kind: "deduction",
          max: 5,
          perEvent: 5,
        },
      ],
    },
  ],
  awards: {
    slots: [
      {
        name: "Cờ thi đua",
        places: 1,
        clusterKinds: ["ward", "school"],
        awards: [
          { id: "co-chinh-phu", label: "Cờ thi đua của Chính phủ", minTotal: 900 },
          { id: "co-thanh-pho", label: "Cờ thi đua của UBND Thành phố", minTotal: 850 },
        ],
      },
    ],
    thresholds: [
      {
        id: "bang-khen-tldxs",
        label: "Bằng khen của Chủ tịch UBND Thành phố, danh hiệu Tập thể lao động xuất sắc",
        minTotal: 800,
      },
      { id: "tldtt", label: "Danh hiệu Tập thể lao động tiên tiến", minTotal: 750 },
    ],
    minPartyRating: "HTTNV",
    lowerOneLevel: ["deepReview", "publicOutcry"],
  },
};
