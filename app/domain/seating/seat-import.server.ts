/**
 * Seats from a sheet (.xlsx or CSV, with the invitee import's reader): one row per person, naming
 * the guest (email, or a name only one attending guest has) and the seat (block name and seat
 * code). Any bad row is reported by its line and nothing changes; a good sheet is applied at once.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { defineSheet, readSpreadsheet, textField, type ImportFailure } from "../../lib/spreadsheet.server";
import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import { parseSeatCode, seatKey } from "./seating-plan";
import { seatingBlocks } from "./seating.server";

type Db = Kysely<Database>;

export const SEAT_FIELDS = ["name", "email", "block", "seat", "companion"] as const;
export type SeatField = (typeof SEAT_FIELDS)[number];

export const seatSheet = defineSheet({
  fields: SEAT_FIELDS,
  aliases: {
    name: ["이름", "성명", "성함", "name", "full name"],
    email: ["이메일", "이메일 주소", "전자우편", "email", "e-mail", "email address"],
    block: ["구역", "좌석 구역", "블록", "block", "section", "area"],
    seat: ["좌석", "좌석번호", "좌석 번호", "자리", "seat", "seat number"],
    companion: ["동반", "동반자", "동반 번호", "companion"],
  },
  row: z.object({
    name: textField(100),
    email: textField(254),
    block: z.string().min(1, "seatImport.error.blockRequired").max(40, "import.error.tooLong"),
    seat: z.string().min(1, "seatImport.error.seatRequired").max(20, "import.error.tooLong"),
    companion: z.string().regex(/^\d{0,2}$/, "seatImport.error.companion"),
  }),
});

export type SeatImportLineError = { line: number; reason: "guest" | "guest-ambiguous" | "block" | "seat" | "taken" | "twice" | "companion" | "row"; value: string };
export type SeatImportResult = { ok: false; failure: ImportFailure; line?: number } | { ok: false; errors: SeatImportLineError[] } | { ok: true; seated: number };

const key = (value: string) => value.normalize("NFC").toLowerCase().replace(/\s+/g, "");

export async function importSeats(db: Db, by: AccessBy, input: { eventId: number; fileName: string; bytes: Uint8Array }): Promise<SeatImportResult> {
  const sheet = await readSpreadsheet({ fileName: input.fileName, bytes: input.bytes }, seatSheet);
  if (!sheet.ok) return { ok: false, failure: sheet.error, line: sheet.line };
  const errors: SeatImportLineError[] = sheet.errors.map((error) => ({ line: error.line, reason: "row", value: `${error.field}: ${error.value}` }));
  return db.transaction().execute(async (trx): Promise<SeatImportResult> => {
    await trx.selectFrom("events").select("id").where("id", "=", input.eventId).forUpdate().execute();
    const blocks = await seatingBlocks(trx, input.eventId);
    const guests = await trx
      .selectFrom("invitees as i")
      .innerJoin("rsvps as r", "r.invitee_id", "i.id")
      .select(["i.id", "i.name", "i.email", "r.proxy_name", "r.companions"])
      .where("i.event_id", "=", input.eventId)
      .where("r.status", "=", "attending")
      .execute();
    const byEmail = new Map(guests.filter((g) => g.email).map((g) => [key(g.email!), g]));
    const byName = new Map<string, typeof guests>();
    for (const guest of guests) {
      // A proxy is found by their own name as well as the invitee's.
      for (const name of new Set([key(guest.name), key(guest.proxy_name)])) if (name) byName.set(name, [...(byName.get(name) ?? []), guest]);
    }
    const blockByName = new Map(blocks.flatMap((block) => [[key(block.name_ko), block] as const, ...(block.name_en ? [[key(block.name_en), block] as const] : [])]));
    const planned: { line: number; inviteeId: number; companionIndex: number; blockId: number; rowIndex: number; seatNumber: number }[] = [];
    const seatLines = new Map<string, number>();
    const personLines = new Map<string, number>();
    for (const { line, row } of sheet.rows) {
      const matches = row.email ? [byEmail.get(key(row.email))].filter((g) => g !== undefined) : (byName.get(key(row.name)) ?? []);
      if (matches.length !== 1) {
        errors.push({ line, reason: matches.length === 0 ? "guest" : "guest-ambiguous", value: row.email || row.name });
        continue;
      }
      const guest = matches[0]!;
      const companionIndex = Number(row.companion || "0");
      if (companionIndex > guest.companions) {
        errors.push({ line, reason: "companion", value: row.companion });
        continue;
      }
      const block = blockByName.get(key(row.block));
      if (!block) {
        errors.push({ line, reason: "block", value: row.block });
        continue;
      }
      const seat = parseSeatCode(block, row.seat);
      if (!seat) {
        errors.push({ line, reason: "seat", value: row.seat });
        continue;
      }
      const seatId = seatKey(block.id, seat.rowIndex, seat.seatNumber);
      const personId = `${guest.id}:${companionIndex}`;
      if (seatLines.has(seatId) || personLines.has(personId)) {
        errors.push({ line, reason: "twice", value: `${row.block} ${row.seat}` });
        continue;
      }
      seatLines.set(seatId, line);
      personLines.set(personId, line);
      planned.push({ line, inviteeId: guest.id, companionIndex, blockId: block.id, ...seat });
    }
    // A seat held by someone the sheet does not move stays theirs.
    const held = await trx.selectFrom("seat_assignments").select(["block_id", "row_index", "seat_number", "invitee_id", "companion_index"]).where("event_id", "=", input.eventId).execute();
    for (const seat of held) {
      const line = seatLines.get(seatKey(seat.block_id, seat.row_index, seat.seat_number));
      if (line !== undefined && !personLines.has(`${seat.invitee_id}:${seat.companion_index}`)) errors.push({ line, reason: "taken", value: "" });
    }
    if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
    const moving = new Set(planned.map((entry) => `${entry.inviteeId}:${entry.companionIndex}`));
    const stale = held.filter((seat) => moving.has(`${seat.invitee_id}:${seat.companion_index}`));
    for (const seat of stale) await trx.deleteFrom("seat_assignments").where("invitee_id", "=", seat.invitee_id).where("companion_index", "=", seat.companion_index).execute();
    if (planned.length > 0) {
      await trx
        .insertInto("seat_assignments")
        .values(
          planned.map((entry) => ({
            event_id: input.eventId,
            block_id: entry.blockId,
            row_index: entry.rowIndex,
            seat_number: entry.seatNumber,
            invitee_id: entry.inviteeId,
            companion_index: entry.companionIndex,
            assigned_by: "import" as const,
          })),
        )
        .execute();
      await recordAccess(trx, { ...by, action: "import", eventId: input.eventId, subjectIds: [...new Set(planned.map((entry) => entry.inviteeId))], filter: { seating: "import" } });
    }
    return { ok: true, seated: planned.length };
  });
}
