/**
 * Email to invitees: the invitation, the reminder, and the change and cancellation notices.
 * Each is rendered in the invitee's language and queued in the outbox in the same transaction
 * as the change that causes it; the event row is locked while queueing, so two organizers
 * pressing the same button at once queue each message once.
 */
import { expressionBuilder, sql, type Expression, type Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { Database, EmailAttachment, Language, OutboxStatus } from "../../../db/schema";
import { renderCancellation } from "../../../emails/cancellation";
import { renderChangeNotice, type PreviousEventFacts } from "../../../emails/change-notice";
import { guestEventFacts, guestEventIcs, type GuestEvent, type RenderedGuestEmail } from "../../../emails/guest-event";
import { renderInvitation } from "../../../emails/invitation";
import { renderReminder } from "../../../emails/reminder";
import { renderRsvpNote, type RsvpNoteKind } from "../../../emails/rsvp-notes";
import { renderThankYou } from "../../../emails/thank-you";
import { renderTicketEmail, TICKET_QR_CID } from "../../../emails/ticket";
import { formatDateTime, mapLinks } from "../../lib/format";
import type { MailOrigin } from "../../lib/mail-origin.server";
import { text } from "../../lib/forms.server";
import { qrPngBuffer } from "../../lib/qr.server";
import { agendaSessions, outlineOf } from "../program/agenda.server";
import { latestInvitations, personalLinkMaker } from "./invitations.server";
import { enqueueEmails, type OutgoingEmail } from "../outbox.server";
import { recordAccess, type AccessBy, type AccessFilter } from "../access-records/access-records.server";
import { withPayload, type ActiveTicket } from "../rsvp/tickets.server";
import { seatTuplesColumn, ticketSeatsFromTuples, type TicketSeats } from "../seating/seats.server";

type Db = Kysely<Database>;

export type { MailOrigin };

/** An invitation in one of these states may have reached the guest. */
const MAY_HAVE_ARRIVED: OutboxStatus[] = ["sending", "sent", "stored", "uncertain"];
/** Invited: the invitation is on its way or may have arrived (failed and withdrawn ones are not). */
const INVITED: OutboxStatus[] = ["queued", ...MAY_HAVE_ARRIVED];
/** Messages about the event that lose their point once it is cancelled, if they have not left yet. */
const WITHDRAWN_ON_CANCEL = ["invitation", "reminder", "change-notice", "attendee-notice"];

/** What emails about an event say of it (besides its id). */
const mailEventFacts = [
  "events.title_ko",
  "events.title_en",
  "events.starts_at",
  "events.ends_at",
  "events.time_zone",
  "events.venue_name",
  "events.venue_name_en",
  "events.venue_address",
  "events.contact_name",
  "events.contact_phone",
  "events.contact_email",
  "events.rsvp_deadline",
  "events.ics_sequence",
  "events.cancelled_at",
  "events.cancellation_note_ko",
  "events.cancellation_note_en",
  "events.invitation_subject_ko",
  "events.invitation_subject_en",
  "events.invitation_intro_ko",
  "events.invitation_intro_en",
  "events.parking_info_ko",
  "events.parking_info_en",
] as const;

/** The event's hosts in order as one JSON column, so that an email's context is one query. */
function eventHosts(eventId: Expression<number>) {
  return jsonArrayFrom(
    expressionBuilder<Database, never>().selectFrom("event_hosts").select(["event_hosts.name_ko", "event_hosts.name_en"]).where("event_hosts.event_id", "=", eventId).orderBy("event_hosts.position"),
  );
}

export async function mailContext(db: Db, eventId: number) {
  const { hosts, program, ...event } = await db
    .selectFrom("events")
    .select(["events.id", ...mailEventFacts])
    .select((eb) => eventHosts(eb.ref("events.id")).as("hosts"))
    // The program in short, for the invitation and the day-before notice.
    .select((eb) => agendaSessions(eb.ref("events.id")).as("program"))
    .where("events.id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { event, hosts, program };
}

export type MailContext = Awaited<ReturnType<typeof mailContext>>;

export function pickLanguage(locale: Language, ko: string, en: string): string {
  return locale === "en" ? en || ko : ko || en;
}

/** The event as an email in `locale` describes it. */
export function guestEvent({ event, hosts, program }: MailContext, locale: Language): GuestEvent {
  return {
    uid: `event-${event.id}@nanum`,
    sequence: event.ics_sequence,
    title: pickLanguage(locale, event.title_ko, event.title_en),
    hosts: hosts.map((host) => pickLanguage(locale, host.name_ko, host.name_en)),
    start: event.starts_at,
    end: event.ends_at,
    timeZone: event.time_zone,
    venueName: pickLanguage(locale, event.venue_name, event.venue_name_en),
    venueAddress: event.venue_address,
    mapLinks: mapLinks(event.venue_address || event.venue_name),
    contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
    program: outlineOf(program, event, locale),
  };
}

/** Only the display name and Reply-To change per event; the address is the instance's (SMTP_FROM). */
export function sender({ event }: MailContext, locale: Language) {
  return {
    fromName: event.contact_name || pickLanguage(locale, event.title_ko, event.title_en).slice(0, 60),
    replyTo: event.contact_email || null,
    senderName: event.contact_name,
  };
}

export interface Recipient {
  id: number;
  name: string;
  email: string;
  organization: string;
  language: Language;
  link_version: number;
}

export function outgoing(context: MailContext, recipient: Recipient, kind: string, rendered: RenderedGuestEmail): OutgoingEmail {
  const { fromName, replyTo } = sender(context, recipient.language);
  return {
    eventId: context.event.id,
    inviteeId: recipient.id,
    kind,
    to: { address: recipient.email, name: recipient.name },
    fromName,
    replyTo,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ics: rendered.ics,
  };
}

/** The invitation exactly as this invitee gets it: their language, their link, the organizer's text. */
function renderInvitationFor(context: MailContext, invitee: Omit<Recipient, "id" | "link_version">, personalLink: string) {
  const locale = invitee.language;
  const { event } = context;
  const subject = locale === "en" ? event.invitation_subject_en : event.invitation_subject_ko;
  const intro = locale === "en" ? event.invitation_intro_en : event.invitation_intro_ko;
  return renderInvitation(
    {
      event: guestEvent(context, locale),
      invitee,
      personalLink,
      customSubject: subject || undefined,
      introParagraph: intro || undefined,
      senderName: sender(context, locale).senderName,
    },
    locale,
  );
}

/** Locks the event row for the rest of the transaction: one mailing per event at a time. */
async function lockEvent(trx: Db, eventId: number) {
  await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
}

export const recipientColumns = ["invitees.id", "invitees.name", "invitees.email", "invitees.organization", "invitees.language", "invitees.link_version"] as const;

/**
 * Invitees with an email, chosen by their latest invitation: in one of the given statuses,
 * "never" invited, or "anyone".
 */
function recipients(trx: Db, eventId: number, invitation: OutboxStatus[] | "never" | "anyone", inviteeIds?: number[]) {
  return trx
    .selectFrom("invitees")
    .leftJoin(latestInvitations(trx, eventId).as("latest"), "latest.invitee_id", "invitees.id")
    .select(recipientColumns)
    .where("invitees.event_id", "=", eventId)
    .where("invitees.email", "is not", null)
    .$if(invitation === "never", (qb) => qb.where("latest.status", "is", null))
    .$if(Array.isArray(invitation), (qb) => qb.where("latest.status", "in", invitation as OutboxStatus[]))
    .$if(inviteeIds !== undefined, (qb) => qb.where("invitees.id", "in", inviteeIds!.length ? inviteeIds! : [0]))
    .orderBy("invitees.id")
    .$narrowType<{ email: string }>();
}

/**
 * Who a reminder goes to: their invitation may have arrived, they have not answered (any answer
 * counts, waiting for a place or holding an offer too), and no earlier reminder of theirs is
 * still waiting to leave.
 */
function remindable(trx: Db, eventId: number, inviteeIds?: number[]) {
  return recipients(trx, eventId, ["sent", "stored", "uncertain"], inviteeIds)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("email_outbox as r").select("r.id").whereRef("r.invitee_id", "=", "invitees.id").where("r.kind", "=", "reminder").where("r.status", "in", ["queued", "sending"]))),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom("rsvps as answered").select("answered.invitee_id").whereRef("answered.invitee_id", "=", "invitees.id"))));
}

