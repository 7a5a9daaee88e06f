import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledOnce } from "../../app/lib/compiled-query.server";
import { isUniqueViolation } from "../../app/lib/db-errors.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

// The embedded engine keeps every repeated statement prepared (db/pglite-dialect.ts); these
// hold on both engines, so the embedded one must not answer differently from a server.
describe("repeated statements", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("see a table's new columns once it is altered", async () => {
    await sql`create table prepared_shape (a integer)`.execute(test.db);
    await sql`insert into prepared_shape values (1)`.execute(test.db);
    const read = () => sql<Record<string, unknown>>`select * from prepared_shape where a = ${1}`.execute(test.db);
    for (let i = 0; i < 8; i++) expect((await read()).rows).toEqual([{ a: 1 }]);
    await sql`alter table prepared_shape add column b text not null default 'x'`.execute(test.db);
    expect((await read()).rows).toEqual([{ a: 1, b: "x" }]);
    await sql`drop table prepared_shape`.execute(test.db);
  });

  it("give the right answers past the number of statements kept at once", async () => {
    const add = (n: number) => sql<{ sum: number }>`select ${sql.lit(n)}::int + ${1}::int as sum`.execute(test.db);
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 600; n++) expect((await add(n)).rows[0]!.sum).toBe(n + 1);
    }
  });

  it("report a unique violation as such, and the same statement runs again afterwards", async () => {
    await sql`create table prepared_unique (code text primary key)`.execute(test.db);
    const insert = (code: string) => sql`insert into prepared_unique (code) values (${code})`.execute(test.db);
    await insert("a");
    const error = await insert("a").catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    await insert("b");
    await expect(
      test.db.transaction().execute(async (trx) => {
        await sql`insert into prepared_unique (code) values (${"c"})`.execute(trx);
        await sql`insert into prepared_unique (code) values (${"a"})`.execute(trx);
      }),
    ).rejects.toSatisfy((caught: unknown) => isUniqueViolation(caught));
    await insert("d");
    const codes = await sql<{ code: string }>`select code from prepared_unique order by code`.execute(test.db);
    expect(codes.rows.map((row) => row.code)).toEqual(["a", "b", "d"]);
    await sql`drop table prepared_unique`.execute(test.db);
  });

  it("leave the connection usable after a statement that does not parse", async () => {
    await expect(sql`select from where ${1}`.execute(test.db)).rejects.toThrow();
    expect((await sql<{ one: number }>`select ${1}::int as one`.execute(test.db)).rows).toEqual([{ one: 1 }]);
  });

  it("take a bulk insert's many values", async () => {
    await sql`create table prepared_bulk (n integer)`.execute(test.db);
    const values = Array.from({ length: 500 }, (_, n) => sql`(${n})`);
    for (let round = 0; round < 2; round++) await sql`insert into prepared_bulk (n) values ${sql.join(values)}`.execute(test.db);
    const { rows } = await sql<{ total: number }>`select sum(n) as total from prepared_bulk`.execute(test.db);
    expect(Number(rows[0]!.total)).toBe(2 * ((499 * 500) / 2));
    await sql`drop table prepared_bulk`.execute(test.db);
  });

  it("compiled once, still run with each value as a parameter", async () => {
    const echo = compiledOnce((db: typeof test.db, value: string) => db.selectNoFrom((eb) => [eb.val(value).as("value"), eb.val("fixed").as("fixed")]));
    for (const value of ["a", "it's", "$1", "b"]) expect(await echo(test.db, value)).toEqual([{ value, fixed: "fixed" }]);
    const twice = compiledOnce((db: typeof test.db, value: string) => db.selectNoFrom((eb) => [eb.val(value).as("a"), eb.val(value).as("b")]));
    await expect(twice(test.db, "x")).rejects.toThrow(/exactly once/);
  });

  it("pass values of every kind the app uses and read them back", async () => {
    const at = new Date("2026-12-23T05:00:00.000Z");
    const { rows } = await sql<{ at: Date; yes: boolean; doc: { a: number[] }; none: string | null; big: number; day: string }>`
      select ${at}::timestamptz as at, ${true}::boolean as yes, ${JSON.stringify({ a: [1, 2] })}::jsonb as doc,
        ${null}::text as none, count(*) as big, ${"2026-12-23"}::date as day`.execute(test.db);
    expect(rows).toEqual([{ at, yes: true, doc: { a: [1, 2] }, none: null, big: 1, day: "2026-12-23" }]);
  });
});
