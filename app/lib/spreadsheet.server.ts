import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { z } from "zod";

/**
 * Reads an organizer's invitee list (.xlsx or CSV, as Korean Excel saves them) into checked
 * rows for a preview, and writes CSV that Excel opens with Hangul intact. Pure: no database,
 * no file system; the caller decides what to do with the rows.
 */

export const FIELDS = ["name", "email", "phone", "organization", "position", "group", "language", "notes", "vip"] as const;
export type Field = (typeof FIELDS)[number];
/** Column index (0-based, in the header row) to the field it fills, or null to ignore it. */
export type ColumnMapping = Record<number, Field | null>;

export const MAX_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;
const HEADER_SEARCH_ROWS = 10;
// A 5 MB .xlsx can inflate a hundredfold; refuse before the zip library inflates it.
const MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024;

const importMessagesKo = {
  "import.error.nameRequired": "이름이 비어 있습니다.",
  "import.error.email": "이메일 주소 형식이 올바르지 않습니다.",
  "import.error.phone": "전화번호에는 숫자, +, -, 괄호, 점, 공백만 쓸 수 있습니다.",
  "import.error.language": "언어는 한국어(ko) 또는 영어(en)로 적어 주세요.",
  "import.error.vip": "VIP 여부는 Y 또는 N으로 적어 주세요.",
  "import.error.tooLong": "내용이 너무 깁니다.",
  "import.duplicate": "{duplicateOfLine}행과 같은 사람입니다.",
  "import.failure.empty": "빈 파일입니다.",
  "import.failure.unsupportedFormat": "엑셀(.xlsx) 또는 CSV 파일만 올릴 수 있습니다.",
  "import.failure.xlsLegacy":
    "예전 엑셀 형식(.xls)이거나 암호가 걸린 파일입니다. 엑셀에서 열어 암호를 해제하고 '다른 이름으로 저장'에서 'Excel 통합 문서(.xlsx)'로 저장한 뒤 다시 올려 주세요.",
  "import.failure.tooLarge": "파일이 너무 큽니다. 5MB 이하의 파일을 올려 주세요.",
  "import.failure.tooManyRows": "한 번에 5,000명까지 올릴 수 있습니다. 파일을 나누어 올려 주세요.",
  "import.failure.noHeader": "첫 10행에서 제목 행(예: 이름, 이메일, 연락처)을 찾지 못했습니다.",
  "import.failure.malformedCsv": "CSV 파일을 읽을 수 없습니다. {line}행 근처의 따옴표(\")를 확인해 주세요.",
  "import.field.name": "이름",
  "import.field.email": "이메일",
  "import.field.phone": "전화번호",
  "import.field.organization": "소속",
  "import.field.position": "직위",
  "import.field.group": "그룹",
  "import.field.language": "언어",
  "import.field.notes": "비고",
  "import.field.vip": "VIP",
  "import.field.ignore": "가져오지 않음",
} as const;

export type ImportMessageKey = keyof typeof importMessagesKo;

/** Texts for the message catalogues (to be moved into messages.ko.ts / messages.en.ts). */
export const importMessages: { ko: typeof importMessagesKo; en: Record<ImportMessageKey, string> } = {
  ko: importMessagesKo,
  en: {
    "import.error.nameRequired": "The name is missing.",
    "import.error.email": "This is not an email address.",
    "import.error.phone": "A phone number may hold digits, +, -, brackets, dots and spaces only.",
    "import.error.language": "Write the language as Korean (ko) or English (en).",
    "import.error.vip": "Write VIP as Y or N.",
    "import.error.tooLong": "This is too long.",
    "import.duplicate": "Same person as row {duplicateOfLine}.",
    "import.failure.empty": "The file is empty.",
    "import.failure.unsupportedFormat": "Please upload an Excel (.xlsx) or CSV file.",
    "import.failure.xlsLegacy":
      "This is an old Excel file (.xls) or a password-protected one. Open it in Excel, remove the password, choose Save As › Excel Workbook (.xlsx) and upload that.",
    "import.failure.tooLarge": "The file is too large. Please upload a file of 5 MB or less.",
    "import.failure.tooManyRows": "Up to 5,000 people can be imported at once. Please split the file.",
    "import.failure.noHeader": "No header row (e.g. Name, Email, Phone) was found in the first 10 rows.",
    "import.failure.malformedCsv": "The CSV file could not be read. Check the quotation marks (\") near row {line}.",
    "import.field.name": "Name",
    "import.field.email": "Email",
    "import.field.phone": "Phone",
    "import.field.organization": "Organization",
    "import.field.position": "Position",
    "import.field.group": "Group",
    "import.field.language": "Language",
    "import.field.notes": "Notes",
    "import.field.vip": "VIP",
    "import.field.ignore": "Do not import",
  },
};

