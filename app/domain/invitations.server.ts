import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language } from "../../db/schema";
import { optionalEmail, requiredText, text } from "../lib/forms";
import { renderInvitation } from "../../emails/invitation";
import { isUniqueViolation } from "../lib/db-errors.server";
import { mapLinks } from "../lib/format";
import { hashToken } from "../lib/tokens.server";
import { enqueueEmails } from "./outbox.server";

type Db = Kysely<Database>;

export const inviteeFormSchema = z.object({
  name: requiredText(100),
  email: optionalEmail.transform((value) => (value === "" ? null : value.toLowerCase())),
  phone: text(40).refine((value) => /^[0-9+()\-.\s]*$/.test(value), "error.phone"),
  organization: text(200),
  position: text(100),
  groupName: text(100),
  isVip: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  language: z.enum(["ko", "en"], "error.invalid"),
  notes: text(2000),
});

export type InviteeForm = z.output<typeof inviteeFormSchema>;

export class DuplicateInviteeEmailError extends Error {}

const PERSONAL_LINK_KEY = "personal-link-key";
const linkKeys = new WeakMap<object, Promise<Buffer>>();

/**
 * The key personal links are derived from. It lives in the database (made once, on first
 * use), so links keep working across restarts, deployments and a new SESSION_SECRET.
 */
async function personalLinkKey(db: Db): Promise<Buffer> {
  const cacheKey = db.getExecutor() as object;
  let key = linkKeys.get(cacheKey);
  if (!key) {
    key = (async () => {
      await db
        .insertInto("app_secrets")
        .values({ name: PERSONAL_LINK_KEY, value: crypto.randomBytes(32).toString("base64url") })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      const row = await db.selectFrom("app_secrets").select("value").where("name", "=", PERSONAL_LINK_KEY).executeTakeFirstOrThrow();
      return Buffer.from(row.value, "base64url");
    })();
    linkKeys.set(cacheKey, key);
    key.catch(() => linkKeys.delete(cacheKey));
  }
  return key;
}

/**
 * An invitee's personal link token: 192 bits derived from the key, the invitee and the
 * link's version. Reminders carry the same link as the first email; revoking the link
 * raises the version, which makes a new token and kills the old one.
 */
function deriveLinkToken(key: Buffer, inviteeId: number, version: number): string {
  return crypto.createHmac("sha256", key).update(`invitee:${inviteeId}:v${version}`).digest("base64url").slice(0, 32);
}

export async function personalLinkToken(db: Db, invitee: { id: number; link_version: number }): Promise<string> {
  return deriveLinkToken(await personalLinkKey(db), invitee.id, invitee.link_version);
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, "");
}

function toRow(form: InviteeForm) {
  return {
    name: form.name,
    email: form.email,
    phone: form.phone,
    phone_digits: phoneDigits(form.phone),
    organization: form.organization,
    position: form.position,
    group_name: form.groupName,
    is_vip: form.isVip,
    language: form.language,
    notes: form.notes,
  };
}

export async function addInvitee(db: Db, eventId: number, form: InviteeForm): Promise<{ id: number }> {
  const key = await personalLinkKey(db);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto("invitees").values({ event_id: eventId, ...toRow(form) }).returning(["id", "link_version"]).executeTakeFirstOrThrow();
      await trx
        .updateTable("invitees")
        .set({ link_token_hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) })
        .where("id", "=", row.id)
        .execute();
      return { id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError(form.email ?? "");
    throw error;
  }
}

/**
 * Adds many invitees in one transaction (an import, the demo list): all or none.
 * Their personal-link hashes are set in one statement rather than one per person.
 */
export async function addInvitees(db: Db, eventId: number, forms: InviteeForm[]): Promise<number[]> {
  if (forms.length === 0) return [];
  const key = await personalLinkKey(db);
  // Joins the caller's transaction when there is one (a confirmed import), else opens its own.
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  try {
    return await inTransaction(async (trx) => {
      const rows = await trx
        .insertInto("invitees")
        .values(forms.map((form) => ({ event_id: eventId, ...toRow(form) })))
        .returning(["id", "link_version"])
        .execute();
      const hashes = rows.map((row) => ({ id: row.id, hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) }));
      await trx
        .updateTable("invitees")
        .set({ link_token_hash: sql<string>`hashes.hash` })
        .from(
          sql<{ id: number; hash: string }>`(values ${sql.join(hashes.map((h) => sql`(${h.id}::int, ${h.hash}::text)`))})`.as(
            sql`hashes(id, hash)`,
          ),
        )
        .whereRef("invitees.id", "=", sql.ref("hashes.id"))
        .execute();
      return rows.map((row) => row.id);
    });
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError("");
    throw error;
  }
}

