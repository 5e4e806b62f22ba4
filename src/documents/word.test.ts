/**
 * The Word documents of a cluster's year (DOMAIN.md sections 3, 6 and 7): what a member, the
 * leader's office or the council reads in them, and the layout Decree 30/2020/NĐ-CP asks for.
 * The XML is read back with JSZip; with LibreOffice installed, the proposal and the minutes are
 * also printed to PDF and read as a person would see them.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { hasOffice, pdfText } from "../../test/office.ts";
import { BLANK_NAME } from "./official.ts";
import {
  type DocumentHeading,
  headingLayout,
  type MinutesInput,
  minutesDocument,
  type ProposalInput,
  proposalDocument,
  type ReportInput,
  reportDocument,
  type SummaryTable,
} from "./word.ts";

// ─── A Lạng Sơn enterprise block, year 2026 ────────────────────────────────────────────────────

const CLUSTER = "Khối thi đua các doanh nghiệp";
const DIEN_LUC = "Công ty Điện lực Lạng Sơn";
const XI_MANG = "Công ty Cổ phần Xi măng Đồng Bành";
const THUOC_LA = "Công ty TNHH Một thành viên Thuốc lá Lạng Sơn";
const CAP_NUOC = "Công ty Cổ phần Cấp thoát nước Lạng Sơn";
const XAY_DUNG = "Công ty Cổ phần Xây dựng Giao thông";

function heading(number: string, date = "2027-01-20"): DocumentHeading {
  return {
    parentBody: "UBND tỉnh Lạng Sơn",
    issuer: "Khối thi đua các doanh nghiệp",
    number,
    place: "Lạng Sơn",
    date,
    recipients: [
      "Hội đồng Thi đua - Khen thưởng tỉnh",
      "Ban Thi đua - Khen thưởng (Sở Nội vụ)",
      "Các đơn vị thành viên Khối",
      "Lưu: VT",
    ],
    signer: { capacity: "TM. Khối thi đua", title: "Khối trưởng", name: "Nguyễn Văn Hùng" },
  };
}

type SummaryUnit = SummaryTable["units"][number];

function unit(
  id: string,
  name: string,
  rank: number,
  sections: Record<string, number>,
  status: [string, string],
  award: [string, string] | null,
  reasons: string[],
  extra: Partial<SummaryUnit> = {},
): SummaryUnit {
  const bonus = extra.bonus ?? 0;
  const deductions = extra.deductions ?? 0;
  const total = Object.values(sections).reduce((a, b) => a + b, 0) + bonus - deductions;
  return {
    id,
    name,
    rank,
    sections,
    bonus,
    deductions,
    total,
    award: award?.[0] ?? null,
    awardLabel: award?.[1] ?? null,
    status: status[0],
    statusLabel: status[1],
    reasons,
    ...extra,
  };
}

const SUMMARY: SummaryTable = {
  sections: [
    { id: "I", title: "Kết quả thực hiện nhiệm vụ chính trị" },
    {
      id: "II",
      title:
        "Thực hiện các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; xây dựng hệ thống chính trị",
    },
    { id: "III", title: "Thực hiện các nhiệm vụ công tác thi đua, khen thưởng" },
  ],
  units: [
    unit("D", CAP_NUOC, 1, { I: 100, II: 20, III: 26 }, ["excluded", "Không xét"], null, [
      "Tổng điểm 146, xếp thứ 1/5 trong Cụm.",
      "Không xét khen thưởng: không đăng ký thi đua. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.",
    ]),
    unit(
      "B",
      XI_MANG,
      2,
      { I: 98, II: 20, III: 21 },
      ["proposed", "Đề nghị"],
      ["co-tinh", "Cờ thi đua của UBND tỉnh"],
      [
        "Tổng điểm 139, xếp thứ 2/5 trong Cụm.",
        "Bằng điểm với Công ty Điện lực Lạng Sơn; trúng phiếu bầu Cờ thi đua của UBND tỉnh.",
        "Cờ thi đua của UBND tỉnh: đạt 139 điểm (từ 110 điểm), trong 1 suất dành cho đơn vị xếp đầu đủ điều kiện.",
      ],
      // 0.1 + 0.2 is 0.30000000000000004 in floating point; the table writes "0,3".
      { bonus: 0.1 + 0.2, deductions: 0.3, total: 139 },
    ),
    unit(
      "A",
      DIEN_LUC,
      2,
      { I: 95, II: 19, III: 25 },
      ["proposed", "Đề nghị"],
      ["bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh"],
      [
        "Tổng điểm 139, xếp thứ 2/5 trong Cụm.",
        "Bằng điểm ở suất Cờ thi đua của UBND tỉnh nhưng không trúng phiếu bầu.",
        "Bằng khen của Chủ tịch UBND tỉnh: đạt 139 điểm, trong 1 suất dành cho đơn vị xếp đầu đủ điều kiện.",
      ],
    ),
    unit("C", THUOC_LA, 4, { I: 79, II: 17, III: 13.5 }, ["none", "Không đề nghị"], null, [
      "Tổng điểm 109,5, xếp thứ 4/5 trong Cụm.",
      "Không nằm trong số suất khen thưởng của Cụm.",
    ]),
    unit("E", XAY_DUNG, 5, { I: 68, II: 12, III: 4 }, ["postponed", "Chưa xem xét"], null, [
      "Tổng điểm 84, xếp thứ 5/5 trong Cụm.",
      "Chưa xem xét khen thưởng: có dấu hiệu sai phạm đang được cơ quan có thẩm quyền xem xét. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.",
    ]),
  ],
};

const PROPOSAL: ProposalInput = {
  heading: heading("Số: 05/TTr-KTĐ"),
  cluster: CLUSTER,
  period: "2026",
  level: "tỉnh Lạng Sơn",
  summary: SUMMARY,
  note: "Hai đơn vị bằng 139 điểm; Khối đã bỏ phiếu suy tôn Cờ thi đua tại hội nghị tổng kết.",
};

const MINUTES: MinutesInput = {
  heading: heading("Số: 02/BB-KTĐ"),
  cluster: CLUSTER,
  period: "2026",
  meeting: {
    kindLabel: "Tổng kết, bình xét",
    title: "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026",
    // 08:30 in Lạng Sơn (UTC+7).
    scheduledAt: "2027-01-20T01:30:00.000Z",
    place: "Hội trường Công ty Điện lực Lạng Sơn",
    agenda: [
      "Báo cáo kết quả thực hiện phong trào thi đua năm 2026.",
      "Công bố điểm và xếp hạng các đơn vị thành viên.",
      "Bình xét, suy tôn khen thưởng; bầu Khối trưởng, Khối phó năm 2027.",
    ].join("\n"),
    chair: "Nguyễn Văn Hùng",
    secretary: "Hoàng Thị Lan",
    invited: [
      { name: "Ông Lương Văn Minh", role: "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh" },
      { name: "Bà Vi Thị Hạnh", role: "Phó Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ" },
    ],
    attendance: {
      units: [
        { name: DIEN_LUC, present: true, delegate: "Nguyễn Văn Hùng" },
        { name: XI_MANG, present: true, delegate: "Trần Đức Thắng" },
        { name: THUOC_LA, present: true, delegate: "Lê Thị Thu" },
        { name: CAP_NUOC, present: false, delegate: null },
        { name: XAY_DUNG, present: null, delegate: null },
      ],
      members: 5,
      present: 4,
      quorum: 4,
      hasQuorum: true,
    },
    decisions: [
      {
        text: "Thông qua kết quả chấm điểm, xếp hạng năm 2026",
        votesFor: 4,
        votesAgainst: 0,
        passed: true,
        escalated: false,
      },
      {
        text: "Đề nghị chấm lại mục III của Công ty Cổ phần Xây dựng Giao thông.",
        votesFor: 1,
        votesAgainst: 3,
        passed: false,
        escalated: true,
      },
    ],
    ballots: [
      {
        title: "Bỏ phiếu suy tôn Cờ thi đua của UBND tỉnh",
        candidates: [DIEN_LUC, XI_MANG],
        counts: [1, 3],
        outcome: "Công ty Cổ phần Xi măng Đồng Bành trúng phiếu bầu Cờ thi đua của UBND tỉnh.",
      },
      {
        title: "Bầu Khối trưởng năm 2027",
        candidates: [THUOC_LA],
        counts: null,
        outcome: "Đang bỏ phiếu.",
      },
    ],
    minutes: "Đồng chí Khối trưởng báo cáo kết quả năm 2026.\n\nCác đơn vị thảo luận, thống nhất.",
  },
};

const PROGRESS: ReportInput["progress"] = [
  {
    name: DIEN_LUC,
    role: "Khối trưởng",
    registered: true,
    pactSigned: true,
    statusLabel: "Đã thẩm định",
    selfTotal: 140,
    finalTotal: 139,
  },
  {
    name: XI_MANG,
    role: "Khối phó",
    registered: true,
    pactSigned: true,
    statusLabel: "Đã thẩm định",
    selfTotal: 139,
    finalTotal: 139,
  },
  {
    name: THUOC_LA,
    role: "Thành viên",
    registered: true,
    pactSigned: true,
    statusLabel: "Đã chấm chéo",
    selfTotal: 110.25,
    finalTotal: 109.5,
  },
  {
    name: CAP_NUOC,
    role: "Thành viên",
    registered: false,
    pactSigned: true,
    statusLabel: "Đang tự chấm",
    selfTotal: null,
    finalTotal: null,
  },
  {
    name: XAY_DUNG,
    role: "Thành viên",
    registered: true,
    pactSigned: false,
    statusLabel: "Chưa chấm",
    selfTotal: null,
    finalTotal: null,
  },
];

const SIX_MONTH: ReportInput = {
  heading: heading("Số: 12/BC-KTĐ", "2026-07-05"),
  kind: "six-month",
  cluster: CLUSTER,
  period: "2026",
  progress: PROGRESS,
  meetings: [
    {
      date: "2026-02-10",
      title: "Hội nghị triển khai nhiệm vụ và ký giao ước thi đua năm 2026",
      kindLabel: "Triển khai",
      held: true,
    },
    {
      date: "2026-07-15",
      title: "Hội nghị sơ kết 6 tháng đầu năm 2026",
      kindLabel: "Sơ kết",
      held: false,
    },
  ],
  milestones: [
    { label: "Đăng ký thi đua", dueOn: "2026-01-30", late: [CAP_NUOC] },
    { label: "Ký giao ước thi đua", dueOn: "2026-02-28", late: [] },
  ],
  summary: null,
};

const ANNUAL: ReportInput = {
  ...SIX_MONTH,
  heading: heading("Số: 20/BC-KTĐ", "2026-12-20"),
  kind: "annual",
  summary: SUMMARY,
};

// ─── Reading a .docx back ──────────────────────────────────────────────────────────────────────

const decodeXml = (xml: string): string =>
  xml
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The text of an XML fragment: its <w:t> runs joined. */
const textOf = (xml: string): string =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1] ?? "")).join("");

