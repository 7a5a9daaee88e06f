import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("concurrent transactions", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
    await sql`create table counters (id int primary key, value int not null)`.execute(test.db);
    await sql`insert into counters values (1, 0)`.execute(test.db);
  });
  afterAll(() => test.destroy());

  it("serializes 20 read-modify-write transactions without losing an update", async () => {
    const db = test.db.withTables<{ counters: { id: number; value: number } }>();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom("counters").select("value").where("id", "=", 1).forUpdate().executeTakeFirstOrThrow();
          // Yield to the event loop between read and write, as a real request would.
          await new Promise((resolve) => setTimeout(resolve, 2));
          await trx
            .updateTable("counters")
            .set({ value: row.value + 1 })
            .where("id", "=", 1)
            .execute();
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const final = await db.selectFrom("counters").select("value").where("id", "=", 1).executeTakeFirstOrThrow();
    expect(final.value).toBe(20);
  });

  it("rolls back a failed transaction while others commit", async () => {
    const db = test.db.withTables<{ counters: { id: number; value: number } }>();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable("counters")
            .set((eb) => ({ value: eb("value", "+", 1) }))
            .where("id", "=", 1)
            .execute();
          if (i % 2 === 1) throw new Error("abandon");
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(3);
    const final = await db.selectFrom("counters").select("value").where("id", "=", 1).executeTakeFirstOrThrow();
    expect(final.value).toBe(23);
  });
});