export type ImportFailure =
  | "empty"
  | "unsupported-format"
  | "xls-legacy"
  | "too-large"
  | "too-many-rows"
  | "no-header"
  | "malformed-csv";

export const importFailureMessages: Record<ImportFailure, ImportMessageKey> = {
  empty: "import.failure.empty",
  "unsupported-format": "import.failure.unsupportedFormat",
  "xls-legacy": "import.failure.xlsLegacy",
  "too-large": "import.failure.tooLarge",
  "too-many-rows": "import.failure.tooManyRows",
  "no-header": "import.failure.noHeader",
  "malformed-csv": "import.failure.malformedCsv",
};

export type RowValues = Record<Field, string>;

export interface ImportedInvitee {
  name: string;
  /** Lower-cased; null when the row has none. */
  email: string | null;
  phone: string;
  phoneDigits: string;
  organization: string;
  position: string;
  group: string;
  language: "ko" | "en";
  notes: string;
  vip: boolean;
}

export interface RowError {
  /** The row number Excel shows for this row. */
  line: number;
  field: Field;
  reason: ImportMessageKey;
  /** What the cell held, for the preview. */
  value: string;
}

export interface DuplicateRow {
  line: number;
  duplicateOfLine: number;
}

export type SpreadsheetImport =
  | {
      ok: true;
      format: "csv" | "xlsx";
      encoding?: "utf-8" | "cp949" | "utf-16";
      /** The row number of the header row. */
      headerLine: number;
      headers: string[];
      mapping: ColumnMapping;
      unmappedColumns: number[];
      valid: Array<{ line: number; invitee: ImportedInvitee }>;
      errors: RowError[];
      duplicates: DuplicateRow[];
    }
  | { ok: false; error: ImportFailure; line?: number };

type Failure = Extract<SpreadsheetImport, { ok: false }>;

export interface SpreadsheetInput {
  fileName: string;
  bytes: Uint8Array;
  /** The organizer's choice from the preview; columns it leaves out keep the detected field. */
  mapping?: ColumnMapping;
}

/** Reads an uploaded invitee list. Never throws for a bad file: it answers `{ ok: false, error }`. */
export async function readInviteeSpreadsheet(input: SpreadsheetInput): Promise<SpreadsheetImport> {
  const { bytes } = input;
  if (bytes.length === 0) return { ok: false, error: "empty" };
  if (bytes.length > MAX_BYTES) return { ok: false, error: "too-large" };

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const sheet = await readXlsx(bytes);
    if (!Array.isArray(sheet)) return sheet;
    return interpretGrid(sheet, { format: "xlsx" }, input.mapping);
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
  const grid = readCsv(decoded.text);
  if (!Array.isArray(grid)) return grid;
  return interpretGrid(grid, { format: "csv", encoding: decoded.encoding }, input.mapping);
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
  let odd = 0;
  for (const char of text) {
    if (char === "\uFFFD" || /[\u0001-\u0008\u000E-\u001F\u007F]/.test(char)) odd += 1;
  }
  return odd <= Math.max(1, text.length / 100);
}

const DELIMITERS = [",", ";", "\t"] as const;