interface Docx {
  /** word/document.xml as written. */
  xml: string;
  /** word/styles.xml as written. */
  styles: string;
  /** The text of every paragraph, in order (table cells included). */
  paragraphs: string[];
  /** Every table row, as the texts of its cells. */
  rows: string[][];
}

async function openDocx(bytes: Buffer): Promise<Docx> {
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")?.async("string");
  const styles = await zip.file("word/styles.xml")?.async("string");
  if (xml === undefined || styles === undefined) throw new Error("not a Word document");
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => textOf(cell[0])),
  );
  return { xml, styles, paragraphs, rows };
}

/** What every document carries: Decree 30's heading, page, font and sizes. */
function expectDecreeLayout(doc: Docx, number: string, date: string) {
  const { paragraphs, xml, styles } = doc;
  expect(paragraphs).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  expect(paragraphs).toContain("Độc lập - Tự do - Hạnh phúc");
  expect(paragraphs).toContain("UBND TỈNH LẠNG SƠN");
  expect(paragraphs).toContain("KHỐI THI ĐUA CÁC DOANH NGHIỆP");
  expect(paragraphs).toContain(number);
  expect(paragraphs).toContain(date);
  // The heading comes first: the national title and the issuer side by side in its first row.
  expect(doc.rows[0]?.[0]).toBe("UBND TỈNH LẠNG SƠNKHỐI THI ĐUA CÁC DOANH NGHIỆP");
  expect(doc.rows[0]?.[1]).toBe("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc");
  expect(doc.rows[1]).toEqual([number, date]);
  // A4, margins 20/20/30/15 mm.
  expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
  // Times New Roman everywhere, 14 pt (28 half-points) by default.
  expect(styles).toMatch(
    /<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"[^>]*\/><w:sz w:val="28"\/>/,
  );
  const fonts = new Set(
    [...`${xml}${styles}`.matchAll(/w:(?:ascii|hAnsi)="([^"]+)"/g)].map((m) => m[1]),
  );
  expect([...fonts]).toEqual(["Times New Roman"]);
  // Body paragraphs: justified, first line 1.27 cm, 1.15 lines, 6 pt after, 14 pt.
  expect(xml).toMatch(
    /<w:spacing w:after="120" w:before="0" w:line="276" w:lineRule="auto"\/><w:ind w:firstLine="720"\/><w:jc w:val="both"\/><\/w:pPr><w:r><w:rPr><w:rFonts [^>]*\/><w:sz w:val="28"\/>/,
  );
}

