import type { Kysely } from "kysely";
import type { Database, Language } from "../../../db/schema";
import { seatLabel } from "./seat-label";

type Db = Kysely<Database>;

export interface GuestSeat {
  /** 0: the invitee (or their proxy); 1…n: their companions. */
  companionIndex: number;
  label: string;
}

/**
 * The seats held by these invitees (every invitee of the event when `inviteeIds` is omitted),
 * labelled in the reader's language, companions after their guest. Invitees without a seat
 * are absent from the map.
 */
export async function seatsOfInvitees(db: Db, input: { eventId: number; inviteeIds?: readonly number[]; language: Language }): Promise<Map<number, GuestSeat[]>> {
  const seats = new Map<number, GuestSeat[]>();
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
    list.push({ companionIndex: row.companion_index, label: seatLabel(row, row.row_index, row.seat_number, input.language) });
    seats.set(row.invitee_id, list);
  }
  return seats;
}

/** The guest's own seat (companion 0) as one label, or null when none is assigned. */
export async function seatOfInvitee(db: Db, input: { eventId: number; inviteeId: number; language: Language }): Promise<string | null> {
  const seats = await seatsOfInvitees(db, { eventId: input.eventId, inviteeIds: [input.inviteeId], language: input.language });
  return seats.get(input.inviteeId)?.find((seat) => seat.companionIndex === 0)?.label ?? null;
}
