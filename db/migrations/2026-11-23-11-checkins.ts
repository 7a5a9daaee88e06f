import { sql, type Kysely } from "kysely";

// Check-in at the door. A check-in is never deleted: undoing it records when and by whom, and
// the database allows at most one check-in that is not undone per person per event, so two
// doors scanning the same ticket at once give one check-in and one "already checked in".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("checkins")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("invitee_id", "integer", (c) => c.notNull().references("invitees.id").onDelete("cascade"))
    .addColumn("ticket_id", "integer", (c) => c.references("tickets.id").onDelete("set null"))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('scan', 'code', 'manual', 'walk-in')`))
    .addColumn("entrance", "text", (c) => c.notNull().defaultTo(""))
    // A device's own id for a check-in made offline, so syncing it twice records it once.
    .addColumn("client_id", "text", (c) => c.unique())
    .addColumn("checked_in_by", "integer", (c) => c.references("organizers.id").onDelete("set null"))
    .addColumn("checked_in_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("undone_at", "timestamptz")
    .addColumn("undone_by", "integer", (c) => c.references("organizers.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("checkins_one_active")
    .unique()
    .on("checkins")
    .columns(["event_id", "invitee_id"])
    .where(sql.ref("undone_at"), "is", null)
    .execute();
  await db.schema.createIndex("checkins_event_time").on("checkins").columns(["event_id", "checked_in_at"]).execute();

  // Two devices that admitted the same person while offline: the second becomes a conflict to look at.
  await db.schema
    .createTable("checkin_conflicts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("invitee_id", "integer", (c) => c.notNull().references("invitees.id").onDelete("cascade"))
    .addColumn("checkin_id", "integer", (c) => c.notNull().references("checkins.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull().unique())
    .addColumn("entrance", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("checked_in_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("checkin_conflicts").execute();
  await db.schema.dropTable("checkins").execute();
}
