/**
 * Seating plans (좌석 배치): an event's blocks of seats, and who sits where. Every change holds
 * the event's row lock, so two organizers' edits (or an edit and an automatic assignment) take
 * turns; the unique indexes on seat_assignments are the last word that no seat is shared.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language, SeatAssignedBy } from "../../../db/schema";
import { isUniqueViolation } from "../../lib/db-errors.server";
import { idField, requiredText, text } from "../../lib/forms.server";
import type { AccessBy } from "../access-records/access-records.server";
import { recordAccess } from "../access-records/access-records.server";
import { BLOCK_KINDS, fillOrder, parseSeatKey, type PlanBlock, type PlanOccupant } from "./seating-plan";
import { seatLabel } from "./seat-label";

type Db = Kysely<Database>;

export const MAX_BLOCKS = 20;

const count = (max: number) => z.coerce.number("seating.badNumber").int("seating.badNumber").min(1, "seating.badNumber").max(max, "seating.tooMany");

export const blockFormSchema = z.object({
  kind: z.enum(BLOCK_KINDS, "error.invalid"),
  nameKo: requiredText(40),
  nameEn: text(40),
  reservedGroup: text(100),
  rows: count(60),
  seatsPerRow: count(80),
  // Ticked when the organizer accepts that a smaller block unseats the people beyond it.
  unseat: z.literal("1").optional(),
});
export type BlockForm = z.output<typeof blockFormSchema>;

export const assignFormSchema = z.object({
  guest: z.string().regex(/^\d{1,9}:\d{1,2}$/, "seating.chooseGuest"),
  seat: z
    .string()
    .min(1, "seating.chooseSeat")
    .refine((value) => parseSeatKey(value) !== null, "seating.chooseSeat"),
});

export type SeatingChange = { ok: true } | { ok: false; error: "seat-taken" | "no-such-seat" | "not-attending" | "would-unseat" | "too-many-blocks" | "not-found"; count?: number };

async function lockEvent(trx: Db, eventId: number): Promise<boolean> {
  const row = await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function seatingBlocks(db: Db, eventId: number): Promise<PlanBlock[]> {
  return db
    .selectFrom("seating_blocks")
    .select(["id", "kind", "name_ko", "name_en", "reserved_group", "rows", "seats_per_row"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Whoever holds a seat beyond a block's new size. */
async function seatsBeyond(trx: Db, blockId: number, rows: number, seatsPerRow: number): Promise<number> {
  const row = await trx
    .selectFrom("seat_assignments")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("block_id", "=", blockId)
    .where((eb) => eb.or([eb("row_index", ">=", rows), eb("seat_number", ">", seatsPerRow)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function addSeatingBlock(db: Db, eventId: number, form: BlockForm): Promise<SeatingChange> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) return { ok: false, error: "not-found" };
    const existing = await trx.selectFrom("seating_blocks").select(["position"]).where("event_id", "=", eventId).orderBy("position", "desc").execute();
    if (existing.length >= MAX_BLOCKS) return { ok: false, error: "too-many-blocks" };
    await trx
      .insertInto("seating_blocks")
      .values({
        event_id: eventId,
        position: (existing[0]?.position ?? 0) + 1,
        kind: form.kind,
        name_ko: form.nameKo,
        name_en: form.nameEn,
        reserved_group: form.reservedGroup,
        rows: form.kind === "head_table" ? 1 : form.rows,
        seats_per_row: form.seatsPerRow,
      })
      .execute();
    return { ok: true };
  });
}

/**
 * Changes a block. Making it smaller than the seats people hold is refused, unless the organizer
 * ticked that those people lose their seats (the access record then names them).
 */
