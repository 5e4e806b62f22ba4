/**
 * The documents of the cluster's cross-inspection (Vùng cao 2022 Điều 7.5), in the Decree 30
 * layout of the other documents (word.ts): the notice of the plan sent to every member (thông
 * báo kế hoạch kiểm tra chéo) with the schedule as a table, and the minutes of one inspection
 * (biên bản kiểm tra chéo) with the findings, what was agreed and what was not, and both sides'
 * signatures.
 */
import { formatCalendarDate } from "../core/workflow.ts";
import {
  afterTable,
  body,
  clause,
  closingBlock,
  type DocumentHeading,
  dataTable,
  headingBlock,
  labelled,
  layoutTable,
  lines,
  pack,
  sentence,
  signerBlock,
  subheading,
  TEXT_WIDTH,
  titleBlock,
} from "./word.ts";

export interface InspectionVisitText {
  inspected: string;
  team: string;
  members: { name: string; role: string }[];
  /** yyyy-mm-dd, or null while not fixed. */
  visitOn: string | null;
  place: string;
}

export interface InspectionNoticeInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  /** How the plan was agreed, as a clause: "theo kết luận tại Hội nghị …". */
  agreed: string;
  note: string;
  content: { id: string; title: string }[];
  visits: InspectionVisitText[];
}

export interface InspectionMinutesInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  visit: InspectionVisitText;
  /** Who signs for the inspected unit, and the team's head (its first officer). */
  inspectedSigner: { title: string; name: string };
  teamSigner: { title: string; name: string };
  findings: {
    criterionId: string;
    title: string;
    /** The unit's own figure and the team's, in words (valueWords). */
    checked: string;
    proposed: string;
    remark: string;
    response: "agree" | "dispute" | null;
    reason: string | null;
  }[];
}

const dateText = (date: string | null) => (date ? formatCalendarDate(date) : "…");
const officers = (members: InspectionVisitText["members"]) =>
  members.map((m) => `${m.name}${m.role.trim() ? ` (${clause(m.role)})` : ""}`).join("; ") || "…";

/** The notice of the cross-inspection plan, to every member unit. */
export async function inspectionNoticeDocument(input: InspectionNoticeInput): Promise<Buffer> {
  const { heading, cluster, period } = input;
  const note = lines(input.note);
  return pack("Thông báo kế hoạch kiểm tra chéo", [
    headingBlock(heading),
    ...titleBlock("THÔNG BÁO", `Kế hoạch kiểm tra chéo năm ${period}`),
    body(
      `Thực hiện Quy chế hoạt động của ${cluster}, ${clause(input.agreed)}, ${cluster} thông báo kế hoạch kiểm tra chéo giữa các đơn vị thành viên năm ${period} như sau:`,
    ),
    subheading("1. Mục đích, yêu cầu"),
    ...(note.length > 0
      ? note.map((l) => body(l))
      : [
          body(
            "Đánh giá toàn diện kết quả thực hiện nhiệm vụ của từng đơn vị thành viên, làm cơ sở cho việc bình xét, suy tôn và đề nghị khen thưởng.",
          ),
        ]),
    subheading("2. Nội dung kiểm tra"),
    ...input.content.map((c, i) =>
      body(`- ${c.id}. ${clause(c.title)}${i === input.content.length - 1 ? "." : ";"}`),
    ),
    subheading("3. Thành phần đoàn, lịch kiểm tra"),
    dataTable(
      [
        { header: "STT", width: 600 },
        { header: "Đơn vị được kiểm tra", share: 25, align: "left" },
        { header: "Đoàn kiểm tra", share: 25, align: "left" },
        { header: "Thành phần đoàn", share: 30, align: "left" },
        { header: "Ngày", width: 1300 },
        { header: "Địa điểm", share: 20, align: "left" },
      ],
      input.visits.map((v, i) => [
        String(i + 1),
        v.inspected,
        v.team,
        officers(v.members),
        dateText(v.visitOn),
        v.place || "…",
      ]),
      11,
    ),
    afterTable(),
    subheading("4. Tổ chức thực hiện"),
    body(
      "Đơn vị được kiểm tra chuẩn bị báo cáo, hồ sơ, tài liệu minh chứng theo nội dung kiểm tra; bố trí lãnh đạo và công chức phụ trách làm việc với đoàn.",
    ),
    body(
      "Đoàn kiểm tra đối chiếu số liệu, thống nhất kết quả với đơn vị ngay tại buổi kiểm tra và lập biên bản; nội dung chưa thống nhất được báo cáo tại cuộc họp trù bị.",
    ),
    body(
      "Sau khi kết quả đã được đối chiếu, thống nhất, đơn vị nào tự ý điều chỉnh số liệu sẽ không được xét khen thưởng năm nay.",
    ),
    ...closingBlock(heading),
  ]);
}

