import type { SeatingBlockKind } from "../../../db/schema";
import { rowLetter, seatCode } from "./seat-label";

export const BLOCK_KINDS = ["head_table", "round_tables", "theatre"] as const satisfies readonly SeatingBlockKind[];

/** A person's form value: "<invitee>:<companion index>". */
export function personKey(inviteeId: number, companionIndex: number): string {
  return `${inviteeId}:${companionIndex}`;
}

/** A block as the plan and the forms see it (browser-safe). */
export interface PlanBlock {
  id: number;
  kind: SeatingBlockKind;
  name_ko: string;
  name_en: string;
  reserved_group: string;
  rows: number;
  seats_per_row: number;
}

/** Who sits on a seat, as the plan prints it (the proxy's own name for a proxy). */
export interface PlanOccupant {
  blockId: number;
  rowIndex: number;
  seatNumber: number;
  name: string;
  /** 0 for the guest; n for their n-th companion. */
  companionIndex: number;
}

/** A seat's identity in forms and links: "<block>:<row index>:<seat number>". */
export function seatKey(blockId: number, rowIndex: number, seatNumber: number): string {
  return `${blockId}:${rowIndex}:${seatNumber}`;
}

export function parseSeatKey(value: string): { blockId: number; rowIndex: number; seatNumber: number } | null {
  const match = /^(\d{1,9}):(\d{1,3}):(\d{1,3})$/.exec(value);
  if (!match) return null;
  return { blockId: Number(match[1]), rowIndex: Number(match[2]), seatNumber: Number(match[3]) };
}

/** What a row is called in a block: its letter, its table's number, or nothing at a head table. */
export function rowName(kind: SeatingBlockKind, rowIndex: number): string {
  if (kind === "theatre") return rowLetter(rowIndex);
  if (kind === "round_tables") return String(rowIndex + 1);
  return "";
}

export const SEAT_W = 64;
export const SEAT_H = 34;
const GAP = 6;
const TABLE_R = 46;
const BLOCK_TITLE = 28;
const BLOCK_GAP = 34;
const TABLES_PER_LINE = 5;

export interface DrawnSeat {
  key: string;
  code: string;
  x: number;
  y: number;
}

export interface DrawnBlock {
  block: PlanBlock;
  x: number;
  y: number;
  width: number;
  height: number;
  seats: DrawnSeat[];
  /** Round tables' centres, to draw the tables themselves. */
  tables: { x: number; y: number; number: number }[];
}

/**
 * Where each seat goes on the plan, blocks one under another in their order (the stage above
 * the first). Seats are boxes wide enough for a Korean name; round tables put their seats on a
 * circle around the table.
 */
export function layoutPlan(blocks: readonly PlanBlock[]): { blocks: DrawnBlock[]; width: number; height: number } {
  const drawn: DrawnBlock[] = [];
  let y = 60;
  let width = 400;
  for (const block of blocks) {
    const seats: DrawnSeat[] = [];
    const tables: DrawnBlock["tables"] = [];
    let blockWidth: number;
    let blockHeight: number;
    if (block.kind === "round_tables") {
      const radius = TABLE_R + SEAT_H / 2 + 4 + Math.max(0, block.seats_per_row - 8) * 6;
      const cell = radius * 2 + SEAT_W + GAP;
      const perLine = Math.min(TABLES_PER_LINE, block.rows);
      blockWidth = perLine * cell;
      blockHeight = Math.ceil(block.rows / perLine) * cell;
      for (let table = 0; table < block.rows; table++) {
        const cx = (table % perLine) * cell + cell / 2;
        const cy = BLOCK_TITLE + Math.floor(table / perLine) * cell + cell / 2;
        tables.push({ x: cx, y: cy, number: table + 1 });
        for (let seat = 1; seat <= block.seats_per_row; seat++) {
          const angle = -Math.PI / 2 + ((seat - 1) * 2 * Math.PI) / block.seats_per_row;
          seats.push({ key: seatKey(block.id, table, seat), code: seatCode(block.kind, table, seat), x: cx + radius * Math.cos(angle) - SEAT_W / 2, y: cy + radius * Math.sin(angle) - SEAT_H / 2 });
        }
      }
    } else {
      const rowLabel = block.kind === "theatre" ? 24 : 0;
      blockWidth = rowLabel + block.seats_per_row * (SEAT_W + GAP);
      blockHeight = block.rows * (SEAT_H + GAP);
      for (let row = 0; row < block.rows; row++) {
        for (let seat = 1; seat <= block.seats_per_row; seat++) {
          seats.push({ key: seatKey(block.id, row, seat), code: seatCode(block.kind, row, seat), x: rowLabel + (seat - 1) * (SEAT_W + GAP), y: BLOCK_TITLE + row * (SEAT_H + GAP) });
        }
      }
    }
    drawn.push({ block, x: 0, y, width: blockWidth, height: BLOCK_TITLE + blockHeight, seats, tables });
    width = Math.max(width, blockWidth);
    y += BLOCK_TITLE + blockHeight + BLOCK_GAP;
  }
  // Centred under the stage, as a room is laid out.
  for (const block of drawn) block.x = (width - block.width) / 2;
  return { blocks: drawn, width, height: y };
}

