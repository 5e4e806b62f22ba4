/**
 * Opening files with a real office suite, for the tests of the Word and Excel documents:
 * LibreOffice converts the file to PDF and `pdftotext` (poppler) reads the PDF back as text.
 * The tests that need them skip themselves with `describe.skipIf(!hasOffice)`.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** How long one conversion (or one reading of a PDF) may take. */
const TIMEOUT_MS = 60_000;

/** The full path of a program on PATH, or null. */
function onPath(program: string): string | null {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

const office = onPath("libreoffice") ?? onPath("soffice");
const pdftotext = onPath("pdftotext");

/** Whether LibreOffice (`libreoffice` or `soffice`) and `pdftotext` are both on PATH. */
export const hasOffice: boolean = office !== null && pdftotext !== null;

/**
 * The text of a Word or Excel file as LibreOffice prints it: the bytes are converted to PDF
 * with a LibreOffice profile of this call's own (two conversions sharing a profile make the
 * second fail silently), then read with `pdftotext -layout`. The temporary folders are removed
 * afterwards. Throws when the office suite is missing or produces no PDF.
 */
export async function pdfText(bytes: Buffer, extension: "docx" | "xlsx"): Promise<string> {
  if (office === null || pdftotext === null) {
    throw new Error("pdfText needs `libreoffice` (or `soffice`) and `pdftotext` on PATH.");
  }
  const work = await mkdtemp(join(tmpdir(), "tdkt-office-"));
  const profile = await mkdtemp(join(tmpdir(), "tdkt-office-profile-"));
  try {
    const input = join(work, `document.${extension}`);
    const pdf = join(work, "document.pdf");
    await writeFile(input, bytes);
    const conversion = await run(
      office,
      [
        "--headless",
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--convert-to",
        "pdf",
        "--outdir",
        work,
        input,
      ],
      { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
    if (!existsSync(pdf)) {
      throw new Error(
        `LibreOffice produced no PDF from the .${extension} file.\n` +
          `stdout: ${conversion.stdout.trim()}\nstderr: ${conversion.stderr.trim()}`,
      );
    }
    const { stdout } = await run(pdftotext, ["-layout", pdf, "-"], {
      timeout: TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await Promise.all([
      rm(work, { recursive: true, force: true }),
      rm(profile, { recursive: true, force: true }),
    ]);
  }
}