const RESPONSE_WORDS = { agree: "Đồng ý", dispute: "Không đồng ý" } as const;

/** The minutes of one inspection, signed by the inspected unit and the team's head. */
export async function inspectionMinutesDocument(input: InspectionMinutesInput): Promise<Buffer> {
  const { heading, cluster, period, visit, findings } = input;
  const agreed = findings.filter((f) => f.response === "agree");
  const disputed = findings.filter((f) => f.response === "dispute");
  const half = Math.round(TEXT_WIDTH / 2);
  return pack("Biên bản kiểm tra chéo", [
    headingBlock(heading),
    ...titleBlock(
      "BIÊN BẢN",
      `Kiểm tra chéo kết quả thực hiện phong trào thi đua năm ${period} tại ${visit.inspected}`,
    ),
    body(
      `Hôm nay, ngày ${dateText(visit.visitOn)}, tại ${clause(visit.place || "…")}, đoàn kiểm tra của ${visit.team} (${cluster}) tiến hành kiểm tra chéo tại ${visit.inspected} theo kế hoạch kiểm tra chéo năm ${period} đã được thống nhất.`,
    ),
    subheading("I. THÀNH PHẦN"),
    labelled("1. Đoàn kiểm tra:", sentence(officers(visit.members))),
    labelled(
      "2. Đơn vị được kiểm tra:",
      sentence(
        `${visit.inspected}${input.inspectedSigner.name ? `, đại diện: ${input.inspectedSigner.name}${input.inspectedSigner.title ? ` (${input.inspectedSigner.title})` : ""}` : ""}`,
      ),
    ),
    subheading("II. KẾT QUẢ KIỂM TRA"),
    dataTable(
      [
        { header: "STT", width: 600 },
        { header: "Tiêu chí", share: 30, align: "left" },
        { header: "Số liệu của đơn vị", share: 18, align: "left" },
        { header: "Đoàn kiểm tra đề xuất", share: 18, align: "left" },
        { header: "Nhận xét", share: 22, align: "left" },
        { header: "Ý kiến đơn vị", share: 12 },
      ],
      findings.map((f, i) => [
        String(i + 1),
        `${f.criterionId}. ${f.title}`,
        f.checked,
        f.proposed,
        f.remark || "",
        f.response ? RESPONSE_WORDS[f.response] : "Chưa trả lời",
      ]),
      11,
    ),
    afterTable(),
    subheading("III. KẾT QUẢ ĐỐI CHIẾU, THỐNG NHẤT"),
    body(
      agreed.length === 0
        ? "Hai bên chưa thống nhất được tiêu chí nào."
        : `Hai bên thống nhất ${agreed.length} tiêu chí: ${agreed.map((f) => `${f.criterionId} (${f.proposed})`).join("; ")}. Kết quả thống nhất là điểm ${cluster} chấm của đơn vị.`,
    ),
    ...(disputed.length === 0
      ? [body("Không có nội dung chưa thống nhất.")]
      : [
          body(
            `Chưa thống nhất ${disputed.length} tiêu chí, báo cáo tại cuộc họp trù bị để xem xét:`,
          ),
          ...disputed.map((f, i) =>
            body(
              `- ${f.criterionId}: ý kiến của đơn vị: ${clause(f.reason ?? "…")}${i === disputed.length - 1 ? "." : ";"}`,
            ),
          ),
        ]),
    body(
      "Sau khi kết quả đã được đối chiếu, thống nhất, đơn vị không tự ý điều chỉnh số liệu. Biên bản được lập thành hai bản, mỗi bên giữ một bản, đã được đọc lại và hai bên cùng ký.",
    ),
    afterTable(),
    layoutTable(
      [half, TEXT_WIDTH - half],
      [
        [
          signerBlock(
            "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA",
            input.inspectedSigner.title,
            input.inspectedSigner.name,
          ),
          signerBlock("TRƯỞNG ĐOÀN KIỂM TRA", input.teamSigner.title, input.teamSigner.name),
        ],
      ],
    ),
  ]);
}
