/**
 * Calls to the server: JSON in and out, the CSRF token on every write, errors as the server's
 * Vietnamese `{ code, message }`. A 401 asks the page to sign in again without losing its state.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the session has expired: the app shows the sign-in dialog over the page. */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** What to do when an administrator has required a new password: the app opens the form. */
export function whenPasswordChangeRequired(handler: () => void): void {
  onPasswordChangeRequired = handler;
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      "OFFLINE",
      "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại; dữ liệu đang nhập vẫn được giữ.",
    );
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith("/api/auth/")) onUnauthenticated?.();
    if (res.status === 403 && data?.code === "PASSWORD_CHANGE_REQUIRED") {
      onPasswordChangeRequired?.();
    }
    throw new ApiError(
      res.status,
      data?.code ?? "ERROR",
      data?.message ?? "Có lỗi xảy ra.",
      data?.details,
    );
  }
  return data as T;
}

/** Send one file as a form would (multipart, field "file"), with the CSRF token. */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: csrfToken ? { "x-csrf-token": csrfToken } : {},
      body: form,
    });
  } catch {
    throw new ApiError(0, "OFFLINE", "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.");
  }
  const text = await res.text();
  let data: { code?: string; message?: string; details?: unknown } | null = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthenticated?.();
    throw new ApiError(
      res.status,
      data?.code ?? "ERROR",
      data?.message ?? "Có lỗi xảy ra.",
      data?.details,
    );
  }
  return data as T;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: "unit" | "standing" | "council" | "data" | "admin";
  unitId: number | null;
  levelId: number | null;
  /** An administrator requires a new password: nothing else answers until it is changed. */
  mustChangePassword: boolean;
}

/** GET /api/health: whether this server holds demonstration data. */
export interface Health {
  status: "ok";
  database: string;
  demo: boolean;
}