function readCsv(text: string): string[][] | Failure {
  // The header row decides the delimiter: the one under which it matches the most known headers.
  let best: { delimiter: string; score: number } = { delimiter: ",", score: -1 };
  for (const delimiter of DELIMITERS) {
    let score = 0;
    try {
      const head = csvRecords(text, delimiter, HEADER_SEARCH_ROWS);
      const headerIndex = findHeaderRow(head);
      score = headerIndex < 0 ? 0 : countKnownHeaders(head[headerIndex]);
    } catch {
      score = 0;
    }
    if (score > best.score) best = { delimiter, score };
  }
  try {
    return csvRecords(text, best.delimiter);
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return { ok: false, error: "malformed-csv", ...(typeof line === "number" ? { line } : {}) };
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
  const zip = zipEntries(bytes);
  if (!zip) return { ok: false, error: "unsupported-format" };
  if (zip.uncompressedBytes > MAX_XLSX_UNCOMPRESSED) return { ok: false, error: "too-large" };
  // A .docx, .hwpx or plain .zip is a zip too.
  if (!zip.names.some((name) => name.startsWith("xl/"))) return { ok: false, error: "unsupported-format" };

  const workbook = new ExcelJS.Workbook();
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
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(excelValueText(row.getCell(column).value));
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

/** Names and total inflated size from a zip's central directory, or null if it is not a readable zip. */
function zipEntries(bytes: Uint8Array): { names: string[]; uncompressedBytes: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names: string[] = [];
  let uncompressedBytes = 0;
  const utf8 = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    uncompressedBytes += view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    names.push(utf8.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { names, uncompressedBytes };
}

// ---------------------------------------------------------------------------------------------
// Headers

const HEADER_ALIASES: Record<Field, string[]> = {
  name: ["이름", "성명", "성함", "name", "full name"],
  email: ["이메일", "전자우편", "메일", "이메일 주소", "메일 주소", "email", "e-mail", "email address"],
  phone: [
    "전화",
    "전화번호",
    "연락처",
    "휴대폰",
    "핸드폰",
    "휴대전화",
    "휴대폰 번호",
    "핸드폰 번호",
    "휴대전화 번호",
    "phone",
    "mobile",
    "tel",
    "phone number",
  ],
  organization: ["소속", "기관", "소속기관", "기관명", "소속 기관명", "회사명", "organization", "organisation", "affiliation", "company"],
  position: ["직위", "직책", "직급", "직함", "position", "title"],
  group: ["그룹", "구분", "분류", "group", "category"],
  language: ["언어", "language", "lang"],
  notes: ["비고", "메모", "notes", "note", "remarks"],
  vip: ["vip", "귀빈", "내빈 여부", "귀빈 여부", "vip 여부"],
};

const BRACKETS = /[()[\]{}<>（）［］【】「」『』〈〉《》]/g;

function normalizeHeader(label: string): string {
  return label.normalize("NFC").toLowerCase().replace(/\s+/g, "").replace(/\*/g, "").replace(BRACKETS, "");
}

const FIELD_BY_HEADER = new Map<string, Field>(
  FIELDS.flatMap((field) => HEADER_ALIASES[field].map((alias) => [normalizeHeader(alias), field] as const)),
);

/** "연락처(휴대폰)", "[필수] 이름", "성명*" and "Name (Korean)" are all recognised. */
export function headerField(label: string): Field | null {
  const whole = FIELD_BY_HEADER.get(normalizeHeader(label));
  if (whole) return whole;
  const withoutAsides = label.replace(/\([^)]*\)|\[[^\]]*\]|（[^）]*）|【[^】]*】/g, "");
  return FIELD_BY_HEADER.get(normalizeHeader(withoutAsides)) ?? null;
}

function countKnownHeaders(row: string[]): number {
  return row.filter((cell) => headerField(cell) !== null).length;
}

function findHeaderRow(grid: string[][]): number {
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  if (limit > 0) return 0;
  return -1;
}

function detectMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<Field>();
  headers.forEach((label, column) => {
    const field = headerField(label);
    // A second "전화" column stays unmapped: the organizer can choose in the preview.
    mapping[column] = field && !taken.has(field) ? field : null;
    if (field) taken.add(field);
  });
  return mapping;
}

function applyOverride(detected: ColumnMapping, override: ColumnMapping, width: number): ColumnMapping {
  const chosen = new Map<number, Field | null>();
  for (const [key, field] of Object.entries(override)) {
    const column = Number(key);
    if (!Number.isInteger(column) || column < 0 || column >= width) continue;
    chosen.set(column, field !== null && (FIELDS as readonly string[]).includes(field) ? field : null);
  }
  const reassigned = new Set([...chosen.values()].filter((field): field is Field => field !== null));
  const mapping: ColumnMapping = {};
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
  const text = (cell ?? "").normalize("NFC").replace(/[\u200B\uFEFF]/g, "").trim();
  // Korean lists often write "-" for "none".
  return /^[-–—]$/.test(text) ? "" : text;
}