function expectSignature(paragraphs: string[]) {
  const at = paragraphs.indexOf("Nơi nhận:");
  expect(at).toBeGreaterThan(0);
  expect(paragraphs.slice(at + 1, at + 5)).toEqual([
    "- Hội đồng Thi đua - Khen thưởng tỉnh;",
    "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
    "- Các đơn vị thành viên Khối;",
    "- Lưu: VT.",
  ]);
  expect(paragraphs.slice(at + 5, at + 7)).toEqual(["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"]);
  expect(paragraphs.at(-1)).toBe("Nguyễn Văn Hùng");
}

const SUMMARY_HEADER = [
  "Xếp hạng",
  "Đơn vị",
  "I",
  "II",
  "III",
  "Thưởng",
  "Trừ",
  "Tổng điểm",
  "Hình thức đề nghị",
  "Tình trạng",
];

/** The summary table: its header, then one row per unit in rank order, numbers Vietnamese style. */
function expectSummaryTable(doc: Docx) {
  const header = doc.rows.findIndex((row) => row[0] === "Xếp hạng");
  expect(doc.rows[header]).toEqual(SUMMARY_HEADER);
  expect(doc.rows.slice(header + 1, header + 6)).toEqual([
    ["1", CAP_NUOC, "100", "20", "26", "0", "0", "146", "—", "Không xét"],
    ["2", XI_MANG, "98", "20", "21", "0,3", "0,3", "139", "Cờ thi đua của UBND tỉnh", "Đề nghị"],
    [
      "2",
      DIEN_LUC,
      "95",
      "19",
      "25",
      "0",
      "0",
      "139",
      "Bằng khen của Chủ tịch UBND tỉnh",
      "Đề nghị",
    ],
    ["4", THUOC_LA, "79", "17", "13,5", "0", "0", "109,5", "—", "Không đề nghị"],
    ["5", XAY_DUNG, "68", "12", "4", "0", "0", "84", "—", "Chưa xem xét"],
  ]);
  // The header row repeats on each page.
  expect(doc.xml).toMatch(/<w:trPr><w:cantSplit\/><w:tblHeader\/><\/w:trPr>/);
  expect(doc.paragraphs).toContain("I: Kết quả thực hiện nhiệm vụ chính trị");
  expect(doc.paragraphs).toContain("III: Thực hiện các nhiệm vụ công tác thi đua, khen thưởng");
}

