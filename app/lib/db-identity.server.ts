import type { Kysely } from "kysely";

/**
 * An object that stands for one database: the same for a Kysely handle and every transaction
 * opened on it, different for another database (tests open many). Caches of values kept in the
 * database (signing keys) are keyed by it, so a lookup inside a transaction hits the cache too.
 */
export function databaseIdentity<DB>(db: Kysely<DB>): object {
  return db.getExecutor().adapter;
}
