import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Secrets that belong to the data rather than to one deployment's environment
  // (e.g. the key personal links are derived from), so links survive a new SESSION_SECRET.
  await db.schema
    .createTable("app_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("invitees")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("phone_digits", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("organization", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("group_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("is_vip", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("language", "text", (c) => c.notNull().defaultTo("ko").check(sql`language in ('ko', 'en')`))
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("link_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("link_token_hash", "text", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("invitees_has_name", sql`btrim(name) <> ''`)
    .addCheckConstraint("invitees_email_normalized", sql`email is null or (email = lower(btrim(email)) and email <> '')`)
    .execute();
  // One invitee per email per event; guests without email are many.
  await db.schema
    .createIndex("invitees_event_email")
    .unique()
    .on("invitees")
    .columns(["event_id", "email"])
    .where(sql.ref("email"), "is not", null)
    .execute();
  await db.schema.createIndex("invitees_event_name").on("invitees").columns(["event_id", "name"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("invitees").execute();
  await db.schema.dropTable("app_secrets").execute();
}
