import { sql, type Kysely } from "kysely";

// Every email is a row here, written in the same transaction as the change that caused it,
// and sent afterwards by a worker that records what happened to it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.references("events.id").onDelete("cascade"))
    .addColumn("invitee_id", "integer", (c) => c.references("invitees.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("to_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("from_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reply_to", "text")
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("ics", "text")
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("queued").check(sql`status in ('queued', 'sending', 'sent', 'stored', 'failed', 'uncertain')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("lease_expires_at", "timestamptz")
    .addColumn("handover_started_at", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("server_response", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema.createIndex("email_outbox_due").on("email_outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("email_outbox_invitee").on("email_outbox").columns(["invitee_id", "kind"]).execute();
  await db.schema.createIndex("email_outbox_event").on("email_outbox").columns(["event_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("email_outbox").execute();
}
