/**
 * Open registration (off by default): on an event's public page anyone may sign up. The form
 * only stores a pending registration and emails a link; opening it proves the address is theirs,
 * and confirming makes them an invitee in the organizer's chosen group with an attending answer,
 * so capacity and the waitlist apply exactly as for invited guests.
 *
 * An address already on the guest list never gets a second place: it is sent its own personal
 * link instead. The public page answers the same either way, so it tells nobody who is invited.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language, RegistrationOptionalConsent } from "../../../db/schema";
import { renderRegistrationEmail, type RegistrationEmailKind } from "../../../emails/registration-confirm";
import { emailField, requiredText, text } from "../../lib/forms.server";
import { inLocale } from "../../i18n/i18n";
import { hashToken, randomToken } from "../../lib/tokens.server";
import { guestEvent, mailContext, sender, type MailOrigin } from "../invitations/guest-mail.server";
import { addInvitee, DuplicateInviteeEmailError, inviteeGroups, personalLinkToken } from "../invitations/invitations.server";
import { enqueueEmails } from "../outbox.server";
import { optionalConsentText, sha256Hex, type OptionalConsentItem } from "./optional-consents.server";
import { consentNotice, recordRsvp, RsvpRefused, type RsvpForm, type RsvpStatus } from "./rsvp.server";

type Db = Kysely<Database>;

export const REGISTRATION_VALID_HOURS = 24;
/**
 * Per client address: form submissions within the window. Per address on the form: emails sent
 * within the window, so nobody can fill a stranger's inbox from many machines.
 */
export const REGISTRATION_LIMITS = { windowMinutes: 60, perClient: 20, perRecipient: 3 } as const;
/** Unconfirmed registrations are kept this long after their link expired (to say "expired"), then deleted. */
const UNCONFIRMED_KEPT_DAYS = 7;

// ── The organizer's setting ─────────────────────────────────────────────────────────────────

export const registrationSettingsSchema = z.object({
  open: z
    .string()
    .optional()
    .transform((value) => value === "on"),
  group: text(100),
});

export type RegistrationSettingsForm = z.output<typeof registrationSettingsSchema>;

export async function getRegistrationSettings(db: Db, eventId: number) {
  const event = await db.selectFrom("events").select(["slug", "status", "cancelled_at", "open_registration", "registration_group"]).where("id", "=", eventId).executeTakeFirst();
  if (!event) return undefined;
  const counts = await db
    .selectFrom("registrations")
    .select((eb) => [eb.fn.count<number>("id").filterWhere("invitee_id", "is not", null).as("confirmed"), eb.fn.count<number>("id").filterWhere("confirmed_at", "is", null).as("pending")])
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return {
    slug: event.slug,
    published: event.status === "published",
    cancelled: event.cancelled_at !== null,
    open: event.open_registration,
    group: event.registration_group,
    groups: (await inviteeGroups(db, eventId)).map((group) => group.name).filter((name) => name !== ""),
    confirmed: Number(counts.confirmed),
    pending: Number(counts.pending),
  };
}

export async function saveRegistrationSettings(db: Db, eventId: number, form: RegistrationSettingsForm): Promise<void> {
  await db
    .updateTable("events")
    .set({ open_registration: form.open, registration_group: form.group, updated_at: sql<Date>`now()` })
    .where("id", "=", eventId)
    .execute();
}

// ── The public form ─────────────────────────────────────────────────────────────────────────

interface RegistrationWindow {
  status: string;
  cancelled_at: Date | null;
  open_registration: boolean;
  rsvp_deadline: Date | null;
  starts_at: Date;
}

/** Whether the public page should offer the form now: on, published, not cancelled, still taking answers. */
export function registrationOpen(event: RegistrationWindow, now = new Date()): boolean {
  return event.status === "published" && event.cancelled_at === null && event.open_registration && !answersClosed(event, now);
}

/** After the RSVP deadline (or the start) nobody may answer, so nobody may register either. */
function answersClosed(event: Pick<RegistrationWindow, "rsvp_deadline" | "starts_at">, now: Date): boolean {
  return (event.rsvp_deadline !== null && event.rsvp_deadline <= now) || event.starts_at <= now;
}

const publicColumns = [
  "id",
  "slug",
  "status",
  "title_ko",
  "title_en",
  "starts_at",
  "ends_at",
  "time_zone",
  "venue_name",
  "venue_name_en",
  "venue_address",
  "rsvp_deadline",
  "contact_name",
  "contact_phone",
  "contact_email",
  "cancelled_at",
  "open_registration",
  "consent_text_ko",
  "consent_text_en",
  "retention_days",
] as const;

