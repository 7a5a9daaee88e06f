import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One row per reset link sent. Only a SHA-256 of the link's token is kept, so a copy of the
  // database opens no account; used_at / revoked_at make each link single use.
  await db.schema
    .createTable("password_resets")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    // Set when another link of the account was used (or the password changed otherwise) first.
    .addColumn("revoked_at", "timestamptz")
    .addColumn("requested_address", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("password_resets_token_hash_key").unique().on("password_resets").column("token_hash").execute();
  await db.schema.createIndex("password_resets_organizer").on("password_resets").columns(["organizer_id", "created_at"]).execute();

  // Every request, whether or not the address has an account, so one client cannot send reset
  // mail to many accounts; the email itself is not kept.
  await db.schema
    .createTable("password_reset_requests")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("client_address", "text", (c) => c.notNull())
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("password_reset_requests_address")
    .on("password_reset_requests")
    .columns(["client_address", "requested_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("password_reset_requests").execute();
  await db.schema.dropTable("password_resets").execute();
}
