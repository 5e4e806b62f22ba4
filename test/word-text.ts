/**
 * The text of a Word file as the tests read it, without an office suite: each paragraph a line,
 * the cells of a table row apart by two spaces.
 */
import JSZip from "jszip";

export async function wordText(docx: Uint8Array): Promise<string> {
  const xml =
    (await (await JSZip.loadAsync(docx)).file("word/document.xml")?.async("string")) ?? "";
  return xml
    .replace(/<\/w:tc>/g, "  ")
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "");
}