export async function updateInvitee(db: Db, eventId: number, inviteeId: number, form: InviteeForm): Promise<boolean> {
  try {
    const result = await db
      .updateTable("invitees")
      .set({ ...toRow(form), updated_at: sql<Date>`now()` })
      .where("event_id", "=", eventId)
      .where("id", "=", inviteeId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError(form.email ?? "");
    throw error;
  }
}

export async function removeInvitee(db: Db, eventId: number, inviteeId: number): Promise<boolean> {
  const result = await db.deleteFrom("invitees").where("event_id", "=", eventId).where("id", "=", inviteeId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Revokes the invitee's link and issues a new one (a lost or forwarded link). */
export async function reissuePersonalLink(db: Db, eventId: number, inviteeId: number): Promise<boolean> {
  const key = await personalLinkKey(db);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("invitees")
      .set((eb) => ({ link_version: eb("link_version", "+", 1), updated_at: sql<Date>`now()` }))
      .where("event_id", "=", eventId)
      .where("id", "=", inviteeId)
      .returning(["id", "link_version"])
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable("invitees")
      .set({ link_token_hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) })
      .where("id", "=", row.id)
      .execute();
    return true;
  });
}

export interface InviteeFilters {
  q?: string;
  group?: string;
  vip?: boolean;
}

const listColumns = ["id", "name", "email", "phone", "organization", "position", "group_name", "is_vip", "language"] as const;

export async function listInvitees(db: Db, eventId: number, filters: InviteeFilters = {}) {
  const q = filters.q?.trim() ?? "";
  const digits = phoneDigits(q);
  const invitees = await db
    .selectFrom("invitees")
    .select(listColumns)
    .where("event_id", "=", eventId)
    .$if(q !== "", (qb) =>
      qb.where((eb) => {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const matches = [eb("name", "ilike", pattern), eb("organization", "ilike", pattern), eb("email", "ilike", pattern)];
        if (digits.length >= 3) matches.push(eb("phone_digits", "like", `%${digits}%`));
        return eb.or(matches);
      }),
    )
    .$if(filters.group !== undefined, (qb) => qb.where("group_name", "=", filters.group!))
    .$if(filters.vip !== undefined, (qb) => qb.where("is_vip", "=", filters.vip!))
    .orderBy("group_name")
    .orderBy("name")
    .execute();
  return { invitees, groups: await inviteeGroups(db, eventId) };
}

/** The event's groups (as organizers named them) with how many invitees each holds. */
export async function inviteeGroups(db: Db, eventId: number): Promise<Array<{ name: string; count: number }>> {
  const groups = await db
    .selectFrom("invitees")
    .select(["group_name", (eb) => eb.fn.countAll<number>().as("count")])
    .where("event_id", "=", eventId)
    .groupBy("group_name")
    .orderBy("group_name")
    .execute();
  return groups.map((g) => ({ name: g.group_name, count: Number(g.count) }));
}

export async function getInvitee(db: Db, eventId: number, inviteeId: number) {
  return db
    .selectFrom("invitees")
    .select([...listColumns, "notes", "link_version"])
    .where("event_id", "=", eventId)
    .where("id", "=", inviteeId)
    .executeTakeFirst();
}

export function inviteeToFormValues(invitee: NonNullable<Awaited<ReturnType<typeof getInvitee>>>): Record<string, string> {
  return {
    name: invitee.name,
    email: invitee.email ?? "",
    phone: invitee.phone,
    organization: invitee.organization,
    position: invitee.position,
    groupName: invitee.group_name,
    ...(invitee.is_vip ? { isVip: "on" } : {}),
    language: invitee.language,
    notes: invitee.notes,
  };
}

export type PersonalLinkLookup =
  | { status: "found"; invitee: { id: number; name: string; organization: string; position: string; language: Language }; eventId: number }
  | { status: "not-found" }
  | { status: "gone"; eventId: number };

/**
 * The invitee behind a personal link. The lookup is by the token's hash, and the token is
 * then recomputed and compared in constant time. A link to an archived event is gone (410).
 */