async function countOf(db: Db, query: ReturnType<typeof recipients>): Promise<number> {
  return Number(
    (
      await db
        .selectFrom(query.as("r"))
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** How many each mailing button would reach now, for its label. */
export async function mailingCounts(db: Db, eventId: number): Promise<{ notInvited: number; failed: number; remindable: number }> {
  return {
    notInvited: await countOf(db, recipients(db, eventId, "never")),
    failed: await countOf(db, recipients(db, eventId, ["failed"])),
    remindable: await countOf(db, remindable(db, eventId)),
  };
}

/** What cancelling would do now: notices to those whose invitation may have arrived. */
export async function cancellationAudience(db: Db, eventId: number): Promise<number> {
  return countOf(db, recipients(db, eventId, MAY_HAVE_ARRIVED));
}

export type InvitationAudience = "not-invited" | "failed" | "any";

/**
 * Queues one invitation (in the invitee's language, with their personal link and an .ics) for
 * everyone with an email in the audience: never invited (the default), whose invitation failed
 * (a fresh message with today's details), or anyone given (a lost email sent again).
 * Nothing is queued for a cancelled event.
 */
export async function queueInvitations(db: Db, input: MailOrigin & { eventId: number; inviteeIds?: number[]; audience?: InvitationAudience }, by?: AccessBy): Promise<number> {
  const link = await personalLinkMaker(db, input.origin);
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, input.eventId);
    const context = await mailContext(trx, input.eventId);
    if (context.event.cancelled_at) return 0;
    const audience = input.audience ?? "not-invited";
    const invitation = audience === "not-invited" ? "never" : audience === "failed" ? (["failed"] satisfies OutboxStatus[]) : "anyone";
    const invitees = await recipients(trx, input.eventId, invitation, input.inviteeIds).execute();
    const emails = invitees.map((invitee) => outgoing(context, invitee, "invitation", renderInvitationFor(context, invitee, link(invitee))));
    await enqueueEmails(trx, emails, input.messageIdDomain);
    await recordMailing(trx, by, input.eventId, invitees, { mailing: "invitation", audience, chosen: input.inviteeIds !== undefined });
    return emails.length;
  });
}