// ─── The tests ─────────────────────────────────────────────────────────────────────────────────

describe("the award proposal (tờ trình)", () => {
  it("carries the heading, the ranking, the awards and the signature as Decree 30 lays them out", async () => {
    const doc = await openDocx(await proposalDocument(PROPOSAL));
    const { paragraphs } = doc;
    expectDecreeLayout(doc, "Số: 05/TTr-KTĐ", "Lạng Sơn, ngày 20 tháng 01 năm 2027");
    expect(paragraphs).toContain("TỜ TRÌNH");
    expect(paragraphs).toContain("Về việc đề nghị khen thưởng thành tích thi đua năm 2026");
    expect(paragraphs).toContain("Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn.");
    expect(paragraphs).toContain(
      "Căn cứ tiêu chí chấm điểm thi đua năm 2026, Khối thi đua các doanh nghiệp đã tổ chức chấm " +
        "điểm, bình xét thi đua năm 2026 đối với 5 đơn vị thành viên. Trên cơ sở kết quả bình xét, " +
        "Khối thi đua các doanh nghiệp đề nghị khen thưởng như sau:",
    );
    expectSummaryTable(doc);
    expect(paragraphs).toContain(`- Cờ thi đua của UBND tỉnh: ${XI_MANG}.`);
    expect(paragraphs).toContain(`- Bằng khen của Chủ tịch UBND tỉnh: ${DIEN_LUC}.`);
    // Who is not proposed, with the status and the last line of the reasons.
    expect(paragraphs).toContain(
      `- ${CAP_NUOC} (Không xét): Không xét khen thưởng: không đăng ký thi đua. Đơn vị giữ thứ hạng, suất khen thưởng chuyển cho đơn vị kế tiếp.`,
    );
    expect(paragraphs).toContain(
      `- ${THUOC_LA} (Không đề nghị): Không nằm trong số suất khen thưởng của Cụm.`,
    );
    expect(paragraphs.filter((p) => p.startsWith(`- ${XAY_DUNG} (Chưa xem xét): `))).toHaveLength(
      1,
    );
    expect(paragraphs.some((p) => p.startsWith(`- ${DIEN_LUC} (`))).toBe(false);
    expect(paragraphs).toContain(PROPOSAL.note);
    expect(paragraphs).toContain(
      "Kính đề nghị Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn xem xét, quyết định./.",
    );
    expectSignature(paragraphs);
  });

  it("writes numbers with a decimal comma, dots between thousands and no trailing zeros", async () => {
    const summary: SummaryTable = {
      sections: [{ id: "I", title: "Phát triển kinh tế" }],
      units: [
        unit("P", "UBND phường Phúc Đồng", 1, { I: 1057.25 }, ["proposed", "Đề nghị"], null, [], {
          bonus: 0.1 + 0.7,
          deductions: 2.5,
          total: 1055.55,
        }),
        unit("Q", "UBND phường Bồ Đề", 2, { I: 1000 }, ["none", "Không đề nghị"], null, [], {
          total: 999.999,
        }),
      ],
    };
    const doc = await openDocx(await proposalDocument({ ...PROPOSAL, summary, note: null }));
    const rows = doc.rows.filter((row) => row[0] === "1" || row[0] === "2");
    expect(rows).toEqual([
      ["1", "UBND phường Phúc Đồng", "1.057,25", "0,8", "2,5", "1.055,55", "—", "Đề nghị"],
      ["2", "UBND phường Bồ Đề", "1.000", "0", "0", "1.000", "—", "Không đề nghị"],
    ]);
    // No note, no award: the sentences say so.
    expect(doc.paragraphs).toContain("Không có đơn vị nào được đề nghị khen thưởng.");
    expect(doc.paragraphs).toContain("- UBND phường Bồ Đề (Không đề nghị).");
  });
});

