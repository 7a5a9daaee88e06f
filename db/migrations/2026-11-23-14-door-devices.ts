import { sql, type Kysely } from "kysely";

// A phone at the door without an account: a link (256-bit token, hash kept) and a 6-digit PIN.
// A few wrong PINs lock the link; the organizer can revoke it; it stops working hours after the event.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("door_devices")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("link_hash", "text", (c) => c.notNull().unique())
    .addColumn("pin_hash", "text", (c) => c.notNull())
    .addColumn("failed_pins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_at", "timestamptz")
    // Set after the right PIN: the cookie's token, hashed.
    .addColumn("session_hash", "text", (c) => c.unique())
    .addColumn("created_by", "integer", (c) => c.references("organizers.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("last_seen_at", "timestamptz")
    .execute();
  await db.schema.createIndex("door_devices_event").on("door_devices").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("door_devices").execute();
}
