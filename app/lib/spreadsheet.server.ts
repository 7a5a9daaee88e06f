import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { inflateRawSync } from "node:zlib";
import { z } from "zod";
import { withoutBidiControls } from "./forms.server";
import { isMessageKey, type MessageKey } from "../i18n/i18n";

/**
 * Reads an organizer's list (.xlsx or CSV, as Korean Excel saves them) into checked rows for a
 * preview, and writes CSV that Excel opens with Hangul intact. What a list holds (its fields,
 * the headers that name them, the rules for a row) is a `SheetSpec`; the invitee list's is here,
 * others live with their area. Pure: no database, no file system; the caller decides what to do
 * with the rows.
 */

/** Column index (0-based, in the header row) to the field it fills, or null to ignore it. */
export type ColumnMapping<F extends string> = Record<number, F | null>;

export const MAX_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;
const HEADER_SEARCH_ROWS = 10;
// A 5,000-row sheet of 20 columns is about 4 MB of XML and loads in under a second; a 5 MB .xlsx
// could inflate a hundredfold and take exceljs minutes and gigabytes.
const MAX_XLSX_XML_BYTES = 32 * 1024 * 1024;
const MAX_XLSX_BYTES = 64 * 1024 * 1024;
// csv-parse builds an error object for every record whose length differs from the first one
// (tens of microseconds each), so a 5 MB file of short lines must be cut off by count.
const MAX_CSV_RECORDS = 20_000;
// Columns beyond this are ignored, so a row of millions of commas costs nothing per row.
const MAX_COLUMNS = 256;

/**
 * ExcelJS, loaded on the first import or export that needs it: it is the largest library the
 * server has (about 0.3 s and 8 MB of heap to load), and most processes, the door's among them,
 * never read or write a workbook.
 */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}

/** Messages this module reports; their texts are in the ko/en catalogues. */
export type ImportMessageKey = Extract<MessageKey, `import.${string}`>;

/** A row schema's messages are import keys; anything else (zod's own default text) says "invalid". */
function isImportMessageKey(message: string): message is ImportMessageKey {
  return isMessageKey(message) && message.startsWith("import.");
}

export type ImportFailure = "empty" | "unsupported-format" | "xls-legacy" | "too-large" | "too-many-rows" | "no-header" | "malformed-csv";

export const importFailureMessages: Record<ImportFailure, ImportMessageKey> = {
  empty: "import.failure.empty",
  "unsupported-format": "import.failure.unsupportedFormat",
  "xls-legacy": "import.failure.xlsLegacy",
  "too-large": "import.failure.tooLarge",
  "too-many-rows": "import.failure.tooManyRows",
  "no-header": "import.failure.noHeader",
  "malformed-csv": "import.failure.malformedCsv",
};

export type RowValues<F extends string> = Record<F, string>;

export interface RowError<F extends string> {
  /** The row number Excel shows for this row. */
  line: number;
  field: F;
  reason: ImportMessageKey;
  /** What the cell held, for the preview. */
  value: string;
}

export interface DuplicateRow {
  line: number;
  duplicateOfLine: number;
}

type Failure = { ok: false; error: ImportFailure; line?: number };

export interface SpreadsheetInput<F extends string> {
  fileName: string;
  bytes: Uint8Array;
  /** The organizer's choice from the preview; columns it leaves out keep the detected field. */
  mapping?: ColumnMapping<F>;
}

/** What one kind of list holds: its fields, the headers that name them and the rules for a row. */
export interface SheetSpec<F extends string, R> {
  fields: readonly F[];
  /** Header texts per field, Korean and English; matched ignoring case, spaces and brackets. */
  aliases: Record<F, readonly string[]>;
  /** Checks one row's cells; error messages are `import.*` catalogue keys. */
  row: z.ZodType<R, RowValues<F>>;
  /** Fields whose line breaks are kept (others have runs of white space made one space). */
  multiline?: readonly F[];
  /** Rows with the same key are one entry: the later ones are reported as duplicates. */
  duplicateKey?: (row: R) => string;
}

/** A spec with its header lookup built once. */
export interface Sheet<F extends string, R> extends SheetSpec<F, R> {
  fieldByHeader: Map<string, F>;
}