describe("the signer and the issuer", () => {
  it("leaves a dotted line for a signer whose name is not known, never an invented one", async () => {
    const unsigned = heading("Số: 05/TTr-KTĐ");
    unsigned.signer = { ...unsigned.signer, name: "" };
    const { paragraphs } = await openDocx(
      await proposalDocument({ ...PROPOSAL, heading: unsigned }),
    );
    const at = paragraphs.indexOf("TM. KHỐI THI ĐUA");
    expect(paragraphs.slice(at, at + 2)).toEqual(["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"]);
    expect(paragraphs.at(-1)).toBe(BLANK_NAME);
  });

  it("names the chair as the minutes do, and signs with the chair's name", async () => {
    const meeting: MinutesInput["meeting"] = {
      ...MINUTES.meeting,
      chair: "Nguyễn Văn Hùng, Giám đốc Công ty Điện lực Lạng Sơn (Khối trưởng)",
      chairName: "Nguyễn Văn Hùng",
      secretary: "",
    };
    const doc = await openDocx(await minutesDocument({ ...MINUTES, meeting }));
    expect(doc.paragraphs).toContain(
      "Chủ trì: Nguyễn Văn Hùng, Giám đốc Công ty Điện lực Lạng Sơn (Khối trưởng).",
    );
    expect(doc.rows.at(-1)).toEqual([`THƯ KÝ${BLANK_NAME}`, "CHỦ TRÌNguyễn Văn Hùng"]);
  });

  it("breaks the bodies' names into lines between words that do not belong together", async () => {
    const layout = headingLayout({
      parentBody: "UBND tỉnh Lạng Sơn",
      issuer: "Khối thi đua các doanh nghiệp",
    });
    expect(layout.parentBody).toEqual(["UBND TỈNH LẠNG SƠN"]);
    expect(layout.issuer).toEqual(["KHỐI THI ĐUA", "CÁC DOANH NGHIỆP"]);
    // in the file: one paragraph a name, a line break between its lines (after a space, so
    // that the name reads whole when copied)
    const { xml } = await openDocx(await proposalDocument(PROPOSAL));
    expect(xml).toMatch(
      /<w:t xml:space="preserve">KHỐI THI ĐUA <\/w:t><\/w:r><w:r><w:rPr>[\s\S]*?<\/w:rPr><w:br\/><w:t xml:space="preserve">CÁC DOANH NGHIỆP<\/w:t>/,
    );
  });
});

