import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organizers")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("organizers_email_normalized", sql`email = lower(btrim(email)) and email <> ''`)
    .execute();
  await db.schema.createIndex("organizers_email_key").unique().on("organizers").column("email").execute();

  // Only a SHA-256 of the cookie's token is stored, so a copy of the database opens no session.
  await db.schema
    .createTable("organizer_sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .addColumn("client_address", "text")
    .execute();
  await db.schema.createIndex("organizer_sessions_organizer").on("organizer_sessions").column("organizer_id").execute();

  await db.schema
    .createTable("login_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("client_address", "text", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("login_attempts_email").on("login_attempts").columns(["email", "attempted_at"]).execute();
  await db.schema
    .createIndex("login_attempts_address")
    .on("login_attempts")
    .columns(["client_address", "attempted_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_attempts").execute();
  await db.schema.dropTable("organizer_sessions").execute();
  await db.schema.dropTable("organizers").execute();
}
