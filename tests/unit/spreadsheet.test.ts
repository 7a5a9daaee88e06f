import ExcelJS, { type CellValue, type Workbook, type Worksheet } from "exceljs";
import iconv from "iconv-lite";
import { catalogues } from "../../app/i18n/catalogues.server";
import { describe, expect, it } from "vitest";
import { escapeFormula, importFailureMessages, MAX_BYTES, toCsvCell, type ColumnMapping } from "../../app/lib/spreadsheet.server";
import { headerField, readInviteeSpreadsheet, type Field, type SpreadsheetImport } from "../../app/domain/invitations/invitee-sheet.server";
import { csvStream } from "../../app/lib/export-stream.server";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function read(bytes: Uint8Array, fileName = "명단.csv", mapping?: ColumnMapping<Field>) {
  return readInviteeSpreadsheet({ fileName, bytes, mapping });
}

function accepted(result: SpreadsheetImport) {
  if (!result.ok) throw new Error(`expected the file to be read, got ${result.error}`);
  return result;
}

const HEADER = "이름,이메일,연락처,소속,직위,구분,언어,비고,VIP";

/** 100 people; rows (as Excel numbers them, header = row 1) 11, 22, 33, 44, 55 are broken and 66, 77 repeat someone. */
function hundredRowCsv(): { text: string; bad: Record<number, string> } {
  const lines = [HEADER];
  const bad: Record<number, string> = {};
  for (let i = 1; i <= 100; i++) {
    const row = i + 1;
    let cells = [`참석자${i}`, `guest${i}@paju.go.kr`, `010-1000-${String(i).padStart(4, "0")}`, '"파주시청, 교육청소년과"', "주무관", "내빈", "ko", "", "N"];
    if (row === 11) {
      cells[1] = "guest11@@paju";
      bad[row] = "email";
    }
    if (row === 22) {
      cells[0] = "";
      bad[row] = "name";
    }
    if (row === 33) {
      cells[8] = "maybe";
      bad[row] = "vip";
    }
    if (row === 44) {
      cells[6] = "français";
      bad[row] = "language";
    }
    if (row === 55) {
      cells[0] = "가".repeat(101);
      bad[row] = "name";
    }
    // Same email as row 2, written differently.
    if (row === 66) cells[1] = "  GUEST1@Paju.go.kr ";
    // No email: same name and phone digits as row 7 (which loses its email below).
    if (row === 7) cells[1] = "";
    if (row === 77) cells = ["참석자6", "", "01010000006", "다른 기관", "", "", "", "", ""];
    lines.push(cells.join(","));
  }
  return { text: lines.join("\r\n") + "\r\n", bad };
}

