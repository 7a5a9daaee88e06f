import { z } from "zod";
import { defineSheet, headerFieldOf, readSpreadsheet, textField, YES_ANSWERS, yesNoCell, type SheetRead, type SpreadsheetInput } from "../../lib/spreadsheet.server";

/*
 * The invitee list as organizers keep it in Excel: which columns Nanum knows (by their Korean or
 * English headers), and what a row must hold. Reading the file is lib/spreadsheet.server.ts's job.
 */

export const FIELDS = ["name", "email", "phone", "organization", "position", "group", "language", "notes", "vip"] as const;
export type Field = (typeof FIELDS)[number];

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

/** An invitee list as read: the generic sheet read, its good rows named as invitees. */
export type SpreadsheetImport =
  (Omit<Extract<SheetRead<Field, ImportedInvitee>, { ok: true }>, "rows"> & { valid: Array<{ line: number; invitee: ImportedInvitee }> }) | Extract<SheetRead<Field, ImportedInvitee>, { ok: false }>;

/** Reads an uploaded invitee list. Never throws for a bad file: it answers `{ ok: false, error }`. */
export async function readInviteeSpreadsheet(input: SpreadsheetInput<Field>): Promise<SpreadsheetImport> {
  const read = await readSpreadsheet(input, inviteeSheet);
  if (!read.ok) return read;
  const { rows, ...rest } = read;
  return { ...rest, valid: rows.map(({ line, row }) => ({ line, invitee: row })) };
}

const HEADER_ALIASES: Record<Field, string[]> = {
  name: ["이름", "성명", "성함", "name", "full name"],
  email: ["이메일", "전자우편", "메일", "이메일 주소", "메일 주소", "email", "e-mail", "email address"],
  phone: ["전화", "전화번호", "연락처", "휴대폰", "핸드폰", "휴대전화", "휴대폰 번호", "핸드폰 번호", "휴대전화 번호", "phone", "mobile", "tel", "phone number"],
  organization: ["소속", "기관", "소속기관", "기관명", "소속 기관명", "회사명", "organization", "organisation", "affiliation", "company"],
  position: ["직위", "직책", "직급", "직함", "position", "title"],
  group: ["그룹", "구분", "분류", "group", "category"],
  language: ["언어", "language", "lang"],
  notes: ["비고", "메모", "notes", "note", "remarks"],
  vip: ["vip", "귀빈", "내빈 여부", "귀빈 여부", "vip 여부"],
};

/** The invitee field a header names, if any. */
export function headerField(label: string): Field | null {
  return headerFieldOf(inviteeSheet, label);
}

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

const VIP_YES = new Set([...YES_ANSWERS, "vip"]);

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
    vip: yesNoCell("import.error.vip", VIP_YES),
  })
  .transform((row): ImportedInvitee => ({
    ...row,
    email: row.email === "" ? null : row.email,
    phoneDigits: row.phone.replace(/\D/g, ""),
  }));

export const inviteeSheet = defineSheet({
  fields: FIELDS,
  aliases: HEADER_ALIASES,
  row: inviteeRowSchema,
  multiline: ["notes"],
  duplicateKey: (invitee) => (invitee.email ? `email:${invitee.email}` : `name:${invitee.name.toLowerCase().replace(/\s+/g, "")}|${invitee.phoneDigits}`),
});