export async function updateSeatingBlock(db: Db, by: AccessBy, input: { eventId: number; blockId: number; form: BlockForm }): Promise<SeatingChange> {
  const { eventId, blockId, form } = input;
  const rows = form.kind === "head_table" ? 1 : form.rows;
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) return { ok: false, error: "not-found" };
    const block = await trx.selectFrom("seating_blocks").select("id").where("id", "=", blockId).where("event_id", "=", eventId).executeTakeFirst();
    if (!block) return { ok: false, error: "not-found" };
    const lost = await seatsBeyond(trx, blockId, rows, form.seatsPerRow);
    if (lost > 0 && !form.unseat) return { ok: false, error: "would-unseat", count: lost };
    if (lost > 0) {
      const unseated = await trx
        .deleteFrom("seat_assignments")
        .where("block_id", "=", blockId)
        .where((eb) => eb.or([eb("row_index", ">=", rows), eb("seat_number", ">", form.seatsPerRow)]))
        .returning("invitee_id")
        .execute();
      await recordAccess(trx, { ...by, action: "update", eventId, subjectIds: [...new Set(unseated.map((row) => row.invitee_id))], filter: { seating: "unseat-by-resize" } });
    }
    await trx
      .updateTable("seating_blocks")
      .set({ kind: form.kind, name_ko: form.nameKo, name_en: form.nameEn, reserved_group: form.reservedGroup, rows, seats_per_row: form.seatsPerRow })
      .where("id", "=", blockId)
      .execute();
    return { ok: true };
  });
}

/** Removes a block; its seated people lose their seats only when the organizer confirmed it. */
export async function removeSeatingBlock(db: Db, by: AccessBy, input: { eventId: number; blockId: number; confirmed: boolean }): Promise<SeatingChange> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, input.eventId))) return { ok: false, error: "not-found" };
    const held = await seatsBeyond(trx, input.blockId, 0, 0);
    if (held > 0 && !input.confirmed) return { ok: false, error: "would-unseat", count: held };
    const unseated = await trx.deleteFrom("seat_assignments").where("block_id", "=", input.blockId).where("event_id", "=", input.eventId).returning("invitee_id").execute();
    if (unseated.length > 0) {
      await recordAccess(trx, { ...by, action: "update", eventId: input.eventId, subjectIds: [...new Set(unseated.map((row) => row.invitee_id))], filter: { seating: "unseat-by-removal" } });
    }
    const removed = await trx.deleteFrom("seating_blocks").where("id", "=", input.blockId).where("event_id", "=", input.eventId).executeTakeFirst();
    return removed.numDeletedRows > 0n ? { ok: true } : { ok: false, error: "not-found" };
  });
}

/** Moves a block one place up or down the plan. */
export async function moveSeatingBlock(db: Db, input: { eventId: number; blockId: number; direction: "up" | "down" }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, input.eventId))) return;
    const blocks = await trx.selectFrom("seating_blocks").select("id").where("event_id", "=", input.eventId).orderBy("position").orderBy("id").execute();
    const ids = blocks.map((block) => block.id);
    const at = ids.indexOf(input.blockId);
    const to = input.direction === "up" ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    for (const [position, id] of ids.entries())
      await trx
        .updateTable("seating_blocks")
        .set({ position: position + 1 })
        .where("id", "=", id)
        .execute();
  });
}

/** An attending guest as seating needs them: who sits (a proxy in their own name) and how many. */
export interface SeatingGuest {
  id: number;
  name: string;
  /** The invitee a proxy stands in for; null when the invitee comes themself. */
  onBehalfOf: string | null;
  organization: string;
  groupName: string;
  isVip: boolean;
  companions: number;
}

async function attendingGuests(db: Db, eventId: number) {
  return (
    db
      .selectFrom("invitees as i")
      .innerJoin("rsvps as r", "r.invitee_id", "i.id")
      .select(["i.id", "i.name", "i.organization", "i.group_name", "i.is_vip", "i.intro_order", "r.companions", "r.proxy_name", "r.responded_at"])
      .where("i.event_id", "=", eventId)
      .where("r.status", "=", "attending")
      // Protocol order (의전 서열) first, then the order the answers came in.
      .orderBy(sql`i.intro_order is null`)
      .orderBy("i.intro_order")
      .orderBy("r.responded_at")
      .orderBy("i.id")
      .execute()
  );
}

