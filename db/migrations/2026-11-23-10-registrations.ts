import { sql, type Kysely } from "kysely";

// Open registration: pending sign-ups on an event's public page, confirmed by email.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("registrations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    // Only the SHA-256 of the emailed link's token.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("organization", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('ko', 'en')`))
    // The privacy notice exactly as the guest ticked it.
    .addColumn("consent_text", "text", (c) => c.notNull())
    .addColumn("consent_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("confirmed_at", "timestamptz")
    // The invitee the confirmation made; null when the address was already on the list.
    .addColumn("invitee_id", "integer", (c) => c.references("invitees.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("registrations_event_email").on("registrations").columns(["event_id", "email"]).execute();
  await db.schema.createIndex("registrations_expires").on("registrations").columns(["expires_at"]).where(sql.ref("confirmed_at"), "is", null).execute();

  // Registration form submissions per client address, for throttling.
  await db.schema
    .createTable("registration_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("client_address", "text", (c) => c.notNull())
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("registration_attempts_address").on("registration_attempts").columns(["client_address", "attempted_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("registration_attempts").execute();
  await db.schema.dropTable("registrations").execute();
}
