/**
 * The HTTP application: security headers, cookies, sessions and CSRF, zod validation with
 * Vietnamese messages, one error format `{ code, message }`, the OpenAPI document at /api/docs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { EngineError } from "../core/errors.ts";
import { clusterText } from "../core/labels.ts";
import { ImportError } from "../documents/problems.ts";
import { CSRF_HEADER, readSession, SESSION_COOKIE, type SessionUser } from "./auth.ts";
import type { Config } from "./config.ts";
import { DOCS_POLICY, pageWithNonce, registerContentSecurityPolicy } from "./csp.ts";
import type { Database } from "./db/client.ts";
import { HttpError } from "./errors.ts";
import { fieldPlace } from "./field-labels.ts";
import { clusterKindOfPeriod } from "./queries/periods.ts";
import { MAX_UPLOAD_BYTES } from "./request.ts";
import { registerRoutes } from "./routes/index.ts";

declare module "fastify" {
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    database: Database;
    config: Config;
  }
}

const KEYWORD_TEXT: Record<string, string> = {
  invalid_type: "sai kiểu dữ liệu hoặc thiếu",
  too_small: "quá nhỏ hoặc quá ngắn",
  too_big: "quá lớn hoặc quá dài",
  invalid_value: "giá trị không được chấp nhận",
  invalid_format: "sai định dạng",
  unrecognized_keys: "có trường không dùng đến",
  custom: "không hợp lệ",
};

/** What answers while an administrator requires a new password: the account's own routes. */
const OPEN_WHILE_PASSWORD_CHANGE = new Set([
  "/api/health",
  "/api/auth/login",
  "/api/auth/logout",
  "/api/auth/me",
  "/api/auth/password",
]);

/** Half of a surrogate pair: text a browser or a script sent broken. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A NUL character (PostgreSQL cannot store it) or a lone surrogate. */
const badText = (text: string) => text.includes("\0") || LONE_SURROGATE.test(text);

/** Deeper than any input of the API nests (an imported year: 4 levels). */
const MAX_NESTING = 32;

/**
 * Where in a request's input a text holds a NUL or a lone surrogate ("Các đơn vị, dòng 3, Tên"),
 * or where it nests deeper than MAX_NESTING; walked without recursion (arrays nested 100 000
 * deep must not overflow the stack, nor reach a route).
 */
function badInputAt(input: unknown): { at: string; nesting: boolean } | null {
  const stack: [unknown, string[]][] = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string[]];
    const at = fieldPlace(path.join("/"));
    if (typeof value === "string") {
      if (badText(value)) return { at, nesting: false };
      continue;
    }
    // a record: parsed JSON's, or the query string's, whose prototype (fast-querystring's) has
    // no prototype itself; both walked (the query string was not, before: a NUL reached SQL)
    const proto = value && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
    const record =
      proto === Object.prototype || proto === null || (proto && !Object.getPrototypeOf(proto));
    const children: [string, unknown][] | null = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : record
        ? Object.entries(value as object)
        : null;
    if (!children || children.length === 0) continue;
    if (path.length >= MAX_NESTING) return { at, nesting: true };
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i] as [string, unknown];
      stack.push([child, [...path, key]]);
    }
  }
  return null;
}

const CONTEXT_TEXT: Record<string, string> = {
  body: "Dữ liệu gửi lên",
  params: "Đường dẫn",
  querystring: "Tham số truy vấn",
  headers: "Tiêu đề yêu cầu",
};