describe("reading a CSV invitee list", () => {
  it("keeps 93 of 100 rows and names each broken and repeated row", async () => {
    const { text, bad } = hundredRowCsv();
    const result = accepted(await read(utf8(text)));

    expect(result.format).toBe("csv");
    expect(result.encoding).toBe("utf-8");
    expect(result.valid).toHaveLength(93);
    expect(result.errors).toEqual([
      { line: 11, field: "email", reason: "import.error.email", value: "guest11@@paju" },
      { line: 22, field: "name", reason: "import.error.nameRequired", value: "" },
      { line: 33, field: "vip", reason: "import.error.vip", value: "maybe" },
      { line: 44, field: "language", reason: "import.error.language", value: "français" },
      { line: 55, field: "name", reason: "import.error.tooLong", value: "가".repeat(101) },
    ]);
    expect(Object.fromEntries(result.errors.map((e) => [e.line, e.field]))).toEqual(bad);
    expect(result.duplicates).toEqual([
      { line: 66, duplicateOfLine: 2 },
      { line: 77, duplicateOfLine: 7 },
    ]);
    const lines = result.valid.map((row) => row.line);
    for (const skipped of [11, 22, 33, 44, 55, 66, 77]) expect(lines).not.toContain(skipped);
    expect(result.valid[0]).toEqual({
      line: 2,
      invitee: {
        name: "참석자1",
        email: "guest1@paju.go.kr",
        phone: "010-1000-0001",
        phoneDigits: "01010000001",
        organization: "파주시청, 교육청소년과",
        position: "주무관",
        group: "내빈",
        language: "ko",
        notes: "",
        vip: false,
      },
    });
    expect(result.headers).toEqual(HEADER.split(","));
    expect(result.mapping).toEqual({ 0: "name", 1: "email", 2: "phone", 3: "organization", 4: "position", 5: "group", 6: "language", 7: "notes", 8: "vip" });
    expect(result.unmappedColumns).toEqual([]);
  });

  it("reads a CP949 file saved by Korean Excel, with 성명/연락처/소속 headers", async () => {
    const text = "성명,연락처,소속\r\n김철수,010-2345-6789,파주시청\r\n이영희,031-940-4114,경기도교육청 파주교육지원청\r\n";
    const bytes = new Uint8Array(iconv.encode(text, "cp949"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();

    const result = accepted(await read(bytes));
    expect(result.encoding).toBe("cp949");
    expect(result.valid.map((row) => [row.invitee.name, row.invitee.phoneDigits, row.invitee.organization])).toEqual([
      ["김철수", "01023456789", "파주시청"],
      ["이영희", "0319404114", "경기도교육청 파주교육지원청"],
    ]);
  });

  it("skips a BOM, a title row and a blank row above the header, keeping Excel's row numbers", async () => {
    const text = "\uFEFF2025 파주시 교육발전특구 성과공유회 초청 명단,,,\r\n,,,\r\n이름,이메일,소속,VIP\r\n홍길동,Hong@Korea.kr,교육부,○\r\n,,,\r\nJane Doe,jane@example.org,British Council,N\r\n";
    const result = accepted(await read(utf8(text)));
    expect(result.encoding).toBe("utf-8");
    expect(result.headerLine).toBe(3);
    expect(result.headers).toEqual(["이름", "이메일", "소속", "VIP"]);
    expect(result.valid.map((row) => [row.line, row.invitee.name, row.invitee.email, row.invitee.vip])).toEqual([
      [4, "홍길동", "hong@korea.kr", true],
      [6, "Jane Doe", "jane@example.org", false],
    ]);
    expect(result.errors).toEqual([]);
  });

  it("keeps quoted commas and line breaks inside a cell and numbers rows as Excel does", async () => {
    const text = '이름,비고\r\n"김, 민수","1층 로비\r\n휠체어 이용"\r\n박지성,"말씀 ""짧게"""\r\n';
    const result = accepted(await read(utf8(text)));
    expect(result.valid.map((row) => [row.line, row.invitee.name, row.invitee.notes])).toEqual([
      [2, "김, 민수", "1층 로비\n휠체어 이용"],
      [3, "박지성", '말씀 "짧게"'],
    ]);
  });

  it("sniffs a semicolon delimiter from the header line", async () => {
    const text = "Name;E-mail;Organisation;Language\nAnna Schmidt;anna@example.de;Goethe-Institut, Seoul;English\n";
    const result = accepted(await read(utf8(text)));
    expect(result.mapping).toEqual({ 0: "name", 1: "email", 2: "organization", 3: "language" });
    expect(result.valid[0].invitee).toMatchObject({ name: "Anna Schmidt", organization: "Goethe-Institut, Seoul", language: "en" });
  });

  it("sniffs a tab delimiter, also in Excel's UTF-16 'Unicode text'", async () => {
    const text = "성명\t휴대폰\t직책\t언어\r\n최수진\t010 5555 1234\t교장, 운정고\t영어\r\n";
    const tabbed = accepted(await read(utf8(text)));
    expect(tabbed.valid[0].invitee).toMatchObject({ name: "최수진", phone: "010 5555 1234", position: "교장, 운정고", language: "en" });

    const utf16 = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, "utf-16le")]);
    const unicode = accepted(await read(utf16, "명단.txt"));
    expect(unicode.encoding).toBe("utf-16");
    expect(unicode.valid[0].invitee.name).toBe("최수진");
  });

  it("reads language and VIP answers written the ways Korean lists write them", async () => {
    const text = ["이름,언어,VIP", "가,한국어,Y", "나,English,예", "다,,o", "라,EN,1", "마,영어,아니오", "바,ko,x", "사,ko,-"].join("\n");
    const result = accepted(await read(utf8(text)));
    expect(result.valid.map((row) => [row.invitee.name, row.invitee.language, row.invitee.vip])).toEqual([
      ["가", "ko", true],
      ["나", "en", true],
      ["다", "ko", true],
      ["라", "en", true],
      ["마", "en", false],
      ["바", "ko", false],
      ["사", "ko", false],
    ]);
  });

  it("restores the leading 0 of a phone number Excel saved as a number, and refuses letters in a phone", async () => {
    const text = "이름,연락처\n갑,1012345678\n을,212345678\n병,010-1234-5678 (비서)\n";
    const result = accepted(await read(utf8(text)));
    expect(result.valid.map((row) => row.invitee.phone)).toEqual(["01012345678", "0212345678"]);
    expect(result.errors).toEqual([{ line: 4, field: "phone", reason: "import.error.phone", value: "010-1234-5678 (비서)" }]);
  });

  it('unwraps Excel\'s ="…" text cells and reads back its own export', async () => {
    const exported = await csvBytes([
      ["이름", "연락처", "비고"],
      ["=위험한 이름", "+82 10-1234-5678", "@멘션"],
    ]);
    const own = accepted(await read(exported));
    expect(own.valid[0].invitee).toMatchObject({ name: "=위험한 이름", phone: "+82 10-1234-5678", notes: "@멘션" });

    const excelText = accepted(await read(utf8('이름,연락처\n강감찬,="01098765432"\n')));
    expect(excelText.valid[0].invitee.phone).toBe("01098765432");
  });

  it("lets the organizer map an unknown column and unmap a detected one", async () => {
    const text = "이름,연락처,사무실 번호,참석 여부\n윤봉길,,031-940-1234,참석\n";
    const detected = accepted(await read(utf8(text)));
    expect(detected.mapping).toEqual({ 0: "name", 1: "phone", 2: null, 3: null });
    expect(detected.unmappedColumns).toEqual([2, 3]);
    expect(detected.valid[0].invitee.phone).toBe("");

    const remapped = accepted(await read(utf8(text), "명단.csv", { 2: "phone" }));
    expect(remapped.mapping).toEqual({ 0: "name", 1: null, 2: "phone", 3: null });
    expect(remapped.unmappedColumns).toEqual([1, 3]);
    expect(remapped.valid[0].invitee).toMatchObject({ phone: "031-940-1234", phoneDigits: "0319401234" });
  });

  it("takes the first filled column when the organizer maps two columns to one field", async () => {
    const text = "이름,휴대폰,사무실\n가,010-1111-2222,02-333-4444\n나,,02-555-6666\n";
    const result = accepted(await read(utf8(text), "명단.csv", { 1: "phone", 2: "phone" }));
    expect(result.valid.map((row) => row.invitee.phone)).toEqual(["010-1111-2222", "02-555-6666"]);
  });

  it("does not count pre-numbered rows with nobody in them", async () => {
    const text = "연번,이름,이메일\n1,김구,kim@example.kr\n2,,\n3,,\n";
    const result = accepted(await read(utf8(text)));
    expect(result.valid).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(result.unmappedColumns).toEqual([0]);
  });
});

