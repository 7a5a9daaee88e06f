/**
 * A guest's own requests from their personal link (개인정보 보호법 제35조 열람, 제36조 정정·삭제):
 * seeing everything Nanum holds about them, correcting their name, organization, position and
 * phone, and deleting it.
 *
 * Deletion stops the invitation and the ticket at once and then empties the person's fields as
 * the retention purge does (erasePersonalData for one invitee): the row stays as a tombstone so
 * counts, check-ins and the destruction register agree, and a register row records it with counts
 * only. Within a day of the event (or during it) the erasure waits until the event has ended:
 * door phones and printed lists are in use, and housekeeping carries it out afterwards. An award
 * recipient cannot be deleted here (the honours are a public record and may be in the printed
 * program); the request is kept with its reason for the organizer.
 */
import { recordGuestOwnAccess } from "../access-records/access-records.server";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, GuestRequestRefusal, GuestRequestStatus, Language } from "../../../db/schema";
import { requiredText, text } from "../../lib/forms.server";
import { recordDestruction } from "../events/destruction-register.server";
import { erasePersonalData } from "../events/retention.server";
import { answerText } from "../rsvp/attendees.server";
import { optionalConsentTitle } from "../rsvp/optional-consents.server";
import { listRsvpQuestions, recordRsvp, rsvpFormSchema } from "../rsvp/rsvp.server";
import { cancelTicket } from "../rsvp/tickets.server";
import type { MailOrigin } from "./guest-mail.server";
import { guestSurveyAnswers } from "../survey/survey.server";

type Db = Kysely<Database>;

/** How long before the start a deletion waits for the event to end. */
export const DELETION_QUEUE_HOURS = 24;

// ---------------------------------------------------------------------------------------------
// Seeing (열람)

