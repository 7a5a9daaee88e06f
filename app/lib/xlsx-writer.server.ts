import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import type archiver from "archiver";

/*
 * One worksheet of text as an .xlsx file, written row by row into a streamed zip. Exports are
 * only ever text cells under a bold, frozen header, and ExcelJS's streaming writer built a model
 * object, a style lookup and an XML tree for every cell: 25 µs a row, most of a 10,000-row
 * export's time. This writes the same parts ExcelJS writes for such a sheet (cells of type
 * "str", inline, no shared-string table), as text; archiver zips them. ExcelJS still reads
 * workbooks (imports), and the tests read every export back with it.
 */

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const PACKAGE_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

// Style 0 plain, style 1 bold (the header).
const STYLES = `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const workbook = (sheetName: string) =>
  `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><workbookPr/><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId2"/></sheets></workbook>`;

const sheetStart = (columns: number, width: number) =>
  `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>${
    columns > 0 ? `<cols><col min="1" max="${columns}" width="${width}" customWidth="1"/></cols>` : ""
  }<sheetData>`;

const SHEET_END = `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;

// XML 1.0 has no place for C0 controls other than tab and line ends (nor U+FFFE/U+FFFF, nor a
// lone surrogate): they are dropped, as ExcelJS drops them.
// eslint-disable-next-line no-control-regex -- these are the characters to drop
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPED = /[&<>"]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

// eslint-disable-next-line no-control-regex -- the characters escapeXml changes
const NEEDS_WORK = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

function escapeXml(text: string): string {
  // Most cells hold none of these: one test instead of two replacements.
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML, "").replace(ESCAPED, (char) => ESCAPES[char]!);
}

/** "A", "B", … "Z", "AA", …: a column's letters, from 0. */
function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Resolves at the first of the given events, and leaves no listener behind (a long export waits often). */
async function firstOf(...waits: Array<[NodeJS.EventEmitter, string]>): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race(waits.map(([emitter, event]) => once(emitter, event, { signal: done.signal })));
  } finally {
    done.abort();
  }
}

/** Resolves when the stream drains or closes. */
export const drainedOrClosed = (stream: PassThrough): Promise<void> => firstOf([stream, "drain"], [stream, "close"]);

const endedOrClosed = (zip: archiver.Archiver, output: PassThrough): Promise<void> => (output.destroyed ? Promise.resolve() : firstOf([zip, "end"], [output, "close"]));

export interface SheetWriter {
  /** Adds rows; the first row ever added is the header. Resolves when the zip wants more. */
  addRows(rows: string[][]): Promise<void>;
  /** Ends the sheet and the file. */
  finish(): Promise<void>;
  /** Stops: the output ends with an error. */
  abort(error: Error): void;
}

/** An .xlsx of one sheet, zipped into `output` as rows are added. */
export async function writeSheet(output: PassThrough, options: { sheetName: string; columnWidth: number }): Promise<SheetWriter> {
  // Loaded on the first export: most processes (the door's among them) never write one.
  const { default: createArchive } = await import("archiver");
  const zip = createArchive("zip", { zlib: { level: 6 } });
  zip.on("error", (error) => output.destroy(error));
  zip.pipe(output);
  zip.append(CONTENT_TYPES, { name: "[Content_Types].xml" });
  zip.append(PACKAGE_RELS, { name: "_rels/.rels" });
  zip.append(workbook(options.sheetName), { name: "xl/workbook.xml" });
  zip.append(WORKBOOK_RELS, { name: "xl/_rels/workbook.xml.rels" });
  zip.append(STYLES, { name: "xl/styles.xml" });
  const sheet = new PassThrough();
  zip.append(sheet as Readable, { name: "xl/worksheets/sheet1.xml" });
  void zip.finalize().catch(() => undefined); // errors reach the output through "error" above

  let rowNumber = 0;
  let columns: string[] = [];
  const row = (cells: string[]) => {
    rowNumber += 1;
    const style = rowNumber === 1 ? ' s="1"' : "";
    let xml = rowNumber === 1 ? `<row r="1" s="1" customFormat="1">` : `<row r="${rowNumber}">`;
    for (let i = 0; i < cells.length; i++) {
      columns[i] ??= columnName(i);
      xml += `<c r="${columns[i]}${rowNumber}"${style} t="str"><v>${escapeXml(cells[i]!)}</v></c>`;
    }
    return `${xml}</row>`;
  };

  return {
    async addRows(rows) {
      if (rows.length === 0) return;
      let xml = "";
      if (rowNumber === 0) {
        columns = rows[0]!.map((_, i) => columnName(i));
        xml = sheetStart(rows[0]!.length, options.columnWidth);
      }
      for (const cells of rows) xml += row(cells);
      // The zip reads the sheet as fast as it compresses it: wait when it is behind.
      if (!sheet.write(xml)) await drainedOrClosed(sheet);
    },
    async finish() {
      sheet.end(`${rowNumber === 0 ? sheetStart(0, options.columnWidth) : ""}${SHEET_END}`);
      await endedOrClosed(zip, output);
    },
    abort(error) {
      sheet.destroy(error);
      zip.abort();
      output.destroy(error);
    },
  };
}
