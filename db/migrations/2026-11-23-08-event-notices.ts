import { sql, type Kysely } from "kysely";

// Change and cancellation notices: the calendar entry's SEQUENCE rises with every change guests
// are told of, a cancelled event keeps its time of cancellation and the organizer's note in
// each language, and messages that lost their point before they left (an invitation to a
// cancelled event) are "withdrawn" rather than deleted, so the outbox still shows them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("ics_sequence", "integer", (c) => c.notNull().defaultTo(0).check(sql`ics_sequence >= 0`))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("cancellation_note_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("cancellation_note_en", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`alter table email_outbox drop constraint email_outbox_status_check`.execute(db);
  await sql`alter table email_outbox add constraint email_outbox_status_check
    check (status in ('queued', 'sending', 'sent', 'stored', 'failed', 'uncertain', 'withdrawn'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update email_outbox set status = 'failed', last_error = coalesce(last_error, 'withdrawn') where status = 'withdrawn'`.execute(db);
  await sql`alter table email_outbox drop constraint email_outbox_status_check`.execute(db);
  await sql`alter table email_outbox add constraint email_outbox_status_check
    check (status in ('queued', 'sending', 'sent', 'stored', 'failed', 'uncertain'))`.execute(db);
  await db.schema.alterTable("events").dropColumn("ics_sequence").dropColumn("cancelled_at").dropColumn("cancellation_note_ko").dropColumn("cancellation_note_en").execute();
}
