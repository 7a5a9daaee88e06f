import { sql, type Kysely } from "kysely";

// An uploaded invitee list waiting for the organizer's confirmation: the preview is shown
// from it (and re-shown with another column mapping) and nothing is imported until confirmed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("invitee_imports")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("invitee_imports_event").on("invitee_imports").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("invitee_imports").execute();
}
