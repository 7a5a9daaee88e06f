import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { ColumnMapping } from "../../lib/spreadsheet.server";
import { FIELDS, readInviteeSpreadsheet, type Field, type ImportedInvitee, type SpreadsheetImport } from "./invitee-sheet.server";
import { addInvitees, DuplicateInviteeEmailError, updateInvitee, type InviteeForm } from "./invitations.server";

type Db = Kysely<Database>;

/** Keeps an uploaded list until the organizer confirms it; older unconfirmed uploads are dropped. */
export async function saveImportDraft(db: Db, input: { eventId: number; organizerId: number; fileName: string; bytes: Uint8Array }): Promise<number> {
  await db
    .deleteFrom("invitee_imports")
    .where("created_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
  const row = await db
    .insertInto("invitee_imports")
    .values({ event_id: input.eventId, organizer_id: input.organizerId, file_name: input.fileName.slice(0, 200), content: input.bytes })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function loadDraft(db: Db, eventId: number, draftId: number) {
  return db.selectFrom("invitee_imports").select(["id", "file_name", "content"]).where("event_id", "=", eventId).where("id", "=", draftId).executeTakeFirst();
}

/** Reads "map.<column>" entries (a field name, or "" to ignore the column) from the preview's form. */
export function parseMapping(entries: Iterable<[string, FormDataEntryValue]>): ColumnMapping<Field> | undefined {
  const mapping: ColumnMapping<Field> = {};
  let any = false;
  for (const [name, value] of entries) {
    const match = /^map\.(\d{1,3})$/.exec(name);
    if (!match || typeof value !== "string") continue;
    mapping[Number(match[1])] = (FIELDS as readonly string[]).includes(value) ? (value as Field) : null;
    any = true;
  }
  return any ? mapping : undefined;
}

function toInviteeForm(invitee: ImportedInvitee): InviteeForm {
  return {
    name: invitee.name,
    email: invitee.email,
    phone: invitee.phone,
    organization: invitee.organization,
    position: invitee.position,
    groupName: invitee.group,
    isVip: invitee.vip,
    language: invitee.language,
    notes: invitee.notes,
  };
}

export type ImportPreview =
  | { status: "missing" }
  | { status: "unreadable"; fileName: string; sheet: Extract<SpreadsheetImport, { ok: false }> }
  | {
      status: "ready";
      fileName: string;
      sheet: Extract<SpreadsheetImport, { ok: true }>;
      toAdd: Array<{ line: number; invitee: ImportedInvitee }>;
      toUpdate: Array<{ line: number; invitee: ImportedInvitee; inviteeId: number }>;
    };

/**
 * What confirming would do: rows whose email is already on the list update that invitee,
 * the others are added; bad rows and duplicates within the file are left out and named.
 */
export async function previewImport(db: Db, eventId: number, draftId: number, mapping?: ColumnMapping<Field>): Promise<ImportPreview> {
  const draft = await loadDraft(db, eventId, draftId);
  if (!draft) return { status: "missing" };
  const sheet = await readInviteeSpreadsheet({ fileName: draft.file_name, bytes: draft.content, mapping });
  if (!sheet.ok) return { status: "unreadable", fileName: draft.file_name, sheet };
  const emails = sheet.valid.map((row) => row.invitee.email).filter((email): email is string => email !== null);
  const existing = emails.length ? await db.selectFrom("invitees").select(["id", "email"]).where("event_id", "=", eventId).where("email", "in", emails).execute() : [];
  const existingByEmail = new Map(existing.map((row) => [row.email!, row.id]));
  const toAdd: Array<{ line: number; invitee: ImportedInvitee }> = [];
  const toUpdate: Array<{ line: number; invitee: ImportedInvitee; inviteeId: number }> = [];
  for (const row of sheet.valid) {
    const inviteeId = row.invitee.email ? existingByEmail.get(row.invitee.email) : undefined;
    if (inviteeId === undefined) toAdd.push(row);
    else toUpdate.push({ ...row, inviteeId });
  }
  return { status: "ready", fileName: draft.file_name, sheet, toAdd, toUpdate };
}

export type ImportResult = { ok: true; added: number; updated: number } | { ok: false; reason: "missing" | "unreadable" | "conflict" };

/** Imports the confirmed preview in one transaction: all rows or none, with its access record when `by` is given. */
export async function confirmImport(db: Db, eventId: number, draftId: number, mapping?: ColumnMapping<Field>, by?: AccessBy): Promise<ImportResult> {
  const preview = await previewImport(db, eventId, draftId, mapping);
  if (preview.status !== "ready") return { ok: false, reason: preview.status };
  try {
    await db.transaction().execute(async (trx) => {
      for (const row of preview.toUpdate) await updateInvitee(trx, eventId, row.inviteeId, toInviteeForm(row.invitee));
      const added = await addInvitees(
        trx,
        eventId,
        preview.toAdd.map((row) => toInviteeForm(row.invitee)),
      );
      await trx.deleteFrom("invitee_imports").where("id", "=", draftId).execute();
      if (by) await recordAccess(trx, { ...by, action: "import", eventId, subjectIds: [...preview.toUpdate.map((row) => row.inviteeId), ...added] });
    });
  } catch (error) {
    // Someone added one of these emails between preview and confirm: nothing was imported.
    if (error instanceof DuplicateInviteeEmailError) return { ok: false, reason: "conflict" };
    throw error;
  }
  return { ok: true, added: preview.toAdd.length, updated: preview.toUpdate.length };
}
