/**
 * Awards presented at the event: categories in order (each with its presenter and the program
 * session it belongs to), each with its recipients in call order. A recipient may be linked to an
 * invitee, whose answer then tells whether they come or who receives on their behalf (대리수상).
 * A recipient marked as a minor is shown on public pages as 김○○: the full name never leaves
 * the server for those pages. Changes lock the event row, so two organizers reordering at once
 * cannot interleave.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language, RsvpStatus } from "../../../db/schema";
import { eventTitle, eventWhen, hostNames, venueName } from "../events/event-view";
import { formatLongDate, formatTimeRange } from "../../lib/format";
import { idField, requiredText, text } from "../../lib/forms.server";
import { parseId } from "../../lib/ids";
import { inLocale } from "../../i18n/i18n";
import type { AnswerLabel } from "../rsvp/rsvp-response";

type Db = Kysely<Database>;

/** 김민지 → 김○○; Emily Park → E○○○○ ○○○○ (the first letter stays, the rest is hidden). */
export function maskName(name: string): string {
  const letters = [...name.trim()];
  return letters.map((letter, index) => (index === 0 || letter === " " ? letter : "○")).join("");
}

/** A select's value: "" for none, else a positive id. */
const optionalId = z
  .string()
  .trim()
  .default("")
  .transform((value, ctx) => {
    if (value === "") return null;
    const id = parseId(value);
    if (id !== null) return id;
    ctx.addIssue({ code: "custom", message: "error.invalid" });
    return z.NEVER;
  });

export const categoryFormSchema = z
  .object({
    nameKo: text(200),
    nameEn: text(200),
    descriptionKo: text(2000),
    descriptionEn: text(2000),
    presenter: text(200),
    sessionId: optionalId,
  })
  .refine((form) => form.nameKo !== "" || form.nameEn !== "", { path: ["nameKo"], message: "error.koreanOrEnglish" });

export type CategoryForm = z.output<typeof categoryFormSchema>;

export const recipientFormSchema = z.object({
  categoryId: idField,
  name: requiredText(100),
  organization: text(200),
  grade: text(100),
  citation: text(2000),
  isMinor: z
    .string()
    .optional()
    .transform((value) => value === "on"),
  inviteeId: optionalId,
  standInName: text(100).default(""),
  standInPosition: text(100).default(""),
});

export type RecipientForm = z.output<typeof recipientFormSchema>;

export const moveSchema = z.object({ direction: z.enum(["up", "down"], "error.invalid") });

/** A form field that names something of another event (or nothing at all). */
export class AwardRefused extends Error {
  constructor(readonly field: "categoryId" | "sessionId" | "inviteeId") {
    super(`unknown ${field}`);
  }
}

async function lockEvent(trx: Db, eventId: number): Promise<void> {
  await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
}

async function assertSessionOfEvent(trx: Db, eventId: number, sessionId: number | null): Promise<void> {
  if (sessionId === null) return;
  const session = await trx.selectFrom("agenda_sessions").select("id").where("id", "=", sessionId).where("event_id", "=", eventId).executeTakeFirst();
  if (!session) throw new AwardRefused("sessionId");
}

async function assertInviteeOfEvent(trx: Db, eventId: number, inviteeId: number | null): Promise<void> {
  if (inviteeId === null) return;
  const invitee = await trx.selectFrom("invitees").select("id").where("id", "=", inviteeId).where("event_id", "=", eventId).executeTakeFirst();
  if (!invitee) throw new AwardRefused("inviteeId");
}

async function assertCategoryOfEvent(trx: Db, eventId: number, categoryId: number): Promise<void> {
  const category = await trx.selectFrom("award_categories").select("id").where("id", "=", categoryId).where("event_id", "=", eventId).executeTakeFirst();
  if (!category) throw new AwardRefused("categoryId");
}

