import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/sequencer.ts";

/**
 * Every test on the embedded PostgreSQL the product runs by default (test/database-setup.ts);
 * the server's tests once more on the PostgreSQL server of TEST_DATABASE_URL when it is
 * set; the browser tests when Debian's Chromium is installed (.ci/run installs it).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // three files at a time on two cores: a server test waits on PostgreSQL, a browser test on
    // Chromium and the server, a document test on LibreOffice, each a process of its own (two
    // workers left the cores idle: 669 s for the whole run, three 582 s)
    maxWorkers: 3,
    // the longest files first (test/sequencer.ts)
    sequence: { sequencer: LongestFirst },
    // the end of each file drops the databases its helpers made (test/file-end.ts)
    setupFiles: ["test/setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "embedded",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          globalSetup: ["test/database-setup.ts"],
          // a worker runs file after file without starting again: the product's modules are
          // loaded (and warmed) once per worker, not once per file (about 3 s of CPU a file on
          // the 2-core machine). Each file still has its own databases, application and state:
          // the product keeps its caches per database handle, vitest restores mocks after each
          // file, and the harness's per-file work ends with the file (test/file-end.ts)
          isolate: false,
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["src/server/**/*.test.ts"],
                // the matrices of every route by every role, by bad input and after the lock
                // try the HTTP layer's rules, not the SQL (which every other file runs here
                // too): once, on the embedded server, is enough
                exclude: [
                  "src/server/permissions.test.ts",
                  "src/server/bad-input.test.ts",
                  "src/server/lock.test.ts",
                ],
                env: { TDKT_TEST_DB: "postgres" },
                globalSetup: ["test/database-setup.ts"],
                isolate: false,
              },
            },
          ]
        : []),
      ...(existsSync("/usr/bin/chromium")
        ? [
            {
              extends: true as const,
              test: {
                name: "e2e",
                include: ["e2e/**/*.test.ts"],
                // each browser file has its own server, database and browser: they start first
                // (test/sequencer.ts), two files at a time in all with the server's tests (a
                // project without file parallelism would run alone after everything else, leaving
                // a core idle for minutes)
                globalSetup: ["e2e/global-setup.ts", "test/database-setup.ts"],
                // after the root's setup file (arrays of a project extend the root's): no
                // Content-Security-Policy violation on any page a browser test opens
                setupFiles: ["e2e/csp-watch.ts"],
                // a step of a year in the browser (a sheet filled, a page per role) takes 10-60 s
                // on a loaded 2-core machine, twice that beside another test run; each waits for
                // what the page shows, never for a fixed time, each wait up to WAIT_MS
                // (e2e/harness.ts: 45 s), an expect.poll as long
                testTimeout: 240_000,
                hookTimeout: 180_000,
                expect: { poll: { timeout: 45_000, interval: 100 } },
              },
            },
          ]
        : []),
    ],
  },
});
