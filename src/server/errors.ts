/** Errors a user can meet over HTTP: a status, a stable code and a Vietnamese message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new HttpError(400, code, message, details);
export const unauthorized = () =>
  new HttpError(
    401,
    "UNAUTHENTICATED",
    "Phiên làm việc đã hết hạn hoặc chưa đăng nhập. Vui lòng đăng nhập.",
  );
export const forbidden = (message: string) => new HttpError(403, "FORBIDDEN", message);
export const notFound = (what: string) =>
  new HttpError(404, "NOT_FOUND", `Không tìm thấy ${what}.`);
export const conflict = (message: string, details?: unknown) =>
  new HttpError(409, "CONFLICT", message, details);
