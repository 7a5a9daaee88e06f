import { sql, type Kysely } from "kysely";

// The destruction register (파기 대장, 개인정보 보호법 제21조): one row per purge of an event's
// personal data, written in the purge's transaction. It holds no guest's personal data, only what
// was destroyed (categories and counts), when, why, by whom and how.
// - The event's title and dates are copied as they were, and the event cannot be deleted while
//   its register rows exist (restrict, not cascade): the register must outlive the data.
// - The organizer is copied by name and email with no foreign key, so a removed account leaves
//   the record as it was.
// - Rows are never changed or removed: a trigger refuses UPDATE, DELETE and TRUNCATE.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("destruction_records")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("restrict"))
    .addColumn("event_title_ko", "text", (c) => c.notNull())
    .addColumn("event_title_en", "text", (c) => c.notNull())
    .addColumn("event_starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("event_ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("event_time_zone", "text", (c) => c.notNull())
    .addColumn("retention_days", "integer", (c) => c.notNull())
    .addColumn("destroyed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("cause", "text", (c) => c.notNull().check(sql`cause in ('retention', 'organizer')`))
    .addColumn("organizer_id", "integer")
    .addColumn("organizer_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("organizer_email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('database')`))
    .addColumn("counts", "jsonb", (c) => c.notNull().check(sql`jsonb_typeof(counts) = 'object'`))
    .addCheckConstraint("destruction_records_actor", sql`(cause = 'organizer') = (organizer_id is not null)`)
    .execute();
  await db.schema.createIndex("destruction_records_event").on("destruction_records").columns(["event_id", "destroyed_at"]).execute();
  await sql`
    create function destruction_records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the destruction register is append-only: % refused', tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger destruction_records_no_change before update or delete on destruction_records
    for each row execute function destruction_records_append_only()`.execute(db);
  await sql`
    create trigger destruction_records_no_truncate before truncate on destruction_records
    for each statement execute function destruction_records_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("destruction_records").execute();
  await sql`drop function destruction_records_append_only()`.execute(db);
}
