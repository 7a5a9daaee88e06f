/**
 * Personal data is kept for the event's retention period (stated in the consent text) and then
 * deleted: names, contacts, answers, proxies, registrations, uploaded lists and the text of every
 * email go; groups, answers' statuses, check-ins and delivery statuses stay, so the counts survive.
 * Personal links stop working. The organizer may do it earlier. Each purge leaves a row in the
 * destruction register (destruction-register.server.ts) saying what went, when and by whom.
 */
import { recordAccess } from "../access-records/access-records.server";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { DestroyedCounts } from "./destruction-register";
import { recordDestruction, type DestructionActor } from "./destruction-register.server";
import { closeSurveyForPurge, deleteIdentifiableAnswers } from "../survey/survey.server";

type Db = Kysely<Database>;

/** What an invitee's name becomes: not a person any more, but still a row that counts. */
export const PURGED_NAME = "—";

/**
 * Deletes the event's personal data and writes the destruction register's row, counted from what
 * the statements changed, in one transaction. Null when there is no such event or it was purged before.
 */
export async function purgePersonalData(db: Db, eventId: number, actor: DestructionActor, clientAddress: string | null = null): Promise<{ recordId: number; counts: DestroyedCounts } | null> {
  return db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom("events").select("personal_data_purged_at").where("id", "=", eventId).forUpdate().executeTakeFirst();
    if (!event || event.personal_data_purged_at) return null;
    const counts = await erasePersonalData(trx, { eventId });
    await trx
      .updateTable("events")
      .set({ personal_data_purged_at: sql<Date>`now()` })
      .where("id", "=", eventId)
      .execute();
    const recordId = await recordDestruction(trx, { eventId, actor, counts });
    await recordAccess(trx, {
      action: "purge",
      actor: actor.kind === "organizer" ? { kind: "organizer", organizerId: actor.organizerId } : { kind: "system" },
      clientAddress,
      eventId,
      count: counts.invitees,
    });
    return { recordId, counts };
  });
}

/**
 * The purge's statements, for the whole event or for one invitee of it (a guest deleting their
 * own data). Run inside the caller's transaction; returns what each statement changed. One
 * person's deletion keeps their link's hash so the link can say what became of the invitation,
 * and leaves the event's uploads alone (a list uploaded but never imported goes within a day).
 */
export async function erasePersonalData(trx: Db, scope: { eventId: number; inviteeId?: number }): Promise<DestroyedCounts> {
  const { eventId, inviteeId } = scope;
  const one = inviteeId !== undefined;
  const invitees = await trx
    .updateTable("invitees")
    .set({
      name: PURGED_NAME,
      email: null,
      phone: "",
      phone_digits: "",
      organization: "",
      position: "",
      notes: "",
      updated_at: sql<Date>`now()`,
      ...(one ? { erased_at: sql<Date>`now()`, deletion_requested_at: null } : { link_token_hash: null }),
    })
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("id", "=", inviteeId!))
    .executeTakeFirst();
  const rsvps = await trx
    .updateTable("rsvps")
    .set({ proxy_name: "", proxy_position: "", answers: "{}", consent_text: null })
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("invitee_id", "=", inviteeId!))
    .executeTakeFirst();
  const registrations = await trx
    .deleteFrom("registrations")
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("invitee_id", "=", inviteeId!))
    .executeTakeFirst();
  // Award recipients stay (the honours are a public record); who stood in for them and uploaded lists go.
  const awardStandIns = await trx
    .updateTable("award_recipients")
    .set({ stand_in_name: "", stand_in_position: "" })
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("invitee_id", "=", inviteeId!))
    .where((eb) => eb.or([eb("stand_in_name", "<>", ""), eb("stand_in_position", "<>", "")]))
    .executeTakeFirst();
  const awardUploads = one ? null : await trx.deleteFrom("award_imports").where("event_id", "=", eventId).executeTakeFirst();
  // A guest list uploaded but never confirmed waits a day for its preview: it is the list itself.
  const inviteeUploads = one ? null : await trx.deleteFrom("invitee_imports").where("event_id", "=", eventId).executeTakeFirst();
  const emails = await trx
    .updateTable("email_outbox")
    .set({ to_address: "", to_name: "", subject: "", text_body: "", html_body: "", ics: null, attachments: null, last_error: null, server_response: null })
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("invitee_id", "=", inviteeId!))
    .executeTakeFirst();
  // Seats hold no name, but a deleted guest's seat is free for someone else, and a purged event has no one to seat.
  await trx
    .deleteFrom("seat_assignments")
    .where("event_id", "=", eventId)
    .$if(one, (qb) => qb.where("invitee_id", "=", inviteeId!))
    .execute();
  // Survey answers that still name someone go; an anonymous survey's, detached when it closed, stay
  // (one still open closes now, so its answers are detached rather than lost with the names).
  if (!one) await closeSurveyForPurge(trx, eventId);
  const surveyAnswers = await deleteIdentifiableAnswers(trx, scope);
  return {
    invitees: Number(invitees.numUpdatedRows),
    rsvps: Number(rsvps.numUpdatedRows),
    registrations: Number(registrations.numDeletedRows),
    emails: Number(emails.numUpdatedRows),
    awardStandIns: Number(awardStandIns.numUpdatedRows),
    inviteeUploads: Number(inviteeUploads?.numDeletedRows ?? 0),
    awardUploads: Number(awardUploads?.numDeletedRows ?? 0),
    surveyAnswers,
  };
}

/** Events whose retention period has run out since they ended: purged by housekeeping. */
export async function purgeDuePersonalData(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("events")
    .select("id")
    .where("personal_data_purged_at", "is", null)
    .where(sql<boolean>`ends_at + make_interval(days => retention_days) < ${now}`)
    .execute();
  let purged = 0;
  for (const { id } of due) if (await purgePersonalData(db, id, { kind: "retention" })) purged++;
  return purged;
}
