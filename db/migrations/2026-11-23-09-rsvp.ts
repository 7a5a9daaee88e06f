import { sql, type Kysely } from "kysely";

// Answers to invitations, the waitlist, and tickets with signed QR codes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    // 0: no companions; otherwise how many an invitee may bring (a guardian with a student).
    .addColumn("max_companions", "integer", (c) => c.notNull().defaultTo(0).check(sql`max_companions between 0 and 10`))
    // Empty: the standard notice (개인정보 수집·이용 동의) in that language.
    .addColumn("consent_text_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("consent_text_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("retention_days", "integer", (c) => c.notNull().defaultTo(365).check(sql`retention_days between 1 and 3650`))
    // How long a freed place is held for the first on the waitlist (never past the start).
    .addColumn("offer_hours", "integer", (c) => c.notNull().defaultTo(48).check(sql`offer_hours between 1 and 720`))
    // The notice to everyone attending goes out the day before, at this time in the event's zone.
    .addColumn("attendee_notice_enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("attendee_notice_time", "text", (c) => c.notNull().defaultTo("10:00").check(sql`attendee_notice_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn("attendee_notice_queued_at", "timestamptz")
    .addColumn("parking_info_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("parking_info_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("open_registration", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("registration_group", "text", (c) => c.notNull().defaultTo(""))
    .execute();

  await db.schema
    .createTable("rsvp_questions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('text', 'choice', 'yesno')`))
    .addColumn("label_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("label_en", "text", (c) => c.notNull().defaultTo(""))
    // For a choice: [{ "ko": "...", "en": "..." }, ...]
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("required", "boolean", (c) => c.notNull().defaultTo(false))
    .addCheckConstraint("rsvp_questions_has_label", sql`label_ko <> '' or label_en <> ''`)
    .execute();
  await db.schema.createIndex("rsvp_questions_event").on("rsvp_questions").columns(["event_id", "position"]).execute();

  await db.schema
    .createTable("rsvps")
    .addColumn("invitee_id", "integer", (c) => c.primaryKey().references("invitees.id").onDelete("cascade"))
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('attending', 'declined', 'waitlisted', 'offered')`))
    .addColumn("companions", "integer", (c) => c.notNull().defaultTo(0).check(sql`companions between 0 and 10`))
    .addColumn("proxy_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("proxy_position", "text", (c) => c.notNull().defaultTo(""))
    // { "<question id>": "answer" }
    .addColumn("answers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("consent_at", "timestamptz")
    .addColumn("consent_text", "text")
    // Admitted by the organizer beyond capacity (a VIP, a late addition).
    .addColumn("over_capacity", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("waitlisted_at", "timestamptz")
    .addColumn("offer_expires_at", "timestamptz")
    .addColumn("offer_expired_at", "timestamptz")
    .addColumn("responded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("rsvps_attending_consented", sql`status not in ('attending', 'offered', 'waitlisted') or consent_at is not null or over_capacity`)
    .addCheckConstraint("rsvps_waitlist_ordered", sql`status not in ('waitlisted', 'offered') or waitlisted_at is not null`)
    .addCheckConstraint("rsvps_offer_expires", sql`status <> 'offered' or offer_expires_at is not null`)
    .execute();
  await db.schema.createIndex("rsvps_event_status").on("rsvps").columns(["event_id", "status", "waitlisted_at"]).execute();

  // One ticket per invitee for life: re-issuing raises the version, which voids older QR codes.
  await db.schema
    .createTable("tickets")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("invitee_id", "integer", (c) => c.notNull().unique().references("invitees.id").onDelete("cascade"))
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1).check(sql`version between 1 and 65535`))
    .addColumn("code", "text", (c) => c.notNull().check(sql`code ~ '^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$'`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active").check(sql`status in ('active', 'cancelled')`))
    .addColumn("issued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("tickets_event_code").unique().on("tickets").columns(["event_id", "code"]).execute();

  // Each event signs its tickets with its own Ed25519 key; scanners get only the public half.
  await db.schema
    .createTable("event_signing_keys")
    .addColumn("event_id", "integer", (c) => c.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("private_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Failed personal-link lookups per client address, for throttling guessers (valid links never are).
  await db.schema
    .createTable("link_lookup_failures")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("client_address", "text", (c) => c.notNull())
    .addColumn("failed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("link_lookup_failures_address").on("link_lookup_failures").columns(["client_address", "failed_at"]).execute();

  // Emails may carry files (the ticket's QR code as an inline PNG).
  await db.schema.alterTable("email_outbox").addColumn("attachments", "jsonb").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("email_outbox").dropColumn("attachments").execute();
  await db.schema.dropTable("link_lookup_failures").execute();
  await db.schema.dropTable("event_signing_keys").execute();
  await db.schema.dropTable("tickets").execute();
  await db.schema.dropTable("rsvps").execute();
  await db.schema.dropTable("rsvp_questions").execute();
  await db.schema
    .alterTable("events")
    .dropColumn("max_companions")
    .dropColumn("consent_text_ko")
    .dropColumn("consent_text_en")
    .dropColumn("retention_days")
    .dropColumn("offer_hours")
    .dropColumn("attendee_notice_enabled")
    .dropColumn("attendee_notice_time")
    .dropColumn("attendee_notice_queued_at")
    .dropColumn("parking_info_ko")
    .dropColumn("parking_info_en")
    .dropColumn("open_registration")
    .dropColumn("registration_group")
    .execute();
}