/**
 * Queues a reminder, with the same personal link, for invitees whose invitation may have
 * arrived and who have not answered. Anyone whose previous reminder has not left yet is
 * skipped, so pressing the button twice reminds nobody twice.
 */
export async function queueReminders(db: Db, input: MailOrigin & { eventId: number; inviteeIds?: number[] }, by?: AccessBy): Promise<number> {
  const link = await personalLinkMaker(db, input.origin);
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, input.eventId);
    const context = await mailContext(trx, input.eventId);
    if (context.event.cancelled_at) return 0;
    const invitees = await remindable(trx, input.eventId, input.inviteeIds).execute();
    const { event } = context;
    const emails = invitees.map((invitee) => {
      const locale = invitee.language;
      const rendered = renderReminder(
        {
          event: guestEvent(context, locale),
          invitee,
          personalLink: link(invitee),
          deadline: event.rsvp_deadline ? formatDateTime(event.rsvp_deadline, event.time_zone, locale) : undefined,
          senderName: sender(context, locale).senderName,
        },
        locale,
      );
      return outgoing(context, invitee, "reminder", rendered);
    });
    await enqueueEmails(trx, emails, input.messageIdDomain);
    await recordMailing(trx, by, input.eventId, invitees, { mailing: "reminder", chosen: input.inviteeIds !== undefined });
    return emails.length;
  });
}

/**
 * A mailing by an organizer uses the addressees' names and emails: one access record ("update",
 * the messages are queued for them) in the mailing's transaction, naming them by id and the
 * mailing by its kind. A mailing that reaches no one processes no one's data and writes none.
 */
async function recordMailing(trx: Db, by: AccessBy | undefined, eventId: number, invitees: readonly { id: number }[], filter: AccessFilter): Promise<void> {
  if (!by || invitees.length === 0) return;
  await recordAccess(trx, { ...by, action: "update", eventId, subjectIds: invitees.map((invitee) => invitee.id), filter });
}

/** The invitee list's mail buttons: invitations to those not yet invited, a retry of the failed ones, or a reminder. */
export type Mailing = "invite" | "retry" | "remind";

