import type { SchemeSpec } from "../scheme.ts";

/** Long Biên district council, letter 59/HĐTĐKT of 29/11/2024: the 1,000-point framework. */
export const longBien2024: SchemeSpec = {
  id: "long-bien-2024",
  title: "Khung tiêu chí chấm điểm thi đua các Cụm, Khối thi đua quận Long Biên năm 2024",
  source: "Văn bản số 59/HĐTĐKT ngày 29/11/2024 của Hội đồng Thi đua - Khen thưởng quận Long Biên",
  criteria: [
    {
      id: "I",
      title: "Thực hiện các nhiệm vụ chính trị",
      max: 600,
      children: [
        { id: "I.1", title: "Kết quả thực hiện các chỉ tiêu, nhiệm vụ cấp trên giao", max: 300 },
        {
          id: "I.2",
          title:
            "Kết quả thực hiện các chương trình, đề án, nhiệm vụ trọng tâm, đột xuất do cấp trên giao",
          max: 200,
        },
        { id: "I.3", title: "Thực hiện cải cách hành chính, chuyển đổi số", max: 50 },
        { id: "I.4", title: "An ninh - Quốc phòng", max: 50 },
      ],
    },
    {
      id: "II",
      title: "Xây dựng cơ quan, đơn vị vững mạnh",
      max: 250,
      children: [
        {
          id: "II.1",
          title:
            "Rà soát chức năng nhiệm vụ; sắp xếp tổ chức bộ máy; đề án vị trí việc làm; luân chuyển, chuyển đổi vị trí công tác; giữ vững đoàn kết nội bộ",
          max: 50,
        },
        { id: "II.2", title: "Kết quả đánh giá chất lượng tổ chức Đảng, đoàn thể", max: 200 },
      ],
    },
    {
      id: "III",
      title: "Công tác Thi đua khen thưởng",
      max: 100,
      children: [
        {
          id: "III.1",
          title:
            "Xây dựng, ban hành hệ thống các quy chế, quy định, chương trình, kế hoạch công tác thi đua, khen thưởng hằng năm",
          max: 30,
        },
        {
          id: "III.2",
          title: "Tổ chức phát động, sơ kết, tổng kết các phong trào thi đua hằng năm",
          max: 30,
        },
        {
          id: "III.3",
          title:
            "Tổ chức tốt công tác khen thưởng thường xuyên, đột xuất đối với tập thể, cá nhân tiêu biểu, xuất sắc",
          max: 30,
        },
        {
          id: "III.4",
          title: "Thực hiện tốt chế độ thông tin báo cáo về công tác TĐKT hằng năm",
          max: 10,
        },
      ],
    },
    { id: "IV", title: "Điểm thưởng", max: 50 },
    {
      id: "V",
      title: "Điểm trừ",
      max: 50,
      children: [
        {
          id: "V.1",
          title: "Trừ điểm các đơn vị thực hiện nhiệm vụ chậm, muộn",
          max: 15,
          kind: "deduction",
        },
        {
          id: "V.2",
          title: "Trừ điểm các đơn vị có cán bộ chủ chốt bị vi phạm kỷ luật từ khiển trách trở lên",
          max: 15,
          kind: "deduction",
        },
        {
          id: "V.3",
          title:
            "Trừ điểm các đơn vị chưa khắc phục tồn tại, hạn chế theo kết luận thanh tra, kiểm tra, kiểm toán",
          max: 15,
          kind: "deduction",
        },
        {
          id: "V.4",
          title:
            "Trừ điểm các cơ quan, đơn vị không thực hiện các hoạt động do khối thi đua tổ chức",
          max: 5,
          kind: "deduction",
        },
      ],
    },
  ],
  awards: {
    slots: [],
    thresholds: [],
    silent:
      "Văn bản 59/HĐTĐKT của quận Long Biên không quy định mức khen thưởng theo điểm: chưa đề xuất khen thưởng, Cụm bình xét theo hướng dẫn của Quận.",
  },
};
