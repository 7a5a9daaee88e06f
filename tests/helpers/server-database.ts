import crypto from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "../../db/migrate";

function withDatabase(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
}

/** A migrated database on the server that test databases are copied from (CREATE DATABASE … TEMPLATE). */
export async function createServerTemplate(url: string): Promise<string> {
  const name = uniqueDatabaseName("nanum_template");
  await admin(url, (client) => client.query(`create database "${name}"`));
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(url, name), max: 1 }) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return name;
}

/** A new, empty database on the server (no migrations run): what a first deployment starts on. */
export async function createEmptyServerDatabase(url: string, prefix = "nanum_e2e"): Promise<{ name: string; url: string }> {
  const name = uniqueDatabaseName(prefix);
  await admin(url, (client) => client.query(`create database "${name}"`));
  return { name, url: withDatabase(url, name) };
}

export async function createServerDatabaseFrom(url: string, template: string): Promise<{ name: string; url: string }> {
  const name = uniqueDatabaseName("nanum_test");
  await admin(url, (client) => client.query(`create database "${name}" template "${template}"`));
  return { name, url: withDatabase(url, name) };
}

/** Drops a test database once its pool's connections have gone (force only as a last resort). */
export async function dropServerDatabase(url: string, name: string): Promise<void> {
  await admin(url, async (client) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists "${name}" with (force)`);
  });
}