export async function buildApp(database: Database, config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    // TRUST_PROXY: behind one reverse proxy, trust the peer (the proxy) and nobody before it:
    // request.ip is the address the proxy added last to X-Forwarded-For (what a client writes
    // in the header itself is ignored), request.protocol its X-Forwarded-Proto. Off: the socket.
    trustProxy: config.TRUST_PROXY ? (_address: string, hop: number) => hop === 0 : false,
    // an address the router cannot read (a broken %-escape, a path part over 100 characters)
    // answers in the product's format too, not Fastify's English one
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      (reply as FastifyReply).status(tooLong ? 414 : 400).send({
        code: "BAD_URL",
        message: tooLong
          ? "Đường dẫn không hợp lệ: một phần của đường dẫn dài quá 100 ký tự."
          : "Đường dẫn không hợp lệ: có ký tự mã hóa sai (dấu % không đúng cách). Hãy kiểm tra lại địa chỉ.",
      });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("database", database);
  app.decorate("config", config);
  app.decorateRequest("user", null);
  app.decorateRequest("csrfToken", null);

  // the Content-Security-Policy is the project's own (csp.ts): the web client's page needs a
  // fresh nonce in each response; helmet sets the other headers; nobody may frame a page
  await app.register(helmet, { contentSecurityPolicy: false, frameguard: { action: "deny" } });
  registerContentSecurityPolicy(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: "TĐKT Cụm API", version: "0.1.0", description: "Quản lý Cụm, Khối thi đua" },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: DOCS_POLICY });

  app.addHook("onRequest", async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await readSession(database.db, token, config.SESSION_MINUTES);
      if (session) {
        request.user = session.user;
        request.csrfToken = session.csrfToken;
      }
    }
    const write = !["GET", "HEAD", "OPTIONS"].includes(request.method);
    if (write && request.user && request.csrfToken) {
      const sent = request.headers[CSRF_HEADER];
      if (sent !== request.csrfToken) {
        throw new HttpError(
          403,
          "CSRF",
          "Yêu cầu thiếu mã chống giả mạo (CSRF). Vui lòng tải lại trang.",
        );
      }
    }
    if (request.user?.mustChangePassword) {
      const path = request.url.split("?")[0] as string;
      if (path.startsWith("/api/") && !OPEN_WHILE_PASSWORD_CHANGE.has(path)) {
        throw new HttpError(
          403,
          "PASSWORD_CHANGE_REQUIRED",
          "Quản trị hệ thống yêu cầu bạn đổi mật khẩu trước khi tiếp tục. Vui lòng đổi mật khẩu rồi thử lại.",
        );
      }
    }
  });

  // text that cannot be stored is refused before any route sees it, naming where it is
  app.addHook("preValidation", async (request) => {
    for (const [context, value] of [
      ["body", request.body],
      ["querystring", request.query],
      ["params", request.params],
    ] as const) {
      const bad = badInputAt(value);
      if (bad?.nesting) {
        throw new HttpError(
          400,
          "VALIDATION",
          `${CONTEXT_TEXT[context]} không hợp lệ — ${bad.at}: dữ liệu lồng nhau quá ${MAX_NESTING} cấp, không đúng cấu trúc của biểu mẫu.`,
        );
      }
      if (bad) {
        throw new HttpError(
          400,
          "VALIDATION",
          `${CONTEXT_TEXT[context]} không hợp lệ — ${bad.at}: có ký tự không dùng được (ký tự NUL hoặc ký tự Unicode bị cắt dở). Hãy gõ hoặc dán lại nội dung này.`,
        );
      }
    }
  });

  /** The kind of cluster of the year a request is about, if it names one. */
  const periodClusterKind = async (request: FastifyRequest) => {
    const periodId = Number((request.params as { periodId?: unknown } | undefined)?.periodId);
    if (!Number.isSafeInteger(periodId) || periodId <= 0) return "cluster" as const;
    return (await clusterKindOfPeriod(database.db, periodId).catch(() => null)) ?? "cluster";
  };
  app.setErrorHandler(async (error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = CONTEXT_TEXT[error.validationContext ?? "body"] ?? "Dữ liệu";
      const lines = error.validation.slice(0, 5).map((v) => {
        return `${fieldPlace(v.instancePath)}: ${KEYWORD_TEXT[v.keyword] ?? "không hợp lệ"}`;
      });
      return reply.status(400).send({
        code: "VALIDATION",
        message: `${where} không hợp lệ — ${lines.join("; ")}.`,
      });
    }
    if (error instanceof HttpError) {
      const wait = (error.details as { retryAfterSeconds?: unknown } | undefined)
        ?.retryAfterSeconds;
      if (error.status === 429 && typeof wait === "number")
        reply.header("retry-after", String(wait));
      return reply.status(error.status).send({
        code: error.code,
        // a Khối's year reads its refusals in its own words (Khối trưởng, Khối chấm)
        message: clusterText(error.message, await periodClusterKind(request)),
        ...(error.details ? { details: error.details } : {}),
      });
    }
    if (error instanceof EngineError) {
      return reply.status(422).send({ code: error.code, message: error.message });
    }
    if (error instanceof ImportError) {
      // an imported file with problems: each one named by sheet and cell
      return reply.status(400).send({
        code: "IMPORT_PROBLEMS",
        message: error.message,
        details: { problems: error.problems },
      });
    }
    const e = error as { statusCode?: number; code?: string };
    if (e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_FILES_LIMIT") {
      return reply.status(413).send({
        code: "FILE_TOO_LARGE",
        message: "Tệp vượt quá 10 MB, vui lòng chọn tệp nhỏ hơn.",
      });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply
        .status(e.statusCode)
        .send({ code: "BAD_REQUEST", message: "Yêu cầu không hợp lệ." });
    }
    // the log names the failure, never the SQL or its parameters
    const failure = error as Error & { cause?: { code?: string; message?: string } };
    const cause = failure.cause;
    const said =
      cause?.message ?? (failure.message?.startsWith("Failed query") ? "" : failure.message);
    console.error(
      `Lỗi hệ thống (500) ${request.method} ${request.routeOptions.url ?? request.url}: ${failure.name}${cause?.code ? ` [${cause.code}]` : ""} ${said ?? ""}`,
    );
    return reply
      .status(500)
      .send({ code: "INTERNAL", message: "Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị." });
  });

  const web = join(import.meta.dirname, "../../dist/web");
  const hasWeb = existsSync(join(web, "index.html"));
  // the page itself is never served as a file: each response carries its own CSP nonce
  const page = hasWeb ? readFileSync(join(web, "index.html"), "utf8") : "";
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: web,
      wildcard: false,
      index: false,
      globIgnore: ["index.html"],
    });
  app.setNotFoundHandler((request, reply) => {
    // the web client's own addresses all open its single page
    const read = request.method === "GET" || request.method === "HEAD";
    if (hasWeb && read && !request.url.startsWith("/api/")) {
      const { html, policy } = pageWithNonce(page);
      return reply
        .header("content-security-policy", policy)
        .header("cache-control", "no-cache")
        .type("text/html; charset=utf-8")
        .send(html);
    }
    return reply
      .status(404)
      .send({ code: "NOT_FOUND", message: `Không có đường dẫn ${request.method} ${request.url}.` });
  });

  await registerRoutes(app);
  return app;
}
