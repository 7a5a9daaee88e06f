import type { Kysely } from "kysely";

/**
 * Certificates of attendance (참석 확인서), each with a code a public page verifies. The holder's
 * full name is never copied here: it is read from the invitee (or their proxy) while the event's
 * personal data lasts; afterwards only the masked form (김○○) remains.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attendance_certificates")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("invitee_id", "integer", (col) => col.notNull().unique().references("invitees.id").onDelete("cascade"))
    .addColumn("code", "text", (col) => col.notNull().unique())
    .addColumn("masked_name", "text", (col) => col.notNull())
    .addColumn("issued_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attendance_certificates").execute();
}