function seatingGuest(row: Awaited<ReturnType<typeof attendingGuests>>[number]): SeatingGuest {
  const proxy = row.proxy_name.trim();
  return {
    id: row.id,
    name: proxy || row.name,
    onBehalfOf: proxy ? row.name : null,
    organization: row.organization,
    groupName: row.group_name,
    isVip: row.is_vip,
    companions: row.companions,
  };
}

/** Everything the seating page shows: the blocks, who sits where, and who still has no seat. */
export async function seatingOverview(db: Db, eventId: number, language: Language) {
  const blocks = await seatingBlocks(db, eventId);
  const guests = (await attendingGuests(db, eventId)).map(seatingGuest);
  const byId = new Map(guests.map((guest) => [guest.id, guest]));
  const assignments = await db.selectFrom("seat_assignments").select(["block_id", "row_index", "seat_number", "invitee_id", "companion_index"]).where("event_id", "=", eventId).execute();
  const blockById = new Map(blocks.map((block) => [block.id, block]));
  const occupants: PlanOccupant[] = [];
  const seated: { guest: SeatingGuest; companionIndex: number; label: string; key: string }[] = [];
  const taken = new Set<string>();
  for (const row of assignments) {
    const guest = byId.get(row.invitee_id);
    const block = blockById.get(row.block_id);
    if (!guest || !block) continue;
    const key = `${row.block_id}:${row.row_index}:${row.seat_number}`;
    taken.add(key);
    occupants.push({ blockId: row.block_id, rowIndex: row.row_index, seatNumber: row.seat_number, name: guest.name, companionIndex: row.companion_index });
    seated.push({ guest, companionIndex: row.companion_index, label: seatLabel(block, row.row_index, row.seat_number, language), key });
  }
  const seatedPeople = new Set(seated.map((entry) => `${entry.guest.id}:${entry.companionIndex}`));
  const unseated: { guest: SeatingGuest; companionIndex: number }[] = [];
  for (const guest of guests) {
    for (let index = 0; index <= guest.companions; index++) if (!seatedPeople.has(`${guest.id}:${index}`)) unseated.push({ guest, companionIndex: index });
  }
  const freeSeats: { key: string; label: string }[] = [];
  for (const block of blocks) {
    for (const { rowIndex, seatNumber } of fillOrder({ ...block, kind: block.kind === "head_table" ? "theatre" : block.kind })) {
      const key = `${block.id}:${rowIndex}:${seatNumber}`;
      if (!taken.has(key)) freeSeats.push({ key, label: seatLabel(block, rowIndex, seatNumber, language) });
    }
  }
  const capacity = blocks.reduce((sum, block) => sum + block.rows * block.seats_per_row, 0);
  const groups = [...new Set(guests.map((guest) => guest.groupName).filter(Boolean))].sort((a, b) => a.localeCompare(b, "ko"));
  return { blocks, occupants, seated, unseated, freeSeats, capacity, groups, guestIds: guests.map((guest) => guest.id) };
}

/**
 * Puts one person on one seat (moving them if they had another). A seat someone else holds is
 * refused, also when two organizers try it at the same moment.
 */
