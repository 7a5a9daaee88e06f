import { sql, type Kysely } from "kysely";

// Awards presented at the event: categories (우수기자상…) and their recipients, who may be minors
// (then shown masked on public pages) and may be linked to an invitee of the event.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("award_categories")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("presenter", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("session_id", "integer", (c) => c.references("agenda_sessions.id").onDelete("set null"))
    .addCheckConstraint("award_categories_has_name", sql`name_ko <> '' or name_en <> ''`)
    .execute();
  await db.schema
    .createTable("award_recipients")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("category_id", "integer", (c) => c.notNull().references("award_categories.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("organization", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("grade", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("citation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("is_minor", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("invitee_id", "integer", (c) => c.references("invitees.id").onDelete("set null"))
    .addCheckConstraint("award_recipients_has_name", sql`btrim(name) <> ''`)
    .execute();
  await db.schema.createIndex("award_recipients_category").on("award_recipients").columns(["category_id", "position"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("award_recipients").execute();
  await db.schema.dropTable("award_categories").execute();
}
