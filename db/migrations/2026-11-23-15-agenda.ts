import { sql, type Kysely } from "kysely";

// The program: parts (1부, 2부) and timed sessions in them, with the people who speak or perform.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("agenda_parts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addCheckConstraint("agenda_parts_has_title", sql`title_ko <> '' or title_en <> ''`)
    .execute();
  await db.schema
    .createTable("agenda_sessions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("part_id", "integer", (c) => c.references("agenda_parts.id").onDelete("set null"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('opening', 'remarks', 'awards', 'presentation', 'performance', 'lecture', 'announcement', 'signing', 'photo', 'break', 'other')`),
    )
    .addColumn("title_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("room", "text", (c) => c.notNull().defaultTo(""))
    // The MC's cue for the run sheet: who hands over what, music, microphones.
    .addColumn("cue", "text", (c) => c.notNull().defaultTo(""))
    .addCheckConstraint("agenda_sessions_has_title", sql`title_ko <> '' or title_en <> ''`)
    .addCheckConstraint("agenda_sessions_ends_after_start", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("agenda_sessions_event_time").on("agenda_sessions").columns(["event_id", "starts_at"]).execute();
  await db.schema
    .createTable("agenda_people")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("organization_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("organization_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("role_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("role_en", "text", (c) => c.notNull().defaultTo(""))
    .addCheckConstraint("agenda_people_has_name", sql`name_ko <> '' or name_en <> ''`)
    .execute();
  await db.schema
    .createTable("agenda_session_people")
    .addColumn("session_id", "integer", (c) => c.notNull().references("agenda_sessions.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("agenda_people.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("agenda_session_people_pkey", ["session_id", "person_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("agenda_session_people").execute();
  await db.schema.dropTable("agenda_people").execute();
  await db.schema.dropTable("agenda_sessions").execute();
  await db.schema.dropTable("agenda_parts").execute();
}