export async function findInviteeByLinkToken(db: Db, token: string): Promise<PersonalLinkLookup> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return { status: "not-found" };
  const row = await db
    .selectFrom("invitees as i")
    .innerJoin("events as e", "e.id", "i.event_id")
    .select(["i.id", "i.name", "i.organization", "i.position", "i.language", "i.link_version", "i.event_id", "e.status"])
    .where("i.link_token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: "not-found" };
  const expected = deriveLinkToken(await personalLinkKey(db), row.id, row.link_version);
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(token))) return { status: "not-found" };
  if (row.status === "archived") return { status: "gone", eventId: row.event_id };
  return {
    status: "found",
    eventId: row.event_id,
    invitee: { id: row.id, name: row.name, organization: row.organization, position: row.position, language: row.language },
  };
}

/** The invitee list as spreadsheet rows, with headers that the import recognises (a round trip works). */
export async function inviteeExportRows(db: Db, eventId: number, locale: Language): Promise<string[][]> {
  const headers =
    locale === "ko"
      ? ["이름", "이메일", "연락처", "소속", "직위", "그룹", "VIP", "언어", "비고"]
      : ["Name", "Email", "Phone", "Organization", "Position", "Group", "VIP", "Language", "Notes"];
  const rows = await db
    .selectFrom("invitees")
    .select(["name", "email", "phone", "organization", "position", "group_name", "is_vip", "language", "notes"])
    .where("event_id", "=", eventId)
    .orderBy("group_name")
    .orderBy("name")
    .execute();
  return [
    headers,
    ...rows.map((row) => [
      row.name,
      row.email ?? "",
      row.phone,
      row.organization,
      row.position,
      row.group_name,
      row.is_vip ? "Y" : "N",
      row.language,
      row.notes,
    ]),
  ];
}

export type DeliveryStatus = "not-invited" | "queued" | "sent" | "stored" | "failed" | "uncertain";

/** Each invitee's delivery, from their latest invitation in the outbox (a fact apart from their answer). */
export async function invitationDelivery(db: Db, eventId: number): Promise<Map<number, { status: DeliveryStatus; error: string | null }>> {
  const rows = await db
    .selectFrom("email_outbox")
    .select(["invitee_id", "status", "last_error"])
    .distinctOn("invitee_id")
    .where("event_id", "=", eventId)
    .where("kind", "=", "invitation")
    .where("invitee_id", "is not", null)
    .orderBy("invitee_id")
    .orderBy("id", "desc")
    .execute();
  return new Map(
    rows.map((row) => [
      row.invitee_id!,
      { status: row.status === "sending" ? "queued" : (row.status as DeliveryStatus), error: row.last_error },
    ]),
  );
}

async function invitationContext(db: Db, eventId: number) {
  const event = await db
    .selectFrom("events")
    .select([
      "id",
      "title_ko",
      "title_en",
      "starts_at",
      "ends_at",
      "time_zone",
      "venue_name",
      "venue_name_en",
      "venue_address",
      "contact_name",
      "contact_phone",
      "contact_email",
      "invitation_subject_ko",
      "invitation_subject_en",
      "invitation_intro_ko",
      "invitation_intro_en",
    ])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  const hosts = await db.selectFrom("event_hosts").select(["name_ko", "name_en"]).where("event_id", "=", eventId).orderBy("position").execute();
  return { event, hosts };
}

type InvitationContext = Awaited<ReturnType<typeof invitationContext>>;

/** The invitation exactly as this invitee gets it: their language, their link, the organizer's text. */
function renderInvitationFor(
  { event, hosts }: InvitationContext,
  invitee: { name: string; organization: string; email: string; language: Language },
  personalLink: string,
) {
  const locale = invitee.language;
  const pick = (ko: string, en: string) => (locale === "en" ? en || ko : ko || en);
  const customSubject = locale === "en" ? event.invitation_subject_en : event.invitation_subject_ko;
  const intro = locale === "en" ? event.invitation_intro_en : event.invitation_intro_ko;
  const title = pick(event.title_ko, event.title_en);
  return {
    fromName: event.contact_name || title.slice(0, 60),
    replyTo: event.contact_email || null,
    ...renderInvitation(
      {
        event: {
          uid: `event-${event.id}@nanum`,
          sequence: 0,
          title,
          hosts: hosts.map((host) => pick(host.name_ko, host.name_en)),
          start: event.starts_at,
          end: event.ends_at,
          timeZone: event.time_zone,
          venueName: pick(event.venue_name, event.venue_name_en),
          venueAddress: event.venue_address,
          mapLinks: mapLinks(event.venue_address || event.venue_name),
          contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
        },
        invitee,
        personalLink,
        customSubject: customSubject || undefined,
        introParagraph: intro || undefined,
        senderName: event.contact_name,
      },
      locale,
    ),
  };
}

