import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock";
import { embeddedListener, serverListener, type Listen } from "./listener";
import { migrateToLatest } from "./migrate";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./schema";
import { readEmbeddedTemplate } from "./template";

export type Engine = "embedded" | "server";

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** True when this open created the database (an empty data folder). */
  created: boolean;
  /** The server engine's connection pool: connections open, idle, and requests waiting for one. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** LISTEN on a channel (db/listener.ts): its own connection on the server engine, opened at the first call. */
  listen: Listen;
  close(): Promise<void>;
}

const PG_INT8 = 20;
const PG_DATE = 1082;

// Both engines return the same JavaScript types: counts (int8) as numbers, dates as 'YYYY-MM-DD'.
const serverTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_INT8) return (value: string) => Number(value);
    if (oid === PG_DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const embeddedParsers = {
  [PG_INT8]: (value: string) => Number(value),
  [PG_DATE]: (value: string) => value,
};

/** The server database cannot be reached or refuses us: said in one line, naming DATABASE_URL. */
export class DatabaseUnreachableError extends Error {}

function describeUnreachable(url: string, error: unknown): string {
  let where = "the host and port in it";
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname || "localhost"}:${parsed.port || "5432"}${parsed.pathname && parsed.pathname !== "/" ? `, database ${parsed.pathname.slice(1)}` : ""}`;
  } catch {
    // An unparsable URL is described by the driver's own message below.
  }
  const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message ?? String(error);
  return `Cannot use the PostgreSQL server in DATABASE_URL (${where}): ${reason}. Check that the server runs and accepts connections there, and the user, password and database name in DATABASE_URL.`;
}

/** A statement whose SQL starts with this comment is kept prepared on each connection, by that name. */
export const PREPARED_MARK = /^\/\* prepared: ([a-z0-9-]+) \*\//;

/**
 * The pool Kysely gets: the same clients, except that statements marked with PREPARED_MARK go as
 * named statements, parsed and planned once per connection (the door's scan: planning its one
 * statement cost about as much as running it). Only marked ones: names are never released.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrapped.get(client);
      if (!wrapper) {
        const query = ((text: unknown, values?: unknown[]) => {
          const name = typeof text === "string" ? PREPARED_MARK.exec(text)?.[1] : undefined;
          // A cursor (Kysely streams with one) goes through as it is.
          return name ? client.query({ name, text: text as string, values }) : client.query(text as string, values);
        }) as unknown as PostgresPoolClient["query"];
        wrapper = { query, release: () => client.release() };
        wrapped.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

export async function openServerDatabase(url: string, options: { max?: number; onConnectionLost?: (error: Error) => void } = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: serverTypes });
  // An idle connection the server drops (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on("error", options.onConnectionLost ?? ((error) => console.error("PostgreSQL connection lost:", error.message)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  // One question first, so a wrong DATABASE_URL stops a start with one clear line, not a stack.
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new DatabaseUnreachableError(describeUnreachable(url, error));
  }
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  const listener = serverListener(url);
  return {
    db,
    engine: "server",
    created: false,
    poolStats,
    listen: listener.listen,
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

function kyselyOverPGlite(pglite: PGlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

/**
 * An embedded database in memory, cloned from the migrated template when there is one (tests).
 * `another()` is a second handle on the same database, with caches of its own: what a restarted
 * process would see.
 */
export async function openMemoryDatabase(): Promise<DatabaseHandle & { another(): Kysely<Database> }> {
  const template = await readEmbeddedTemplate();
  const pglite = await PGlite.create({ parsers: embeddedParsers, ...(template ? { loadDataDir: template } : {}) });
  const db = kyselyOverPGlite(pglite);
  await migrateToLatest(db);
  const listener = embeddedListener(pglite, db);
  return {
    db,
    engine: "embedded",
    created: true,
    listen: listener.listen,
    async close() {
      await listener.close();
      await pglite.close();
    },
    another: () => kyselyOverPGlite(pglite),
  };
}

/** Written into pgdata once a new database is migrated and seeded. */
const READY_MARKER = "nanum.ready";

/**
 * Opens (and, in an empty data folder, creates) the embedded database under
 * DATA_DIR/pgdata, holding DATA_DIR's lock until close. Until the ready marker is
 * written, the next start resumes the setup (migrations and seeding are idempotent), so
 * an interrupted first start neither loses nor half-seeds anything. `onOpen` runs once the
 * database is migrated, before `onCreate` and before anything else uses it.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  options: { holder: string; onOpen?: (db: Kysely<Database>) => Promise<unknown>; onCreate?: (db: Kysely<Database>) => Promise<void> },
): Promise<DatabaseHandle> {
  const lock = lockDataDir(dataDir, options.holder);
  try {
    const pgdata = path.join(dataDir, "pgdata");
    const ready = fs.existsSync(path.join(pgdata, READY_MARKER));
    const fresh = !fs.existsSync(path.join(pgdata, "PG_VERSION"));
    const template = fresh ? await readEmbeddedTemplate() : undefined;
    let pglite: PGlite;
    try {
      pglite = await PGlite.create({ dataDir: pgdata, parsers: embeddedParsers, ...(template ? { loadDataDir: template } : {}) });
    } catch (error) {
      if (ready || fresh) throw error;
      throw new Error(`The database in ${pgdata} is incomplete (its first start was interrupted). Delete that folder and start again.`, { cause: error });
    }
    const db = kyselyOverPGlite(pglite);
    try {
      await migrateToLatest(db);
      await options.onOpen?.(db);
      if (!ready) {
        await options.onCreate?.(db);
        await sql`checkpoint`.execute(db);
        fs.writeFileSync(path.join(pgdata, READY_MARKER), new Date().toISOString());
      }
    } catch (error) {
      await pglite.close();
      throw error;
    }
    const created = !ready;
    const listener = embeddedListener(pglite, db);
    return {
      db,
      engine: "embedded",
      created,
      listen: listener.listen,
      async close() {
        try {
          await listener.close();
          await sql`checkpoint`.execute(db);
          await pglite.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
