import { sql, type Kysely } from "kysely";

/**
 * Position words in protocol order (의전 서열), which suggest the order of the guests of honour.
 * Rows without an organizer are this installation's list, which every organizer starts from; an
 * organizer who edits the list gets rows of their own. The starting list is data, not code: an
 * installation changes it with SQL, an organizer in the app.
 */
const STARTING_LIST = ["국회의원", "도지사", "교육감", "시장", "군수", "구청장", "의장", "교육장", "부지사", "부교육감", "부시장", "부군수", "부의장", "도의원", "시의원", "군의원", "국장", "과장", "총장", "교장", "원장", "위원장", "회장", "대표"];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("protocol_titles")
    .addColumn("id", "serial", (col) => col.primaryKey())
    .addColumn("organizer_id", "integer", (col) => col.references("organizers.id").onDelete("cascade"))
    .addColumn("rank", "integer", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .execute();
  await sql`create unique index protocol_titles_owner_title on protocol_titles (coalesce(organizer_id, 0), title)`.execute(db);
  await db
    .insertInto("protocol_titles")
    .values(STARTING_LIST.map((title, index) => ({ organizer_id: null, rank: index + 1, title })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("protocol_titles").execute();
}