describe("the minutes of a meeting (biên bản)", () => {
  it("records time, attendance, quorum, decisions and ballots, signed by the secretary and the chair", async () => {
    const doc = await openDocx(await minutesDocument(MINUTES));
    const { paragraphs } = doc;
    expectDecreeLayout(doc, "Số: 02/BB-KTĐ", "Lạng Sơn, ngày 20 tháng 01 năm 2027");
    expect(paragraphs).toContain("BIÊN BẢN");
    expect(paragraphs).toContain("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026");
    // 01:30 UTC is 08:30 in Vietnam, whatever the machine's time zone.
    expect(paragraphs).toContain("Thời gian: 08 giờ 30, ngày 20/01/2027.");
    expect(paragraphs).toContain("Địa điểm: Hội trường Công ty Điện lực Lạng Sơn.");
    expect(paragraphs).toContain("Chủ trì: Nguyễn Văn Hùng.");
    expect(paragraphs).toContain("Thư ký: Hoàng Thị Lan.");
    expect(paragraphs).toContain("Đại biểu mời:");
    expect(paragraphs).toContain(
      "- Ông Lương Văn Minh, Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh;",
    );
    expect(paragraphs).toContain(
      "- Bà Vi Thị Hạnh, Phó Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ.",
    );
    const header = doc.rows.findIndex((row) => row[0] === "STT");
    expect(doc.rows.slice(header, header + 6)).toEqual([
      ["STT", "Đơn vị", "Đại biểu dự họp", "Có mặt"],
      ["1", DIEN_LUC, "Nguyễn Văn Hùng", "Có mặt"],
      ["2", XI_MANG, "Trần Đức Thắng", "Có mặt"],
      ["3", THUOC_LA, "Lê Thị Thu", "Có mặt"],
      ["4", CAP_NUOC, "—", "Vắng"],
      ["5", XAY_DUNG, "—", "Chưa điểm danh"],
    ]);
    expect(paragraphs).toContain(
      "Có mặt 4/5 đơn vị thành viên; số cần có để cuộc họp hợp lệ (hai phần ba): 4. Cuộc họp đủ điều kiện tiến hành.",
    );
    expect(paragraphs).toContain("Báo cáo kết quả thực hiện phong trào thi đua năm 2026.");
    expect(paragraphs).toContain(
      "1. Thông qua kết quả chấm điểm, xếp hạng năm 2026 — tán thành 4, không tán thành 0: Thông qua.",
    );
    expect(paragraphs).toContain(
      "2. Đề nghị chấm lại mục III của Công ty Cổ phần Xây dựng Giao thông — tán thành 1, không tán thành 3: Không thông qua (báo cáo Hội đồng Thi đua - Khen thưởng).",
    );
    expect(paragraphs).toContain("1. Bỏ phiếu suy tôn Cờ thi đua của UBND tỉnh:");
    expect(paragraphs).toContain(`- ${DIEN_LUC}: 1 phiếu;`);
    expect(paragraphs).toContain(`- ${XI_MANG}: 3 phiếu.`);
    expect(paragraphs).toContain(MINUTES.meeting.ballots[0]?.outcome);
    // A ballot still open names its candidates without votes.
    expect(paragraphs).toContain(`- ${THUOC_LA}.`);
    expect(paragraphs).toContain("Các đơn vị thảo luận, thống nhất.");
    expect(paragraphs).toContain(
      "Cuộc họp kết thúc vào lúc … giờ … phút, biên bản đã được thông qua trước các đại biểu dự họp.",
    );
    // Two signers side by side, no recipients.
    expect(doc.rows.at(-1)).toEqual(["THƯ KÝHoàng Thị Lan", "CHỦ TRÌNguyễn Văn Hùng"]);
    expect(paragraphs).not.toContain("Nơi nhận:");
  });

  it("writes the time in Vietnam's time zone across midnight UTC, and an unmet quorum", async () => {
    const meeting: MinutesInput["meeting"] = {
      ...MINUTES.meeting,
      scheduledAt: "2027-01-19T18:45:00Z",
      attendance: { ...MINUTES.meeting.attendance, present: 3, hasQuorum: false },
      invited: [],
      decisions: [],
      ballots: [],
    };
    const { paragraphs } = await openDocx(await minutesDocument({ ...MINUTES, meeting }));
    expect(paragraphs).toContain("Thời gian: 01 giờ 45, ngày 20/01/2027.");
    expect(paragraphs).toContain("Đại biểu mời: không có.");
    expect(paragraphs).toContain(
      "Có mặt 3/5 đơn vị thành viên; số cần có để cuộc họp hợp lệ (hai phần ba): 4. Cuộc họp không đủ điều kiện tiến hành.",
    );
    expect(paragraphs.some((p) => p.includes("tán thành"))).toBe(false);
  });
});