describe("reading an .xlsx invitee list", () => {
  async function workbookBytes(build: (sheet: Worksheet, workbook: Workbook) => void): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    build(workbook.addWorksheet("초청 명단"), workbook);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  function setRow(sheet: Worksheet, rowNumber: number, values: CellValue[]) {
    values.forEach((value, i) => (sheet.getRow(rowNumber).getCell(i + 1).value = value));
  }

  it("finds the header under a title and reads numbers, formulas, rich text, links, dates and merged cells", async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.getCell("A1").value = "2025 파주시 교육발전특구 성과공유회 초청 명단";
      sheet.mergeCells("A1:G1");
      setRow(sheet, 3, ["구분", "성명", "휴대폰", "이메일", "소속(기관명)", "직위", "비고"]);
      setRow(sheet, 4, [
        "내빈",
        { richText: [{ text: "김", font: { bold: true } }, { text: "경희" }] },
        1012345678,
        { text: "Kim@Paju.go.kr", hyperlink: "mailto:Kim@Paju.go.kr" },
        { formula: 'CONCATENATE("파주","시청")', result: "파주시청" },
        "시장",
        new Date(Date.UTC(2025, 10, 20)),
      ]);
      setRow(sheet, 5, [null, "이정훈", "010-3333-4444", null, "파주교육지원청", "교육장", null]);
      // "구분" written once for both guests, as organizers do.
      sheet.mergeCells("A4:A5");
    });
    const result = accepted(await read(bytes, "명단.xlsx"));

    expect(result.format).toBe("xlsx");
    expect(result.encoding).toBeUndefined();
    expect(result.headerLine).toBe(3);
    expect(result.headers).toEqual(["구분", "성명", "휴대폰", "이메일", "소속(기관명)", "직위", "비고"]);
    expect(result.valid).toEqual([
      {
        line: 4,
        invitee: {
          name: "김경희",
          email: "kim@paju.go.kr",
          phone: "01012345678",
          phoneDigits: "01012345678",
          organization: "파주시청",
          position: "시장",
          group: "내빈",
          language: "ko",
          notes: "2025-11-20",
          vip: false,
        },
      },
      {
        line: 5,
        invitee: expect.objectContaining({ name: "이정훈", email: null, organization: "파주교육지원청", group: "내빈" }),
      },
    ]);
  });

  it("reads the first sheet in tab order", async () => {
    const bytes = await workbookBytes((sheet, workbook) => {
      sheet.addRow(["이름", "이메일"]);
      sheet.addRow(["안중근", "ahn@example.kr"]);
      const other = workbook.addWorksheet("참고");
      other.addRow(["이름", "이메일"]);
      other.addRow(["다른 사람", "other@example.kr"]);
    });
    const result = accepted(await read(bytes, "명단.xlsx"));
    expect(result.valid.map((row) => row.invitee.name)).toEqual(["안중근"]);
  });

  it("refuses an .xlsx that would inflate past the limit, before exceljs inflates it", async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(["이름", "비고"]);
      sheet.addRow(["김", "a".repeat(33 * 1024 * 1024)]);
    });
    expect(bytes.length).toBeLessThan(MAX_BYTES);
    expect(await read(bytes, "명단.xlsx")).toEqual({ ok: false, error: "too-large" });
  });

  it("refuses a truncated .xlsx as an unsupported file", async () => {
    const bytes = await workbookBytes((sheet) => sheet.addRow(["이름", "이메일"]));
    expect(await read(bytes.subarray(0, bytes.length / 2), "명단.xlsx")).toEqual({ ok: false, error: "unsupported-format" });
  });
});

