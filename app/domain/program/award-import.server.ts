/**
 * Importing award recipients from a spreadsheet (.xlsx or CSV, Korean Excel's encodings and
 * headers), with the invitee import's reader and its upload → preview → confirm steps. A row's
 * category is named in the file (상/부문) or chosen on the form for rows without one; a row is
 * linked to an invitee when exactly one invitee of the event has the same name and organization.
 */
import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { defineSheet, readSpreadsheet, textField, yesNoCell, type ColumnMapping, type ImportMessageKey, type RowError, type SheetRead } from "../../lib/spreadsheet.server";
import { insertAwardRecipients, type RecipientForm } from "./awards.server";

type Db = Kysely<Database>;

export const AWARD_FIELDS = ["name", "organization", "grade", "citation", "category", "minor"] as const;
export type AwardField = (typeof AWARD_FIELDS)[number];

const awardRowSchema = z.object({
  name: z.string().min(1, "import.error.nameRequired").max(100, "import.error.tooLong"),
  organization: textField(200),
  grade: textField(100),
  citation: textField(2000),
  category: textField(200),
  minor: yesNoCell("import.error.minor"),
});

export type ImportedRecipient = z.output<typeof awardRowSchema>;

/** Compares names as people type them: case, spaces and Unicode forms do not matter. */
function nameKey(value: string): string {
  return value.normalize("NFC").toLowerCase().replace(/\s+/g, "");
}

export const awardSheet = defineSheet({
  fields: AWARD_FIELDS,
  aliases: {
    name: ["이름", "성명", "성함", "수상자", "수상자명", "수상자 이름", "name", "full name", "recipient"],
    organization: ["학교", "학교명", "소속", "기관", "소속기관", "소속 학교", "school", "organization", "organisation", "affiliation"],
    grade: ["학년", "학년반", "직위", "직책", "직급", "grade", "year", "position", "title"],
    citation: ["공적", "공적내용", "공적 내용", "공적사항", "공적 요지", "citation", "achievement"],
    category: ["상", "상명", "상 이름", "부문", "시상부문", "시상 부문", "수상부문", "award", "category", "award category"],
    minor: ["미성년", "미성년자", "미성년 여부", "학생", "학생 여부", "minor", "student"],
  },
  row: awardRowSchema,
  multiline: ["citation"],
  duplicateKey: (row) => `${nameKey(row.name)}|${nameKey(row.organization)}|${nameKey(row.category)}`,
});

