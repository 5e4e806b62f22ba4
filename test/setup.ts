/**
 * Before each test file: its end runs the helpers' work for it (test/file-end.ts). Registered
 * first, this afterAll runs after the file's own (after-hooks run in reverse order), once the
 * file has closed its applications and databases.
 */
import { afterAll } from "vitest";
import { endOfFile } from "./file-end.ts";

afterAll(endOfFile);
