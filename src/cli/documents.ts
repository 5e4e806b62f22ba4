/**
 * `tdkt export …` and `tdkt import-sheet …`: the official files of a cluster-year file — the
 * summary, a unit's scoring sheet, the whole cluster in one workbook (Excel), the award proposal
 * (Word) — and a filled scoring sheet read back into the file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { EngineError } from "../core/errors.ts";
import { evaluateScenario } from "../core/scenario.ts";
import { loadFirstSheet } from "../documents/excel-cells.ts";
import { finalValues, readScoringSheet, sheetWorkbook } from "../documents/excel-sheet.ts";
import { clusterWorkbook, summaryWorkbook } from "../documents/excel-summary.ts";
import { scenarioDocuments } from "../documents/inputs.ts";
import { ImportError } from "../documents/problems.ts";
import { proposalDocument } from "../documents/word.ts";
import { UsageError } from "./usage.ts";

/** `--name value` options and the positional arguments. */
function options(args: string[]): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("--")) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new UsageError(`Thiếu giá trị sau ${a}.`);
      named.set(a.slice(2), value);
      i++;
    } else {
      positional.push(a);
    }
  }
  return { positional, named };
}

const need = (named: Map<string, string>, name: string): string => {
  const v = named.get(name);
  if (!v) throw new UsageError(`Thiếu --${name}.`);
  return v;
};

function naming(named: Map<string, string>) {
  return {
    ...(named.has("cluster") ? { cluster: named.get("cluster") as string } : {}),
    ...(named.has("level") ? { level: named.get("level") as string } : {}),
    ...(named.has("place") ? { place: named.get("place") as string } : {}),
    ...(named.has("date") ? { date: named.get("date") as string } : {}),
  };
}

/** Run an export or an import; a bad file or unit ends as the engine's errors do (exit 2). */
export async function runDocuments(
  command: "export" | "import-sheet",
  args: string[],
  readJson: (path: string | undefined) => unknown,
): Promise<number> {
  try {
    return await run(command, args, readJson);
  } catch (e) {
    if (e instanceof ImportError) throw new EngineError("INVALID_FILE", e.message);
    if (e instanceof RangeError) throw new EngineError("UNKNOWN_UNIT", e.message);
    throw e;
  }
}

async function run(
  command: "export" | "import-sheet",
  args: string[],
  readJson: (path: string | undefined) => unknown,
): Promise<number> {
  if (command === "import-sheet") {
    const { positional, named } = options(args);
    const [filePath, sheetPath] = positional;
    const file = readJson(filePath) as Record<string, unknown>;
    const unitId = need(named, "unit");
    if (!sheetPath) throw new UsageError("Thiếu tệp biểu chấm điểm (.xlsx).");
    const docs = scenarioDocuments(file, {});
    const { scheme, unit } = docs.sheet(unitId);
    let bytes: Buffer;
    try {
      bytes = readFileSync(sheetPath);
    } catch {
      throw new EngineError("INVALID_FILE", `Không đọc được tệp ${sheetPath}.`);
    }
    const ws = await loadFirstSheet(bytes, basename(sheetPath));
    const read = readScoringSheet(ws, scheme, unit, String(file.period));
    if (read.problems.length > 0) throw new ImportError(read.problems);
    const scores = {
      ...(file.scores as Record<string, unknown>),
      [unitId]: finalValues(read.sheet),
    };
    const next = { ...file, scores };
    // the whole file must still hold (one-unit-per-cluster bonuses, roles…)
    evaluateScenario(next);
    process.stdout.write(`${JSON.stringify(next, null, 2)}\n`);
    return 0;
  }
  const [what, ...rest] = args;
  const { positional, named } = options(rest);
  const docs = scenarioDocuments(readJson(positional[0]), naming(named));
  const out = need(named, "out");
  let bytes: Buffer;
  switch (what) {
    case "summary":
      bytes = await summaryWorkbook(docs.summary);
      break;
    case "sheet":
      bytes = await sheetWorkbook(docs.sheet(need(named, "unit")));
      break;
    case "workbook":
      bytes = await clusterWorkbook(docs.summary, docs.sheets());
      break;
    case "proposal":
      bytes = await proposalDocument(docs.proposal(named.get("note") ?? null));
      break;
    default:
      throw new UsageError(
        `Không có tệp "${what ?? ""}" để xuất: summary, sheet, workbook hoặc proposal.`,
      );
  }
  writeFileSync(out, bytes);
  process.stderr.write(`Đã ghi ${out}.\n`);
  return 0;
}
