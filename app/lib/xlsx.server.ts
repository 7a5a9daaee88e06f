import ExcelJS from "exceljs";
import { escapeFormula } from "./spreadsheet.server";

/** One worksheet of text cells; anything that looks like a formula is escaped as in CSV exports. */
export async function buildXlsx(rows: string[][], sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  for (const row of rows) sheet.addRow(row.map(escapeFormula));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
