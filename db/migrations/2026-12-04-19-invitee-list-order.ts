import type { Kysely } from "kysely";

// Long lists are read in the order they are shown (group, then name, ties by id): a page of the
// list, and each keyset batch of an export. Without this index every batch of a 10,000-person
// export joined and sorted the whole list again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("invitees_event_list_order").on("invitees").columns(["event_id", "group_name", "name", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("invitees_event_list_order").execute();
}
