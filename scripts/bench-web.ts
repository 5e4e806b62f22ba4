/**
 * Web client benchmark: the initial JavaScript (what the first page loads before anything is
 * opened, gzip) and the first page from a cold browser (a new Chromium process opens the
 * server's address until the sign-in form is visible), five times. Builds the client in
 * production mode first, as `npm start` serves it; the server runs on the embedded database
 * with the demonstration data. Exits with code 1 when a target is missed.
 * Run: `npm run bench:web` (needs Debian's Chromium at /usr/bin/chromium).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { hasChromium, launchBrowser, startServer } from "../e2e/harness.ts";

const DIST = join(import.meta.dirname, "../dist/web");
const RUNS = 5;
const TARGET_KB = 400;
const TARGET_MS = 2000;

if (!hasChromium) {
  console.error("Cần Chromium của Debian (/usr/bin/chromium): apt-get install chromium");
  process.exit(2);
}

const build = spawnSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
if (build.status !== 0) process.exit(2);

// the entry script and the chunks it preloads: what the browser fetches for the first page
const html = readFileSync(join(DIST, "index.html"), "utf8");
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? "");
const gzipBytes = scripts.reduce(
  (sum, file) => sum + gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length,
  0,
);
const kb = gzipBytes / 1000;
console.log(
  `JavaScript ban đầu: ${scripts.length} tệp, ${kb.toFixed(1)} KB gzip (mục tiêu < ${TARGET_KB} KB)`,
);

const server = await startServer();
const times: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const started = performance.now();
    await page.goto(server.url);
    await page.getByLabel("Tên đăng nhập").waitFor();
    times.push(Math.round(performance.now() - started));
    await browser.close();
  }
} finally {
  await server.close();
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] as number;
console.log(
  `Trang đầu, trình duyệt mới mở: ${times.join(", ")} ms; trung vị ${median} ms, chậm nhất ${sorted[sorted.length - 1]} ms (mục tiêu < ${TARGET_MS} ms)`,
);
const met = kb < TARGET_KB && (sorted[sorted.length - 1] as number) < TARGET_MS;
console.log(met ? "Đạt mục tiêu." : "Chưa đạt mục tiêu.");
process.exit(met ? 0 : 1);
