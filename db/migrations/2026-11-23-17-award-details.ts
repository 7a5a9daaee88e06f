import { sql, type Kysely } from "kysely";

// Awards in full: who receives on a recipient's behalf (대리수상) when the organizer says so, and
// uploaded recipient lists waiting for confirmation. Composite keys keep a recipient's category
// and invitee, and a category's program session, within the same event in the database too.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("award_recipients")
    .addColumn("stand_in_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("stand_in_position", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.alterTable("invitees").addUniqueConstraint("invitees_id_event", ["id", "event_id"]).execute();
  await db.schema.alterTable("agenda_sessions").addUniqueConstraint("agenda_sessions_id_event", ["id", "event_id"]).execute();
  await db.schema.alterTable("award_categories").addUniqueConstraint("award_categories_id_event", ["id", "event_id"]).execute();
  // "set null (column)" clears only the link and keeps event_id (PostgreSQL 15+).
  await sql`alter table award_recipients add constraint award_recipients_invitee_same_event
    foreign key (invitee_id, event_id) references invitees (id, event_id) on delete set null (invitee_id)`.execute(db);
  await sql`alter table award_recipients add constraint award_recipients_category_same_event
    foreign key (category_id, event_id) references award_categories (id, event_id) on delete cascade`.execute(db);
  await sql`alter table award_categories add constraint award_categories_session_same_event
    foreign key (session_id, event_id) references agenda_sessions (id, event_id) on delete set null (session_id)`.execute(db);
  await db.schema
    .createTable("award_imports")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("award_imports_event").on("award_imports").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("award_imports").execute();
  await db.schema.alterTable("award_categories").dropConstraint("award_categories_session_same_event").execute();
  await db.schema.alterTable("award_recipients").dropConstraint("award_recipients_category_same_event").execute();
  await db.schema.alterTable("award_recipients").dropConstraint("award_recipients_invitee_same_event").execute();
  await db.schema.alterTable("award_categories").dropConstraint("award_categories_id_event").execute();
  await db.schema.alterTable("agenda_sessions").dropConstraint("agenda_sessions_id_event").execute();
  await db.schema.alterTable("invitees").dropConstraint("invitees_id_event").execute();
  await db.schema.alterTable("award_recipients").dropColumn("stand_in_name").dropColumn("stand_in_position").execute();
}
