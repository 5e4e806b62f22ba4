/**
 * Problems found in an imported file, each named by sheet and cell, in Vietnamese. Kept apart
 * from the Excel code so the server can answer them without loading the Excel library.
 */
/** A problem of an imported file at one cell. */
export interface ImportProblem {
  sheet: string;
  /** A1-style address, e.g. "D12". */
  cell: string;
  message: string;
}

/** An imported file with problems: nothing of it is taken. */
export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(describeProblems(problems));
    this.name = "ImportError";
  }
}

export function describeProblems(problems: ImportProblem[]): string {
  const lines = problems
    .slice(0, 20)
    .map(
      (p) =>
        `Trang «${p.sheet}», ô ${p.cell} (dòng ${rowOf(p.cell)}, cột ${columnOf(p.cell)}): ${p.message}`,
    );
  if (problems.length > 20) lines.push(`… và ${problems.length - 20} lỗi khác.`);
  return `Tệp có ${problems.length} lỗi, chưa nhập gì:\n${lines.join("\n")}`;
}

const rowOf = (address: string) => address.replace(/^[A-Z]+/, "");
const columnOf = (address: string) => address.replace(/\d+$/, "");