function interpretGrid(
  grid: string[][],
  meta: { format: "csv" | "xlsx"; encoding?: Encoding },
  override: ColumnMapping | undefined,
): SpreadsheetImport {
  const rows = grid.map((row) => row.map(cleanCell));
  const headerIndex = findHeaderRow(rows);
  if (headerIndex < 0) return { ok: false, error: "no-header" };

  const dataRows = rows.slice(headerIndex + 1);
  let width = rows[headerIndex].length;
  for (const row of dataRows) width = Math.max(width, row.length);
  while (width > 0 && rows[headerIndex][width - 1] === "" && dataRows.every((row) => (row[width - 1] ?? "") === "")) width--;
  const headers = Array.from({ length: width }, (_, column) => rows[headerIndex][column] ?? "");

  const detected = detectMapping(headers);
  const mapping = override ? applyOverride(detected, override, width) : detected;
  const unmappedColumns = [...headers.keys()].filter((column) => mapping[column] === null && (headers[column] !== "" || dataRows.some((row) => (row[column] ?? "") !== "")));

  const records: Array<{ line: number; values: RowValues }> = [];
  for (let i = 0; i < dataRows.length; i++) {
    const values = rowValues(dataRows[i], mapping, width);
    // Rows with nothing in the mapped columns (blank, or a pre-numbered "연번" with no one) are not people.
    if (FIELDS.every((field) => values[field] === "")) continue;
    records.push({ line: headerIndex + 2 + i, values });
    if (records.length > MAX_ROWS) return { ok: false, error: "too-many-rows" };
  }

  const valid: Array<{ line: number; invitee: ImportedInvitee }> = [];
  const errors: RowError[] = [];
  const duplicates: DuplicateRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, values } of records) {
    const parsed = inviteeRowSchema.safeParse(values);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ line, field, reason: issue.message as ImportMessageKey, value: values[field] });
      }
      continue;
    }
    const invitee = parsed.data;
    const key = invitee.email ? `email:${invitee.email}` : `name:${invitee.name.toLowerCase().replace(/\s+/g, "")}|${invitee.phoneDigits}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) duplicates.push({ line, duplicateOfLine: earlier });
    else {
      firstLineOf.set(key, line);
      valid.push({ line, invitee });
    }
  }

  return {
    ok: true,
    ...meta,
    headerLine: headerIndex + 1,
    headers,
    mapping,
    unmappedColumns,
    valid,
    errors,
    duplicates,
  };
}

function rowValues(row: string[], mapping: ColumnMapping, width: number): RowValues {
  const values = Object.fromEntries(FIELDS.map((field) => [field, ""])) as RowValues;
  for (let column = 0; column < width; column++) {
    const field = mapping[column];
    // Two columns mapped to one field: the first that has a value wins.
    if (field && values[field] === "") values[field] = row[column] ?? "";
  }
  for (const field of FIELDS) {
    values[field] = field === "notes" ? values[field].replace(/\r\n?/g, "\n") : values[field].replace(/\s+/g, " ");
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Validation

const textField = (max: number) => z.string().max(max, "import.error.tooLong");

const LANGUAGES: Record<string, "ko" | "en"> = {
  "": "ko",
  ko: "ko",
  kor: "ko",
  korean: "ko",
  한국어: "ko",
  국문: "ko",
  한글: "ko",
  en: "en",
  eng: "en",
  english: "en",
  영어: "en",
  영문: "en",
};

const VIP_YES = new Set(["y", "yes", "o", "○", "●", "v", "✓", "✔", "예", "네", "true", "1", "vip"]);
const VIP_NO = new Set(["", "n", "no", "x", "×", "아니오", "아니요", "false", "0"]);

/** A phone typed into Excel as a number lost its leading 0: 1012345678 was 010-1234-5678. */
function restoreLeadingZero(phone: string): string {
  return /^[1-9]\d{8,9}$/.test(phone) ? `0${phone}` : phone;
}

const inviteeRowSchema = z
  .object({
    name: z.string().min(1, "import.error.nameRequired").max(100, "import.error.tooLong"),
    email: z
      .string()
      .max(254, "import.error.tooLong")
      .transform((value) => value.toLowerCase())
      .refine((value) => value === "" || z.email().safeParse(value).success, "import.error.email"),
    phone: textField(40)
      .transform(restoreLeadingZero)
      .refine((value) => /^[0-9+()\-.\s]*$/.test(value), "import.error.phone"),
    organization: textField(200),
    position: textField(100),
    group: textField(100),
    language: z.string().transform((value, ctx) => {
      const language = LANGUAGES[value.toLowerCase().replace(/\s+/g, "")];
      if (language) return language;
      ctx.addIssue({ code: "custom", message: "import.error.language" });
      return z.NEVER;
    }),
    notes: textField(2000),
    vip: z.string().transform((value, ctx) => {
      const answer = value.toLowerCase();
      if (VIP_YES.has(answer)) return true;
      if (VIP_NO.has(answer)) return false;
      ctx.addIssue({ code: "custom", message: "import.error.vip" });
      return z.NEVER;
    }),
  })
  .transform(
    (row): ImportedInvitee => ({
      ...row,
      email: row.email === "" ? null : row.email,
      phoneDigits: row.phone.replace(/\D/g, ""),
    }),
  );

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

/** UTF-8 with a BOM and CRLF line ends: without the BOM, Korean Excel reads the file as CP949. */
export function buildCsv(rows: string[][]): Uint8Array {
  const body = rows.map((row) => row.map(toCsvCell).join(",")).join("\r\n");
  return new TextEncoder().encode(`\uFEFF${body}${rows.length > 0 ? "\r\n" : ""}`);
}
