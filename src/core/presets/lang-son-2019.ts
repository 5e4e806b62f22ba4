import type { AwardRulesSpec, CriterionSpec, SchemeSpec } from "../scheme.ts";

/** Lạng Sơn Department of Home Affairs guidance (2019): 150-point sheets for four kinds of unit. */
const SOURCE =
  "Hướng dẫn của Sở Nội vụ tỉnh Lạng Sơn (2019) về tổ chức, hoạt động Cụm, Khối thi đua";
const SECTION_I_TITLE = "Kết quả thực hiện nhiệm vụ chính trị";

const sectionII: CriterionSpec = {
  id: "II",
  title:
    "Thực hiện các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; xây dựng hệ thống chính trị",
  max: 20,
  children: [
    {
      id: "II.1",
      title:
        "Tổ chức học tập, quán triệt, triển khai các chủ trương của Đảng, chính sách và pháp luật của Nhà nước",
      max: 5,
    },
    {
      id: "II.2",
      title:
        'Thực hiện có hiệu quả, có chuyển biến rõ nét việc "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"',
      max: 5,
    },
    { id: "II.3", title: "Tổ chức cơ sở Đảng trong sạch, vững mạnh", max: 5 },
    { id: "II.4", title: "Tổ chức đoàn thể vững mạnh, xuất sắc", max: 5 },
  ],
};

const sectionIII: CriterionSpec = {
  id: "III",
  title: "Thực hiện các nhiệm vụ công tác thi đua, khen thưởng",
  max: 30,
  children: [
    {
      id: "III.1",
      title:
        "Xây dựng, ban hành các quy chế, quy định, văn bản để chỉ đạo, thực hiện công tác thi đua, khen thưởng (mỗi văn bản không ban hành hoặc ban hành không đúng thời gian: trừ 01 điểm)",
      max: 5,
      kind: "lossPerItem",
      perItem: 1,
    },
    {
      id: "III.2",
      title: "Tổ chức, phát động, triển khai thực hiện phong trào thi đua tại cơ quan, đơn vị",
      max: 5,
      children: [
        { id: "III.2.1", title: "Kịp thời phát động phong trào thi đua thường xuyên", max: 3 },
        {
          id: "III.2.2",
          title: "Kịp thời phát động các phong trào thi đua theo đợt, theo chuyên đề",
          max: 2,
        },
      ],
    },
    {
      id: "III.3",
      title: "Công tác phát hiện, xây dựng, bồi dưỡng, tổng kết nhân rộng các điển hình tiên tiến",
      max: 5,
      children: [
        { id: "III.3.1", title: "Có kế hoạch xây dựng, nhân rộng điển hình tiên tiến", max: 2 },
        {
          id: "III.3.2",
          title:
            "Có các điển hình tiên tiến được tuyên truyền, bồi dưỡng, nhân rộng với các hình thức tuyên truyền phong phú, đa dạng",
          max: 3,
          capped: true,
          children: [
            { id: "III.3.2.1", title: "Trên phạm vi cơ quan, đơn vị", max: 1 },
            {
              id: "III.3.2.2",
              title: "Tuyên truyền trên các phương tiện thông tin đại chúng của tỉnh, trung ương",
              max: 3,
            },
          ],
        },
      ],
    },
    {
      id: "III.4",
      title: "Chất lượng hồ sơ đề nghị khen thưởng",
      max: 5,
      kind: "level",
      levels: [
        {
          id: "khong-trinh",
          label: "Đơn vị không trình khen thưởng cấp tỉnh trở lên trong năm",
          points: 1,
          when: { noneSubmitted: true },
        },
        {
          id: "duoc-duyet-het",
          label: "100% hồ sơ khen thưởng từ cấp tỉnh trở lên được duyệt",
          points: 5,
          when: { ineligiblePctAtMost: 0 },
        },
        {
          id: "duoi-16",
          label: "Dưới 16% hồ sơ trình khen thưởng từ cấp tỉnh trở lên không đủ điều kiện",
          points: 3,
          when: { ineligiblePctBelow: 16 },
        },
        {
          id: "tu-16",
          label: "Từ 16% hồ sơ trở lên trình khen thưởng từ cấp tỉnh trở lên không đủ điều kiện",
          points: 1,
        },
      ],
    },
    {
      id: "III.5",
      title: "Các nội dung khác (bồi dưỡng nghiệp vụ; kiểm tra giám sát; chế độ thông tin báo cáo)",
      max: 5,
      children: [
        {
          id: "III.5.1",
          title: "Công tác kiểm tra, giám sát về thi đua, khen thưởng tại đơn vị",
          max: 1,
        },
        {
          id: "III.5.2",
          title: "Công tác bồi dưỡng nghiệp vụ thi đua, khen thưởng",
          max: 1,
          capped: true,
          children: [
            {
              id: "III.5.2.1",
              title: "Tổ chức hội nghị bồi dưỡng về thi đua, khen thưởng tại đơn vị",
              max: 1,
            },
            {
              id: "III.5.2.2",
              title: "Các hình thức khác (lồng ghép; tham gia tập huấn tại tỉnh…)",
              max: 0.5,
            },
          ],
        },
        {
          id: "III.5.3",
          title:
            "Chế độ thông tin, báo cáo (không ban hành hoặc ban hành chậm 01 báo cáo: trừ 01 điểm)",
          max: 3,
          kind: "lossPerItem",
          perItem: 1,
        },
      ],
    },
    {
      id: "III.6",
      title: "Điểm thưởng (mỗi nội dung chỉ chọn 01 đơn vị tiêu biểu, xuất sắc nhất trong Cụm)",
      max: 5,
      children: [
        {
          id: "III.6.1",
          title: "Có nhân tố mới, mô hình mới, đem lại hiệu quả rõ nét trong năm",
          max: 2,
          onePerCluster: true,
        },
        {
          id: "III.6.2",
          title:
            "Là đơn vị Trưởng cụm hoặc Phó cụm có nhiều đổi mới, sáng tạo trong thực hiện các hoạt động cụm thi đua",
          max: 1,
          onePerCluster: true,
          roles: ["leader", "deputy"],
        },
        {
          id: "III.6.3",
          title:
            "Tỷ lệ khen thưởng cho người lao động trực tiếp tăng so với năm trước và chiếm tỷ lệ cao so với các đơn vị trong Cụm",
          max: 1,
          onePerCluster: true,
          highestShare: { notUpMax: 0.5 },
        },
        {
          id: "III.6.4",
          title:
            "Tổ chức nhiều phong trào thi đua hoặc có phong trào thi đua sáng tạo, đột phá trong năm",
          max: 1,
          onePerCluster: true,
        },
      ],
    },
  ],
};

