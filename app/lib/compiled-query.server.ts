import type { Compilable, CompiledQuery, Kysely } from "kysely";

const STAND_IN = "\u0000compiled-once";

/**
 * A query that takes one text value, compiled once per database and then run with each value in
 * the stand-in's place (still sent as a parameter, never spliced into the SQL). For the few hot
 * queries whose building with Kysely costs about as much as running them.
 */
export function compiledOnce<DB, Row>(build: (db: Kysely<DB>, value: string) => Compilable<Row>): (db: Kysely<DB>, value: string) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<Row>>();
  return async (db, value) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db, STAND_IN).compile();
      if (query.parameters.filter((parameter) => parameter === STAND_IN).length !== 1) throw new Error("A query compiled once must take its value exactly once");
      compiled.set(db, query);
    }
    const run: CompiledQuery<Row> = { ...query, parameters: query.parameters.map((parameter) => (parameter === STAND_IN ? value : parameter)) };
    return (await db.executeQuery(run)).rows;
  };
}
