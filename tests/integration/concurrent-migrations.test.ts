import crypto from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openServerDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";

const adminUrl = process.env.TEST_DATABASE_URL;

async function onServer(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// Two app instances (or an instance and the worker) started at the same moment on an empty
// database: Kysely's migrator takes a PostgreSQL advisory lock, so one migrates and the other
// waits and finds nothing left to do.
describe.skipIf(!adminUrl)("instances migrating one empty server database at once", () => {
  it("run every migration exactly once, and neither fails", async () => {
    const name = `nanum_migrate_race_${crypto.randomBytes(4).toString("hex")}`;
    await onServer(`create database "${name}"`);
    const url = Object.assign(new URL(adminUrl!), { pathname: `/${name}` }).toString();
    const handles = await Promise.all([1, 2, 3].map(() => openServerDatabase(url, { max: 2 })));
    try {
      const applied = await Promise.all(handles.map((handle) => migrateToLatest(handle.db)));
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handles[0]!.db);
      expect(rows.rows.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await onServer(`drop database if exists "${name}" with (force)`);
    }
  });
});