/** Queues one of the list's mailings for the given invitees (all when absent); how many emails were queued. */
export function queueMailing(db: Db, mailing: Mailing, input: MailOrigin & { eventId: number; inviteeIds?: number[] }, by?: AccessBy): Promise<number> {
  if (mailing === "remind") return queueReminders(db, input, by);
  return queueInvitations(db, { ...input, audience: mailing === "retry" ? "failed" : "not-invited" }, by);
}

/**
 * Called inside the transaction that changed the event's time or venue (the event row is
 * already locked and updated): raises the calendar SEQUENCE and, unless `notify` is off,
 * queues a change notice to everyone invited. Returns how many notices were queued.
 */
export async function recordEventChange(trx: Db, eventId: number, previous: PreviousEventFacts & { venueNameEn: string }, notify: MailOrigin | null, by?: AccessBy): Promise<number> {
  await trx
    .updateTable("events")
    .set((eb) => ({ ics_sequence: eb("ics_sequence", "+", 1) }))
    .where("id", "=", eventId)
    .execute();
  if (!notify) return 0;
  const context = await mailContext(trx, eventId);
  if (context.event.cancelled_at) return 0;
  const link = await personalLinkMaker(trx, notify.origin);
  const invitees = await recipients(trx, eventId, INVITED).execute();
  const emails = invitees.map((invitee) => {
    const locale = invitee.language;
    const rendered = renderChangeNotice(
      {
        event: guestEvent(context, locale),
        previous: { ...previous, venueName: pickLanguage(locale, previous.venueName, previous.venueNameEn) },
        invitee,
        personalLink: link(invitee),
        senderName: sender(context, locale).senderName,
      },
      locale,
    );
    return outgoing(context, invitee, "change-notice", rendered);
  });
  await enqueueEmails(trx, emails, notify.messageIdDomain);
  await recordMailing(trx, by, eventId, invitees, { mailing: "change-notice" });
  return emails.length;
}

export const cancellationSchema = z.object({ noteKo: text(2000), noteEn: text(2000) });

export type CancellationResult = { cancelled: true; noticesQueued: number; withdrawn: number } | { cancelled: false };

/**
 * Cancels the event: messages about it that have not left yet are withdrawn (a guest who
 * never got the invitation needs no cancellation), and everyone whose invitation may have
 * arrived gets a cancellation notice whose calendar file (METHOD:CANCEL, same UID, higher
 * SEQUENCE) removes the entry. Cancelling twice does nothing the second time.
 */
export async function cancelEvent(db: Db, eventId: number, note: z.output<typeof cancellationSchema>, mail: MailOrigin, by?: AccessBy): Promise<CancellationResult> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const cancelled = await trx
      .updateTable("events")
      .set((eb) => ({
        cancelled_at: sql<Date>`now()`,
        cancellation_note_ko: note.noteKo,
        cancellation_note_en: note.noteEn,
        ics_sequence: eb("ics_sequence", "+", 1),
        updated_at: sql<Date>`now()`,
      }))
      .where("id", "=", eventId)
      .where("cancelled_at", "is", null)
      .executeTakeFirst();
    if (cancelled.numUpdatedRows === 0n) return { cancelled: false };
    const withdrawn = await trx
      .updateTable("email_outbox")
      .set({ status: "withdrawn", finished_at: sql<Date>`now()`, last_error: "The event was cancelled before this message left." })
      .where("event_id", "=", eventId)
      .where("kind", "in", WITHDRAWN_ON_CANCEL)
      .where("status", "=", "queued")
      .executeTakeFirst();
    const context = await mailContext(trx, eventId);
    const invitees = await recipients(trx, eventId, MAY_HAVE_ARRIVED).execute();
    const emails = invitees.map((invitee) => {
      const locale = invitee.language;
      const rendered = renderCancellation(
        {
          event: guestEvent(context, locale),
          invitee,
          note: pickLanguage(locale, note.noteKo, note.noteEn),
          senderName: sender(context, locale).senderName,
        },
        locale,
      );
      return outgoing(context, invitee, "cancellation", rendered);
    });
    await enqueueEmails(trx, emails, mail.messageIdDomain);
    await recordMailing(trx, by, eventId, invitees, { mailing: "cancellation" });
    return { cancelled: true, noticesQueued: emails.length, withdrawn: Number(withdrawn.numUpdatedRows) };
  });
}

