import type { Kysely } from "kysely";
import { inject } from "vitest";
import { openMemoryDatabase, openServerDatabase, type Engine } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createServerDatabaseFrom, dropServerDatabase } from "./server-database";

export interface TestDatabase {
  db: Kysely<Database>;
  engine: Engine;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite cloned from the
 * template, or (with TEST_DATABASE_URL) a new database on that server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject("serverTemplate");
  if (!url || !template) {
    const handle = await openMemoryDatabase();
    return { db: handle.db, engine: "embedded", destroy: () => handle.close() };
  }
  const created = await createServerDatabaseFrom(url, template);
  const handle = await openServerDatabase(created.url);
  return {
    db: handle.db,
    engine: "server",
    async destroy() {
      await handle.close();
      await dropServerDatabase(url, created.name);
    },
  };
}