/** Keeps an uploaded list until the organizer confirms it; older unconfirmed uploads are dropped. */
export async function saveAwardImportDraft(db: Db, input: { eventId: number; organizerId: number; fileName: string; bytes: Uint8Array }): Promise<number> {
  await db
    .deleteFrom("award_imports")
    .where("created_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
  const row = await db
    .insertInto("award_imports")
    .values({ event_id: input.eventId, organizer_id: input.organizerId, file_name: input.fileName.slice(0, 200), content: input.bytes })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Reads "map.<column>" entries (a field name, or "" to ignore the column) from the preview's form. */
export function parseAwardMapping(entries: Iterable<[string, FormDataEntryValue]>): ColumnMapping<AwardField> | undefined {
  const mapping: ColumnMapping<AwardField> = {};
  let any = false;
  for (const [name, value] of entries) {
    const match = /^map\.(\d{1,3})$/.exec(name);
    if (!match || typeof value !== "string") continue;
    mapping[Number(match[1])] = (AWARD_FIELDS as readonly string[]).includes(value) ? (value as AwardField) : null;
    any = true;
  }
  return any ? mapping : undefined;
}

export interface AwardImportOptions {
  mapping?: ColumnMapping<AwardField>;
  /** The category for rows that name none; a category of another event counts as none. */
  targetCategoryId?: number | null;
}

export interface RecipientToAdd {
  line: number;
  recipient: ImportedRecipient;
  categoryId: number;
  categoryName: string;
  /** The invitee with the same name and organization, when there is exactly one. */
  invitee: { id: number; name: string } | null;
}

export type AwardImportPreview =
  | { status: "missing" }
  | { status: "unreadable"; fileName: string; sheet: Extract<SheetRead<AwardField, ImportedRecipient>, { ok: false }> }
  | {
      status: "ready";
      fileName: string;
      sheet: Extract<SheetRead<AwardField, ImportedRecipient>, { ok: true }>;
      targetCategoryId: number | null;
      toAdd: RecipientToAdd[];
      /** Rows whose person is already listed in that category: left out, so importing twice adds no one. */
      alreadyListed: Array<{ line: number; name: string; categoryName: string }>;
      /** The reader's errors and unknown or missing categories, by line. */
      errors: Array<RowError<AwardField>>;
    };

/**
 * What confirming would do: rows are matched to the event's categories by name (Korean or
 * English), linked to an invitee where exactly one matches, and listed in the file's order.
 */
export async function previewAwardImport(db: Db, eventId: number, draftId: number, options: AwardImportOptions = {}, lock = false): Promise<AwardImportPreview> {
  const draft = await db
    .selectFrom("award_imports")
    .select(["id", "file_name", "content"])
    .where("event_id", "=", eventId)
    .where("id", "=", draftId)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!draft) return { status: "missing" };
  const sheet = await readSpreadsheet({ fileName: draft.file_name, bytes: draft.content, mapping: options.mapping }, awardSheet);
  if (!sheet.ok) return { status: "unreadable", fileName: draft.file_name, sheet };

  const categories = await db.selectFrom("award_categories").select(["id", "name_ko", "name_en"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
  const categoryByName = new Map<string, { id: number; name: string }>();
  for (const category of categories) {
    const name = category.name_ko || category.name_en;
    for (const label of [category.name_ko, category.name_en]) {
      if (label !== "" && !categoryByName.has(nameKey(label))) categoryByName.set(nameKey(label), { id: category.id, name });
    }
  }
  const target = categories.find((category) => category.id === options.targetCategoryId);

  const invitees = await db.selectFrom("invitees").select(["id", "name", "organization"]).where("event_id", "=", eventId).execute();
  const inviteesByKey = new Map<string, Array<{ id: number; name: string }>>();
  for (const invitee of invitees) {
    const key = `${nameKey(invitee.name)}|${nameKey(invitee.organization)}`;
    inviteesByKey.set(key, [...(inviteesByKey.get(key) ?? []), { id: invitee.id, name: invitee.name }]);
  }

  const listed = await db.selectFrom("award_recipients").select(["category_id", "name", "organization"]).where("event_id", "=", eventId).execute();
  const listedKeys = new Set(listed.map((recipient) => `${recipient.category_id}|${nameKey(recipient.name)}|${nameKey(recipient.organization)}`));

  const errors: Array<RowError<AwardField>> = [...sheet.errors];
  const toAdd: RecipientToAdd[] = [];
  const alreadyListed: Array<{ line: number; name: string; categoryName: string }> = [];
  for (const { line, row } of sheet.rows) {
    const category = row.category !== "" ? categoryByName.get(nameKey(row.category)) : target ? { id: target.id, name: target.name_ko || target.name_en } : undefined;
    if (!category) {
      const reason: ImportMessageKey = row.category !== "" ? "import.error.unknownCategory" : "import.error.categoryRequired";
      errors.push({ line, field: "category", reason, value: row.category });
      continue;
    }
    if (listedKeys.has(`${category.id}|${nameKey(row.name)}|${nameKey(row.organization)}`)) {
      alreadyListed.push({ line, name: row.name, categoryName: category.name });
      continue;
    }
    const matches = inviteesByKey.get(`${nameKey(row.name)}|${nameKey(row.organization)}`) ?? [];
    toAdd.push({ line, recipient: row, categoryId: category.id, categoryName: category.name, invitee: matches.length === 1 ? matches[0]! : null });
  }
  errors.sort((a, b) => a.line - b.line);
  return { status: "ready", fileName: draft.file_name, sheet, targetCategoryId: target?.id ?? null, toAdd, alreadyListed, errors };
}

export type AwardImportResult = { ok: true; added: number } | { ok: false; reason: "missing" | "unreadable" };

/**
 * Adds the previewed rows in the file's order, each at the end of its category, in one
 * transaction; the upload is used up, so confirming twice (or at once from two tabs) adds them once.
 */
export async function confirmAwardImport(db: Db, eventId: number, draftId: number, options: AwardImportOptions = {}, by?: AccessBy): Promise<AwardImportResult> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
    const preview = await previewAwardImport(trx, eventId, draftId, options, true);
    if (preview.status !== "ready") return { ok: false, reason: preview.status };
    const forms: RecipientForm[] = preview.toAdd.map(({ recipient, categoryId, invitee }) => ({
      categoryId,
      name: recipient.name,
      organization: recipient.organization,
      grade: recipient.grade,
      citation: recipient.citation,
      isMinor: recipient.minor,
      inviteeId: invitee?.id ?? null,
      standInName: "",
      standInPosition: "",
    }));
    await insertAwardRecipients(trx, eventId, forms);
    await trx.deleteFrom("award_imports").where("id", "=", draftId).execute();
    // Recipients' names, organizations and citations are personal data: the import is recorded
    // with the change (guests it matched by id, the others by the count).
    if (by && forms.length > 0) {
      const matched = forms.flatMap((form) => (form.inviteeId === null ? [] : [form.inviteeId]));
      await recordAccess(trx, { ...by, action: "import", eventId, subjectIds: matched, count: forms.length, filter: { import: "award-recipients" } });
    }
    return { ok: true, added: forms.length };
  });
}
