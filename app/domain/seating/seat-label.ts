import type { Language, SeatingBlockKind } from "../../../db/schema";

/** What a label needs of a seat's block; safe for the browser (the door app shows labels too). */
export interface SeatBlockNames {
  kind: SeatingBlockKind;
  name_ko: string;
  name_en: string;
}

/** Theatre rows are lettered A…Z, then AA, AB…, as printed on venue plans. */
export function rowLetter(rowIndex: number): string {
  let n = rowIndex;
  let letters = "";
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}

/**
 * The seat's short code, the same in both languages: "A-3" in theatre rows, "T2-5" for seat 5
 * at table 2, "3" at a head table (whose block name says the rest).
 */
export function seatCode(kind: SeatingBlockKind, rowIndex: number, seatNumber: number): string {
  if (kind === "theatre") return `${rowLetter(rowIndex)}-${seatNumber}`;
  if (kind === "round_tables") return `T${rowIndex + 1}-${seatNumber}`;
  return String(seatNumber);
}

export function blockName(block: SeatBlockNames, language: Language): string {
  return language === "en" && block.name_en.trim() !== "" ? block.name_en : block.name_ko;
}

/** The whole label a guest reads on a ticket or the door: "내빈석 A-3". */
export function seatLabel(block: SeatBlockNames, rowIndex: number, seatNumber: number, language: Language): string {
  return `${blockName(block, language)} ${seatCode(block.kind, rowIndex, seatNumber)}`;
}

/**
 * A seat as the door carries it, in the scan's answer and the phone's offline roster: the code
 * shown large, and the block's name in both languages, since the phone speaks whichever its
 * staff chose.
 */
export interface DoorSeat {
  code: string;
  blockKo: string;
  blockEn: string;
}

/** A seat row as the database gives it, made into what the door carries. */
export function doorSeat(block: SeatBlockNames, rowIndex: number, seatNumber: number): DoorSeat {
  return { code: seatCode(block.kind, rowIndex, seatNumber), blockKo: block.name_ko, blockEn: block.name_en };
}

export function doorSeatBlock(seat: DoorSeat, language: Language): string {
  return language === "en" && seat.blockEn.trim() !== "" ? seat.blockEn : seat.blockKo;
}

/** The door's seat in words, "내빈석 A-3", as the ticket reads. */
export function doorSeatLabel(seat: DoorSeat, language: Language): string {
  return `${doorSeatBlock(seat, language)} ${seat.code}`;
}
