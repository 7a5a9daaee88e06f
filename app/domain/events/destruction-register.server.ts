/**
 * The destruction register (개인정보 파기 대장): the record 개인정보 보호법 제21조 and its decree ask
 * for of every destruction of personal data. A purge writes its row here in its own transaction.
 * The row names the event and the organizer, never a guest.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { DESTROYED_CATEGORIES, type DestroyedCounts } from "./destruction-register";

type Db = Kysely<Database>;

/** Who destroyed the data: housekeeping once the retention period ended, or an organizer of the event. */
export type DestructionActor = { kind: "retention" } | { kind: "organizer"; organizerId: number };

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