/** Everything held about one invitee, table by table, as the guest's own page lists it. */
export async function guestDataReport(db: Db, input: { eventId: number; inviteeId: number; locale: Language }) {
  const { inviteeId, locale } = input;
  const invitee = await db
    .selectFrom("invitees")
    .select(["name", "email", "phone", "organization", "position", "group_name", "language", "is_vip", "notes", "created_at", "updated_at"])
    .where("id", "=", inviteeId)
    .where("event_id", "=", input.eventId)
    .executeTakeFirstOrThrow();
  const rsvp = await db
    .selectFrom("rsvps")
    .select(["status", "companions", "proxy_name", "proxy_position", "answers", "consent_at", "consent_text", "responded_at"])
    .where("invitee_id", "=", inviteeId)
    .executeTakeFirst();
  const questions = rsvp ? await listRsvpQuestions(db, input.eventId) : [];
  const consents = await db
    .selectFrom("optional_consents as c")
    .innerJoin("optional_consent_items as o", "o.id", "c.item_id")
    .select(["o.title_ko", "o.title_en", "c.version", "c.language", "c.text_sha256", "c.given_at", "c.withdrawn_at"])
    .where("c.invitee_id", "=", inviteeId)
    .orderBy("o.position")
    .execute();
  const tickets = await db.selectFrom("tickets").select(["code", "version", "status", "issued_at"]).where("invitee_id", "=", inviteeId).orderBy("id").execute();
  const checkins = await db.selectFrom("checkins").select(["checked_in_at", "entrance", "method", "undone_at"]).where("invitee_id", "=", inviteeId).orderBy("checked_in_at").execute();
  const registrations = await db.selectFrom("registrations").select(["name", "email", "phone", "organization", "position", "created_at", "confirmed_at"]).where("invitee_id", "=", inviteeId).execute();
  const emails = await db
    .selectFrom("email_outbox")
    .select(["kind", "to_address", "subject", "status", "created_at", "finished_at"])
    .where("invitee_id", "=", inviteeId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const awards = await db
    .selectFrom("award_recipients as a")
    .innerJoin("award_categories as k", "k.id", "a.category_id")
    .select(["k.name_ko", "k.name_en", "a.name", "a.organization", "a.grade", "a.citation"])
    .where("a.invitee_id", "=", inviteeId)
    .execute();
  return {
    invitee,
    rsvp: rsvp
      ? {
          ...rsvp,
          answers: questions
            .filter((question) => rsvp.answers[String(question.id)] !== undefined)
            .map((question) => ({
              question: locale === "en" ? question.label_en || question.label_ko : question.label_ko || question.label_en,
              answer: answerText(question, rsvp.answers[String(question.id)], locale),
            })),
        }
      : null,
    consents: consents.map((consent) => ({ ...consent, title: optionalConsentTitle(consent, locale) })),
    tickets,
    checkins,
    registrations,
    emails,
    awards: awards.map((award) => ({ ...award, category: locale === "en" ? award.name_en || award.name_ko : award.name_ko || award.name_en })),
    surveyAnswers: await guestSurveyAnswers(db, input.eventId, inviteeId, locale),
  };
}

export type GuestDataReport = Awaited<ReturnType<typeof guestDataReport>>;

// ---------------------------------------------------------------------------------------------
// Correcting (정정)

export const guestCorrectionSchema = z.object({
  name: requiredText(100),
  organization: text(200),
  position: text(100),
  phone: text(40).refine((value) => /^[0-9+()\-.\s]*$/.test(value), "error.phone"),
});

export type GuestCorrection = z.output<typeof guestCorrectionSchema>;

/** The guest corrects their own details (an access record of their own, in the same transaction); false when the invitee is no longer there to correct. */
export async function correctGuestDetails(db: Db, input: { eventId: number; inviteeId: number; form: GuestCorrection; clientAddress: string | null }): Promise<boolean> {
  const { form } = input;
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("invitees")
      .set({ name: form.name, organization: form.organization, position: form.position, phone: form.phone, phone_digits: form.phone.replace(/\D/g, ""), updated_at: sql<Date>`now()` })
      .where("id", "=", input.inviteeId)
      .where("event_id", "=", input.eventId)
      .where("erased_at", "is", null)
      .where("deletion_requested_at", "is", null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await recordGuestOwnAccess(trx, { action: "update", eventId: input.eventId, inviteeId: input.inviteeId, clientAddress: input.clientAddress });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Deleting (삭제)

export type DeletionOutcome = { status: "done" } | { status: "queued"; after: Date } | { status: "refused"; reason: GuestRequestRefusal } | { status: "already" };

/**
 * The guest asks for their data to be deleted. The invitation and the ticket stop working at
 * once (their place goes to the waitlist; emails not yet sent are withdrawn); the erasure follows
 * at once, or after the event when it is within DELETION_QUEUE_HOURS or under way.
 */
export async function requestGuestDeletion(db: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin; now?: Date; clientAddress?: string | null }): Promise<DeletionOutcome> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<DeletionOutcome> => {
    const invitee = await trx
      .selectFrom("invitees")
      .select(["erased_at", "deletion_requested_at"])
      .where("id", "=", input.inviteeId)
      .where("event_id", "=", input.eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!invitee || invitee.erased_at || invitee.deletion_requested_at) return { status: "already" };
    const request = (status: GuestRequestStatus, reason: GuestRequestRefusal | null = null) =>
      trx
        .insertInto("guest_requests")
        .values({ event_id: input.eventId, invitee_id: input.inviteeId, kind: "deletion", status, reason, requested_at: now, carried_out_at: status === "done" ? now : null })
        .execute();
    const award = await trx.selectFrom("award_recipients").select("id").where("invitee_id", "=", input.inviteeId).executeTakeFirst();
    if (award) {
      await request("refused", "award-recipient");
      return { status: "refused", reason: "award-recipient" };
    }
    const event = await trx.selectFrom("events").select(["starts_at", "ends_at", "cancelled_at"]).where("id", "=", input.eventId).executeTakeFirstOrThrow();
    await stopInvitation(trx, { ...input, cancelled: event.cancelled_at !== null, now });
    // The guest's own action, in the access records, whether carried out now or after the event.
    await recordGuestOwnAccess(trx, { action: "delete", eventId: input.eventId, inviteeId: input.inviteeId, clientAddress: input.clientAddress ?? null });
    const soon = now.getTime() >= event.starts_at.getTime() - DELETION_QUEUE_HOURS * 3_600_000 && now < event.ends_at;
    if (soon) {
      await trx.updateTable("invitees").set({ deletion_requested_at: now }).where("id", "=", input.inviteeId).execute();
      await request("queued");
      return { status: "queued", after: event.ends_at };
    }
    await eraseGuest(trx, input.eventId, input.inviteeId);
    await request("done");
    return { status: "done" };
  });
}

