import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

/**
 * Every test on the embedded PostgreSQL the product runs by default (test/database-setup.ts);
 * the server's tests once more on the PostgreSQL server of TEST_DATABASE_URL when it is
 * set; the browser tests when Debian's Chromium is installed (.ci/run installs it).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // two files at a time: most of a server test's time is spent waiting on PostgreSQL, a
    // process of its own (one worker, the default on two cores, leaves a core idle)
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "embedded",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          globalSetup: ["test/database-setup.ts"],
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["src/server/**/*.test.ts"],
                env: { TDKT_TEST_DB: "postgres" },
                globalSetup: ["test/database-setup.ts"],
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
                // each browser file has its own server, database and browser: they run beside the
                // server's tests, two files at a time in all (a project without file parallelism
                // would run alone after everything else, leaving a core idle for minutes)
                globalSetup: ["e2e/global-setup.ts", "test/database-setup.ts"],
                // a step of a year in the browser (a sheet filled, a page per role) takes 10-30 s
                // on a loaded machine; each waits for what the page shows, never for a fixed time
                testTimeout: 90_000,
              },
            },
          ]
        : []),
    ],
  },
});
