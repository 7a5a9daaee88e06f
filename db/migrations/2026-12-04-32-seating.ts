import type { Kysely } from "kysely";
import { sql } from "kysely";

/**
 * Seating plans (좌석 배치). A layout is a list of blocks; each block's seats are derived from its
 * shape (rows × seats per row), so only the seats people sit on are rows here. The unique
 * indexes are the rule that no two people share a seat and nobody holds two seats.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("seating_blocks")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('head_table', 'round_tables', 'theatre')`))
    .addColumn("name_ko", "text", (col) => col.notNull())
    .addColumn("name_en", "text", (col) => col.notNull().defaultTo(""))
    // Guests of this invitee group (e.g. 내빈) are seated here first; "" reserves nothing.
    .addColumn("reserved_group", "text", (col) => col.notNull().defaultTo(""))
    // head table: 1 row; round tables: one "row" per table; theatre: rows lettered from A.
    .addColumn("rows", "integer", (col) => col.notNull().check(sql`rows between 1 and 60`))
    .addColumn("seats_per_row", "integer", (col) => col.notNull().check(sql`seats_per_row between 1 and 80`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .execute();
  await db.schema.createIndex("seating_blocks_event_idx").on("seating_blocks").columns(["event_id", "position"]).execute();

  await db.schema
    .createTable("seat_assignments")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("block_id", "integer", (col) => col.notNull().references("seating_blocks.id").onDelete("cascade"))
    .addColumn("row_index", "integer", (col) => col.notNull().check(sql`row_index >= 0`))
    .addColumn("seat_number", "integer", (col) => col.notNull().check(sql`seat_number >= 1`))
    .addColumn("invitee_id", "integer", (col) => col.notNull().references("invitees.id").onDelete("cascade"))
    // 0: the invitee (or the proxy who comes in their place); 1…n: their companions.
    .addColumn("companion_index", "integer", (col) => col.notNull().defaultTo(0).check(sql`companion_index >= 0`))
    .addColumn("assigned_by", "text", (col) => col.notNull().check(sql`assigned_by in ('manual', 'auto', 'import')`))
    .addColumn("assigned_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .execute();
  await db.schema
    .createIndex("seat_assignments_one_person_per_seat")
    .on("seat_assignments")
    .columns(["block_id", "row_index", "seat_number"])
    .unique()
    .execute();
  await db.schema
    .createIndex("seat_assignments_one_seat_per_person")
    .on("seat_assignments")
    .columns(["invitee_id", "companion_index"])
    .unique()
    .execute();
  await db.schema.createIndex("seat_assignments_event_idx").on("seat_assignments").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("seat_assignments").execute();
  await db.schema.dropTable("seating_blocks").execute();
}
