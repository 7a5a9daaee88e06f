/**
 * The day-before notice to everyone attending: at the event's `attendee_notice_time` on the day
 * before its start date, both in the event's own zone, each guest with an attending answer and
 * an email gets their ticket again with directions, parking and the contact. Housekeeping looks
 * every minute; the event row's lock and `attendee_notice_queued_at` make it once per event,
 * however many app instances look at the same time.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { renderAttendeeNotice } from "../../../emails/attendee-notice";
import { fromZonedInputs, toZonedInputs } from "../../lib/format";
import { emailSeats, guestEvent, mailContext, outgoing, pickLanguage, recipientColumns, sender, ticketQrAttachment, type MailOrigin } from "./guest-mail.server";
import { personalLinkMaker } from "./invitations.server";
import { enqueueEmails, type OutgoingEmail } from "../outbox.server";
import { activeTicket } from "../rsvp/tickets.server";
import { seatTuplesColumn, ticketSeatsFromTuples } from "../seating/seats.server";

type Db = Kysely<Database>;

/** The day before the start date, at the notice time, on the event's own clock. */
const noticeMoment = sql<Date>`((((events.starts_at at time zone events.time_zone)::date - 1) + events.attendee_notice_time::time) at time zone events.time_zone)`;
/** Midnight at the start of the event's day, on its clock: from then on "tomorrow" would be wrong. */
const eventDayBegins = sql<Date>`(((events.starts_at at time zone events.time_zone)::date)::timestamp at time zone events.time_zone)`;

/**
 * Events whose notice is due now. A notice that could not go out the day before (the app was
 * down all evening, or the event was created on the day itself) is skipped rather than sent on
 * the day saying "tomorrow"; the ticket email already carries the same facts.
 */
function dueEvents(db: Db, now: Date) {
  return db
    .selectFrom("events")
    .where("cancelled_at", "is", null)
    .where("status", "<>", "archived")
    .where("attendee_notice_enabled", "=", true)
    .where("attendee_notice_queued_at", "is", null)
    .where("starts_at", ">", now)
    .where(noticeMoment, "<=", now)
    .where(eventDayBegins, ">", now);
}

/**
 * Queues the day-before notice for every event where it is due, one per attending invitee with
 * an email (their ticket's QR code inline), and marks the event as done, all in one transaction
 * per event under the event row's lock. Returns how many notices were queued.
 */
export async function queueDueAttendeeNotices(db: Db, mail: MailOrigin, now = new Date()): Promise<number> {
  const due = await dueEvents(db, now).select("id").orderBy("starts_at").execute();
  let queued = 0;
  for (const { id } of due) {
    queued += await db.transaction().execute(async (trx) => {
      // Checked again under the lock: another instance may have queued them while we looked.
      const locked = await dueEvents(trx, now).select("id").where("id", "=", id).forUpdate().executeTakeFirst();
      if (!locked) return 0;
      const emails = await attendeeNotices(trx, id, mail);
      await enqueueEmails(trx, emails, mail.messageIdDomain);
      await trx.updateTable("events").set({ attendee_notice_queued_at: now }).where("id", "=", id).execute();
      return emails.length;
    });
  }
  return queued;
}

async function attendeeNotices(trx: Db, eventId: number, mail: MailOrigin): Promise<OutgoingEmail[]> {
  const attendees = await trx
    .selectFrom("invitees")
    .innerJoin("rsvps", "rsvps.invitee_id", "invitees.id")
    .select([...recipientColumns, "rsvps.companions", "rsvps.proxy_name"])
    // Where each sits, read with them: the day before is when seating is usually final.
    .select(seatTuplesColumn("invitees.id").as("seats"))
    .where("invitees.event_id", "=", eventId)
    .where("rsvps.status", "=", "attending")
    .where("invitees.email", "is not", null)
    .$narrowType<{ email: string }>()
    .orderBy("invitees.id")
    .execute();
  if (attendees.length === 0) return [];
  const context = await mailContext(trx, eventId);
  const link = await personalLinkMaker(trx, mail.origin);
  const emails: OutgoingEmail[] = [];
  for (const attendee of attendees) {
    const ticket = await activeTicket(trx, attendee.id);
    if (!ticket) continue;
    const locale = attendee.language;
    const rendered = renderAttendeeNotice(
      {
        event: guestEvent(context, locale),
        invitee: attendee,
        personalLink: link(attendee),
        ticket: {
          code: ticket.code,
          holder: attendee.proxy_name || attendee.name,
          onBehalfOf: attendee.proxy_name ? attendee.name : undefined,
          companions: attendee.companions,
          ...emailSeats(ticketSeatsFromTuples(attendee.seats, locale)),
        },
        parking: pickLanguage(locale, context.event.parking_info_ko, context.event.parking_info_en),
        senderName: sender(context, locale).senderName,
      },
      locale,
    );
    emails.push({ ...outgoing(context, attendee, "attendee-notice", rendered), attachments: [await ticketQrAttachment(ticket)] });
  }
  return emails;
}

/**
 * Called in the transaction that saved the event's new date and time. When the event moves to
 * another day, the notice belongs to the new day before: guests told "tomorrow" for the old date
 * have had a change notice since, and on the new eve they expect the usual reminder with their
 * ticket, so the notice is armed again (and one still waiting to leave for the old date is
 * withdrawn). A new time on the same day changes nothing: the change notice said it, and a
 * second "see you tomorrow" for the same day would only confuse.
 */
export async function rearmAttendeeNoticeIfMoved(trx: Db, eventId: number, previous: { startsAt: Date; timeZone: string }): Promise<boolean> {
  const event = await trx.selectFrom("events").select(["starts_at", "time_zone", "attendee_notice_queued_at"]).where("id", "=", eventId).executeTakeFirstOrThrow();
  const sameDay = toZonedInputs(event.starts_at, event.time_zone).date === toZonedInputs(previous.startsAt, previous.timeZone).date;
  if (sameDay || event.attendee_notice_queued_at === null) return false;
  await trx.updateTable("events").set({ attendee_notice_queued_at: null }).where("id", "=", eventId).execute();
  await trx
    .updateTable("email_outbox")
    .set({ status: "withdrawn", finished_at: sql<Date>`now()`, last_error: "The event moved to another day before this notice left." })
    .where("event_id", "=", eventId)
    .where("kind", "=", "attendee-notice")
    .where("status", "=", "queued")
    .execute();
  return true;
}

export type AttendeeNoticeState = "off" | "scheduled" | "queued" | "skipped";

/** When the notice goes (or went) out, for the organizer's overview; the same rule as `dueEvents`. */
export function attendeeNoticeSchedule(
  event: { attendee_notice_enabled: boolean; attendee_notice_time: string; attendee_notice_queued_at: Date | null; starts_at: Date; time_zone: string; cancelled_at: Date | null },
  now = new Date(),
): { state: AttendeeNoticeState; at: Date | null } {
  if (event.attendee_notice_queued_at) return { state: "queued", at: event.attendee_notice_queued_at };
  if (!event.attendee_notice_enabled || event.cancelled_at) return { state: "off", at: null };
  const eventDay = toZonedInputs(event.starts_at, event.time_zone).date;
  const eve = new Date(Date.parse(`${eventDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const at = fromZonedInputs(eve, event.attendee_notice_time, event.time_zone);
  return { state: now < fromZonedInputs(eventDay, "00:00", event.time_zone) ? "scheduled" : "skipped", at };
}
