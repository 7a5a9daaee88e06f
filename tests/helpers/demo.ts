/**
 * Test data on top of the demo data (scripts/seed.ts), made with the domain's own functions:
 * what an end-to-end test would otherwise click or scrape its way to before the part it tests.
 */
import type { Kysely } from "kysely";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import type { Database } from "../../db/schema";

/** Where queued emails point; nothing in these tests follows them. */
export const DEMO_MAIL = { origin: "http://localhost:3000", messageIdDomain: "nanum.local" };

/** The demo's Paju meeting: the event most tests work on. */
export function pajuEvent(db: Kysely<Database>) {
  return db.selectFrom("events").select(["id", "slug"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
}

export interface AttendingGuest {
  name: string;
  inviteeId: number;
  eventId: number;
  /** The event's page in the organizer's pages, /admin/events/ID. */
  eventPath: string;
  slug: string;
  /** The ticket's QR code as a camera reads it. */
  payload: string;
  /** The entry code printed under the QR code. */
  code: string;
}

/**
 * `count` invitees of the Paju meeting with an email address, in the order the organizer's list
 * shows them, each answering "attending" (which issues their ticket), with the ticket's QR
 * payload and entry code as their ticket email carries them.
 */
export async function attendingGuests(db: Kysely<Database>, count: number): Promise<AttendingGuest[]> {
  const event = await pajuEvent(db);
  const invitees = await db
    .selectFrom("invitees")
    .select(["id", "name"])
    .where("event_id", "=", event.id)
    .where("email", "is not", null)
    .orderBy("group_name")
    .orderBy("name")
    .orderBy("id")
    .limit(count)
    .execute();
  if (invitees.length < count) throw new Error(`the demo event has ${invitees.length} invitees with an email, not ${count}`);
  const guests: AttendingGuest[] = [];
  for (const invitee of invitees) {
    await recordRsvp(db, {
      eventId: event.id,
      inviteeId: invitee.id,
      form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }),
      consentText: "동의",
      mail: DEMO_MAIL,
    });
    const ticket = await activeTicket(db, invitee.id);
    if (!ticket) throw new Error(`${invitee.name} answered "attending" but has no ticket`);
    guests.push({ name: invitee.name, inviteeId: invitee.id, eventId: event.id, eventPath: `/admin/events/${event.id}`, slug: event.slug, payload: ticket.payload, code: ticket.code });
  }
  return guests;
}