function categoryRow(form: CategoryForm) {
  return {
    name_ko: form.nameKo,
    name_en: form.nameEn,
    description_ko: form.descriptionKo,
    description_en: form.descriptionEn,
    presenter: form.presenter,
    session_id: form.sessionId,
  };
}

export async function addAwardCategory(db: Db, eventId: number, form: CategoryForm): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    await assertSessionOfEvent(trx, eventId, form.sessionId);
    const last = await trx
      .selectFrom("award_categories")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    return trx
      .insertInto("award_categories")
      .values({ event_id: eventId, position: Number(last?.position ?? 0) + 1, ...categoryRow(form) })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/** Changes a category; false when the event has no such category. */
export async function updateAwardCategory(db: Db, eventId: number, categoryId: number, form: CategoryForm): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    await assertSessionOfEvent(trx, eventId, form.sessionId);
    const updated = await trx.updateTable("award_categories").set(categoryRow(form)).where("id", "=", categoryId).where("event_id", "=", eventId).executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  });
}

/** Removes a category with its recipients. */
export async function removeAwardCategory(db: Db, eventId: number, categoryId: number): Promise<boolean> {
  const result = await db.deleteFrom("award_categories").where("id", "=", categoryId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Swaps an item with its neighbour and numbers the list 1, 2, 3… again (gaps left by removals close). */
function reorder<T extends { id: number }>(items: T[], id: number, direction: "up" | "down"): T[] | null {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) return null;
  const other = direction === "up" ? index - 1 : index + 1;
  if (other < 0 || other >= items.length) return items;
  const moved = [...items];
  [moved[index], moved[other]] = [moved[other]!, moved[index]!];
  return moved;
}

/** Moves a category one place up or down in the order of the ceremony; false when there is no such category. */
export async function moveAwardCategory(db: Db, eventId: number, categoryId: number, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const categories = await trx.selectFrom("award_categories").select(["id", "position"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
    const moved = reorder(categories, categoryId, direction);
    if (!moved) return false;
    for (const [index, category] of moved.entries()) {
      if (category.position !== index + 1)
        await trx
          .updateTable("award_categories")
          .set({ position: index + 1 })
          .where("id", "=", category.id)
          .execute();
    }
    return true;
  });
}

function recipientRow(form: RecipientForm) {
  return {
    name: form.name,
    organization: form.organization,
    grade: form.grade,
    citation: form.citation,
    is_minor: form.isMinor,
    invitee_id: form.inviteeId,
    stand_in_name: form.standInName,
    stand_in_position: form.standInPosition,
  };
}

async function nextRecipientPosition(trx: Db, categoryId: number): Promise<number> {
  const last = await trx
    .selectFrom("award_recipients")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("category_id", "=", categoryId)
    .executeTakeFirst();
  return Number(last?.position ?? 0) + 1;
}

/** Adds recipients at the end of their categories' call order, in the order given. The caller holds the event's lock. */
export async function insertAwardRecipients(trx: Db, eventId: number, forms: RecipientForm[]): Promise<Array<{ id: number }>> {
  const added: Array<{ id: number }> = [];
  for (const form of forms) {
    await assertCategoryOfEvent(trx, eventId, form.categoryId);
    await assertInviteeOfEvent(trx, eventId, form.inviteeId);
    const position = await nextRecipientPosition(trx, form.categoryId);
    added.push(
      await trx
        .insertInto("award_recipients")
        .values({ event_id: eventId, category_id: form.categoryId, position, ...recipientRow(form) })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
  }
  return added;
}

/** Adds a recipient at the end of the category's call order; a category or invitee of another event is refused (AwardRefused). */
export async function addAwardRecipient(db: Db, eventId: number, form: RecipientForm): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const [added] = await insertAwardRecipients(trx, eventId, [form]);
    return added!;
  });
}