/** The part of a sheet that reads headers and cells, whatever its rows become. */
type SheetHeaders<F extends string> = Pick<Sheet<F, unknown>, "fields" | "fieldByHeader" | "multiline">;

export function defineSheet<F extends string, R>(spec: SheetSpec<F, R>): Sheet<F, R> {
  return { ...spec, fieldByHeader: new Map(spec.fields.flatMap((field) => spec.aliases[field].map((alias) => [normalizeHeader(alias), field] as const))) };
}

/** A list as read: rows that passed the spec's rules, and each broken or repeated row by its line. */
export type SheetRead<F extends string, R> =
  | {
      ok: true;
      format: "csv" | "xlsx";
      encoding?: "utf-8" | "cp949" | "utf-16";
      headerLine: number;
      headers: string[];
      mapping: ColumnMapping<F>;
      unmappedColumns: number[];
      rows: Array<{ line: number; row: R }>;
      errors: Array<RowError<F>>;
      duplicates: DuplicateRow[];
    }
  | Failure;

/** Reads an uploaded list of the kind `sheet` describes. Never throws for a bad file. */
export async function readSpreadsheet<F extends string, R>(input: SpreadsheetInput<F>, sheet: Sheet<F, R>): Promise<SheetRead<F, R>> {
  const { bytes } = input;
  if (bytes.length === 0) return { ok: false, error: "empty" };
  if (bytes.length > MAX_BYTES) return { ok: false, error: "too-large" };

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const grid = await readXlsx(bytes);
    if (!Array.isArray(grid)) return grid;
    return interpretGrid(grid, sheet, { format: "xlsx" }, input.mapping);
  }
  // OLE compound file: .xls 97-2003, and also any password-protected .xlsx.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { ok: false, error: "xls-legacy" };
  if (BINARY_MAGIC.some((magic) => startsWith(bytes, magic))) return { ok: false, error: "unsupported-format" };

  const decoded = decodeText(bytes);
  if (decoded.text.trim() === "") return { ok: false, error: "empty" };
  if (!looksLikeText(decoded.text)) return { ok: false, error: "unsupported-format" };
  // Many Korean systems save an HTML table (or SpreadsheetML) under a .xls name; Excel opens it,
  // and "Save as .xlsx" is the fix, as for a real .xls.
  if (/^\s*</.test(decoded.text)) {
    return { ok: false, error: /\.xls$/i.test(input.fileName.trim()) ? "xls-legacy" : "unsupported-format" };
  }
  const grid = readCsv(decoded.text, sheet);
  if (!Array.isArray(grid)) return grid;
  return interpretGrid(grid, sheet, { format: "csv", encoding: decoded.encoding }, input.mapping);
}

// ---------------------------------------------------------------------------------------------
// Formats

const BINARY_MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x50, 0x4b, 0x05, 0x06], // empty zip
];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

type Encoding = "utf-8" | "cp949" | "utf-16";

function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  // Excel's "Unicode text" export is UTF-16 with a BOM.
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(bytes.subarray(2), "utf-16le"), encoding: "utf-16" };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(bytes.subarray(2), "utf-16be"), encoding: "utf-16" };
  try {
    // TextDecoder drops a UTF-8 BOM by default.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: Korean Excel's "CSV (쉼표로 분리)" is CP949.
    return { text: iconv.decode(bytes, "cp949"), encoding: "cp949" };
  }
}

