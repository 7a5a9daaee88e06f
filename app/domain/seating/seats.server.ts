import { sql, type Kysely } from "kysely";
import type { Database, Language, SeatingBlockKind } from "../../../db/schema";
import { doorSeat, doorSeatLabel, seatLabel, type DoorSeat, type SeatBlockNames } from "./seat-label";

type Db = Kysely<Database>;

export interface GuestSeat {
  /** 0: the invitee (or their proxy); 1…n: their companions. */
  companionIndex: number;
  label: string;
}

/** One held seat as stored, before it is put into words. */
export interface SeatFacts {
  companionIndex: number;
  block: SeatBlockNames;
  rowIndex: number;
  seatNumber: number;
}

/**
 * The seats held by these invitees (every invitee of the event when `inviteeIds` is omitted),
 * as stored, companions after their guest. Invitees without a seat are absent from the map.
 */
export async function seatFactsOfInvitees(db: Db, input: { eventId: number; inviteeIds?: readonly number[] }): Promise<Map<number, SeatFacts[]>> {
  const seats = new Map<number, SeatFacts[]>();
  if (input.inviteeIds !== undefined && input.inviteeIds.length === 0) return seats;
  const rows = await db
    .selectFrom("seat_assignments as s")
    .innerJoin("seating_blocks as b", "b.id", "s.block_id")
    .select(["s.invitee_id", "s.companion_index", "s.row_index", "s.seat_number", "b.kind", "b.name_ko", "b.name_en"])
    .where("s.event_id", "=", input.eventId)
    .$if(input.inviteeIds !== undefined, (qb) => qb.where("s.invitee_id", "in", input.inviteeIds!))
    .orderBy("s.invitee_id")
    .orderBy("s.companion_index")
    .execute();
  for (const row of rows) {
    const list = seats.get(row.invitee_id) ?? [];
    list.push({ companionIndex: row.companion_index, block: { kind: row.kind, name_ko: row.name_ko, name_en: row.name_en }, rowIndex: row.row_index, seatNumber: row.seat_number });
    seats.set(row.invitee_id, list);
  }
  return seats;
}

/** Stored seats in the reader's language. */
export function labelSeats(seats: readonly SeatFacts[], language: Language): GuestSeat[] {
  return seats.map((seat) => ({ companionIndex: seat.companionIndex, label: seatLabel(seat.block, seat.rowIndex, seat.seatNumber, language) }));
}

/**
 * The seats held by these invitees (every invitee of the event when `inviteeIds` is omitted),
 * labelled in the reader's language, companions after their guest. Invitees without a seat
 * are absent from the map.
 */
export async function seatsOfInvitees(db: Db, input: { eventId: number; inviteeIds?: readonly number[]; language: Language }): Promise<Map<number, GuestSeat[]>> {
  const facts = await seatFactsOfInvitees(db, input);
  return new Map([...facts].map(([inviteeId, seats]) => [inviteeId, labelSeats(seats, input.language)]));
}

/** Each guest's own seat (companion 0, not their companions'), labelled; null when unseated. */
export async function ownSeatsOf(db: Db, input: { eventId: number; inviteeIds: readonly number[]; language: Language }): Promise<(inviteeId: number) => string | null> {
  const seats = await seatsOfInvitees(db, { ...input, inviteeIds: [...new Set(input.inviteeIds)] });
  return (inviteeId) => seats.get(inviteeId)?.find((seat) => seat.companionIndex === 0)?.label ?? null;
}

/** What a ticket says of seats: the holder's, and those of the companions still coming. */
export interface TicketSeats {
  seat: string | null;
  companionSeats: string[];
}

/**
 * A guest's labelled seats as their ticket shows them. Only seats of people still coming are
 * stored: a changed answer frees the others in its own statement (migration 36's trigger).
 */
export function ticketSeats(seats: readonly GuestSeat[] | undefined): TicketSeats {
  return {
    seat: seats?.find((seat) => seat.companionIndex === 0)?.label ?? null,
    companionSeats: (seats ?? []).filter((seat) => seat.companionIndex > 0).map((seat) => seat.label),
  };
}

/** The guest's ticket seats, in the reader's language (one query). */
export async function ticketSeatsOf(db: Db, input: { eventId: number; inviteeId: number; language: Language }): Promise<TicketSeats> {
  const seats = await seatsOfInvitees(db, { eventId: input.eventId, inviteeIds: [input.inviteeId], language: input.language });
  return ticketSeats(seats.get(input.inviteeId));
}

/** A held seat as the door's queries read it in one column: [companion, kind, row, seat, name_ko, name_en]. */
export type SeatTuple = [number, SeatingBlockKind, number, number, string, string];

/**
 * The SQL of the door's seat column for one invitee: every seat they hold, in one JSON array
 * (null when none), so the scan, the code and the roster read seats in the query they already
 * make, without a second round trip. `invitee` is SQL naming the invitee's id.
 */
export function seatTuplesSql(invitee: string): string {
  return `(select json_agg(json_build_array(sa.companion_index, sb.kind, sa.row_index, sa.seat_number, sb.name_ko, sb.name_en) order by sa.companion_index)
      from seat_assignments sa join seating_blocks sb on sb.id = sa.block_id where sa.invitee_id = ${invitee})`;
}

/** The same column for a Kysely query, given the column holding the invitee's id. */
export function seatTuplesColumn(inviteeColumn: "i.id" | "invitees.id") {
  return sql<SeatTuple[] | null>`${sql.raw(seatTuplesSql(inviteeColumn))}`;
}

/** What the door shows of seats: the guest's own, and their companions'. */
export function doorSeatsOf(tuples: readonly SeatTuple[] | null): { seat: DoorSeat | null; companionSeats: DoorSeat[] } {
  let seat: DoorSeat | null = null;
  const companionSeats: DoorSeat[] = [];
  for (const [companionIndex, kind, rowIndex, seatNumber, nameKo, nameEn] of tuples ?? []) {
    const held = doorSeat({ kind, name_ko: nameKo, name_en: nameEn }, rowIndex, seatNumber);
    if (companionIndex === 0) seat = held;
    else companionSeats.push(held);
  }
  return { seat, companionSeats };
}

/** The seat column of a query (see seatTuplesSql) as a ticket shows it, in the reader's language. */
export function ticketSeatsFromTuples(tuples: readonly SeatTuple[] | null, language: Language): TicketSeats {
  const { seat, companionSeats } = doorSeatsOf(tuples);
  return { seat: seat ? doorSeatLabel(seat, language) : null, companionSeats: companionSeats.map((held) => doorSeatLabel(held, language)) };
}