/** Changes a recipient; moved to another category, they are called last there. False when there is no such recipient. */
export async function updateAwardRecipient(db: Db, eventId: number, recipientId: number, form: RecipientForm): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const current = await trx.selectFrom("award_recipients").select("category_id").where("id", "=", recipientId).where("event_id", "=", eventId).executeTakeFirst();
    if (!current) return false;
    await assertCategoryOfEvent(trx, eventId, form.categoryId);
    await assertInviteeOfEvent(trx, eventId, form.inviteeId);
    const moved = current.category_id !== form.categoryId ? { category_id: form.categoryId, position: await nextRecipientPosition(trx, form.categoryId) } : {};
    await trx
      .updateTable("award_recipients")
      .set({ ...recipientRow(form), ...moved })
      .where("id", "=", recipientId)
      .execute();
    return true;
  });
}

export async function removeAwardRecipient(db: Db, eventId: number, recipientId: number): Promise<boolean> {
  const result = await db.deleteFrom("award_recipients").where("id", "=", recipientId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Moves a recipient one place up or down in their category's call order. */
export async function moveAwardRecipient(db: Db, eventId: number, recipientId: number, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const recipient = await trx.selectFrom("award_recipients").select("category_id").where("id", "=", recipientId).where("event_id", "=", eventId).executeTakeFirst();
    if (!recipient) return false;
    const siblings = await trx.selectFrom("award_recipients").select(["id", "position"]).where("category_id", "=", recipient.category_id).orderBy("position").orderBy("id").execute();
    const moved = reorder(siblings, recipientId, direction) ?? siblings;
    for (const [index, sibling] of moved.entries()) {
      if (sibling.position !== index + 1)
        await trx
          .updateTable("award_recipients")
          .set({ position: index + 1 })
          .where("id", "=", sibling.id)
          .execute();
    }
    return true;
  });
}

function categoriesOf(db: Db, eventId: number) {
  return db
    .selectFrom("award_categories")
    .select(["id", "name_ko", "name_en", "description_ko", "description_en", "presenter", "session_id"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id");
}

/**
 * Categories with their recipients in order. `audience: "public"` masks minors' names here, on
 * the server, so the page (and its data) only ever holds the masked form.
 */
export async function listAwards(db: Db, eventId: number, audience: "organizer" | "public") {
  const categories = await categoriesOf(db, eventId).execute();
  const recipients = await db
    .selectFrom("award_recipients")
    .select(["id", "category_id", "name", "organization", "grade", "citation", "is_minor"])
    .where("event_id", "=", eventId)
    .orderBy("category_id")
    .orderBy("position")
    .orderBy("id")
    .execute();
  return categories.map((category) => ({
    ...category,
    recipients: recipients
      .filter((recipient) => recipient.category_id === category.id)
      .map(({ category_id: _category, ...recipient }) => (audience === "public" && recipient.is_minor ? { ...recipient, name: maskName(recipient.name) } : recipient)),
  }));
}

/** Who receives the award in the recipient's place, and on whose word. */
export interface StandIn {
  name: string;
  position: string;
  /** "rsvp": the invitee answered that this person comes for them; "organizer": typed on the awards page. */
  source: "rsvp" | "organizer";
}

/**
 * Where a linked recipient stands: their invitee's answer (null when not linked) and who receives
 * on their behalf. The guest's own proxy answer comes first; else what the organizer typed.
 */
export function recipientAttendance(row: {
  invitee_id: number | null;
  status: RsvpStatus | null;
  proxy_name: string | null;
  proxy_position: string | null;
  stand_in_name: string;
  stand_in_position: string;
}): { attendance: AnswerLabel | null; standIn: StandIn | null } {
  const attendance: AnswerLabel | null = row.invitee_id === null ? null : row.status === null ? "no-answer" : row.status === "attending" && row.proxy_name ? "proxy" : row.status;
  if (attendance === "proxy") return { attendance, standIn: { name: row.proxy_name ?? "", position: row.proxy_position ?? "", source: "rsvp" } };
  if (row.stand_in_name !== "") return { attendance, standIn: { name: row.stand_in_name, position: row.stand_in_position, source: "organizer" } };
  return { attendance, standIn: null };
}

/** Every recipient with full name, linked invitee, attendance and stand-in, for the organizer's pages. */
async function organizerRecipients(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("award_recipients as a")
    .leftJoin("invitees as i", "i.id", "a.invitee_id")
    .leftJoin("rsvps as r", "r.invitee_id", "a.invitee_id")
    .select([
      "a.id",
      "a.category_id",
      "a.name",
      "a.organization",
      "a.grade",
      "a.citation",
      "a.is_minor",
      "a.invitee_id",
      "a.stand_in_name",
      "a.stand_in_position",
      "i.name as invitee_name",
      "i.organization as invitee_organization",
      "r.status",
      "r.proxy_name",
      "r.proxy_position",
    ])
    .where("a.event_id", "=", eventId)
    .orderBy("a.category_id")
    .orderBy("a.position")
    .orderBy("a.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    categoryId: row.category_id,
    name: row.name,
    organization: row.organization,
    grade: row.grade,
    citation: row.citation,
    isMinor: row.is_minor,
    invitee: row.invitee_id === null ? null : { id: row.invitee_id, name: row.invitee_name ?? "", organization: row.invitee_organization ?? "" },
    standInName: row.stand_in_name,
    standInPosition: row.stand_in_position,
    ...recipientAttendance(row),
  }));
}

