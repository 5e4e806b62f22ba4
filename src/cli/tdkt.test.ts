/** The `tdkt` command as a user runs it: output, exit codes and messages. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/scenarios");

/** Run `tdkt` the way the README says, through npm, with no build step. */
function tdkt(...args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "tdkt", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "tdkt-")), name);
  writeFileSync(path, text);
  return path;
}

describe("tdkt evaluate", () => {
  it("prints the results of a cluster-year file as JSON", () => {
    const r = tdkt("evaluate", join(FIXTURES, "lang-son-enterprises-ballot-held.json"));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const expected = JSON.parse(
      readFileSync(join(FIXTURES, "lang-son-enterprises-ballot-held.expected.json"), "utf8"),
    );
    expect(out.units.map((u: { id: string; award: string | null }) => [u.id, u.award])).toEqual(
      expected.units.map((u: { id: string; award: string | null }) => [u.id, u.award]),
    );
  });

  it("ends with exit code 2 and a Vietnamese message naming the unit and criterion", () => {
    const file = JSON.parse(readFileSync(join(FIXTURES, "ba-dinh-wards.json"), "utf8"));
    file.scores.KM["I.4"] = 250;
    const r = tdkt("evaluate", tempFile("bad.json", JSON.stringify(file)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Đơn vị KM, tiêu chí I.4");
    expect(r.stderr).toContain("vượt điểm tối đa 200");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a file that is not JSON or does not exist, with exit code 2", () => {
    const notJson = tdkt("evaluate", tempFile("x.json", "{ units: "));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/không phải JSON hợp lệ/);
    const missing = tdkt("evaluate", "/nonexistent/file.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Không đọc được tệp/);
  });
});

describe("tdkt validate and presets", () => {
  it("validates a file without printing results", () => {
    const r = tdkt("validate", join(FIXTURES, "vung-cao-highland.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Tệp hợp lệ: bộ tiêu chí vung-cao-2022, 5 đơn vị/);
  });

  it("lists the presets and shows one as a tree with maxima", () => {
    const list = tdkt("presets");
    expect(list.code).toBe(0);
    for (const id of [
      "long-bien-2024",
      "ba-dinh-2022",
      "lang-son-2019/A",
      "lang-son-2019/B",
      "lang-son-2019/C",
      "lang-son-2019/D",
      "vung-cao-2022",
    ]) {
      expect(list.stdout).toContain(id);
    }
    const show = tdkt("presets", "show", "lang-son-2019/B");
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/III\.3\.2 {2}.*tối đa 3; nhóm, giới hạn tổng/);
    expect(show.stdout).toMatch(/Tổng điểm tối đa: 150/);
    const unknown = tdkt("presets", "show", "ha-noi-2099");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Không có bộ tiêu chí mẫu "ha-noi-2099"/);
  });

  it("explains its usage on an unknown command", () => {
    const r = tdkt("grade");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Lệnh "grade" không có/);
  });
});
