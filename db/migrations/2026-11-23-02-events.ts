import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('performance_sharing', 'agreement_signing', 'other')`),
    )
    .addColumn("title_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_name", "text", (c) => c.notNull())
    .addColumn("venue_name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("Asia/Seoul"))
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity > 0`))
    .addColumn("rsvp_deadline", "timestamptz")
    .addColumn("contact_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published', 'archived')`),
    )
    .addColumn("visibility", "text", (c) =>
      c.notNull().defaultTo("public").check(sql`visibility in ('public', 'unlisted')`),
    )
    .addColumn("is_sample", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("events_has_title", sql`title_ko <> '' or title_en <> ''`)
    .addCheckConstraint("events_ends_after_start", sql`ends_at > starts_at`)
    .addCheckConstraint("events_slug_format", sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
    .execute();
  await db.schema.createIndex("events_listing").on("events").columns(["status", "visibility", "starts_at"]).execute();

  await db.schema
    .createTable("event_hosts")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name_ko", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addPrimaryKeyConstraint("event_hosts_pkey", ["event_id", "position"])
    .addCheckConstraint("event_hosts_has_name", sql`name_ko <> '' or name_en <> ''`)
    .execute();

  await db.schema
    .createTable("event_members")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'organizer', 'staff')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("event_members_pkey", ["event_id", "organizer_id"])
    .execute();
  await db.schema.createIndex("event_members_organizer").on("event_members").column("organizer_id").execute();
  // Exactly one owner per event is kept by code; at most one by the database.
  await db.schema
    .createIndex("event_members_one_owner")
    .unique()
    .on("event_members")
    .column("event_id")
    .where(sql.ref("role"), "=", "owner")
    .execute();

  await db.schema
    .createTable("event_invitations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('organizer', 'staff')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "integer", (c) => c.references("organizers.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("event_invitations_event").on("event_invitations").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("event_invitations").execute();
  await db.schema.dropTable("event_members").execute();
  await db.schema.dropTable("event_hosts").execute();
  await db.schema.dropTable("events").execute();
}