/** No more answering, ticket or email for this invitee: a place held goes to the waitlist. */
async function stopInvitation(trx: Db, input: { eventId: number; inviteeId: number; mail: MailOrigin; cancelled: boolean; now: Date }) {
  const rsvp = await trx.selectFrom("rsvps").select("status").where("invitee_id", "=", input.inviteeId).executeTakeFirst();
  if (!input.cancelled && rsvp && rsvp.status !== "declined") {
    await recordRsvp(trx, { eventId: input.eventId, inviteeId: input.inviteeId, form: rsvpFormSchema([], 0).parse({ answer: "declined" }), consentText: "", mail: input.mail, now: input.now });
  }
  await cancelTicket(trx, input.inviteeId);
  // Including the "not attending" confirmation the line above queued: the guest asked to hear no more.
  await trx.updateTable("email_outbox").set({ status: "withdrawn", finished_at: input.now }).where("invitee_id", "=", input.inviteeId).where("status", "=", "queued").execute();
}

/** Empties the invitee's personal fields and writes the destruction register's row (counts only). */
async function eraseGuest(trx: Db, eventId: number, inviteeId: number) {
  const counts = await erasePersonalData(trx, { eventId, inviteeId });
  await trx.deleteFrom("optional_consents").where("invitee_id", "=", inviteeId).execute();
  await recordDestruction(trx, { eventId, actor: { kind: "guest" }, counts });
}

/** Deletions asked for within a day of an event, carried out once it has ended (run by housekeeping). */
export async function carryOutQueuedDeletions(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("invitees as i")
    .innerJoin("events as e", "e.id", "i.event_id")
    .select(["i.id", "i.event_id"])
    .where("i.deletion_requested_at", "is not", null)
    .where("i.erased_at", "is", null)
    .where("e.ends_at", "<=", now)
    .execute();
  let done = 0;
  for (const row of due) {
    done += await db.transaction().execute(async (trx) => {
      // Another instance's housekeeping may have done it since the list was read.
      const still = await trx.selectFrom("invitees").select("id").where("id", "=", row.id).where("erased_at", "is", null).where("deletion_requested_at", "is not", null).forUpdate().executeTakeFirst();
      if (!still) return 0;
      await eraseGuest(trx, row.event_id, row.id);
      await trx.updateTable("guest_requests").set({ status: "done", carried_out_at: now }).where("invitee_id", "=", row.id).where("kind", "=", "deletion").where("status", "=", "queued").execute();
      return 1;
    });
  }
  return done;
}

/**
 * The event's deletion requests for its organizers: when, and what became of each. A deletion
 * carried out names nobody; one queued or refused names the person, whose data is still held.
 */
export async function listGuestRequests(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("guest_requests as g")
    .innerJoin("invitees as i", "i.id", "g.invitee_id")
    .select(["g.id", "g.invitee_id", "g.status", "g.reason", "g.requested_at", "g.carried_out_at", "i.name"])
    .where("g.event_id", "=", eventId)
    .orderBy("g.requested_at", "desc")
    .orderBy("g.id", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    reason: row.reason,
    requestedAt: row.requested_at,
    carriedOutAt: row.carried_out_at,
    invitee: row.status === "done" ? null : { id: row.invitee_id, name: row.name },
  }));
}
