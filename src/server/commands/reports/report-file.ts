/**
 * Which files are accepted as a member's report: PDF and Word (.docx, .doc) only, checked as
 * evidence is (commands/evidence/file-type.ts: the extension and the first bytes must agree, the
 * media type served back comes from there), and a Word file must hold a Word document: a
 * spreadsheet or an archive renamed .docx, a workbook renamed .doc, is refused.
 */
import { extensionOf, REPORT_TYPES_TEXT, reportTypeRefusal } from "../../../core/report-file.ts";
import { badRequest, HttpError } from "../../errors.ts";
import { checkFileType, cleanFileName } from "../evidence/file-type.ts";

/** What a Word document holds that another file of the same container does not. */
const WORD_MARKERS: Record<string, Buffer> = {
  // a .docx is a zip whose entry names (stored as they are) include its main part
  docx: Buffer.from("word/document.xml", "latin1"),
  // a .doc is an OLE file whose directory names its main stream, in UTF-16LE
  doc: Buffer.from("WordDocument", "utf16le"),
};

const unsupported = (message: string) => new HttpError(415, "UNSUPPORTED_FILE_TYPE", message);

const wrongContent = (fileName: string, extension: string) =>
  unsupported(
    `Nội dung tệp «${fileName}» không đúng định dạng .${extension} (tệp hỏng hoặc bị đổi phần mở rộng). Báo cáo chỉ nhận: ${REPORT_TYPES_TEXT}.`,
  );

/** The name kept for the file and the media type served back; 400/415 in Vietnamese. */
export function checkReportFile(
  rawName: string,
  bytes: Uint8Array,
): { fileName: string; mediaType: string } {
  let fileName: string;
  try {
    fileName = cleanFileName(rawName);
  } catch (error) {
    if (error instanceof HttpError && error.code === "FILE_NAME") {
      throw badRequest(
        "FILE_NAME",
        // the two refusals of cleanFileName: no name, or a name too long
        error.message.includes("255")
          ? "Tên tệp báo cáo dài quá 255 ký tự, vui lòng đặt tên ngắn hơn."
          : "Tệp báo cáo phải có tên.",
      );
    }
    throw error;
  }
  const refusal = reportTypeRefusal(fileName);
  if (refusal) throw unsupported(refusal);
  const extension = extensionOf(fileName);
  let mediaType: string;
  try {
    mediaType = checkFileType(fileName, bytes);
  } catch (error) {
    if (error instanceof HttpError && error.code === "UNSUPPORTED_FILE_TYPE") {
      throw wrongContent(fileName, extension);
    }
    throw error;
  }
  const marker = WORD_MARKERS[extension];
  if (marker && !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)) {
    throw wrongContent(fileName, extension);
  }
  return { fileName, mediaType };
}