function looksLikeText(text: string): boolean {
  if (text.includes("\u0000")) return false;
  // Control characters and undecodable bytes: a text file has next to none.
  const odd = text.match(/[\u0001-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return odd <= Math.max(1, text.length / 100);
}

const DELIMITERS = [",", ";", "\t"] as const;

function readCsv<F extends string>(text: string, sheet: SheetHeaders<F>): string[][] | Failure {
  // The header row decides the delimiter: the one under which it matches the most known headers.
  let best: { delimiter: string; score: number } = { delimiter: ",", score: -1 };
  for (const delimiter of DELIMITERS) {
    let score = 0;
    try {
      const head = csvRecords(text, delimiter, HEADER_SEARCH_ROWS);
      const headerIndex = findHeaderRow(head, sheet);
      score = headerIndex < 0 ? 0 : countKnownHeaders(head[headerIndex], sheet);
    } catch {
      score = 0;
    }
    if (score > best.score) best = { delimiter, score };
  }
  try {
    const records = csvRecords(text, best.delimiter, MAX_CSV_RECORDS + 1);
    if (records.length > MAX_CSV_RECORDS) return { ok: false, error: "too-many-rows" };
    return records;
  } catch (error) {
    // csv-parse counts the records it completed; the broken one is the next (as Excel numbers rows).
    const completed = (error as { records?: unknown }).records;
    return { ok: false, error: "malformed-csv", ...(typeof completed === "number" ? { line: completed + 1 } : {}) };
  }
}

function csvRecords(text: string, delimiter: string, to?: number): string[][] {
  const records: string[][] = parseCsv(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // Empty lines stay as (blank) records so record numbers match Excel's row numbers.
    skip_empty_lines: false,
    ...(to ? { to } : {}),
  });
  return records.map((record) => record.map(cleanCsvCell));
}

/** Undoes what spreadsheets do to keep text as text in a CSV: `="010…"` and our own `'=` prefix. */
function cleanCsvCell(cell: string): string {
  const excelText = /^\s*="(.*)"\s*$/s.exec(cell);
  if (excelText) return excelText[1].replace(/""/g, '"');
  if (/^'[=+\-@\t\r]/.test(cell)) return cell.slice(1);
  return cell;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][] | Failure> {
  const zip = inspectZip(bytes);
  if (typeof zip === "string") return { ok: false, error: zip };
  // A .docx, .hwpx or plain .zip is a zip too.
  if (!zip.names.some((name) => name.startsWith("xl/"))) return { ok: false, error: "unsupported-format" };

  const workbook = new (await loadExcelJS()).Workbook();
  try {
    // A copy as a plain ArrayBuffer: exceljs's typings reject a Node Buffer; JSZip takes either.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    return { ok: false, error: "unsupported-format" };
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((ws) => ws.state === "visible") ?? sheets[0];
  if (!sheet) return { ok: false, error: "empty" };

  const grid: string[][] = [];
  let rowsWithValues = 0;
  let tooMany = false;
  sheet.eachRow((row, rowNumber) => {
    if (tooMany) return;
    rowsWithValues += 1;
    // The header sits within the first rows, so more than this many rows is over the limit.
    if (rowsWithValues > MAX_ROWS + HEADER_SEARCH_ROWS) {
      tooMany = true;
      return;
    }
    // findCell, not getCell (which creates missing cells) or eachCell (which walks up to the
    // row's last column, however far right a stray cell sits).
    const cells: string[] = [];
    for (let column = 1; column <= Math.min(row.cellCount, MAX_COLUMNS); column++) cells.push(excelValueText(row.findCell(column)?.value));
    grid[rowNumber - 1] = cells;
  });
  if (tooMany) return { ok: false, error: "too-many-rows" };
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  if (grid.length === 0) return { ok: false, error: "empty" };
  return grid;
}

/** A cell as Excel shows its text: formula results, rich text and link text; errors as blank. */
function excelValueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return excelDateText(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) {
      return value.richText.map((run: { text?: unknown }) => (typeof run.text === "string" ? run.text : "")).join("");
    }
    if ("formula" in value || "sharedFormula" in value) return "result" in value ? excelValueText(value.result) : "";
    if ("hyperlink" in value) return "text" in value ? excelValueText(value.text) : "";
    if ("error" in value) return "";
  }
  return "";
}

// exceljs gives dates as UTC instants that carry the wall-clock time typed into the cell.
function excelDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const iso = date.toISOString();
  return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * The entry names of a zip, after inflating each entry against a budget: the sizes a zip declares
 * can lie, and JSZip (inside exceljs) would inflate whatever it is given.
 */
function inspectZip(bytes: Uint8Array): { names: string[] } | "unsupported-format" | "too-large" {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return "unsupported-format";
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names: string[] = [];
  let xmlBytes = 0;
  let totalBytes = 0;
  const utf8 = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return "unsupported-format";
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = utf8.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    names.push(name);

    if (flags & 1) return "unsupported-format"; // encrypted entry
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50) return "unsupported-format";
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > bytes.length) return "unsupported-format";
    const isXml = /\.(xml|rels)$/i.test(name);
    const budget = Math.min(MAX_XLSX_BYTES - totalBytes, isXml ? MAX_XLSX_XML_BYTES - xmlBytes : Infinity);
    let size: number;
    if (method === 0) size = compressedSize;
    else if (method === 8) {
      try {
        size = inflateRawSync(bytes.subarray(dataStart, dataStart + compressedSize), { maxOutputLength: budget + 1 }).length;
      } catch (error) {
        return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "too-large" : "unsupported-format";
      }
    } else return "unsupported-format";
    if (size > budget) return "too-large";
    totalBytes += size;
    if (isXml) xmlBytes += size;
  }
  return { names };
}

