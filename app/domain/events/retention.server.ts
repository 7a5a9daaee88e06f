/**
 * Personal data is kept for the event's retention period (stated in the consent text) and then
 * deleted: names, contacts, answers, proxies, registrations, uploaded lists and the text of every
 * email go; groups, answers' statuses, check-ins and delivery statuses stay, so the counts survive.
 * Personal links stop working. The organizer may do it earlier.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** What an invitee's name becomes: not a person any more, but still a row that counts. */
export const PURGED_NAME = "—";

export async function purgePersonalData(db: Db, eventId: number): Promise<{ invitees: number } | null> {
  return db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom("events").select("personal_data_purged_at").where("id", "=", eventId).forUpdate().executeTakeFirst();
    if (!event || event.personal_data_purged_at) return null;
    const invitees = await trx
      .updateTable("invitees")
      .set({ name: PURGED_NAME, email: null, phone: "", phone_digits: "", organization: "", position: "", notes: "", link_token_hash: null, updated_at: sql<Date>`now()` })
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    await trx.updateTable("rsvps").set({ proxy_name: "", proxy_position: "", answers: "{}", consent_text: null }).where("event_id", "=", eventId).execute();
    await trx.deleteFrom("registrations").where("event_id", "=", eventId).execute();
    // Award recipients stay (the honours are a public record); who stood in for them and uploaded lists go.
    await trx.updateTable("award_recipients").set({ stand_in_name: "", stand_in_position: "" }).where("event_id", "=", eventId).execute();
    await trx.deleteFrom("award_imports").where("event_id", "=", eventId).execute();
    // A guest list uploaded but never confirmed waits a day for its preview: it is the list itself.
    await trx.deleteFrom("invitee_imports").where("event_id", "=", eventId).execute();
    await trx
      .updateTable("email_outbox")
      .set({ to_address: "", to_name: "", subject: "", text_body: "", html_body: "", ics: null, attachments: null, last_error: null, server_response: null })
      .where("event_id", "=", eventId)
      .execute();
    await trx
      .updateTable("events")
      .set({ personal_data_purged_at: sql<Date>`now()` })
      .where("id", "=", eventId)
      .execute();
    return { invitees: Number(invitees.numUpdatedRows) };
  });
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
  for (const { id } of due) if (await purgePersonalData(db, id)) purged++;
  return purged;
}
