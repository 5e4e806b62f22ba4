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

describe("tdkt export and import-sheet", () => {
  const file = join(FIXTURES, "lang-son-enterprises-tie.json");
  const dir = () => mkdtempSync(join(tmpdir(), "tdkt-files-"));

  it("writes the summary, a sheet, the workbook and the proposal; the sheet comes back the same", async () => {
    const out = dir();
    for (const [what, name, extra] of [
      ["summary", "tong-hop.xlsx", []],
      ["sheet", "bieu-cham-diem.xlsx", ["--unit", "C"]],
      ["workbook", "cum.xlsx", []],
      [
        "proposal",
        "to-trinh.docx",
        [
          "--cluster",
          "Khối thi đua các doanh nghiệp",
          "--level",
          "tỉnh Lạng Sơn",
          "--place",
          "Lạng Sơn",
        ],
      ],
    ] as const) {
      const r = tdkt("export", what, file, ...extra, "--out", join(out, name));
      expect(r.code, r.stderr).toBe(0);
      // an office file is a zip: it starts with PK
      expect(readFileSync(join(out, name)).subarray(0, 2).toString()).toBe("PK");
    }
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, "cum.xlsx"));
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "Tổng hợp",
      "Cấp thoát nước Lạng Sơn",
      "Điện lực Lạng Sơn",
      "Xi măng Đồng Bành",
      "Thuốc lá Lạng Sơn",
      "Xây dựng Giao thông",
    ]);

    // the exported sheet read back gives the same file and the same results
    const back = tdkt("import-sheet", file, join(out, "bieu-cham-diem.xlsx"), "--unit", "C");
    expect(back.code, back.stderr).toBe(0);
    const original = JSON.parse(readFileSync(file, "utf8"));
    expect(JSON.parse(back.stdout).scores).toEqual(original.scores);

    // filled offline: C's revenue item changed to 12
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.readFile(join(out, "bieu-cham-diem.xlsx"));
    const ws = sheet.worksheets[0] as import("exceljs").Worksheet;
    let row = 0;
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 7).value === "I.1") row = r;
    ws.getCell(row, 6).value = 11;
    await sheet.xlsx.writeFile(join(out, "da-dien.xlsx"));
    const filled = tdkt("import-sheet", file, join(out, "da-dien.xlsx"), "--unit", "C");
    expect(filled.code, filled.stderr).toBe(0);
    expect(JSON.parse(filled.stdout).scores.C["I.1"]).toBe(11);

    ws.getCell(row, 6).value = 16;
    await sheet.xlsx.writeFile(join(out, "sai.xlsx"));
    const wrong = tdkt("import-sheet", file, join(out, "sai.xlsx"), "--unit", "C");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      new RegExp(`Trang «Biểu chấm điểm», ô F${row} .*vượt điểm tối đa 15`),
    );
  }, 60_000);

  it("names an unknown unit and a missing option", () => {
    const unknown = tdkt("export", "sheet", file, "--unit", "Z", "--out", join(dir(), "x.xlsx"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Không có đơn vị «Z» trong tệp/);
    const noOut = tdkt("export", "summary", file);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toMatch(/Thiếu --out/);
  });
});
