/**
 * Protocol order (의전 서열): the order of an event's guests of honour. One order, kept in
 * invitees.intro_order, drives the MC's introduction list, the name plates and the run sheet.
 * An organizer sets it by number (or by dragging), or has it suggested from the guests'
 * positions and a list of position words in rank order that they can edit.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { numberIntroductions, vipIntroductions } from "../checkin/arrivals.server";

type Db = Kysely<Database>;

const MAX_TITLES = 200;

/** The list as typed: one position per line, blank lines dropped. */
export const protocolTitlesSchema = z.object({
  titles: z
    .string()
    .max(10_000, "protocol.titlesTooLong")
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .refine((titles) => titles.length <= MAX_TITLES, "protocol.titlesTooMany")
    .refine((titles) => titles.every((title) => title.length <= 50 && !title.includes("\0")), "protocol.titleTooLong"),
});

/** Each guest's typed number: blank, or a whole number 1–999. */
export const orderNumberSchema = z.union([z.literal(""), z.coerce.number().int("protocol.badNumber").min(1, "protocol.badNumber").max(999, "protocol.badNumber")]);

/** The organizer's position words in rank order: their own list, or the installation's. */
export async function protocolTitles(db: Db, organizerId: number): Promise<{ titles: string[]; own: boolean }> {
  const own = await db.selectFrom("protocol_titles").select("title").where("organizer_id", "=", organizerId).orderBy("rank").execute();
  if (own.length > 0) return { titles: own.map((row) => row.title), own: true };
  const shared = await db.selectFrom("protocol_titles").select("title").where("organizer_id", "is", null).orderBy("rank").execute();
  return { titles: shared.map((row) => row.title), own: false };
}

/** Replaces the organizer's list (one word per entry, first is highest); an empty list goes back to the installation's. */
export async function saveProtocolTitles(db: Db, organizerId: number, titles: string[]): Promise<void> {
  const unique = [...new Set(titles.map((title) => title.trim()).filter(Boolean))];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("protocol_titles").where("organizer_id", "=", organizerId).execute();
    if (unique.length > 0) {
      await trx
        .insertInto("protocol_titles")
        .values(unique.map((title, index) => ({ organizer_id: organizerId, rank: index + 1, title })))
        .execute();
    }
  });
}

/**
 * The rank a position suggests: the longest word of the list found in it (so that 부교육감 is not
 * taken for 교육감 when the list has both), or null when none is.
 */
export function rankOfPosition(position: string, titles: string[]): number | null {
  let best: { rank: number; length: number } | null = null;
  for (const [rank, title] of titles.entries()) {
    if (position.includes(title) && (!best || title.length > best.length)) best = { rank, length: title.length };
  }
  return best?.rank ?? null;
}

/** Guests of honour ordered by the rank their position suggests; those without one keep their order, after. */
export function suggestedOrder<Guest extends { position: string }>(guests: Guest[], titles: string[]): Guest[] {
  return guests
    .map((guest, index) => ({ guest, index, rank: rankOfPosition(guest.position, titles) }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.index - b.index)
    .map((entry) => entry.guest);
}

/** Numbers the guests of honour 1, 2, 3… in the order given (ids not among them are ignored, missing ones go last). */
export async function setProtocolOrder(db: Db, eventId: number, orderedIds: number[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // One writer at a time per event, as moveVipIntroduction does.
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const current = (await vipIntroductions(trx, eventId)).map((vip) => vip.id);
    const known = new Set(current);
    const given = [...new Set(orderedIds.filter((id) => known.has(id)))];
    await numberIntroductions(trx, eventId, [...given, ...current.filter((id) => !given.includes(id))]);
  });
}

/** Orders by the numbers an organizer typed (ties and blanks keep the current order, blanks last). */
export async function setProtocolOrderByNumbers(db: Db, eventId: number, numbers: Map<number, number | null>): Promise<void> {
  const current = (await vipIntroductions(db, eventId)).map((vip) => vip.id);
  const ordered = current
    .map((id, index) => ({ id, index, number: numbers.get(id) ?? null }))
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.index - b.index)
    .map((entry) => entry.id);
  await setProtocolOrder(db, eventId, ordered);
}

/** Applies the suggestion from positions to the event's guests of honour. */
export async function applySuggestedOrder(db: Db, eventId: number, organizerId: number): Promise<void> {
  const { titles } = await protocolTitles(db, organizerId);
  const guests = await vipIntroductions(db, eventId);
  await setProtocolOrder(
    db,
    eventId,
    suggestedOrder(guests, titles).map((guest) => guest.id),
  );
}
