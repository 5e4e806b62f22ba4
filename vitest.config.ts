import { defineConfig } from "vitest/config";

/** Every test on PGlite; the server's tests once more on PostgreSQL when TEST_DATABASE_URL is set. */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "pglite", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["src/server/**/*.test.ts"],
                env: { TDKT_TEST_DB: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});
