import type { Kysely } from "kysely";

// When the event's personal data was deleted (after its retention period, or earlier on request).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").addColumn("personal_data_purged_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").dropColumn("personal_data_purged_at").execute();
}
