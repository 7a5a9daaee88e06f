import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAllDown, migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

async function tableNames(test: TestDatabase): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(test.db);
  return result.rows.map((row) => row.table_name);
}

describe("migrations", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("run all the way down and up again, leaving the same schema", async () => {
    const before = await tableNames(test);
    expect(before).toEqual(expect.arrayContaining(["events", "event_members", "organizers", "organizer_sessions"]));

    const reverted = await migrateAllDown(test.db);
    expect(reverted.sort()).toEqual(Object.keys(migrations).sort());
    expect(await tableNames(test)).toEqual([]);

    const applied = await migrateToLatest(test.db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await tableNames(test)).toEqual(before);
  });

  it("does nothing when already up to date", async () => {
    expect(await migrateToLatest(test.db)).toEqual([]);
  });
});