export async function assignSeat(
  db: Db,
  by: AccessBy,
  input: { eventId: number; inviteeId: number; companionIndex: number; blockId: number; rowIndex: number; seatNumber: number; assignedBy?: SeatAssignedBy },
): Promise<SeatingChange> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await lockEvent(trx, input.eventId))) return { ok: false, error: "not-found" } as const;
      const block = await trx.selectFrom("seating_blocks").select(["rows", "seats_per_row"]).where("id", "=", input.blockId).where("event_id", "=", input.eventId).executeTakeFirst();
      if (!block || input.rowIndex >= block.rows || input.seatNumber > block.seats_per_row || input.seatNumber < 1) return { ok: false, error: "no-such-seat" } as const;
      const guest = await trx
        .selectFrom("rsvps")
        .select("companions")
        .where("invitee_id", "=", input.inviteeId)
        .where("event_id", "=", input.eventId)
        .where("status", "=", "attending")
        .executeTakeFirst();
      if (!guest || input.companionIndex > guest.companions) return { ok: false, error: "not-attending" } as const;
      const holder = await trx
        .selectFrom("seat_assignments")
        .select(["invitee_id", "companion_index"])
        .where("block_id", "=", input.blockId)
        .where("row_index", "=", input.rowIndex)
        .where("seat_number", "=", input.seatNumber)
        .executeTakeFirst();
      if (holder) {
        if (holder.invitee_id === input.inviteeId && holder.companion_index === input.companionIndex) return { ok: true } as const;
        return { ok: false, error: "seat-taken" } as const;
      }
      await trx.deleteFrom("seat_assignments").where("invitee_id", "=", input.inviteeId).where("companion_index", "=", input.companionIndex).execute();
      await trx
        .insertInto("seat_assignments")
        .values({
          event_id: input.eventId,
          block_id: input.blockId,
          row_index: input.rowIndex,
          seat_number: input.seatNumber,
          invitee_id: input.inviteeId,
          companion_index: input.companionIndex,
          assigned_by: input.assignedBy ?? "manual",
        })
        .execute();
      await recordAccess(trx, { ...by, action: "update", eventId: input.eventId, subjectIds: [input.inviteeId], filter: { seating: "assign" } });
      return { ok: true } as const;
    });
  } catch (error) {
    // The index's word, for a writer that did not take the event's lock (none should).
    if (isUniqueViolation(error)) return { ok: false, error: "seat-taken" };
    throw error;
  }
}

/** Frees a person's seat. */
export async function unassignSeat(db: Db, by: AccessBy, input: { eventId: number; inviteeId: number; companionIndex: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, input.eventId))) return;
    const removed = await trx
      .deleteFrom("seat_assignments")
      .where("event_id", "=", input.eventId)
      .where("invitee_id", "=", input.inviteeId)
      .where("companion_index", "=", input.companionIndex)
      .executeTakeFirst();
    if (removed.numDeletedRows > 0n) await recordAccess(trx, { ...by, action: "update", eventId: input.eventId, subjectIds: [input.inviteeId], filter: { seating: "unassign" } });
  });
}

/** Frees every seat of the event (before a fresh automatic assignment). */
export async function clearSeats(db: Db, by: AccessBy, eventId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) return 0;
    const removed = await trx.deleteFrom("seat_assignments").where("event_id", "=", eventId).returning("invitee_id").execute();
    if (removed.length > 0) await recordAccess(trx, { ...by, action: "update", eventId, count: removed.length, filter: { seating: "clear" } });
    return removed.length;
  });
}

interface FreeSeat {
  blockId: number;
  rowIndex: number;
  seatNumber: number;
}

/**
 * A run of `size` free seats side by side in one row (or at one table) of these blocks, in the
 * blocks' fill order; or, when no row has room for the whole party, null.
 */
function findRun(blocks: readonly PlanBlock[], taken: Set<string>, size: number): FreeSeat[] | null {
  for (const block of blocks) {
    const order = fillOrder(block);
    for (const start of order) {
      const run: FreeSeat[] = [];
      // A party fills seats to the right of its first seat; at a head table, the first free
      // seat nearest the centre is where the run starts.
      for (let offset = 0; offset < size; offset++) {
        const seatNumber = start.seatNumber + offset;
        if (seatNumber > block.seats_per_row || taken.has(`${block.id}:${start.rowIndex}:${seatNumber}`)) break;
        run.push({ blockId: block.id, rowIndex: start.rowIndex, seatNumber });
      }
      if (run.length === size) return run;
    }
  }
  return null;
}

/**
 * Seats everyone attending who has no seat yet, keeping the seats already given: guests of a
 * block's reserved group there first, in protocol order (의전 서열) and then the order their
 * answers came in; everyone else in the blocks reserved for nobody. Companions sit next to their
 * guest; a proxy takes the invitee's seat. Answers how many were seated and how many found no room.
 */
