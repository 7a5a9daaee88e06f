/**
 * The destruction register (개인정보 파기 대장): the record 개인정보 보호법 제21조 and its decree ask
 * for of every destruction of personal data. A purge writes its row here in its own transaction;
 * pages only read it. The row names the event and the organizer, never a guest.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Locale } from "../../i18n/i18n";
import { formatDateTime, formatEventDate, formatNumber, formatShortDate, formatTimeRange, timeZoneNote } from "../../lib/format";
import { DESTROYED_CATEGORIES, destroyedHow, type DestroyedCounts } from "./destruction-register";
import { eventTitle } from "./event-view";

type Db = Kysely<Database>;

/**
 * Who destroyed the data: housekeeping once the retention period ended, an organizer of the event,
 * or a guest deleting their own (the row then counts one person's data, and names nobody).
 */
export type DestructionActor = { kind: "retention" } | { kind: "organizer"; organizerId: number } | { kind: "guest" };

/**
 * Writes the register's row for a purge of the event's personal data. Call it inside the purge's
 * transaction: a purge without its row, or a row without its purge, cannot be committed.
 */
export async function recordDestruction(db: Db, input: { eventId: number; actor: DestructionActor; counts: DestroyedCounts }): Promise<number> {
  const event = await db.selectFrom("events").select(["title_ko", "title_en", "starts_at", "ends_at", "time_zone", "retention_days"]).where("id", "=", input.eventId).executeTakeFirstOrThrow();
  const organizer = input.actor.kind === "organizer" ? await db.selectFrom("organizers").select(["id", "name", "email"]).where("id", "=", input.actor.organizerId).executeTakeFirstOrThrow() : null;
  const row = await db
    .insertInto("destruction_records")
    .values({
      event_id: input.eventId,
      event_title_ko: event.title_ko,
      event_title_en: event.title_en,
      event_starts_at: event.starts_at,
      event_ends_at: event.ends_at,
      event_time_zone: event.time_zone,
      retention_days: event.retention_days,
      cause: input.actor.kind,
      organizer_id: organizer?.id ?? null,
      organizer_name: organizer?.name ?? "",
      organizer_email: organizer?.email ?? "",
      method: "database",
      counts: JSON.stringify(Object.fromEntries(DESTROYED_CATEGORIES.map((category) => [category, input.counts[category]]))),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const recordColumns = [
  "destruction_records.id",
  "destruction_records.event_id",
  "destruction_records.event_title_ko",
  "destruction_records.event_title_en",
  "destruction_records.event_starts_at",
  "destruction_records.event_ends_at",
  "destruction_records.event_time_zone",
  "destruction_records.retention_days",
  "destruction_records.destroyed_at",
  "destruction_records.cause",
  "destruction_records.organizer_name",
  "destruction_records.organizer_email",
  "destruction_records.method",
  "destruction_records.counts",
] as const;

/** One row of the register, for the event it belongs to (another event's id finds nothing). */
export async function findDestructionRecord(db: Db, eventId: number, recordId: number) {
  return db.selectFrom("destruction_records").select(recordColumns).where("id", "=", recordId).where("event_id", "=", eventId).executeTakeFirst();
}

export type DestructionRecord = NonNullable<Awaited<ReturnType<typeof findDestructionRecord>>>;

/** The register's rows for every event the organizer owns (those whose data only they may destroy), newest first. */
export async function listDestructionRecords(db: Db, organizerId: number): Promise<DestructionRecord[]> {
  return db
    .selectFrom("destruction_records")
    .innerJoin("event_members", (join) =>
      join.onRef("event_members.event_id", "=", "destruction_records.event_id").on("event_members.organizer_id", "=", organizerId).on("event_members.role", "=", "owner"),
    )
    .select(recordColumns)
    .orderBy("destruction_records.destroyed_at", "desc")
    .orderBy("destruction_records.id", "desc")
    .execute();
}

/** When the event's personal data was destroyed, newest first: the links to each confirmation. */
export async function listEventDestructions(db: Db, eventId: number) {
  return db.selectFrom("destruction_records").select(["id", "destroyed_at", "event_time_zone"]).where("event_id", "=", eventId).orderBy("destroyed_at", "desc").orderBy("id", "desc").execute();
}

/** A register row as the confirmation and the register's page show it: in the reader's language, times in the event's zone. */
export function destructionRecordView(record: DestructionRecord, locale: Locale) {
  const zone = record.event_time_zone;
  const retainedUntil = new Date(record.event_ends_at.getTime() + record.retention_days * 86_400_000);
  return {
    id: record.id,
    eventId: record.event_id,
    locale,
    event: {
      title: eventTitle({ title_ko: record.event_title_ko, title_en: record.event_title_en }, locale),
      date: formatEventDate(record.event_starts_at, zone, locale),
      time: formatTimeRange(record.event_starts_at, record.event_ends_at, zone, locale),
    },
    retentionDays: formatNumber(record.retention_days, locale),
    retainedUntil: formatShortDate(retainedUntil, zone, locale),
    destroyedAt: formatDateTime(record.destroyed_at, zone, locale),
    destroyedAtIso: record.destroyed_at.toISOString(),
    zone: timeZoneNote(record.destroyed_at, zone, locale),
    cause: record.cause,
    method: record.method,
    by: record.cause === "organizer" ? { name: record.organizer_name, email: record.organizer_email } : null,
    // Categories a later version adds are simply absent from older rows.
    items: DESTROYED_CATEGORIES.filter((category) => typeof record.counts[category] === "number").map((category) => ({
      category,
      how: destroyedHow[category],
      n: record.counts[category]!,
      count: formatNumber(record.counts[category]!, locale),
    })),
  };
}

export type DestructionRecordView = ReturnType<typeof destructionRecordView>;
