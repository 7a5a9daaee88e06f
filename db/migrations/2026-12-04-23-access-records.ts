import { sql, type Kysely } from "kysely";

// Access records (접속기록, 개인정보의 안전성 확보조치 기준 제8조): one row each time an organizer,
// a door staff account or a door device processes guests' personal data. The row names who,
// when, from where, which event and whose data (invitee ids, or a count and a filter), never a
// guest's name, email or phone.
// - Append-only: a trigger refuses UPDATE and TRUNCATE always, and DELETE except housekeeping's
//   removal of rows past the retention period (it sets `nanum.access_records_expiry` to 'on' in its
//   own transaction, and even then rows younger than 365 days are refused).
// - A hash chain, sealed in batches: a record is inserted as it happens (in the same transaction
//   as the change, the door's scan in its one statement) with no hash, so writers never wait for
//   one another. `seal_access_records()` (housekeeping's every round, and `npm run audit:verify`)
//   takes an advisory lock and, for every committed record not yet sealed in id order, sets
//   chain_seq to the next position, prev_hash to the previous sealed record's hash and hash to
//   SHA-256 of prev_hash, a newline and the row's canonical text (below). Chaining each insert
//   under one lock held to its commit made scans wait for each other's disk flush: 0.36 of the
//   door's floor rate instead of its 0.5.
// - Canonical text: json_build_array(id, occurred_at as UTC 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"',
//   action, actor_kind, organizer_id, door_device_id, client_address, event_id, subject_ids,
//   subject_count, filter, reason)::text, as PostgreSQL prints it; `npm run audit:verify`
//   recomputes it with the same expression and checks every hash and link.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence access_records_id_seq as integer`.execute(db);
  await db.schema
    .createTable("access_records")
    .addColumn("id", "integer", (c) => c.primaryKey().defaultTo(sql`nextval('access_records_id_seq')`))
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
    // Set when the record is sealed into the chain (all three, or none).
    .addColumn("chain_seq", "bigint")
    .addColumn("prev_hash", "text")
    .addColumn("hash", "text")
    .addCheckConstraint("access_records_sealed", sql`(chain_seq is null) = (hash is null) and (hash is null) = (prev_hash is null)`)
    .addCheckConstraint(
      "access_records_actor",
      sql`(actor_kind = 'organizer') = (organizer_id is not null) and (actor_kind = 'door_device') = (door_device_id is not null)`,
    )
    .execute();
  await sql`alter sequence access_records_id_seq owned by access_records.id`.execute(db);
  await db.schema.createIndex("access_records_event").on("access_records").columns(["event_id", "occurred_at"]).execute();
  // Indexes a scan's insert must not pay for are partial on sealed records: sealing (in the
  // background) fills them. Only the primary key, the event's and the unsealed list take an insert.
  await sql`create unique index access_records_chain on access_records (chain_seq) where chain_seq is not null`.execute(db);
  await sql`create index access_records_occurred on access_records (occurred_at) where chain_seq is not null`.execute(db);
  await sql`create index access_records_unsealed on access_records (id) where chain_seq is null`.execute(db);

  // A record comes in unsealed, whatever the writer says.
  await sql`
    create function access_records_unsealed() returns trigger language plpgsql as $$
    begin
      new.occurred_at := coalesce(new.occurred_at, now());
      new.chain_seq := null;
      new.prev_hash := null;
      new.hash := null;
      return new;
    end
    $$`.execute(db);
  await sql`create trigger access_records_unsealed before insert on access_records for each row execute function access_records_unsealed()`.execute(db);
  await sql`
    create function seal_access_records() returns integer language plpgsql as $$
    declare
      previous text;
      seq bigint;
      sealed integer := 0;
      r record;
    begin
      -- One sealer at a time; records committed meanwhile wait for the next round.
      perform pg_advisory_xact_lock(2026120423);
      perform set_config('nanum.access_records_sealing', 'on', true);
      select hash, chain_seq into previous, seq from access_records where chain_seq is not null order by chain_seq desc limit 1;
      previous := coalesce(previous, repeat('0', 64));
      seq := coalesce(seq, 0);
      for r in select * from access_records where chain_seq is null order by id loop
        seq := seq + 1;
        update access_records set chain_seq = seq, prev_hash = previous, hash = encode(sha256(convert_to(previous || E'\n' || json_build_array(
          r.id, to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.action, r.actor_kind,
          r.organizer_id, r.door_device_id, r.client_address, r.event_id, r.subject_ids, r.subject_count,
          r.filter, r.reason)::text, 'UTF8')), 'hex')
        where id = r.id
        returning hash into previous;
        sealed := sealed + 1;
      end loop;
      perform set_config('nanum.access_records_sealing', 'off', true);
      return sealed;
    end
    $$`.execute(db);
  await sql`
    create function access_records_append_only() returns trigger language plpgsql as $$
    begin
      -- Sealing sets the chain's three columns of an unsealed record, and changes nothing else.
      if tg_op = 'UPDATE' and current_setting('nanum.access_records_sealing', true) = 'on' and old.chain_seq is null
        and (new.id, new.occurred_at, new.action, new.actor_kind, new.organizer_id, new.door_device_id, new.client_address,
             new.event_id, new.subject_ids, new.subject_count, new.filter, new.reason)
        is not distinct from (old.id, old.occurred_at, old.action, old.actor_kind, old.organizer_id, old.door_device_id, old.client_address,
             old.event_id, old.subject_ids, old.subject_count, old.filter, old.reason) then
        return new;
      end if;
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
  await sql`drop function seal_access_records()`.execute(db);
  await sql`drop function access_records_append_only()`.execute(db);
  await sql`drop function access_records_unsealed()`.execute(db);
}
