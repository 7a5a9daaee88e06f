import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { xlsxStream } from "../../app/lib/export-stream.server";

async function workbookOf(rows: string[][], sheetName = "참석자 명단"): Promise<{ bytes: Buffer; sheet: ExcelJS.Worksheet }> {
  async function* batches() {
    yield rows.slice(0, 1);
    for (let i = 1; i < rows.length; i += 700) yield rows.slice(i, i + 700);
  }
  const reader = xlsxStream(batches(), sheetName).getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const bytes = Buffer.concat(parts);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, sheet: workbook.worksheets[0]! };
}

const textOf = (sheet: ExcelJS.Worksheet, n: number, columns: number) => Array.from({ length: columns }, (_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ""));

describe("an exported .xlsx", () => {
  it("holds every row as text under a bold, frozen header, and ExcelJS reads it back cell for cell", async () => {
    const header = ["이름", "소속", "직위", "메모"];
    const rows = [header, ...Array.from({ length: 2_345 }, (_, i) => [`김민지${i}`, `파주시 교육기관 ${i % 40}`, i % 7 === 0 ? "" : "주무관", ` 앞뒤 공백 ${i} `])];
    const { sheet } = await workbookOf(rows, "참석자 명단");
    expect(sheet.name).toBe("참석자 명단");
    expect(sheet.rowCount).toBe(rows.length);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(4).width).toBe(16);
    for (const n of [1, 2, 8, 1_000, rows.length]) expect(textOf(sheet, n, header.length), `row ${n}`).toEqual(rows[n - 1]);
  });

  it("keeps markup as text, drops what XML cannot hold, and makes formulas harmless", async () => {
    const rows = [
      ["a", "b", "c", "d", "e"],
      ['<b>"Kim" & O\'Neil</b>', '=HYPERLINK("http://x")', "탭\t와\n줄바꿈", "제어\u0001문자\u001f", "이모지 😀 and a lone \uD800 surrogate"],
    ];
    const { sheet } = await workbookOf(rows);
    expect(textOf(sheet, 2, 5)).toEqual(['<b>"Kim" & O\'Neil</b>', '\'=HYPERLINK("http://x")', "탭\t와\n줄바꿈", "제어문자", "이모지 😀 and a lone  surrogate"]);
    expect(sheet.getCell("B2").formula).toBeUndefined();
  });

  it("names columns past Z as Excel does", async () => {
    const header = Array.from({ length: 60 }, (_, i) => `열${i + 1}`);
    const { sheet } = await workbookOf([header, header.map((_, i) => String(i))]);
    expect(sheet.getCell("Z2").value).toBe("25");
    expect(sheet.getCell("AA2").value).toBe("26");
    expect(sheet.getCell("BH2").value).toBe("59");
  });

  it("is a valid file with only its header when nobody matches", async () => {
    const { bytes, sheet } = await workbookOf([["이름", "소속"]]);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(sheet.rowCount).toBe(1);
    expect(textOf(sheet, 1, 2)).toEqual(["이름", "소속"]);
  });
});