/** The organizer's awards page: categories in order with their session, recipients with attendance and stand-ins. */
export async function listAwardsForOrganizer(db: Db, eventId: number, locale: Language) {
  const event = await db.selectFrom("events").select("time_zone").where("id", "=", eventId).executeTakeFirst();
  if (!event) return undefined;
  const categories = await categoriesOf(db, eventId).execute();
  const recipients = await organizerRecipients(db, eventId);
  const sessions = await listSessionChoices(db, eventId, event.time_zone, locale);
  const sessionLabel = new Map(sessions.map((session) => [session.id, session.label]));
  return categories.map((category) => ({
    id: category.id,
    name: inLocale(locale, { ko: category.name_ko, en: category.name_en }),
    nameKo: category.name_ko,
    nameEn: category.name_en,
    descriptionKo: category.description_ko,
    descriptionEn: category.description_en,
    presenter: category.presenter,
    sessionId: category.session_id,
    session: category.session_id === null ? null : (sessionLabel.get(category.session_id) ?? null),
    recipients: recipients.filter((recipient) => recipient.categoryId === category.id),
  }));
}

/** The event's program sessions a category may belong to: awards sessions first, then the others, each by time. */
export async function listSessionChoices(db: Db, eventId: number, timeZone: string, locale: Language) {
  const sessions = await db
    .selectFrom("agenda_sessions")
    .select(["id", "kind", "starts_at", "ends_at", "title_ko", "title_en"])
    .where("event_id", "=", eventId)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return sessions
    .map((session) => ({
      id: session.id,
      isAwards: session.kind === "awards",
      label: `${formatTimeRange(session.starts_at, session.ends_at, timeZone, locale)} ${inLocale(locale, { ko: session.title_ko, en: session.title_en })}`,
    }))
    .sort((a, b) => Number(b.isAwards) - Number(a.isAwards));
}

