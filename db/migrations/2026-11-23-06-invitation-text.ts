import type { Kysely } from "kysely";

// The organizer's own subject line and opening paragraph for the invitation, per language
// (empty: the standard text).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("invitation_subject_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("invitation_subject_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("invitation_intro_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("invitation_intro_en", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .dropColumn("invitation_subject_ko")
    .dropColumn("invitation_subject_en")
    .dropColumn("invitation_intro_ko")
    .dropColumn("invitation_intro_en")
    .execute();
}
