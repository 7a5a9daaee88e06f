import { sql, type Kysely } from "kysely";

// Access records (접속기록, 개인정보의 안전성 확보조치 기준 제8조): one row each time an organizer,
// a door staff account or a door device processes guests' personal data. The row names who,
// when, from where, which event and whose data (invitee ids, or a count and a filter), never a
// guest's name, email or phone.
// - Append-only: a trigger refuses UPDATE and TRUNCATE always, and DELETE except housekeeping's
//   removal of rows past the retention period (it sets `nanum.access_records_expiry` to 'on' in its
//   own transaction, and even then rows younger than 365 days are refused).
// - A hash chain: a BEFORE INSERT trigger takes a transaction-scoped advisory lock, gives the row
//   the next id under it (so id order is chain order) and sets prev_hash to the previous row's
//   hash and hash to SHA-256 of prev_hash, a newline and the row's canonical text (below). Every
//   insert, from Kysely or from the door's one-statement scan, is chained the same way.
// - Canonical text: json_build_array(id, occurred_at as UTC 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"',
//   action, actor_kind, organizer_id, door_device_id, client_address, event_id, subject_ids,
//   subject_count, filter, reason)::text, as PostgreSQL prints it; `npm run audit:verify`
//   recomputes it with the same expression and checks every hash and link.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence access_records_id_seq as integer`.execute(db);
  await db.schema
    .createTable("access_records")
    // Given by the trigger under the chain's lock, not by a default (defaults run before it).
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("action", "text", (c) =>
      c.notNull().check(sql`action in ('list', 'search', 'view', 'create', 'update', 'delete', 'import', 'export', 'print', 'scan', 'walk_in', 'purge')`),
    )
    .addColumn("actor_kind", "text", (c) => c.notNull().check(sql`actor_kind in ('organizer', 'door_device', 'guest', 'system')`))
    // No foreign keys: the record outlives accounts, devices and events.
    .addColumn("organizer_id", "integer")
    .addColumn("door_device_id", "integer")
    .addColumn("client_address", "text")
    .addColumn("event_id", "integer")
    .addColumn("subject_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("subject_count", "integer", (c) => c.notNull().check(sql`subject_count >= 0`))
    .addColumn("filter", "jsonb")
    .addColumn("reason", "text")
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addCheckConstraint(
      "access_records_actor",
      sql`(actor_kind = 'organizer') = (organizer_id is not null) and (actor_kind = 'door_device') = (door_device_id is not null)`,
    )
    .execute();
  await sql`alter sequence access_records_id_seq owned by access_records.id`.execute(db);
  await db.schema.createIndex("access_records_event").on("access_records").columns(["event_id", "occurred_at"]).execute();
  await db.schema.createIndex("access_records_occurred").on("access_records").column("occurred_at").execute();

  await sql`
    create function access_records_chain() returns trigger language plpgsql as $$
    declare
      previous text;
    begin
      -- One writer at a time until its transaction ends: the previous row is the last committed one.
      perform pg_advisory_xact_lock(2026120421);
      new.id := nextval('access_records_id_seq');
      new.occurred_at := coalesce(new.occurred_at, now());
      select hash into previous from access_records order by id desc limit 1;
      new.prev_hash := coalesce(previous, repeat('0', 64));
      new.hash := encode(sha256(convert_to(new.prev_hash || E'\n' || json_build_array(
        new.id, to_char(new.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), new.action, new.actor_kind,
        new.organizer_id, new.door_device_id, new.client_address, new.event_id, new.subject_ids, new.subject_count,
        new.filter, new.reason)::text, 'UTF8')), 'hex');
      return new;
    end
    $$`.execute(db);
  await sql`create trigger access_records_chain before insert on access_records for each row execute function access_records_chain()`.execute(db);
  await sql`
    create function access_records_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if current_setting('nanum.access_records_expiry', true) = 'on' and old.occurred_at < now() - interval '365 days' then
          return old;
        end if;
      end if;
      raise exception 'the access records are append-only: % refused', tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger access_records_no_change before update or delete on access_records
    for each row execute function access_records_append_only()`.execute(db);
  await sql`
    create trigger access_records_no_truncate before truncate on access_records
    for each statement execute function access_records_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("access_records").execute();
  await sql`drop function access_records_append_only()`.execute(db);
  await sql`drop function access_records_chain()`.execute(db);
}