/** A ticket's seats as its email's props take them: nothing at all for a guest not seated yet. */
export function emailSeats(seats: TicketSeats): { seat?: string; companionSeats?: string[] } {
  return { ...(seats.seat ? { seat: seats.seat } : {}), ...(seats.companionSeats.length > 0 ? { companionSeats: seats.companionSeats } : {}) };
}

/** The ticket's QR code as the inline PNG its email shows (src="cid:…"). */
export async function ticketQrAttachment(ticket: Pick<ActiveTicket, "code" | "payload">): Promise<EmailAttachment> {
  const qr = await qrPngBuffer(ticket.payload, { scale: 5 });
  return { filename: `ticket-${ticket.code}.png`, contentType: "image/png", contentBase64: qr.toString("base64"), cid: TICKET_QR_CID };
}

export type RsvpEmailKind = "ticket" | RsvpNoteKind;

/**
 * Queues the email that follows an answer: the ticket (QR code inline, entry code, .ics), the
 * waitlist place, an offer of a freed place, or the note that they are not coming. Call it in
 * the transaction that records the answer. Invitees without an email get nothing here; their
 * page shows the same.
 */
export async function queueRsvpEmail(trx: Db, input: { eventId: number; inviteeId: number; kind: RsvpEmailKind; position?: number }, mail: MailOrigin): Promise<void> {
  // The guest, their answer, the event and the active ticket in one query: this runs under the
  // event's lock for every answer.
  const row = await trx
    .selectFrom("invitees")
    .innerJoin("rsvps", "rsvps.invitee_id", "invitees.id")
    .innerJoin("events", "events.id", "invitees.event_id")
    .leftJoin("tickets", (join) => join.onRef("tickets.invitee_id", "=", "invitees.id").on("tickets.status", "=", "active"))
    .select([...recipientColumns, "rsvps.companions", "rsvps.proxy_name", "rsvps.offer_expires_at"])
    .select(["events.id as event_id", ...mailEventFacts])
    .select((eb) => eventHosts(eb.ref("events.id")).as("hosts"))
    .select(["tickets.id as ticket_id", "tickets.version as ticket_version", "tickets.code as ticket_code"])
    // The seat, if the organizer has given one (an answer changed after seating): in the same query.
    .select(seatTuplesColumn("invitees.id").as("seats"))
    .where("invitees.id", "=", input.inviteeId)
    .where("invitees.event_id", "=", input.eventId)
    .where("invitees.email", "is not", null)
    .$narrowType<{ email: string }>()
    .executeTakeFirst();
  if (!row) return;
  const { id, name, email, organization, language, link_version, companions, proxy_name, offer_expires_at, ticket_id, ticket_version, ticket_code, event_id, hosts, seats, ...facts } = row;
  const invitee = { id, name, email, organization, language, link_version, companions, proxy_name };
  // These emails do not show the program.
  const context: MailContext = { event: { id: event_id, ...facts }, hosts, program: [] };
  const locale = invitee.language;
  const link = (await personalLinkMaker(trx, mail.origin))(invitee);
  const { senderName } = sender(context, locale);
  const event = guestEvent(context, locale);
  if (input.kind === "ticket") {
    if (ticket_id === null) return;
    const ticket = await withPayload(trx, { id: ticket_id, event_id: input.eventId, version: ticket_version!, code: ticket_code! });
    const rendered = renderTicketEmail(
      {
        event,
        invitee,
        personalLink: link,
        ticket: {
          code: ticket.code,
          holder: invitee.proxy_name || invitee.name,
          onBehalfOf: invitee.proxy_name ? invitee.name : undefined,
          companions: invitee.companions,
          ...emailSeats(ticketSeatsFromTuples(seats, locale)),
        },
        parking: pickLanguage(locale, context.event.parking_info_ko, context.event.parking_info_en),
        senderName,
      },
      locale,
    );
    await enqueueEmails(trx, [{ ...outgoing(context, invitee, "ticket", rendered), attachments: [await ticketQrAttachment(ticket)] }], mail.messageIdDomain);
    return;
  }
  const rendered = renderRsvpNote(
    {
      kind: input.kind,
      event,
      invitee,
      personalLink: link,
      position: input.position,
      offerExpires: offer_expires_at ? formatDateTime(offer_expires_at, context.event.time_zone, locale) : undefined,
      senderName,
    },
    locale,
  );
  const note = outgoing(context, invitee, input.kind, rendered);
  await enqueueEmails(trx, [input.kind === "declined" ? { ...note, ics: null } : note], mail.messageIdDomain);
}