describe("the cluster's reports (báo cáo)", () => {
  it("reports the first six months: organisation, meetings and milestones, no ranking", async () => {
    const doc = await openDocx(await reportDocument(SIX_MONTH));
    const { paragraphs } = doc;
    // A month from March on is written without a leading zero (Decree 30).
    expectDecreeLayout(doc, "Số: 12/BC-KTĐ", "Lạng Sơn, ngày 05 tháng 7 năm 2026");
    expect(paragraphs).toContain("BÁO CÁO");
    expect(paragraphs).toContain(
      "Kết quả thực hiện phong trào thi đua 6 tháng đầu năm 2026 của Khối thi đua các doanh nghiệp",
    );
    expect(paragraphs).toContain("I. TÌNH HÌNH TỔ CHỨC, HOẠT ĐỘNG CỦA CỤM");
    expect(paragraphs).toContain(
      "Khối thi đua các doanh nghiệp có 5 đơn vị thành viên; 4/5 đơn vị đã đăng ký thi đua, 4/5 đơn vị đã ký giao ước thi đua năm 2026. Tiến độ của từng đơn vị như sau:",
    );
    const progress = doc.rows.findIndex((row) => row[0] === "STT");
    expect(doc.rows.slice(progress, progress + 6)).toEqual([
      ["STT", "Đơn vị", "Vai trò", "Đăng ký", "Giao ước", "Biểu chấm điểm", "Tự chấm", "Kết quả"],
      ["1", DIEN_LUC, "Khối trưởng", "Đã", "Đã", "Đã thẩm định", "140", "139"],
      ["2", XI_MANG, "Khối phó", "Đã", "Đã", "Đã thẩm định", "139", "139"],
      ["3", THUOC_LA, "Thành viên", "Đã", "Đã", "Đã chấm chéo", "110,25", "109,5"],
      ["4", CAP_NUOC, "Thành viên", "Chưa", "Đã", "Đang tự chấm", "—", "—"],
      ["5", XAY_DUNG, "Thành viên", "Đã", "Chưa", "Chưa chấm", "—", "—"],
    ]);
    expect(paragraphs).toContain("II. CÁC CUỘC HỌP");
    const meetings = doc.rows.findIndex((row) => row[0] === "Ngày");
    expect(doc.rows.slice(meetings, meetings + 3)).toEqual([
      ["Ngày", "Cuộc họp", "Loại", "Tình trạng"],
      ["10/02/2026", SIX_MONTH.meetings[0]?.title, "Triển khai", "Đã họp"],
      ["15/07/2026", "Hội nghị sơ kết 6 tháng đầu năm 2026", "Sơ kết", "Chưa họp"],
    ]);
    expect(paragraphs).toContain("III. TIẾN ĐỘ THEO CÁC MỐC");
    expect(paragraphs).toContain(`- Đăng ký thi đua — hạn 30/01/2026; chậm: ${CAP_NUOC}.`);
    expect(paragraphs).toContain("- Ký giao ước thi đua — hạn 28/02/2026.");
    expect(paragraphs.some((p) => p.startsWith("IV."))).toBe(false);
    expect(doc.rows.some((row) => row[0] === "Xếp hạng")).toBe(false);
    expectSignature(paragraphs);
  });

  it("calls a Khối a Khối", async () => {
    const { paragraphs } = await openDocx(
      await reportDocument({ ...SIX_MONTH, clusterKind: "block", meetings: [] }),
    );
    expect(paragraphs).toContain("I. TÌNH HÌNH TỔ CHỨC, HOẠT ĐỘNG CỦA KHỐI");
    expect(paragraphs).toContain("Trong kỳ, Khối chưa có cuộc họp nào.");
  });

  it("lists the members' reports to the leader: the day each came (Vietnam's), on time, late or not sent", async () => {
    const doc = await openDocx(
      await reportDocument({
        ...ANNUAL,
        memberReports: {
          title: "Báo cáo sơ kết 6 tháng đầu năm 2026",
          dueOn: "2026-06-30",
          units: [
            { name: DIEN_LUC, receivedAt: "2026-06-25T02:00:00.000Z", daysLate: 0 },
            // half past midnight on 1 July in Vietnam: the next day, one day late
            { name: XI_MANG, receivedAt: "2026-06-30T17:30:00.000Z", daysLate: 1 },
            { name: THUOC_LA, receivedAt: null, daysLate: 0 },
          ],
        },
      }),
    );
    const { paragraphs } = doc;
    const label = "Tình hình gửi báo cáo của các đơn vị thành viên:";
    expect(paragraphs).toContain(label);
    expect(paragraphs.indexOf(label)).toBeGreaterThan(
      paragraphs.indexOf("III. TIẾN ĐỘ THEO CÁC MỐC"),
    );
    expect(paragraphs.indexOf(label)).toBeLessThan(
      paragraphs.indexOf("IV. KẾT QUẢ CHẤM ĐIỂM, BÌNH XÉT"),
    );
    expect(paragraphs).toContain(
      "Báo cáo sơ kết 6 tháng đầu năm 2026 (hạn 30/06/2026): 2/3 đơn vị đã gửi (1 đúng hạn, 1 chậm), 1 đơn vị chưa gửi.",
    );
    const at = doc.rows.findIndex((row) => row[2] === "Ngày nhận");
    expect(doc.rows.slice(at, at + 4)).toEqual([
      ["STT", "Đơn vị", "Ngày nhận", "Tình trạng"],
      ["1", DIEN_LUC, "25/06/2026", "Đúng hạn"],
      ["2", XI_MANG, "01/07/2026", "Chậm 1 ngày"],
      ["3", THUOC_LA, "—", "Chưa gửi"],
    ]);
    // without the members' reports (a file made elsewhere), no such part
    const without = await openDocx(await reportDocument(ANNUAL));
    expect(without.paragraphs).not.toContain(label);
  });

  it("reports the whole year with the ranking, and says when there was no meeting", async () => {
    const doc = await openDocx(await reportDocument({ ...ANNUAL, meetings: [] }));
    const { paragraphs } = doc;
    expectDecreeLayout(doc, "Số: 20/BC-KTĐ", "Lạng Sơn, ngày 20 tháng 12 năm 2026");
    expect(paragraphs).toContain("BÁO CÁO");
    expect(paragraphs).toContain(
      "Tổng kết phong trào thi đua năm 2026 của Khối thi đua các doanh nghiệp",
    );
    expect(paragraphs).toContain("Trong kỳ, Cụm chưa có cuộc họp nào.");
    expect(paragraphs).toContain("IV. KẾT QUẢ CHẤM ĐIỂM, BÌNH XÉT");
    expect(paragraphs.indexOf("IV. KẾT QUẢ CHẤM ĐIỂM, BÌNH XÉT")).toBeGreaterThan(
      paragraphs.indexOf("III. TIẾN ĐỘ THEO CÁC MỐC"),
    );
    expectSummaryTable(doc);
    expectSignature(paragraphs);
  });
});

