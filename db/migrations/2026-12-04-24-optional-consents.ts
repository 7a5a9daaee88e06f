import { sql, type Kysely } from "kysely";

// Optional consents (선택 동의, 개인정보 보호법 제22조): items an organizer adds beside the required
// notice, each ticked or not by the guest on its own and never needed to attend.
// - An item keeps its four disclosures in both languages; editing its text raises its version,
//   so a consent says which wording it was given to. A removed item is only marked removed: the
//   consents given to it are the record of what guests agreed to.
// - A consent keeps the version and the SHA-256 of the exact text the guest read, in their
//   language; withdrawing it keeps the row with the time of withdrawal.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("optional_consent_items")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn("title_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("purpose_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("purpose_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("items_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("items_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("retention_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("retention_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("refusal_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("refusal_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("removed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("optional_consent_items_event").on("optional_consent_items").columns(["event_id", "position"]).execute();
  await db.schema
    .createTable("optional_consents")
    .addColumn("invitee_id", "integer", (c) => c.notNull().references("invitees.id").onDelete("cascade"))
    .addColumn("item_id", "integer", (c) => c.notNull().references("optional_consent_items.id").onDelete("cascade"))
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('ko', 'en')`))
    .addColumn("text_sha256", "text", (c) => c.notNull().check(sql`text_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn("given_at", "timestamptz", (c) => c.notNull())
    .addColumn("withdrawn_at", "timestamptz")
    .addPrimaryKeyConstraint("optional_consents_pkey", ["invitee_id", "item_id"])
    .execute();
  await db.schema.createIndex("optional_consents_event").on("optional_consents").columns(["event_id", "item_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("optional_consents").execute();
  await db.schema.dropTable("optional_consent_items").execute();
}
