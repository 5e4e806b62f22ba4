// Before `npm start`: build the web interface when it has not been built (a fresh clone) or
// when its sources (src/web, and src/core it runs in the browser) changed since the last build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const built = join(root, "dist/web/index.html");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale =
  !existsSync(built) ||
  Math.max(newest(join(root, "src/web")), newest(join(root, "src/core"))) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write("Đang dựng giao diện web (vài giây)…\n");
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write("Không dựng được giao diện web; máy chủ API vẫn khởi động.\n");
  }
}