const awards: AwardRulesSpec = {
  slots: [
    {
      name: "Cờ thi đua",
      places: 1,
      awards: [{ id: "co-tinh", label: "Cờ thi đua của UBND tỉnh", minTotal: 110 }],
    },
    {
      name: "Bằng khen",
      places: [
        { maxUnits: 5, places: 1 },
        {
          maxUnits: 6,
          places: 1,
          warning:
            "Hướng dẫn của Lạng Sơn không quy định số Bằng khen cho Cụm có đúng 6 đơn vị (dưới 6: 01, từ 7: 02); đang áp dụng 01 Bằng khen.",
        },
        { places: 2 },
      ],
      awards: [{ id: "bang-khen-tinh", label: "Bằng khen của Chủ tịch UBND tỉnh" }],
    },
  ],
  thresholds: [],
};

function sheet(letter: string, title: string, sectionI: CriterionSpec): SchemeSpec {
  return {
    id: `lang-son-2019/${letter}`,
    title: `Biểu chấm điểm thi đua ${title} (tỉnh Lạng Sơn)`,
    source: SOURCE,
    criteria: [sectionI, structuredClone(sectionII), structuredClone(sectionIII)],
    awards: structuredClone(awards),
  };
}

const commonI: CriterionSpec[] = [
  {
    id: "I.4",
    title:
      "Đảm bảo đời sống, việc làm ổn định cho người lao động; thu nhập bình quân đạt mức lương tối thiểu vùng trở lên",
    max: 15,
  },
  {
    id: "I.5",
    title:
      "Đóng Bảo hiểm xã hội, Bảo hiểm y tế, Bảo hiểm thất nghiệp cho người lao động theo quy định",
    max: 10,
  },
  { id: "I.6", title: "Thực hiện công tác xã hội, từ thiện trên địa bàn tỉnh", max: 10 },
  {
    id: "I.7",
    title:
      "Thực hiện các quy định của pháp luật về sản xuất, kinh doanh (an toàn vệ sinh lao động, môi trường, phòng chống cháy nổ…)",
    max: 10,
  },
  {
    id: "I.8",
    title: "Ứng dụng tiến bộ khoa học kỹ thuật vào sản xuất, kinh doanh",
    max: 4,
  },
  { id: "I.9", title: "Điểm thưởng", max: 6 },
];

export const langSon2019A = sheet(
  "A",
  "đối với các huyện, thành phố, các sở, ban, ngành, đơn vị trực thuộc UBND tỉnh",
  {
    id: "I",
    title: `${SECTION_I_TITLE} (chấm theo Quyết định số 2460/QĐ-UBND ngày 30/11/2018 của UBND tỉnh)`,
    max: 100,
    kind: "external",
  },
);

export const langSon2019B = sheet("B", "đối với các doanh nghiệp", {
  id: "I",
  title: SECTION_I_TITLE,
  max: 100,
  children: [
    {
      id: "I.1",
      title: "Doanh thu vượt so với kế hoạch năm và tăng so với cùng kỳ năm trước",
      max: 15,
    },
    {
      id: "I.2",
      title: "Lợi nhuận sau thuế vượt so với kế hoạch năm và tăng so với năm trước",
      max: 15,
    },
    {
      id: "I.3",
      title:
        "Chấp hành tốt nghĩa vụ tài chính với Nhà nước; nộp đầy đủ các loại thuế đúng thời gian quy định",
      max: 15,
    },
    ...structuredClone(commonI),
  ],
});

export const langSon2019C = sheet("C", "đối với các tổ chức tín dụng", {
  id: "I",
  title: SECTION_I_TITLE,
  max: 100,
  children: [
    { id: "I.1", title: "Hoàn thành chỉ tiêu tăng trưởng tín dụng so với kế hoạch năm", max: 15 },
    { id: "I.2", title: "Dư nợ tín dụng, nguồn vốn huy động tăng so với năm trước", max: 15 },
    {
      id: "I.3",
      title:
        "Thực hiện tốt các chủ trương của ngành (tỷ lệ nợ quá hạn, nợ xấu đảm bảo đúng mức quy định)",
      max: 15,
    },
    ...structuredClone(commonI),
  ],
});

export const langSon2019D = sheet(
  "D",
  "đối với các Ban đảng, Mặt trận Tổ quốc, đoàn thể, hội, cơ quan trung ương, trường trung cấp, cao đẳng",
  {
    id: "I",
    title: `${SECTION_I_TITLE} (Cụm cụ thể hóa, tối đa 100 điểm kể cả điểm thưởng, điểm trừ)`,
    max: 100,
  },
);