/** The event behind /e/<slug>/register: published, not cancelled, registration on; else undefined (404). */
export async function findRegistrationEvent(db: Db, slug: string, now = new Date()) {
  const event = await db
    .selectFrom("events")
    .select(publicColumns)
    .where("slug", "=", slug.toLowerCase())
    .where("status", "=", "published")
    .where("cancelled_at", "is", null)
    .where("open_registration", "=", true)
    .executeTakeFirst();
  if (!event) return undefined;
  const hosts = await db.selectFrom("event_hosts").select(["name_ko", "name_en"]).where("event_id", "=", event.id).orderBy("position").execute();
  return { ...event, hosts, closed: answersClosed(event, now) };
}

export type RegistrationEvent = NonNullable<Awaited<ReturnType<typeof findRegistrationEvent>>>;

/**
 * The privacy notice a registrant ticks: the RSVP page's own (a registrant ends up with the same
 * answer as an invited guest, so the same notice).
 */
export function registrationConsentText(event: Pick<RegistrationEvent, "consent_text_ko" | "consent_text_en" | "retention_days" | "contact_name" | "hosts">, locale: Language): string {
  return consentNotice(
    event,
    event.hosts.map((host) => inLocale(locale, { ko: host.name_ko, en: host.name_en })),
    locale,
  );
}

export const registrationFormSchema = z.object({
  name: requiredText(100),
  email: emailField.transform((value) => value.toLowerCase()),
  phone: text(40).refine((value) => /^[0-9+()\-.\s]*$/.test(value), "error.phone"),
  organization: text(200),
  position: text(100),
  language: z.enum(["ko", "en"], "error.invalid"),
  // A ticked box posts "on"; an unticked one posts nothing.
  consent: z.literal("on", "registration.error.consent"),
});

export type RegistrationForm = z.output<typeof registrationFormSchema>;

export type RegistrationRequestOutcome = "sent" | "throttled" | "closed" | "not-found";

/**
 * Takes a submitted form: a pending registration and the email with its confirmation link, or,
 * for an address already on the list, that guest's personal link. Both answer "sent", as does a
 * request past the per-address limit (nothing is sent then), so the page reveals nothing.
 * `locale` is the page's language: the consent notice kept is the one the guest read.
 */
