/**
 * Which files are accepted as evidence: PDF, PNG and JPEG images, Word and Excel documents. The
 * extension and the file's first bytes must agree; the media type served back comes from here,
 * never from what the browser declared.
 */
import { badRequest, HttpError } from "../../errors.ts";

const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: .docx, .xlsx
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc, .xls

const TYPES: Record<string, { mediaType: string; magic: number[] }> = {
  pdf: { mediaType: "application/pdf", magic: PDF },
  png: { mediaType: "image/png", magic: PNG },
  jpg: { mediaType: "image/jpeg", magic: JPEG },
  jpeg: { mediaType: "image/jpeg", magic: JPEG },
  docx: {
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    magic: ZIP,
  },
  xlsx: {
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    magic: ZIP,
  },
  doc: { mediaType: "application/msword", magic: OLE },
  xls: { mediaType: "application/vnd.ms-excel", magic: OLE },
};

export const ALLOWED_TYPES_TEXT =
  "PDF (.pdf), ảnh PNG (.png), ảnh JPEG (.jpg, .jpeg), Word (.docx, .doc), Excel (.xlsx, .xls)";

const unsupported = (message: string) => new HttpError(415, "UNSUPPORTED_FILE_TYPE", message);

/** The name as the user will see it again: no folder part, no control characters, NFC. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const name = base
    .normalize("NFC")
    .replace(/\p{Cc}/gu, "")
    .trim();
  if (!name) throw badRequest("FILE_NAME", "Tệp minh chứng phải có tên.");
  if (name.length > 255) {
    throw badRequest(
      "FILE_NAME",
      "Tên tệp minh chứng dài quá 255 ký tự, vui lòng đặt tên ngắn hơn.",
    );
  }
  return name;
}

/** The media type of an accepted file; 415 for any other type, 400 for an empty file. */
export function checkFileType(fileName: string, bytes: Uint8Array): string {
  const dot = fileName.lastIndexOf(".");
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
  const type = TYPES[extension];
  if (!type) {
    throw unsupported(
      `Tệp «${fileName}» không được nhận làm minh chứng. Chỉ nhận: ${ALLOWED_TYPES_TEXT}.`,
    );
  }
  if (bytes.length === 0) throw badRequest("EMPTY_FILE", `Tệp «${fileName}» rỗng.`);
  const matches = type.magic.every((b, i) => bytes[i] === b);
  if (!matches) {
    throw unsupported(
      `Nội dung tệp «${fileName}» không đúng định dạng .${extension} (tệp hỏng hoặc bị đổi phần mở rộng). Chỉ nhận: ${ALLOWED_TYPES_TEXT}.`,
    );
  }
  return type.mediaType;
}
