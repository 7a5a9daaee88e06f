import { sql, type Kysely } from "kysely";

// The waitlist was ordered by `waitlisted_at`, the clock read when an answer began, and ties by
// invitee id. Concurrent answers read the clock before they waited for the event's row lock, so
// the order of the timestamps was not the order in which the answers took their turn: 30 answers
// at once carried 12 distinct milliseconds. A turn drawn from a sequence while the answer holds
// the event's lock (kept until commit) is, within one event, in the order the answers committed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence rsvps_waitlist_turn as bigint`.execute(db);
  await db.schema.alterTable("rsvps").addColumn("waitlist_turn", "bigint").execute();
  // Those already waiting keep the order they were shown: by the old rule, numbered in it.
  await sql`
    update rsvps set waitlist_turn = numbered.turn
    from (select invitee_id, row_number() over (order by waitlisted_at, invitee_id) as turn from rsvps where waitlisted_at is not null) as numbered
    where rsvps.invitee_id = numbered.invitee_id
  `.execute(db);
  await sql`select setval('rsvps_waitlist_turn', coalesce((select max(waitlist_turn) from rsvps), 0) + 1, false)`.execute(db);
  await db.schema
    .alterTable("rsvps")
    .addCheckConstraint("rsvps_waitlist_turn_taken", sql`status not in ('waitlisted', 'offered') or waitlist_turn is not null`)
    .execute();
  await db.schema.dropIndex("rsvps_event_status").execute();
  await db.schema.createIndex("rsvps_event_status").on("rsvps").columns(["event_id", "status", "waitlist_turn"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("rsvps_event_status").execute();
  await db.schema.createIndex("rsvps_event_status").on("rsvps").columns(["event_id", "status", "waitlisted_at"]).execute();
  await db.schema.alterTable("rsvps").dropConstraint("rsvps_waitlist_turn_taken").execute();
  await db.schema.alterTable("rsvps").dropColumn("waitlist_turn").execute();
  await sql`drop sequence rsvps_waitlist_turn`.execute(db);
}