describe("files that are not invitee lists", () => {
  it("refuses a PNG, a PDF and an empty file with a clear reason", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await read(png, "명단.csv")).toEqual({ ok: false, error: "unsupported-format" });
    expect(await read(utf8("%PDF-1.7\n%âãÏÓ\n"), "명단.pdf")).toEqual({ ok: false, error: "unsupported-format" });
    expect(await read(new Uint8Array(0))).toEqual({ ok: false, error: "empty" });
    expect(await read(utf8("\uFEFF\r\n"))).toEqual({ ok: false, error: "empty" });
  });

  it("tells the organizer to re-save an old .xls (OLE) or an HTML table named .xls", async () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await read(ole, "명단.xls")).toEqual({ ok: false, error: "xls-legacy" });
    const html = utf8("<html><body><table><tr><td>이름</td><td>이메일</td></tr></table></body></html>");
    expect(await read(html, "명단.xls")).toEqual({ ok: false, error: "xls-legacy" });
  });

  it("refuses binary content without a known signature", async () => {
    const noise = new Uint8Array(2048).map((_, i) => ((i * 7919) % 255) + 1);
    expect(await read(noise, "명단.csv")).toEqual({ ok: false, error: "unsupported-format" });
  });

  it("refuses files over 5 MB and lists over 5,000 people", async () => {
    expect(await read(new Uint8Array(MAX_BYTES + 1).fill(0x41))).toEqual({ ok: false, error: "too-large" });
    const rows = ["이름,이메일", ...Array.from({ length: 5001 }, (_, i) => `사람${i},p${i}@example.kr`)];
    expect(await read(utf8(rows.join("\n")))).toEqual({ ok: false, error: "too-many-rows" });
    const atLimit = accepted(await read(utf8(rows.slice(0, 5001).join("\n"))));
    expect(atLimit.valid).toHaveLength(5000);
  });

  it("stops reading a 5 MB file of short lines early", async () => {
    const bytes = utf8("이름,이메일\n" + "a\n".repeat(2_500_000));
    expect(await read(bytes)).toEqual({ ok: false, error: "too-many-rows" });
    // Rather than silently dropping whoever comes after the cut-off.
    const padded = utf8("이름,이메일\n" + ",\n".repeat(25_000) + "김구,kim@example.kr\n");
    expect(await read(padded)).toEqual({ ok: false, error: "too-many-rows" });
  });

  it("answers no-header when no row in the first ten names two known columns", async () => {
    expect(await read(utf8("가,나,다\n1,2,3\n"))).toEqual({ ok: false, error: "no-header" });
  });

  it("answers malformed-csv for a quote that never closes", async () => {
    expect(await read(utf8('이름,비고\n김,"열린 따옴표\n'))).toEqual({ ok: false, error: "malformed-csv", line: 2 });
    expect(await read(utf8('이름,비고\n김,a\n이,"열린\n\n\n'))).toEqual({ ok: false, error: "malformed-csv", line: 3 });
  });
});

