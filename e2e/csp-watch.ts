/**
 * Set up in every browser test file (vitest.config.ts): no Content-Security-Policy violation on
 * any page a test opened (e2e/harness.ts watches each browser context's console), checked after
 * each test and once more after the file's browsers have closed.
 */
import { afterAll, afterEach, expect } from "vitest";
import { takeCspViolations } from "./harness.ts";

const none = () => {
  expect(takeCspViolations(), "Content-Security-Policy violations").toEqual([]);
};
afterEach(none);
afterAll(none);
