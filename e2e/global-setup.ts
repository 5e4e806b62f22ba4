import { spawnSync } from "node:child_process";

/** Build the web client once before the browser tests: they test what `npm start` serves. */
export default function setup(): void {
  // vitest sets NODE_ENV=test, which would build React and Ant Design in their test modes
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "error"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("vite build failed");
}
