import { spawnSync } from "node:child_process";

/** Build the web client once before the browser tests: they test what `npm start` serves. */
export default function setup(): void {
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}