export async function autoAssignSeats(db: Db, by: AccessBy, eventId: number): Promise<{ seated: number; noRoom: number }> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) return { seated: 0, noRoom: 0 };
    const blocks = await seatingBlocks(trx, eventId);
    const guests = await attendingGuests(trx, eventId);
    const held = await trx.selectFrom("seat_assignments").select(["block_id", "row_index", "seat_number", "invitee_id", "companion_index"]).where("event_id", "=", eventId).execute();
    const taken = new Set(held.map((row) => `${row.block_id}:${row.row_index}:${row.seat_number}`));
    const hasSeat = new Set(held.map((row) => `${row.invitee_id}:${row.companion_index}`));
    const open = blocks.filter((block) => block.reserved_group === "");
    const placed: { invitee_id: number; companion_index: number; seat: FreeSeat }[] = [];
    let noRoom = 0;
    // Reserved groups first, so that a general guest cannot take a seat a reserved block would need.
    const reservedFirst = [...guests].sort(
      (a, b) =>
        Number(blocks.some((block) => block.reserved_group !== "" && block.reserved_group === b.group_name)) -
        Number(blocks.some((block) => block.reserved_group !== "" && block.reserved_group === a.group_name)),
    );
    for (const guest of reservedFirst) {
      const missing: number[] = [];
      for (let index = 0; index <= guest.companions; index++) if (!hasSeat.has(`${guest.id}:${index}`)) missing.push(index);
      if (missing.length === 0) continue;
      const own = guest.group_name === "" ? [] : blocks.filter((block) => block.reserved_group === guest.group_name);
      const candidates = [...own, ...open];
      let seats = findRun(candidates, taken, missing.length);
      if (!seats) {
        // No row has room for the whole party together: seat each where there is room.
        seats = [];
        for (const _ of missing) {
          const one = findRun(candidates, taken, 1);
          if (!one) break;
          taken.add(`${one[0]!.blockId}:${one[0]!.rowIndex}:${one[0]!.seatNumber}`);
          seats.push(one[0]!);
        }
      }
      for (const [i, seat] of seats.entries()) {
        taken.add(`${seat.blockId}:${seat.rowIndex}:${seat.seatNumber}`);
        placed.push({ invitee_id: guest.id, companion_index: missing[i]!, seat });
      }
      noRoom += missing.length - seats.length;
    }
    if (placed.length > 0) {
      await trx
        .insertInto("seat_assignments")
        .values(
          placed.map(({ invitee_id, companion_index, seat }) => ({
            event_id: eventId,
            block_id: seat.blockId,
            row_index: seat.rowIndex,
            seat_number: seat.seatNumber,
            invitee_id,
            companion_index,
            assigned_by: "auto" as const,
          })),
        )
        .execute();
      await recordAccess(trx, { ...by, action: "update", eventId, subjectIds: [...new Set(placed.map((entry) => entry.invitee_id))], filter: { seating: "auto" } });
    }
    return { seated: placed.length, noRoom };
  });
}

export function parsePersonKey(value: string): { inviteeId: number; companionIndex: number } | null {
  const match = /^(\d{1,9}):(\d{1,2})$/.exec(value);
  if (!match) return null;
  const inviteeId = idField.safeParse(match[1]);
  return inviteeId.success ? { inviteeId: inviteeId.data, companionIndex: Number(match[2]) } : null;
}

/** The seat list by name for the reception desk (가나다 order), and the plan's occupants for print. */
export async function seatList(db: Db, eventId: number, language: Language) {
  const overview = await seatingOverview(db, eventId, language);
  const collator = new Intl.Collator(language === "en" ? "en" : "ko");
  const rows = overview.seated
    .map((entry) => ({
      name: entry.guest.name,
      companionIndex: entry.companionIndex,
      organization: entry.guest.organization,
      groupName: entry.guest.groupName,
      onBehalfOf: entry.guest.onBehalfOf,
      label: entry.label,
      inviteeId: entry.guest.id,
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.companionIndex - b.companionIndex);
  return { ...overview, rows };
}