/**
 * The order seats are filled in a block: row by row from the front; at a head table from the
 * centre outwards, alternating sides, since protocol seats the highest rank in the middle.
 */
export function fillOrder(block: Pick<PlanBlock, "kind" | "rows" | "seats_per_row">): { rowIndex: number; seatNumber: number }[] {
  const order: { rowIndex: number; seatNumber: number }[] = [];
  for (let row = 0; row < block.rows; row++) {
    if (block.kind === "head_table") {
      const n = block.seats_per_row;
      const middle = Math.ceil(n / 2);
      order.push({ rowIndex: row, seatNumber: middle });
      for (let step = 1; order.length - row * n < n; step++) {
        if (middle + step <= n) order.push({ rowIndex: row, seatNumber: middle + step });
        if (middle - step >= 1) order.push({ rowIndex: row, seatNumber: middle - step });
      }
    } else {
      for (let seat = 1; seat <= block.seats_per_row; seat++) order.push({ rowIndex: row, seatNumber: seat });
    }
  }
  return order;
}

/**
 * A seat code as people type it in a sheet, for a block of this shape: "A-3", "a3" or "A 3" in
 * theatre rows; "T2-5", "2-5" or "2번 5" at round tables; "3" at a head table. Null when it
 * names no seat of the block.
 */
export function parseSeatCode(block: Pick<PlanBlock, "kind" | "rows" | "seats_per_row">, code: string): { rowIndex: number; seatNumber: number } | null {
  const text = code.normalize("NFKC").trim().toUpperCase();
  let rowIndex: number;
  let seatNumber: number;
  if (block.kind === "head_table") {
    const match = /^(?:H-?)?(\d{1,3})(?:번)?$/.exec(text);
    if (!match) return null;
    rowIndex = 0;
    seatNumber = Number(match[1]);
  } else if (block.kind === "round_tables") {
    const match = /^T?\s*(\d{1,3})\s*(?:번)?\s*[-\s]\s*(\d{1,3})(?:번)?$/.exec(text);
    if (!match) return null;
    rowIndex = Number(match[1]) - 1;
    seatNumber = Number(match[2]);
  } else {
    const match = /^([A-Z]{1,2})\s*-?\s*(\d{1,3})(?:번)?$/.exec(text);
    if (!match) return null;
    const letters = match[1]!;
    rowIndex = letters.length === 1 ? letters.charCodeAt(0) - 65 : (letters.charCodeAt(0) - 64) * 26 + letters.charCodeAt(1) - 65;
    seatNumber = Number(match[2]);
  }
  if (rowIndex < 0 || rowIndex >= block.rows || seatNumber < 1 || seatNumber > block.seats_per_row) return null;
  return { rowIndex, seatNumber };
}
