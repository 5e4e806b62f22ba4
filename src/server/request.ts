/** What a route asks of the request: the signed-in user, or a 401; what an id is. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { SessionUser } from "./auth.ts";
import { badRequest, HttpError, unauthorized } from "./errors.ts";
import { assert, DENY } from "./policies/access.ts";

/** The signed-in user, or a 401 the interface answers by asking to sign in again. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/** The signed-in administrator, or a 401 / 403. */
export function requireAdmin(request: FastifyRequest): SessionUser {
  const user = requireUser(request);
  assert(user.role === "admin", DENY.admin);
  return user;
}

/** The largest evidence or imported file accepted. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Reading an uploaded file (`request.file()`, `part.toBuffer()`): a multipart body that cannot be
 * read (no boundary, cut short) is the sender's fault, a 400, never a 500; the limits keep their
 * own 4xx (413).
 */
async function readingUpload<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (e instanceof HttpError || (typeof status === "number" && status < 500)) throw e;
    throw badRequest(
      "BAD_UPLOAD",
      "Không đọc được tệp gửi lên: dữ liệu tải lên bị hỏng hoặc bị cắt giữa chừng. Hãy chọn lại tệp rồi tải lên lần nữa.",
    );
  }
}

/** A request that may carry a multipart upload (Fastify's, with @fastify/multipart). */
export interface UploadRequest {
  isMultipart(): boolean;
  file(): Promise<
    { filename?: string; toBuffer(): Promise<Buffer>; file: { truncated: boolean } } | undefined
  >;
}

/**
 * The one file of a multipart upload (evidence, a report, an Excel file to import), at most
 * 10 MB (413 beyond); `noFile`: the refusal, in the words of what is uploaded, when none came.
 * The file name is as sent (none: undefined; busboy takes any application/octet-stream part
 * for a file).
 */
export async function uploadedFile(
  request: UploadRequest,
  noFile: string,
): Promise<{ fileName: string | undefined; bytes: Buffer }> {
  const part = request.isMultipart() ? await readingUpload(() => request.file()) : undefined;
  if (!part) throw badRequest("NO_FILE", noFile);
  const bytes = await readingUpload(() => part.toBuffer());
  if (part.file.truncated || bytes.length > MAX_UPLOAD_BYTES) {
    throw new HttpError(413, "FILE_TOO_LARGE", "Tệp vượt quá 10 MB, vui lòng chọn tệp nhỏ hơn.");
  }
  return { fileName: part.filename, bytes };
}

/**
 * A calendar day, yyyy-mm-dd, from 1900 on: z.iso.date() lets the year 0 through, which
 * PostgreSQL refuses (a 500); no day of a cluster's work falls before 1900.
 */
export const day = z.iso
  .date()
  .refine((d) => d >= "1900-01-01", "ngày phải từ năm 1900 trở đi (dạng năm-tháng-ngày)");

/** The largest value of PostgreSQL's integer: ids and versions live in it. */
export const MAX_INTEGER = 2_147_483_647;

/**
 * An id: in a path or a query, plain decimal digits (never "0x2", "2e0", "+2" or "2 "); in a
 * body, a whole number; within PostgreSQL's integer either way.
 */
export const id = z
  .union([
    z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, "phải là số nguyên dương, chỉ gồm chữ số")
      .transform(Number),
    z.number().int().positive(),
  ])
  .pipe(z.number().max(MAX_INTEGER, "vượt quá giới hạn"));