export async function requestRegistration(
  db: Db,
  input: {
    slug: string;
    form: RegistrationForm;
    locale: Language;
    clientAddress: string;
    mail: MailOrigin;
    /** The event's optional consent items shown on the form and the ones ticked. */
    optionalConsents?: { items: OptionalConsentItem[]; ticked: Set<number> };
    now?: Date;
  },
): Promise<RegistrationRequestOutcome> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - REGISTRATION_LIMITS.windowMinutes * 60_000);
  const { form } = input;
  return db.transaction().execute(async (trx) => {
    await trx.insertInto("registration_attempts").values({ client_address: input.clientAddress, attempted_at: now }).execute();
    const attempts = await trx
      .selectFrom("registration_attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_address", "=", input.clientAddress)
      .where("attempted_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(attempts.n) > REGISTRATION_LIMITS.perClient) return "throttled";

    const event = await findRegistrationEvent(trx, input.slug, now);
    if (!event) return "not-found";
    if (event.closed) return "closed";

    const emailsSent = await trx
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", event.id)
      .where("to_address", "=", form.email)
      .where("kind", "in", ["registration-confirm", "registration-known"])
      .where("created_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(emailsSent.n) >= REGISTRATION_LIMITS.perRecipient) return "sent";

    const known = await knownInvitee(trx, event.id, form.email);
    if (known) {
      await queueRegistrationEmail(
        trx,
        { eventId: event.id, inviteeId: known.id, kind: "known", registrant: known.registrant, link: `${input.mail.origin}/i/${await personalLinkToken(trx, known)}` },
        input.mail,
      );
      return "sent";
    }
    const registrant = { name: form.name, organization: form.organization, email: form.email, language: form.language };

    const token = randomToken();
    await trx
      .insertInto("registrations")
      .values({
        event_id: event.id,
        token_hash: hashToken(token),
        name: form.name,
        email: form.email,
        phone: form.phone,
        organization: form.organization,
        position: form.position,
        language: form.language,
        consent_text: registrationConsentText(event, input.locale),
        consent_at: now,
        optional_consents: JSON.stringify(givenOptionalConsents(input.optionalConsents, input.locale)),
        created_at: now,
        expires_at: new Date(now.getTime() + REGISTRATION_VALID_HOURS * 3_600_000),
      })
      .execute();
    await queueRegistrationEmail(trx, { eventId: event.id, inviteeId: null, kind: "confirm", registrant, link: `${input.mail.origin}/e/${event.slug}/register/${token}` }, input.mail);
    return "sent";
  });
}

/**
 * The guest already on the list under this address. Their link is mailed to them as they are on
 * the list (name, language, address), never as the form put it: whoever typed the form chooses
 * nothing about a message that carries someone else's personal link.
 */
async function knownInvitee(trx: Db, eventId: number, email: string) {
  const row = await trx
    .selectFrom("invitees")
    .select(["id", "link_version", "name", "organization", "email", "language"])
    .where("event_id", "=", eventId)
    .where("email", "=", email)
    .executeTakeFirst();
  return row && row.email ? { id: row.id, link_version: row.link_version, registrant: { name: row.name, organization: row.organization, email: row.email, language: row.language } } : undefined;
}

async function queueRegistrationEmail(
  trx: Db,
  input: { eventId: number; inviteeId: number | null; kind: RegistrationEmailKind; registrant: { name: string; organization: string; email: string; language: Language }; link: string },
  mail: MailOrigin,
): Promise<void> {
  const context = await mailContext(trx, input.eventId);
  const { registrant } = input;
  const locale = registrant.language;
  const { fromName, replyTo, senderName } = sender(context, locale);
  const rendered = renderRegistrationEmail({ kind: input.kind, event: guestEvent(context, locale), registrant, link: input.link, validHours: REGISTRATION_VALID_HOURS, senderName }, locale);
  await enqueueEmails(
    trx,
    [{ eventId: input.eventId, inviteeId: input.inviteeId, kind: `registration-${input.kind}`, to: { address: registrant.email, name: registrant.name }, fromName, replyTo, ...rendered }],
    mail.messageIdDomain,
  );
}

// ── The confirmation link ───────────────────────────────────────────────────────────────────

export type RegistrationLink =
  | { status: "open"; eventId: number; title: { ko: string; en: string }; name: string; email: string }
  /** Confirmed before: where the guest's own page is. */
  | { status: "confirmed"; personalPath: string }
  /** The address was already on the list; its personal link went to it by email. */
  | { status: "known" }
  | { status: "unknown" }
  | { status: "expired" }
  | { status: "closed" };

function findLink(db: Db, slug: string, token: string) {
  return db
    .selectFrom("registrations as r")
    .innerJoin("events as e", "e.id", "r.event_id")
    .leftJoin("invitees as i", "i.id", "r.invitee_id")
    .select([
      "r.id",
      "r.event_id",
      "r.name",
      "r.email",
      "r.phone",
      "r.organization",
      "r.position",
      "r.language",
      "r.consent_text",
      "r.consent_at",
      "r.optional_consents",
      "r.expires_at",
      "r.confirmed_at",
      "r.invitee_id",
      "i.link_version",
      "e.title_ko",
      "e.title_en",
      "e.status",
      "e.cancelled_at",
      "e.open_registration",
      "e.registration_group",
      "e.rsvp_deadline",
      "e.starts_at",
    ])
    .where("r.token_hash", "=", hashToken(token))
    .where("e.slug", "=", slug.toLowerCase());
}

type LinkRow = NonNullable<Awaited<ReturnType<ReturnType<typeof findLink>["executeTakeFirst"]>>>;

async function linkState(db: Db, row: LinkRow | undefined, now: Date): Promise<RegistrationLink> {
  if (!row) return { status: "unknown" };
  if (row.confirmed_at) {
    if (row.invitee_id === null || row.link_version === null) return { status: "known" };
    return { status: "confirmed", personalPath: `/i/${await personalLinkToken(db, { id: row.invitee_id, link_version: row.link_version })}` };
  }
  if (row.expires_at <= now) return { status: "expired" };
  if (!registrationOpen(row, now)) return { status: "closed" };
  return { status: "open", eventId: row.event_id, title: { ko: row.title_ko, en: row.title_en }, name: row.name, email: row.email };
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What a confirmation link is worth right now, for the page with the confirm button. */
export async function findRegistrationLink(db: Db, slug: string, token: string, now = new Date()): Promise<RegistrationLink> {
  if (!TOKEN_PATTERN.test(token)) return { status: "unknown" };
  return linkState(db, await findLink(db, slug, token).executeTakeFirst(), now);
}

export type RegistrationConfirmation = Exclude<RegistrationLink, { status: "open" }> | { status: "registered"; personalPath: string; rsvp: RsvpStatus };

const attendingAnswer: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

/**
 * Confirms a registration, once: in one transaction, under the registration row's lock, the
 * invitee is created in the event's registration group and an attending answer recorded (a
 * place, or the waitlist when full; the ticket or waitlist email is queued with it). Confirming
 * again changes nothing and points to the same personal page.
 */
export async function confirmRegistration(db: Db, input: { slug: string; token: string; mail: MailOrigin; now?: Date }): Promise<RegistrationConfirmation> {
  const now = input.now ?? new Date();
  if (!TOKEN_PATTERN.test(input.token)) return { status: "unknown" };
  try {
    return await confirmOnce(db, input, now);
  } catch (error) {
    // Two registrations of one address confirmed at once: the other made the invitee first.
    if (error instanceof DuplicateInviteeEmailError) return confirmOnce(db, input, now);
    // The event was cancelled or stopped taking answers since the page was shown.
    if (error instanceof RsvpRefused) return { status: "closed" };
    throw error;
  }
}

async function confirmOnce(db: Db, input: { slug: string; token: string; mail: MailOrigin }, now: Date): Promise<RegistrationConfirmation> {
  return db.transaction().execute(async (trx) => {
    // Locked on its own, then read afresh: a second confirmation waiting here must see the
    // invitee the first one made (a locking read's joined rows would still be the old ones).
    await trx.selectFrom("registrations").select("id").where("token_hash", "=", hashToken(input.token)).forUpdate().execute();
    const row = await findLink(trx, input.slug, input.token).executeTakeFirst();
    const state = await linkState(trx, row, now);
    if (state.status !== "open" || !row) return state as Exclude<RegistrationLink, { status: "open" }>;

    const known = await knownInvitee(trx, row.event_id, row.email);
    if (known) {
      // Added by the organizer (or another registration) since the form was sent: no second place.
      await trx.updateTable("registrations").set({ confirmed_at: now }).where("id", "=", row.id).execute();
      await queueRegistrationEmail(
        trx,
        { eventId: row.event_id, inviteeId: known.id, kind: "known", registrant: known.registrant, link: `${input.mail.origin}/i/${await personalLinkToken(trx, known)}` },
        input.mail,
      );
      return { status: "known" };
    }
    const invitee = await addInvitee(trx, row.event_id, {
      name: row.name,
      email: row.email,
      phone: row.phone,
      organization: row.organization,
      position: row.position,
      groupName: row.registration_group,
      isVip: false,
      language: row.language,
      notes: "",
    });
    await trx.updateTable("registrations").set({ confirmed_at: now, invitee_id: invitee.id }).where("id", "=", row.id).execute();
    const outcome = await recordRsvp(trx, { eventId: row.event_id, inviteeId: invitee.id, form: attendingAnswer, consentText: row.consent_text, mail: input.mail, now });
    await giveRegisteredOptionalConsents(trx, { eventId: row.event_id, inviteeId: invitee.id, given: row.optional_consents ?? [], at: row.consent_at });
    const link = await trx.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", invitee.id).executeTakeFirstOrThrow();
    return { status: "registered", personalPath: `/i/${await personalLinkToken(trx, link)}`, rsvp: outcome.status };
  });
}

/** The ticked items as the form showed them: version, language and the hash of the exact text read. */
function givenOptionalConsents(input: { items: OptionalConsentItem[]; ticked: Set<number> } | undefined, locale: Language): RegistrationOptionalConsent[] {
  if (!input) return [];
  return input.items
    .filter((item) => input.ticked.has(item.id))
    .map((item) => ({ item_id: item.id, version: item.version, language: locale, text_sha256: sha256Hex(optionalConsentText(item, locale)) }));
}

/**
 * The new invitee's optional consents, as ticked on the registration form and given then (the
 * form's time, the text's version and hash as shown). An item removed since still holds its
 * consent, like one given on the RSVP page; withdrawing it is the guest's, from their link.
 */
async function giveRegisteredOptionalConsents(trx: Db, input: { eventId: number; inviteeId: number; given: RegistrationOptionalConsent[]; at: Date }): Promise<void> {
  if (input.given.length === 0) return;
  await trx
    .insertInto("optional_consents")
    .values(
      input.given.map((consent) => ({
        invitee_id: input.inviteeId,
        item_id: consent.item_id,
        event_id: input.eventId,
        version: consent.version,
        language: consent.language,
        text_sha256: consent.text_sha256,
        given_at: input.at,
      })),
    )
    .onConflict((oc) => oc.columns(["invitee_id", "item_id"]).doNothing())
    .execute();
}

/** Unconfirmed registrations whose link ran out a while ago, and old form submissions: deleted. */
export async function purgeExpiredRegistrations(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom("registrations")
    .where("confirmed_at", "is", null)
    .where("expires_at", "<", new Date(now.getTime() - UNCONFIRMED_KEPT_DAYS * 86_400_000))
    .executeTakeFirst();
  await db
    .deleteFrom("registration_attempts")
    .where("attempted_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
  return Number(deleted.numDeletedRows);
}
