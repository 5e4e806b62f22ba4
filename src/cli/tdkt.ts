/**
 * The `tdkt` command: evaluate and validate cluster-year files, list the reference presets.
 * Bad input ends with exit code 2 and a Vietnamese message on standard error.
 */
import { readFileSync } from "node:fs";
import { formatPoints } from "../core/decimal.ts";
import { EngineError } from "../core/errors.ts";
import { findPreset, PRESETS } from "../core/presets/index.ts";
import { evaluateScenario } from "../core/scenario.ts";
import { type Criterion, compileScheme, type Scheme } from "../core/scheme.ts";
import { DEMO_USAGE, UsageError } from "./usage.ts";

const USAGE = `Cách dùng: tdkt <lệnh>

  evaluate TỆP.json       chấm điểm, xếp hạng, đề xuất khen thưởng cho một tệp năm thi đua của Cụm
  validate TỆP.json       kiểm tra tệp mà không chấm
  presets                 liệt kê các bộ tiêu chí mẫu
  presets show MÃ         in một bộ tiêu chí mẫu dạng cây, kèm điểm tối đa
  export summary TỆP.json --out tong-hop.xlsx                bảng tổng hợp kết quả (Excel)
  export sheet TỆP.json --unit MÃ --out bieu-cham-diem.xlsx  biểu chấm điểm của một đơn vị (Excel)
  export workbook TỆP.json --out cum.xlsx                    cả Cụm: bảng tổng hợp và biểu của từng đơn vị
  export proposal TỆP.json --out to-trinh.docx               tờ trình đề nghị khen thưởng (Word)
      tùy chọn: --cluster "Tên Cụm" --level "tỉnh Lạng Sơn" --place "Lạng Sơn" --date 2027-01-20
  import-sheet TỆP.json bieu-cham-diem.xlsx --unit MÃ
                          in tệp năm thi đua với điểm của đơn vị lấy từ biểu đã điền
  admin create --username TÊN --password MẬT_KHẨU [--name "Họ tên"]
                          tạo tài khoản quản trị trong cơ sở dữ liệu (DATABASE_URL hoặc DATA_DIR)
  backup TỆP.tar.gz       sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và tệp minh chứng) vào một tệp
  restore TỆP.tar.gz      khôi phục bản sao lưu vào hệ thống còn trống (DATABASE_URL hoặc DATA_DIR)
  audit verify            kiểm tra nhật ký thay đổi không bị sửa, xóa và mọi điểm, ghi nhận,
                          quyết định, cuộc bỏ phiếu khớp với nhật ký (DATABASE_URL hoặc DATA_DIR)
${DEMO_USAGE}`;

function readJson(path: string | undefined): unknown {
  if (!path) throw new UsageError("Thiếu đường dẫn tệp.");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new EngineError(
      "INVALID_FILE",
      `Không đọc được tệp ${path}: tệp không tồn tại hoặc không có quyền đọc.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EngineError(
      "INVALID_FILE",
      `Tệp ${path} không phải JSON hợp lệ (${(e as Error).message}).`,
    );
  }
}

function kindLabel(c: Criterion): string {
  switch (c.kind) {
    case "group":
      return c.deduction ? "nhóm điểm trừ" : c.capped ? "nhóm, giới hạn tổng" : "nhóm";
    case "manual":
      return c.roles
        ? `thưởng cho ${c.roles.join("/")}`
        : c.onePerCluster
          ? "thưởng, một đơn vị/Cụm"
          : "định tính";
    case "external":
      return "kết quả đánh giá khác";
    case "ratio":
      return c.lowerIsBetter ? "định lượng, càng thấp càng tốt" : "định lượng theo kế hoạch";
    case "level":
      return "chọn mức";
    case "lossPerItem":
      return `trừ ${formatPoints(c.perItem)}/văn bản thiếu`;
    case "deduction":
      return "điểm trừ";
  }
}

export function printTree(scheme: Scheme): string {
  const lines = [`${scheme.id} — ${scheme.title}`, `Nguồn: ${scheme.source}`, ""];
  for (const c of scheme.preOrder) {
    const depth = c.id.split(".").length - 1;
    const max = c.max === null ? "không giới hạn" : formatPoints(c.max);
    const lock = c.locked ? " [khóa]" : "";
    lines.push(
      `${"  ".repeat(depth)}${c.id}  ${c.title}  (${c.deduction ? "trừ tối đa" : "tối đa"} ${max}; ${kindLabel(c)})${lock}`,
    );
  }
  lines.push("", `Tổng điểm tối đa: ${formatPoints(scheme.totalMax)}`);
  const awards = scheme.awards.ladder.map(
    (a) =>
      `${a.id} (${a.label}${a.minTotal === null ? "" : `, từ ${formatPoints(a.minTotal)} điểm`})`,
  );
  lines.push(`Khen thưởng: ${awards.length > 0 ? awards.join("; ") : "không quy định"}`);
  return lines.join("\n");
}

function run(args: string[]): number {
  const [command, ...rest] = args;
  switch (command) {
    case "evaluate": {
      const result = evaluateScenario(readJson(rest[0]));
      process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
      return 0;
    }
    case "validate": {
      const result = evaluateScenario(readJson(rest[0]));
      const n = result.units.length;
      process.stdout.write(`Tệp hợp lệ: bộ tiêu chí ${result.scheme.id}, ${n} đơn vị.\n`);
      for (const w of result.output.warnings) process.stdout.write(`Lưu ý: ${w}\n`);
      return 0;
    }
    case "presets": {
      if (rest[0] === "show") {
        process.stdout.write(`${printTree(compileScheme(findPreset(rest[1] ?? "")))}\n`);
        return 0;
      }
      if (rest.length > 0) throw new UsageError(`Lệnh "presets ${rest.join(" ")}" không hợp lệ.`);
      for (const p of PRESETS) {
        const s = compileScheme(p);
        process.stdout.write(
          `${p.id.padEnd(18)} ${formatPoints(s.totalMax).padStart(6)} điểm  ${p.title}\n`,
        );
      }
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(`Lệnh "${command}" không có.`);
  }
}

const argv = process.argv.slice(2);
try {
  if (argv[0] === "export" || argv[0] === "import-sheet") {
    // the Excel and Word libraries are loaded only for these commands
    const { runDocuments } = await import("./documents.ts");
    process.exitCode = await runDocuments(argv[0], argv.slice(1), readJson);
  } else if (argv[0] === "admin") {
    // the database is loaded only for this command
    const { runAdmin } = await import("./admin.ts");
    process.exitCode = await runAdmin(argv.slice(1));
  } else if (argv[0] === "audit") {
    // the database is loaded only for this command
    const { runAudit } = await import("./audit.ts");
    process.exitCode = await runAudit(argv.slice(1));
  } else if (argv[0] === "demo") {
    // the database is loaded only for this command
    const { runDemo } = await import("./demo.ts");
    process.exitCode = await runDemo(argv.slice(1));
  } else if (argv[0] === "backup" || argv[0] === "restore") {
    // the database is loaded only for these commands
    const { runBackup } = await import("./backup.ts");
    process.exitCode = await runBackup(argv[0], argv.slice(1));
  } else {
    process.exitCode = run(argv);
  }
} catch (e) {
  if (e instanceof EngineError) {
    process.stderr.write(`Lỗi: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `Lỗi nội bộ: ${(e as Error).message}. Vui lòng báo cho quản trị hệ thống.\n`,
    );
    process.exitCode = 1;
  }
}