// ---------------------------------------------------------------------------------------------
// Headers

const BRACKETS = /[()[\]{}<>（）［］【】「」『』〈〉《》]/g;

function normalizeHeader(label: string): string {
  return label.normalize("NFC").toLowerCase().replace(/\s+/g, "").replace(/\*/g, "").replace(BRACKETS, "");
}

/** "연락처(휴대폰)", "[필수] 이름", "성명*" and "Name (Korean)" are all recognised. */
export function headerFieldOf<F extends string>(sheet: SheetHeaders<F>, label: string): F | null {
  const whole = sheet.fieldByHeader.get(normalizeHeader(label));
  if (whole) return whole;
  const withoutAsides = label.replace(/\([^)]*\)|\[[^\]]*\]|（[^）]*）|【[^】]*】/g, "");
  return sheet.fieldByHeader.get(normalizeHeader(withoutAsides)) ?? null;
}

function countKnownHeaders<F extends string>(row: string[], sheet: SheetHeaders<F>): number {
  return row.filter((cell) => headerFieldOf(sheet, cell) !== null).length;
}

function findHeaderRow<F extends string>(grid: string[][], sheet: SheetHeaders<F>): number {
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) if (countKnownHeaders(grid[i], sheet) >= 2) return i;
  return -1;
}

function detectMapping<F extends string>(headers: string[], sheet: SheetHeaders<F>): ColumnMapping<F> {
  const mapping: ColumnMapping<F> = {};
  const taken = new Set<F>();
  headers.forEach((label, column) => {
    const field = headerFieldOf(sheet, label);
    // A second "전화" column stays unmapped: the organizer can choose in the preview.
    mapping[column] = field && !taken.has(field) ? field : null;
    if (field) taken.add(field);
  });
  return mapping;
}

function applyOverride<F extends string>(detected: ColumnMapping<F>, override: ColumnMapping<F>, width: number, fields: readonly F[]): ColumnMapping<F> {
  const chosen = new Map<number, F | null>();
  for (const [key, field] of Object.entries(override) as Array<[string, F | null]>) {
    const column = Number(key);
    if (!Number.isInteger(column) || column < 0 || column >= width) continue;
    chosen.set(column, field !== null && fields.includes(field) ? field : null);
  }
  const reassigned = new Set([...chosen.values()].filter((field): field is F => field !== null));
  const mapping: ColumnMapping<F> = {};
  for (let column = 0; column < width; column++) {
    if (chosen.has(column)) mapping[column] = chosen.get(column) ?? null;
    else {
      const field = detected[column] ?? null;
      mapping[column] = field && reassigned.has(field) ? null : field;
    }
  }
  return mapping;
}

// ---------------------------------------------------------------------------------------------
// Rows

function cleanCell(cell: string | undefined): string {
  const text = (cell ?? "")
    .normalize("NFC")
    .replace(/[\u200B\uFEFF]/g, "")
    .trim();
  // Korean lists often write "-" for "none".
  return /^[-–—]$/.test(text) ? "" : text;
}

