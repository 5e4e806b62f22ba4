import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { NONCE_PLACEHOLDER } from "./src/server/csp.ts";

/**
 * The web client: built into dist/web, served by the server; `npm run dev:web` proxies the API.
 * A build is always the production build, even when started under a test runner (which sets
 * NODE_ENV=test and would give React and Ant Design their test builds).
 */
export default defineConfig(({ command }) => {
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: "src/web",
    plugins: [react()],
    // every <script>, <style> and <link> of index.html, and a <meta property="csp-nonce"> the
    // client reads, carry this placeholder; the server puts a fresh nonce in its place
    // (src/server/csp.ts)
    html: { cspNonce: NONCE_PLACEHOLDER },
    build: { outDir: "../../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
    // "/api/" with its slash: "/api.ts", a module of the client, is served by Vite itself
    server: { proxy: { "/api/": "http://127.0.0.1:3000" } },
  };
});