describe("header recognition", () => {
  it("ignores case, spaces, brackets, asterisks and bracketed asides", () => {
    expect(headerField("성명*")).toBe("name");
    expect(headerField("[필수] 이름")).toBe("name");
    expect(headerField("Full Name")).toBe("name");
    expect(headerField("E-Mail")).toBe("email");
    expect(headerField("연락처(휴대폰)")).toBe("phone");
    expect(headerField("휴대 전화")).toBe("phone");
    expect(headerField("내빈 여부")).toBe("vip");
    expect(headerField("(VIP)")).toBe("vip");
    expect(headerField("참석 여부")).toBeNull();
  });
});

/** The CSV export's bytes, the rows arriving in the batches given. */
async function csvBytes(...batches: string[][][]): Promise<Uint8Array> {
  async function* rows() {
    yield* batches;
  }
  return new Uint8Array(await new Response(csvStream(rows())).arrayBuffer());
}

describe("writing CSV for Excel", () => {
  it("starts with a BOM, ends lines with CRLF and defuses formulas, however the rows are batched", async () => {
    const bytes = await csvBytes([["이름", "링크"]], [["홍길동", '=HYPERLINK("http://x")']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text).toBe('이름,링크\r\n홍길동,"\'=HYPERLINK(""http://x"")"\r\n');
  });

  it("prefixes every formula trigger with a quote and leaves other text alone", () => {
    for (const risky of ["=1+1", "+82", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]) expect(escapeFormula(risky)).toBe(`'${risky}`);
    expect(escapeFormula("김철수")).toBe("김철수");
    expect(toCsvCell("a,b")).toBe('"a,b"');
    expect(toCsvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(toCsvCell("plain")).toBe("plain");
  });

  it("reports failures with messages the catalogues hold in both languages", () => {
    for (const key of Object.values(importFailureMessages)) {
      expect(catalogues.ko[key], key).toBeTruthy();
      expect(catalogues.en[key], key).toBeTruthy();
    }
  });
});
