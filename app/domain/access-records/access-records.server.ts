/**
 * Access records (접속기록, 개인정보의 안전성 확보조치 기준 제8조): every time an organizer, a door
 * staff account or a door device processes guests' personal data, one row says which processing,
 * who, when, from which address, in which event and whose data. The row holds no guest's name,
 * email or phone: people are named by invitee id, lists by a count and their filter, and a search
 * by the kind and length of what was typed, never the text (a hash of a name or an email is easily
 * reversed by guessing, so it is not stored either).
 *
 * Write the row with the same handle as the change it records (inside its transaction), and for
 * a read before the answer is sent. The table's triggers (migration 2026-12-04-21) chain each row
 * to the previous one with SHA-256 and refuse changes and deletions; `verifyAccessChain` checks.
 * The chain's lock is held until the writing transaction ends, so inside a long transaction
 * record last, just before it commits.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { AccessAction, Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** Who processed the data. Door staff signed in with their own account are organizers here. */
export type AccessActor = { kind: "organizer"; organizerId: number } | { kind: "door_device"; deviceId: number } | { kind: "guest" } | { kind: "system" };

/** A search's trace: what kind of text was typed and how long it was, never the text. */
export type SearchTrace = { search: "email" | "phone" | "text"; length: number };

export type AccessFilter = Record<string, string | number | boolean>;

/** Who is processing the data and from where: what every record of a request shares. */
export interface AccessBy {
  actor: AccessActor;
  /** The client's address as the server sees it (after the TRUST_PROXY rule); null for housekeeping. */
  clientAddress: string | null;
}

export interface AccessRecordInput extends AccessBy {
  action: AccessAction;
  eventId: number | null;
  /** The invitees whose data was processed, when they are few and known. */
  subjectIds?: readonly number[];
  /** How many people's data: defaults to the number of subject ids. */
  count?: number;
  /** What a list, search, export or print was narrowed by: no personal data (see searchTrace). */
  filter?: AccessFilter;
  /** Why a download or a printed list was made (다운로드 사유). */
  reason?: string;
}

/** The door device or the staff account behind a check-in, as the actor of its record. */
export function doorActor(by: { organizerId: number | null; deviceId?: number | null }): AccessActor {
  if (by.organizerId !== null) return { kind: "organizer", organizerId: by.organizerId };
  if (by.deviceId != null) return { kind: "door_device", deviceId: by.deviceId };
  return { kind: "system" };
}

/** What a search text is, for the record, without keeping the text (it may be a name, an email or a phone number). */
export function searchTrace(query: string): SearchTrace | undefined {
  const text = query.trim();
  if (text === "") return undefined;
  const kind = text.includes("@") ? "email" : /^[\d\s+()-]+$/.test(text) && /\d{3}/.test(text.replace(/\D/g, "")) ? "phone" : "text";
  return { search: kind, length: [...text].length };
}

/** A filter for the record: given values kept, empty ones dropped, a search text replaced by its trace. */
export function accessFilter(values: Record<string, string | number | boolean | undefined | null>, search?: string): AccessFilter | undefined {
  const filter: AccessFilter = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== "") filter[key] = value;
  const trace = search === undefined ? undefined : searchTrace(search);
  if (trace) Object.assign(filter, trace);
  return Object.keys(filter).length > 0 ? filter : undefined;
}

function recordValues(input: AccessRecordInput) {
  const subjectIds = [...new Set(input.subjectIds ?? [])];
  return {
    action: input.action,
    actor_kind: input.actor.kind,
    organizer_id: input.actor.kind === "organizer" ? input.actor.organizerId : null,
    door_device_id: input.actor.kind === "door_device" ? input.actor.deviceId : null,
    client_address: input.clientAddress,
    event_id: input.eventId,
    subject_ids: subjectIds,
    subject_count: input.count ?? subjectIds.length,
    filter: input.filter ? JSON.stringify(input.filter) : null,
    reason: input.reason?.trim() || null,
  };
}

/** Writes one access record; the triggers give it its id and its place in the chain. */
export async function recordAccess(db: Db, input: AccessRecordInput): Promise<void> {
  await db.insertInto("access_records").values(recordValues(input)).execute();
}

/**
 * A page of a list shown, or a search (`query` given): the people on the page by id, and the list's
 * filters with the search's trace in place of its text.
 */
export async function recordListing(
  db: Db,
  by: AccessBy,
  input: { eventId: number; list: string; subjectIds: readonly number[]; query?: string; filters?: Record<string, string | number | boolean | undefined | null> },
): Promise<void> {
  const searched = Boolean(input.query?.trim());
  const filter = accessFilter({ list: input.list, ...input.filters }, input.query);
  await recordAccess(db, { ...by, action: searched ? "search" : "list", eventId: input.eventId, subjectIds: input.subjectIds, filter });
}