export const invitationTextSchema = z.object({
  subjectKo: text(200),
  subjectEn: text(200),
  introKo: text(3000),
  introEn: text(3000),
});

export async function saveInvitationText(db: Db, eventId: number, form: z.output<typeof invitationTextSchema>): Promise<void> {
  await db
    .updateTable("events")
    .set({
      invitation_subject_ko: form.subjectKo,
      invitation_subject_en: form.subjectEn,
      invitation_intro_ko: form.introKo,
      invitation_intro_en: form.introEn,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", eventId)
    .execute();
}

/** Both languages' invitation for a preview: for the first invitee with an email, else for a sample guest. */
export async function previewInvitations(db: Db, eventId: number, origin: string) {
  const context = await invitationContext(db, eventId);
  const key = await personalLinkKey(db);
  const first = await db
    .selectFrom("invitees")
    .select(["id", "name", "email", "organization", "link_version"])
    .where("event_id", "=", eventId)
    .where("email", "is not", null)
    .orderBy("id")
    .executeTakeFirst();
  const person = first
    ? { name: first.name, organization: first.organization, email: first.email!, link: `${origin}/i/${deriveLinkToken(key, first.id, first.link_version)}` }
    : { name: "홍길동", organization: "파주시", email: "guest@example.org", link: `${origin}/i/${"x".repeat(32)}` };
  const render = (language: Language) =>
    renderInvitationFor(context, { name: person.name, organization: person.organization, email: person.email, language }, person.link);
  return {
    values: {
      subjectKo: context.event.invitation_subject_ko,
      subjectEn: context.event.invitation_subject_en,
      introKo: context.event.invitation_intro_ko,
      introEn: context.event.invitation_intro_en,
    },
    ko: render("ko"),
    en: render("en"),
  };
}

/**
 * Queues one invitation (in the invitee's language, with their personal link and an .ics)
 * for everyone with an email who has none yet (or, with `resend`, for the given invitees again).
 * The event row is locked, so two organizers pressing "send" at once queue each invitation once.
 */
export async function queueInvitations(
  db: Db,
  input: { eventId: number; origin: string; inviteeIds?: number[]; resend?: boolean; messageIdDomain: string },
): Promise<number> {
  const key = await personalLinkKey(db);
  const context = await invitationContext(db, input.eventId);
  return db.transaction().execute(async (trx) => {
    // One sender per event at a time: a second press waits, then sees what the first queued.
    await trx.selectFrom("events").select("id").where("id", "=", input.eventId).forUpdate().execute();
    const invitees = await trx
      .selectFrom("invitees")
      .select(["id", "name", "email", "organization", "language", "link_version"])
      .where("event_id", "=", input.eventId)
      .where("email", "is not", null)
      .$if(input.inviteeIds !== undefined, (qb) => qb.where("id", "in", input.inviteeIds!.length ? input.inviteeIds! : [0]))
      .$if(!input.resend, (qb) =>
        qb.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("email_outbox as o")
                .select("o.id")
                .whereRef("o.invitee_id", "=", "invitees.id")
                .where("o.kind", "=", "invitation"),
            ),
          ),
        ),
      )
      .orderBy("id")
      .execute();
    const emails = invitees.map((invitee) => {
      const rendered = renderInvitationFor(
        context,
        { name: invitee.name, organization: invitee.organization, email: invitee.email!, language: invitee.language },
        `${input.origin}/i/${deriveLinkToken(key, invitee.id, invitee.link_version)}`,
      );
      return {
        eventId: input.eventId,
        inviteeId: invitee.id,
        kind: "invitation",
        to: { address: invitee.email!, name: invitee.name },
        fromName: rendered.fromName,
        replyTo: rendered.replyTo,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ics: rendered.ics,
      };
    });
    await enqueueEmails(trx, emails, input.messageIdDomain);
    return emails.length;
  });
}
