import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The web client: built into dist/web, served by the server; `npm run dev:web` proxies the API. */
export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: { outDir: "../../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
