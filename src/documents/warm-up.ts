/**
 * One small workbook and one small Word document written in memory: what the Excel and Word
 * libraries do on their first file (loading their parts, compiling their code paths) done once
 * in the background after the server starts, so the first file a person asks for comes as fast
 * as the next.
 */
import { Document, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";

export async function warmUp(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Khởi động");
  sheet.addRow(["Tiêu chí", "Điểm"]);
  sheet.addRow(["I.1", { formula: "1+1" }]);
  await workbook.xlsx.writeBuffer();
  await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("Khởi động")] }] }));
}