/** The event as a calendar file for the guest's page (METHOD:PUBLISH, the same UID as the emails'). */
export async function guestCalendar(
  db: Db,
  input: { eventId: number; invitee: { name: string; organization: string; email: string | null }; personalLink: string },
  locale: Language,
): Promise<string> {
  const context = await mailContext(db, input.eventId);
  const event = guestEvent(context, locale);
  return guestEventIcs({
    event,
    facts: guestEventFacts(event, locale, sender(context, locale).senderName),
    method: context.event.cancelled_at ? "CANCEL" : "PUBLISH",
    invitee: { ...input.invitee, email: input.invitee.email ?? "" },
    personalLink: input.personalLink,
  });
}

export const thankYouSchema = z.object({ messageKo: text(3000), messageEn: text(3000) });

/** Those who came (an active check-in), have an email and were not thanked yet. */
function thankable(db: Db, eventId: number) {
  return recipients(db, eventId, "anyone")
    .where((eb) => eb.exists(eb.selectFrom("checkins as c").select("c.id").whereRef("c.invitee_id", "=", "invitees.id").where("c.undone_at", "is", null)))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("email_outbox as t").select("t.id").whereRef("t.invitee_id", "=", "invitees.id").where("t.kind", "=", "thank-you"))));
}

export async function thankYouAudience(db: Db, eventId: number): Promise<number> {
  return countOf(db, thankable(db, eventId));
}

/** Thanks to everyone who came, once each (pressing again reaches only those who came since). */
export async function queueThankYous(db: Db, eventId: number, form: z.output<typeof thankYouSchema>, mail: MailOrigin, by?: AccessBy): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const context = await mailContext(trx, eventId);
    const invitees = await thankable(trx, eventId).execute();
    const emails = invitees.map((invitee) => {
      const locale = invitee.language;
      const rendered = renderThankYou(
        { event: guestEvent(context, locale), invitee, message: pickLanguage(locale, form.messageKo, form.messageEn), senderName: sender(context, locale).senderName },
        locale,
      );
      return { ...outgoing(context, invitee, "thank-you", rendered), ics: null };
    });
    await enqueueEmails(trx, emails, mail.messageIdDomain);
    await recordMailing(trx, by, eventId, invitees, { mailing: "thank-you" });
    return emails.length;
  });
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
  const context = await mailContext(db, eventId);
  const link = await personalLinkMaker(db, origin);
  const first = await db
    .selectFrom("invitees")
    .select(["id", "name", "email", "organization", "link_version"])
    .where("event_id", "=", eventId)
    .where("email", "is not", null)
    .orderBy("id")
    .executeTakeFirst();
  const person = first
    ? { name: first.name, organization: first.organization, email: first.email!, link: link(first) }
    : { name: "홍길동", organization: "파주시", email: "guest@example.org", link: `${origin}/i/${"x".repeat(32)}` };
  const render = (language: Language) => {
    const rendered = renderInvitationFor(context, { name: person.name, organization: person.organization, email: person.email, language }, person.link);
    return { ...sender(context, language), ...rendered };
  };
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
 * How far the current mailing has got: among the event's messages since the oldest one still
 * waiting, how many are done. Nothing waiting: no mailing in progress (null).
 */
export async function mailingProgress(db: Db, eventId: number): Promise<{ done: number; total: number; failed: number } | null> {
  const row = await db
    .selectFrom("email_outbox")
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.count<number>("id").filterWhere("status", "in", ["queued", "sending"]).as("waiting"),
      eb.fn.count<number>("id").filterWhere("status", "=", "failed").as("failed"),
    ])
    .where("event_id", "=", eventId)
    .where("id", ">=", (eb) =>
      eb
        .selectFrom("email_outbox")
        .select((inner) => inner.fn.min("id").as("first"))
        .where("event_id", "=", eventId)
        .where("status", "in", ["queued", "sending"]),
    )
    .executeTakeFirstOrThrow();
  const total = Number(row.total);
  const waiting = Number(row.waiting);
  if (waiting === 0) return null;
  return { done: total - waiting, total, failed: Number(row.failed) };
}