/**
 * Runs a change and writes its access record in the same transaction (the caller's when it is
 * one): the change without its record, or the record without the change, cannot commit. The
 * record comes last, so the chain's lock is held only for the commit. No record when `record`
 * answers null (nothing was changed).
 */
export async function withAccessRecord<T>(db: Db, work: (trx: Db) => Promise<T>, record: (result: T) => AccessRecordInput | null): Promise<T> {
  const inTransaction = <R>(run: (trx: Db) => Promise<R>) => (db.isTransaction ? run(db) : db.transaction().execute(run));
  return inTransaction(async (trx) => {
    const result = await work(trx);
    const input = record(result);
    if (input) await recordAccess(trx, input);
    return result;
  });
}

/**
 * A guest's own action on their own data that the law still wants recorded: deleting their
 * answers and personal data from their personal link. (Looking at their own page is not recorded.)
 */
export async function recordGuestOwnAccess(db: Db, input: { action: "delete" | "update"; eventId: number; inviteeId: number; clientAddress: string | null }): Promise<void> {
  await recordAccess(db, { action: input.action, actor: { kind: "guest" }, clientAddress: input.clientAddress, eventId: input.eventId, subjectIds: [input.inviteeId] });
}

/** How many people an event's whole-list export holds (everyone on its list). */
export async function eventInviteeCount(db: Db, eventId: number): Promise<number> {
  const row = await db
    .selectFrom("invitees")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The canonical text each hash covers, exactly as the chain's trigger builds it (see the migration). */
const canonicalText = sql<string>`json_build_array(id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), action, actor_kind,
  organizer_id, door_device_id, client_address, event_id, subject_ids, subject_count, filter, reason)::text`;

export type ChainVerdict = { records: number; brokenAt: number | null };

/**
 * Seals the records not yet in the chain (in id order, those committed by now) and tells how
 * many. Housekeeping does it every round; records wait at most that long for their hash.
 */
export async function sealAccessRecords(db: Db): Promise<number> {
  const { rows } = await sql<{ sealed: number }>`select seal_access_records() as sealed`.execute(db);
  return Number(rows[0]?.sealed ?? 0);
}

/**
 * Walks the chain in its order and recomputes every hash here (not by the database's function):
 * a row whose content no longer matches its hash, or whose prev_hash is not the previous row's
 * hash, breaks it. The first remaining row's prev_hash is trusted, since housekeeping removes
 * expired rows from the head. Records not sealed yet are not part of it (see sealAccessRecords).
 */
export async function verifyAccessChain(db: Db, batchSize = 5_000): Promise<ChainVerdict> {
  let records = 0;
  let previous: string | null = null;
  let afterSeq = "0";
  for (;;) {
    const rows = await db
      .selectFrom("access_records")
      .select(["id", "chain_seq", "prev_hash", "hash", canonicalText.as("canonical")])
      .where("chain_seq", "is not", null)
      .where(sql<boolean>`chain_seq > ${afterSeq}::bigint`)
      .orderBy("chain_seq")
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      records += 1;
      const expected = createHash("sha256").update(`${row.prev_hash}\n${row.canonical}`, "utf8").digest("hex");
      if (expected !== row.hash || (previous !== null && row.prev_hash !== previous)) {
        const total = await db
          .selectFrom("access_records")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("chain_seq", "is not", null)
          .executeTakeFirstOrThrow();
        return { records: Number(total.n), brokenAt: row.id };
      }
      previous = row.hash;
    }
    if (rows.length < batchSize) return { records, brokenAt: null };
    afterSeq = String(rows[rows.length - 1]!.chain_seq);
  }
}

/** The least retention the law allows for access records (2 years is the default). */
export const MIN_ACCESS_RECORD_RETENTION_DAYS = 365;
export const DEFAULT_ACCESS_RECORD_RETENTION_DAYS = 730;

/**
 * Removes access records older than the retention period, from the head of the chain. The only
 * deletion the table's trigger lets through: this transaction says so with a local setting, and
 * the trigger refuses it still for any row younger than 365 days.
 */
export async function expireAccessRecords(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  const days = Math.max(MIN_ACCESS_RECORD_RETENTION_DAYS, retentionDays);
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('nanum.access_records_expiry', 'on', true)`.execute(trx);
    // Never past the database's own clock minus a year, which the trigger enforces: a caller's
    // `now` (housekeeping run for a later day) cannot reach younger rows and fail the round.
    const result = await trx
      .deleteFrom("access_records")
      // Sealed records only (all of a year ago are; the partial index on occurred_at covers these).
      .where("chain_seq", "is not", null)
      .where("occurred_at", "<", cutoff)
      .where("occurred_at", "<", sql<Date>`now() - make_interval(days => ${MIN_ACCESS_RECORD_RETENTION_DAYS})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