/** The PDF's text with every run of white space made one space, for tables and wrapped lines. */
const flat = (text: string): string => text.normalize("NFC").replace(/\s+/g, " ");

/**
 * The lines of the heading's left column as a PDF printed by LibreOffice shows them
 * (`pdftotext -layout`): on the lines above the number, the text left of the national title.
 */
function printedIssuerLines(page: string): string[] {
  const lines = page.split("\n");
  const first = lines.findIndex((l) => l.includes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  const number = lines.findIndex((l) => l.includes("Số:"));
  const cut = (lines[first] as string).indexOf("CỘNG HÒA");
  return lines
    .slice(first, number)
    .map((l) => l.slice(0, cut).trim())
    .filter((l) => l !== "");
}

describe.skipIf(!hasOffice)("the Word documents in a real office suite", () => {
  it("prints each body's name on the lines it was given, no name broken, whatever its length", async () => {
    const names: [string, string][] = [
      ["UBND tỉnh Lạng Sơn", "Khối thi đua các doanh nghiệp"],
      ["UBND thành phố Hà Nội", "Khối thi đua số 12 các cơ quan Đảng, Mặt trận, đoàn thể"],
      [
        "UBND tỉnh Hà Sơn",
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Hà Sơn",
      ],
    ];
    for (const [parentBody, issuer] of names) {
      const layout = headingLayout({ parentBody, issuer });
      const text = await pdfText(
        await proposalDocument({
          ...PROPOSAL,
          heading: { ...heading("Số:   /TTr-KTĐ"), parentBody, issuer },
        }),
        "docx",
      );
      const printed = printedIssuerLines(text.normalize("NFC"));
      // the office suite wraps no line again: what is printed is what was given
      expect(printed).toEqual([...layout.parentBody, ...layout.issuer]);
      const joined = printed.join("\n");
      for (const name of ["LẠNG SƠN", "HÀ NỘI", "HÀ SƠN", "DOANH NGHIỆP", "THI ĐUA", "MẶT TRẬN"]) {
        if (`${parentBody} ${issuer}`.toLocaleUpperCase("vi-VN").includes(name)) {
          expect(joined).toContain(name);
        }
      }
    }
  }, 120_000);

  it("prints the proposal with its Vietnamese text, units and totals", async () => {
    const text = await pdfText(await proposalDocument(PROPOSAL), "docx");
    const page = flat(text);
    expect(page).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(page).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(page).toContain("Lạng Sơn, ngày 20 tháng 01 năm 2027");
    expect(page).toContain("TỜ TRÌNH");
    expect(page).toContain("Về việc đề nghị khen thưởng thành tích thi đua năm 2026");
    for (const name of [DIEN_LUC, XI_MANG, THUOC_LA, CAP_NUOC, XAY_DUNG]) {
      expect(page).toContain(name);
    }
    expect(page).toContain(`Bằng khen của Chủ tịch UBND tỉnh: ${DIEN_LUC}.`);
    expect(page).toContain(`Cờ thi đua của UBND tỉnh: ${XI_MANG}.`);
    // The summary table's rows: the columns may be spread by spaces, and names may wrap.
    expect(page).toMatch(/\b4 .*?\b79 17 13,5 0 0 109,5 — /);
    expect(page).toMatch(/\b2 .*?\b98 20 21 0,3 0,3 139 /);
    expect(page).toContain("xem xét, quyết định./.");
    expect(page).toContain("TM. KHỐI THI ĐUA");
    expect(page).toContain("Nguyễn Văn Hùng");
  }, 120_000);

  it("prints the minutes with the attendance, quorum and votes", async () => {
    const text = await pdfText(await minutesDocument(MINUTES), "docx");
    const page = flat(text);
    expect(page).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(page).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(page).toContain("BIÊN BẢN");
    expect(page).toContain("Thời gian: 08 giờ 30, ngày 20/01/2027.");
    expect(page).toMatch(/1 Công ty Điện lực Lạng Sơn Nguyễn Văn Hùng Có mặt/);
    // A long name wraps in its cell, so the next columns may come before its last word.
    expect(page).toMatch(/\b4 Công ty Cổ phần Cấp thoát nước[\p{L} ]{0,12} — Vắng\b/u);
    expect(page).toContain(
      "Có mặt 4/5 đơn vị thành viên; số cần có để cuộc họp hợp lệ (hai phần ba): 4. Cuộc họp đủ điều kiện tiến hành.",
    );
    expect(page).toContain("tán thành 4, không tán thành 0: Thông qua.");
    expect(page).toContain(`${XI_MANG}: 3 phiếu.`);
    expect(page).toMatch(/THƯ KÝ CHỦ TRÌ/);
    expect(page).toMatch(/Hoàng Thị Lan Nguyễn Văn Hùng/);
  }, 120_000);
});
