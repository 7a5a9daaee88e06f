import { sql, type Kysely } from "kysely";

// Found by an outside probe:
// - a re-issued ticket gets a new entry code; the codes it had before are kept so that typing one
//   answers "superseded" rather than "invalid" (or, as before, "welcome");
// - offline check-ins the server rejects (a ticket of another person or event, a time outside
//   the door's window) are kept as conflicts with their reason, beside the double admissions;
// - the first time a door roster is handed out opens the window offline check-ins may fall in;
// - addresses an organizer has logged in from, so a lockout by strangers does not lock them out.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("retired_ticket_codes")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("ticket_id", "integer", (c) => c.notNull().references("tickets.id").onDelete("cascade"))
    .addColumn("retired_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("retired_ticket_codes_pkey", ["event_id", "code"])
    .execute();
  await db.schema.createIndex("retired_ticket_codes_ticket").on("retired_ticket_codes").column("ticket_id").execute();

  await db.schema.alterTable("checkin_conflicts").alterColumn("checkin_id", (c) => c.dropNotNull()).execute();
  await db.schema
    .alterTable("checkin_conflicts")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo("double").check(sql`reason in ('double', 'ticket', 'time')`))
    .execute();

  await db.schema.alterTable("events").addColumn("door_roster_issued_at", "timestamptz").execute();

  await db.schema
    .createTable("organizer_known_addresses")
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("client_address", "text", (c) => c.notNull())
    .addColumn("last_success_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("organizer_known_addresses_pkey", ["organizer_id", "client_address"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("organizer_known_addresses").execute();
  await db.schema.alterTable("events").dropColumn("door_roster_issued_at").execute();
  await db.deleteFrom("checkin_conflicts").where("checkin_id", "is", null).execute();
  await db.schema.alterTable("checkin_conflicts").dropColumn("reason").execute();
  await db.schema.alterTable("checkin_conflicts").alterColumn("checkin_id", (c) => c.setNotNull()).execute();
  await db.schema.dropTable("retired_ticket_codes").execute();
}