function interpretGrid<F extends string, R>(grid: string[][], sheet: Sheet<F, R>, meta: { format: "csv" | "xlsx"; encoding?: Encoding }, override: ColumnMapping<F> | undefined): SheetRead<F, R> {
  const rows = grid.map((row) => row.slice(0, MAX_COLUMNS).map(cleanCell));
  const headerIndex = findHeaderRow(rows, sheet);
  if (headerIndex < 0) return { ok: false, error: "no-header" };

  const dataRows = rows.slice(headerIndex + 1);
  // As wide as the last column holding anything, in the header or below it.
  let width = 0;
  for (const row of rows.slice(headerIndex)) {
    for (let column = row.length; column > width; column--) {
      if (row[column - 1] !== "") {
        width = column;
        break;
      }
    }
  }
  const headers = Array.from({ length: width }, (_, column) => rows[headerIndex][column] ?? "");

  const detected = detectMapping(headers, sheet);
  const mapping = override ? applyOverride(detected, override, width, sheet.fields) : detected;
  const unmappedColumns = [...headers.keys()].filter((column) => mapping[column] === null && (headers[column] !== "" || dataRows.some((row) => (row[column] ?? "") !== "")));
  const mappedColumns = [...headers.keys()].flatMap((column) => {
    const field = mapping[column];
    return field ? [{ column, field }] : [];
  });

  const records: Array<{ line: number; values: RowValues<F> }> = [];
  for (let i = 0; i < dataRows.length; i++) {
    const values = rowValues(dataRows[i], mappedColumns, sheet);
    // Rows with nothing in the mapped columns (blank, or a pre-numbered "연번" with no one) are not people.
    if (sheet.fields.every((field) => values[field] === "")) continue;
    records.push({ line: headerIndex + 2 + i, values });
    if (records.length > MAX_ROWS) return { ok: false, error: "too-many-rows" };
  }

  const valid: Array<{ line: number; row: R }> = [];
  const errors: Array<RowError<F>> = [];
  const duplicates: DuplicateRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, values } of records) {
    const parsed = sheet.row.safeParse(values);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as F;
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ line, field, reason: isImportMessageKey(issue.message) ? issue.message : "import.error.invalid", value: values[field] });
      }
      continue;
    }
    const key = sheet.duplicateKey?.(parsed.data);
    const earlier = key === undefined ? undefined : firstLineOf.get(key);
    if (earlier !== undefined) duplicates.push({ line, duplicateOfLine: earlier });
    else {
      if (key !== undefined) firstLineOf.set(key, line);
      valid.push({ line, row: parsed.data });
    }
  }

  return {
    ok: true,
    ...meta,
    headerLine: headerIndex + 1,
    headers,
    mapping,
    unmappedColumns,
    rows: valid,
    errors,
    duplicates,
  };
}

function rowValues<F extends string>(row: string[], mappedColumns: Array<{ column: number; field: F }>, sheet: SheetHeaders<F>): RowValues<F> {
  const values = Object.fromEntries(sheet.fields.map((field) => [field, ""])) as RowValues<F>;
  for (const { column, field } of mappedColumns) {
    // Two columns mapped to one field: the first that has a value wins.
    if (values[field] === "") values[field] = row[column] ?? "";
  }
  for (const field of sheet.fields) {
    // NUL (which PostgreSQL cannot store) and bidirectional controls (which can turn a name
    // around in an email's To) are never meant in a list: they are dropped, as typed forms drop them.
    const cell = withoutBidiControls(values[field].replaceAll("\0", ""));
    values[field] = sheet.multiline?.includes(field) ? cell.replace(/\r\n?/g, "\n") : cell.replace(/\s+/g, " ");
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Validation

export const textField = (max: number) => z.string().max(max, "import.error.tooLong");

const NO_ANSWERS = new Set(["", "n", "no", "x", "×", "아니오", "아니요", "false", "0"]);

/** Yes as Korean lists write it in a yes/no column. */
export const YES_ANSWERS: ReadonlySet<string> = new Set(["y", "yes", "o", "○", "●", "v", "✓", "✔", "예", "네", "true", "1"]);

/** A yes/no column as Korean lists write it (Y, ○, 예, 1 / 빈칸, N, ×, 아니요); anything else is `message`. */
export function yesNoCell(message: ImportMessageKey, yes: ReadonlySet<string> = YES_ANSWERS) {
  return z.string().transform((value, ctx) => {
    const answer = value.toLowerCase();
    if (yes.has(answer)) return true;
    if (NO_ANSWERS.has(answer)) return false;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

// ---------------------------------------------------------------------------------------------
// Export

/** OWASP CSV injection: a cell Excel would read as a formula is prefixed with a single quote. */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsvCell(value: string): string {
  const safe = escapeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
