/**
 * The order the test files start in: the browser files first, then the embedded project's, then
 * the PostgreSQL server's, each the longest first, so that the workers end together on short
 * files. A project's files follow each other so that a worker of the server projects (not
 * isolated: vitest.config.ts) goes on with the next file without starting again. Vitest's own
 * order, on a fresh clone (no timings kept from a run before), starts the largest files first: a
 * short file that runs long (the permission table, npm start) could start last and run alone
 * while the other workers idle. (Measured: one order for every project, longest first, ended
 * 20 s later: three browser files and the fuzz test at once.)
 *
 * The seconds are those of a whole `npm test` on the 2-core machine (other work beside it),
 * rounded; a file not listed counts as a browser file (60 s) in the e2e project, and by its size
 * elsewhere. Only the order depends on them: a wrong figure costs time, never a test.
 */
import { statSync } from "node:fs";
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SECONDS: Record<string, number> = {
  "e2e:e2e/year.test.ts": 165,
  "embedded:test/fuzz.test.ts": 145,
  "e2e:e2e/phone.test.ts": 125,
  "e2e:e2e/pages.test.ts": 115,
  "embedded:src/server/start.test.ts": 90,
  "e2e:e2e/messy-year.test.ts": 80,
  "e2e:e2e/inspection.test.ts": 70,
  "embedded:src/server/permissions.test.ts": 50,
  "e2e:e2e/home.test.ts": 43,
  "embedded:src/server/bad-input.test.ts": 40,
  "e2e:e2e/csp.test.ts": 32,
  "embedded:src/cli/tdkt.test.ts": 30,
  "postgres:src/server/consistency.test.ts": 25,
  "embedded:src/server/sign-in.test.ts": 20,
  "postgres:src/server/backup.test.ts": 20,
  "embedded:src/server/backup.test.ts": 20,
  "embedded:src/server/lock.test.ts": 19,
  "e2e:e2e/khoi-words.test.ts": 17,
  "postgres:src/server/sign-in.test.ts": 16,
  "postgres:src/server/start.test.ts": 15,
  "postgres:src/server/audit-chain.test.ts": 15,
};

const PROJECTS = ["e2e", "embedded", "postgres"];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const file = relative(root, spec.moduleId);
      const known = SECONDS[`${spec.project.name}:${file}`];
      if (known !== undefined) return known;
      if (spec.project.name === "e2e") return 60;
      // a server test of about 10 KB takes 5-15 s
      return statSync(spec.moduleId).size / 1_500;
    };
    const project = (spec: TestSpecification) => {
      const at = PROJECTS.indexOf(spec.project.name);
      return at === -1 ? PROJECTS.length : at;
    };
    return [...files]
      .map((spec) => ({ spec, p: project(spec), s: seconds(spec) }))
      .sort((a, b) => a.p - b.p || b.s - a.s)
      .map(({ spec }) => spec);
  }
}
