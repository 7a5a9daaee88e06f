import { sql, type Kysely } from "kysely";

// A guest's own requests (개인정보 보호법 제35조·제36조): seeing, correcting and deleting what is held
// about them, from their personal link.
// - A deleted invitee stays as a row with its personal fields emptied (`erased_at`), so counts,
//   check-ins and the destruction register stay consistent; its personal link then says the
//   invitation was deleted at the guest's request. A request made within a day of the event is
//   queued (`deletion_requested_at`) and carried out by housekeeping once the event has ended.
// - Each deletion request is kept for the organizer with its outcome and, for one that cannot be
//   met, the reason; it holds no personal data.
// - The destruction register learns a third cause: a guest's own request.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invitees").addColumn("deletion_requested_at", "timestamptz").addColumn("erased_at", "timestamptz").execute();
  await db.schema
    .createTable("guest_requests")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("invitee_id", "integer", (c) => c.notNull().references("invitees.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('deletion')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('done', 'queued', 'refused')`))
    .addColumn("reason", "text", (c) => c.check(sql`reason in ('award-recipient')`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("carried_out_at", "timestamptz")
    .addCheckConstraint("guest_requests_refusal_reason", sql`(status = 'refused') = (reason is not null)`)
    .execute();
  await db.schema.createIndex("guest_requests_event").on("guest_requests").columns(["event_id", "requested_at"]).execute();
  await sql`alter table destruction_records drop constraint destruction_records_cause_check`.execute(db);
  await sql`alter table destruction_records add constraint destruction_records_cause_check check (cause in ('retention', 'organizer', 'guest'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table destruction_records drop constraint destruction_records_cause_check`.execute(db);
  await sql`alter table destruction_records add constraint destruction_records_cause_check check (cause in ('retention', 'organizer'))`.execute(db);
  await db.schema.dropTable("guest_requests").execute();
  await db.schema.alterTable("invitees").dropColumn("deletion_requested_at").dropColumn("erased_at").execute();
}
