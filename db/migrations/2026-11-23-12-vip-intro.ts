import type { Kysely } from "kysely";

// The order in which the MC introduces the guests of honour (내빈 소개); empty: by name.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invitees").addColumn("intro_order", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invitees").dropColumn("intro_order").execute();
}
