import type { Kysely } from "kysely";
import { inject } from "vitest";
import { generateAppKey, useAppKey, type AppKey } from "../../app/lib/app-key.server";
import { openMemoryDatabase, openServerDatabase, type Engine } from "../../db/connect";
import type { Listen } from "../../db/listener";
import type { Database } from "../../db/schema";
import { createServerDatabaseFrom, dropServerDatabase } from "./server-database";

export interface TestDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** The APP_KEY its stored keys are sealed under, as the server's start would give it. */
  appKey: AppKey;
  /** The server database's address (server engine only), for tools such as pg_dump. */
  url: string | undefined;
  /** LISTEN on the database, as the server does (its own connection on the server engine). */
  listen: Listen;
  /**
   * Another handle on the same database with caches of its own, as a restarted process has, and
   * no APP_KEY yet (give it one with useAppKey or secureStoredKeys). Closed with the database.
   */
  another(): Promise<Kysely<Database>>;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite cloned from the
 * template, or (with TEST_DATABASE_URL) a new database on that server, dropped afterwards.
 * Its stored keys are sealed under a key of its own.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject("serverTemplate");
  const appKey = generateAppKey("APP_KEY").key;
  if (!url || !template) {
    const handle = await openMemoryDatabase();
    useAppKey(handle.db, appKey);
    return { db: handle.db, engine: "embedded", appKey, url: undefined, listen: handle.listen, another: async () => handle.another(), destroy: () => handle.close() };
  }
  const created = await createServerDatabaseFrom(url, template);
  const handle = await openServerDatabase(created.url);
  useAppKey(handle.db, appKey);
  const others: Kysely<Database>[] = [];
  return {
    db: handle.db,
    engine: "server",
    appKey,
    url: created.url,
    listen: handle.listen,
    async another() {
      const other = (await openServerDatabase(created.url, { max: 2 })).db;
      others.push(other);
      return other;
    },
    async destroy() {
      for (const other of others) await other.destroy();
      await handle.close();
      await dropServerDatabase(url, created.name);
    },
  };
}
