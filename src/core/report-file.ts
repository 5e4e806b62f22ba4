/**
 * Which files a member unit may send as its report (Vùng cao 2022 Điều 7): PDF and Word. One
 * rule, in the words of its refusal, for the server that checks the file
 * (src/server/commands/reports/report-file.ts, which also reads its first bytes) and the page
 * that says so before sending.
 */
export const REPORT_EXTENSIONS = ["pdf", "docx", "doc"];
export const REPORT_TYPES_TEXT = "PDF (.pdf), Word (.docx, .doc)";
/** What the page's file picker offers. */
export const REPORT_ACCEPT = REPORT_EXTENSIONS.map((e) => `.${e}`).join(",");

/** The file's extension, lower case; "" without one. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

/** Why a file of this name is not taken as a report, or null when its kind is one. */
export function reportTypeRefusal(fileName: string): string | null {
  return REPORT_EXTENSIONS.includes(extensionOf(fileName))
    ? null
    : `Tệp «${fileName}» không được nhận làm báo cáo. Báo cáo chỉ nhận: ${REPORT_TYPES_TEXT}; hãy lưu báo cáo ở một trong các dạng này rồi gửi lại.`;
}
