import type { Kysely } from "kysely";
import { sql } from "kysely";

/**
 * The short survey after an event (만족도 조사): one per event, up to ten questions, sent once to
 * those checked in. `sent_at` and `closed_at` are set by conditional updates, so a survey is
 * sent and closed once however many app instances try. An answer is one row per guest while
 * the survey is open (unique per invitee); an anonymous survey's answers lose `invitee_id` when
 * it closes, and the purge deletes those that still name someone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("surveys")
    .addColumn("event_id", "integer", (col) => col.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("anonymous", "boolean", (col) => col.notNull().defaultTo(false))
    // Sent by housekeeping this many hours after the event ends; null: only by the organizer's button.
    .addColumn("auto_send_hours", "integer", (col) => col.check(sql`auto_send_hours between 0 and 720`))
    .addColumn("sent_at", "timestamptz")
    .addColumn("recipients", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("closed_at", "timestamptz")
    // When an anonymous survey's answers were separated from who gave them.
    .addColumn("detached_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .addCheckConstraint("surveys_closed_after_sent", sql`closed_at is null or sent_at is not null`)
    .execute();

  await db.schema
    .createTable("survey_questions")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("event_id", "integer", (col) => col.notNull().references("surveys.event_id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull().check(sql`position between 1 and 10`))
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('rating', 'choice', 'text')`))
    .addColumn("label_ko", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("label_en", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("options", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("required", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex("survey_questions_one_per_position").on("survey_questions").columns(["event_id", "position"]).unique().execute();

  await db.schema
    .createTable("survey_responses")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("event_id", "integer", (col) => col.notNull().references("surveys.event_id").onDelete("cascade"))
    // Null once an anonymous survey closed: the answers stay, who gave them does not.
    .addColumn("invitee_id", "integer", (col) => col.references("invitees.id").onDelete("cascade"))
    // The guest's group when they answered, for results by group after the link to them is gone.
    .addColumn("group_name", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("answers", "jsonb", (col) => col.notNull())
    .addColumn("submitted_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .execute();
  await db.schema.createIndex("survey_responses_one_per_guest").on("survey_responses").columns(["event_id", "invitee_id"]).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("survey_responses").execute();
  await db.schema.dropTable("survey_questions").execute();
  await db.schema.dropTable("surveys").execute();
}