/** The event's invitees a recipient may be linked to, by name. */
export async function listInviteeChoices(db: Db, eventId: number) {
  const invitees = await db.selectFrom("invitees").select(["id", "name", "organization", "position"]).where("event_id", "=", eventId).execute();
  const collator = new Intl.Collator("ko");
  return invitees.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

async function printedEvent(db: Db, eventId: number) {
  return db.selectFrom("events").select(["id", "title_ko", "title_en", "starts_at", "ends_at", "time_zone", "venue_name", "venue_name_en"]).where("id", "=", eventId).executeTakeFirst();
}

/**
 * The awards list for the ceremony's staff: each category in call order with its presenter and
 * session, then its recipients numbered, full names, school, grade, and whether they come or
 * who receives for them.
 */
export async function prepareAwardsList(db: Db, eventId: number, locale: Language) {
  const event = await printedEvent(db, eventId);
  if (!event) return undefined;
  const categories = await listAwardsForOrganizer(db, eventId, locale);
  const when = eventWhen(event, locale);
  return {
    event: { title: eventTitle(event, locale), date: when.date, time: when.time, venue: venueName(event, locale) },
    categories: (categories ?? []).map((category) => ({
      id: category.id,
      name: category.name,
      presenter: category.presenter,
      session: category.session,
      recipients: category.recipients.map((recipient, index) => ({
        id: recipient.id,
        number: index + 1,
        name: recipient.name,
        organization: recipient.organization,
        grade: recipient.grade,
        attendance: recipient.attendance,
        standIn: recipient.standIn,
      })),
    })),
  };
}

export const certificateSelectionSchema = z
  .object({ category: optionalId, recipient: optionalId })
  .refine((selection) => selection.category === null || selection.recipient === null, { path: ["recipient"], message: "error.invalid" });

export type CertificateSelection = z.output<typeof certificateSelectionSchema>;

/**
 * Certificates (상장), one per recipient: all of them, one category's or one recipient's, in the
 * ceremony's order. The date is the event's day in its zone; the hosts sign. Undefined when the
 * event (or the chosen category or recipient) is not there.
 */
export async function prepareCertificates(db: Db, eventId: number, selection: CertificateSelection, locale: Language) {
  const event = await printedEvent(db, eventId);
  if (!event) return undefined;
  const recipients = await db
    .selectFrom("award_recipients as a")
    .innerJoin("award_categories as c", "c.id", "a.category_id")
    .select(["a.id", "a.name", "a.organization", "a.grade", "a.citation", "c.name_ko", "c.name_en"])
    .where("a.event_id", "=", eventId)
    .$if(selection.category !== null, (qb) => qb.where("a.category_id", "=", selection.category!))
    .$if(selection.recipient !== null, (qb) => qb.where("a.id", "=", selection.recipient!))
    .orderBy("c.position")
    .orderBy("c.id")
    .orderBy("a.position")
    .orderBy("a.id")
    .execute();
  if (selection.category !== null) {
    const category = await db.selectFrom("award_categories").select("id").where("id", "=", selection.category).where("event_id", "=", eventId).executeTakeFirst();
    if (!category) return undefined;
  }
  if (selection.recipient !== null && recipients.length === 0) return undefined;
  const hosts = await db.selectFrom("event_hosts").select(["name_ko", "name_en"]).where("event_id", "=", eventId).orderBy("position").execute();
  const title = eventTitle(event, locale);
  return {
    event: { title, date: formatLongDate(event.starts_at, event.time_zone, locale), hosts: hostNames(hosts, locale) },
    certificates: recipients.map((recipient) => ({
      id: recipient.id,
      category: inLocale(locale, { ko: recipient.name_ko, en: recipient.name_en }),
      name: recipient.name,
      organization: recipient.organization,
      grade: recipient.grade,
      citation: recipient.citation,
    })),
  };
}

/**
 * Next year's meeting keeps this year's award categories (names, presenters, sessions mapped to
 * the copied program), but not the recipients: they are new people each year.
 */
export async function copyAwardCategories(trx: Db, fromEventId: number, toEventId: number, sessionIds: Map<number, number>): Promise<void> {
  const categories = await trx
    .selectFrom("award_categories")
    .select(["position", "name_ko", "name_en", "description_ko", "description_en", "presenter", "session_id"])
    .where("event_id", "=", fromEventId)
    .orderBy("position")
    .execute();
  if (categories.length === 0) return;
  await trx
    .insertInto("award_categories")
    .values(categories.map(({ session_id, ...category }) => ({ ...category, event_id: toEventId, session_id: session_id === null ? null : (sessionIds.get(session_id) ?? null) })))
    .execute();
}
