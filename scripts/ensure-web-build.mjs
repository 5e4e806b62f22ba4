// Before `npm start`: build the web interface once if it has not been built (a fresh clone).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(new URL("../dist/web/index.html", import.meta.url))) {
  process.stdout.write("Đang dựng giao diện web lần đầu (vài giây)…\n");
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write("Không dựng được giao diện web; máy chủ API vẫn khởi động.\n");
  }
}
