/**
 * The Content-Security-Policy of every response. Scripts only from the server itself, never
 * inline; the page may not be framed by anyone (`frame-ancestors 'none'`).
 *
 * Styles: Ant Design writes its styles at run time into <style> elements. The web client's
 * page carries a fresh nonce in every response (the server writes it into index.html, where
 * Vite's `html.cspNonce` left a placeholder); the client reads it from
 * `<meta property="csp-nonce">` and gives it to Ant Design (ConfigProvider `csp`) and to every
 * <style> element a script creates (src/web/main.tsx). A <style> in injected markup has no
 * nonce and is refused. Style *attributes* are allowed (`style-src-attr 'unsafe-inline'`):
 * Ant Design measures a growing text area through a hidden element whose `style` attribute it
 * sets, and ECharts writes its tooltip as markup with style attributes; neither can carry a
 * nonce, and a style attribute cannot load anything img-src does not allow nor read the page.
 *
 * Swagger UI (/api/docs) loads its scripts and styles from files of its own and has no inline
 * script: it gets the same policy, with one inline <style> allowed by its hash (the style of its
 * logo, a constant of the Swagger UI bundle) instead of a nonce it has no way to carry.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";

/** What Vite writes where the nonce goes (vite.config.ts `html.cspNonce`). */
export const NONCE_PLACEHOLDER = "__CSP_NONCE__";

/** The <style> of Swagger UI's logo (@fastify/swagger-ui 6, swagger-ui-standalone-preset.js). */
const SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * The policy for a response; `styles`: the nonce of the web client's page, or the hashes of
 * the inline styles a page is allowed.
 */
export function contentSecurityPolicy(styles: { nonce?: string; hashes?: string[] } = {}): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'"],
    ["script-src-attr", "'none'"],
    [
      "style-src",
      "'self'",
      ...(styles.nonce ? [`'nonce-${styles.nonce}'`] : []),
      ...(styles.hashes ?? []),
    ],
    ["style-src-attr", "'unsafe-inline'"],
    // evidence previews are blob: URLs (an image, a PDF in a frame); Swagger UI's stylesheet
    // draws its small images from data: URLs
    ["img-src", "'self'", "data:", "blob:"],
    ["frame-src", "'self'", "blob:"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** A nonce: 128 random bits, base64. */
function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The web client's page with a fresh nonce, and the policy that names it. */
export function pageWithNonce(html: string): { html: string; policy: string } {
  const nonce = newNonce();
  return {
    html: html.replaceAll(NONCE_PLACEHOLDER, nonce),
    policy: contentSecurityPolicy({ nonce }),
  };
}

/** The policy of Swagger UI's pages and files (@fastify/swagger-ui `staticCSP`). */
export const DOCS_POLICY = contentSecurityPolicy({ hashes: [SWAGGER_LOGO_STYLE] });

/** Every response carries the policy (without a nonce); the web client's page replaces it. */
export function registerContentSecurityPolicy(app: FastifyInstance): void {
  const policy = contentSecurityPolicy();
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("content-security-policy", policy);
  });
}
