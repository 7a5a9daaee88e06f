import { parse, protocol, type PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/**
 * Kysely over PGlite. PGlite is a single connection, so the driver hands it to one
 * query or transaction at a time and queues the rest: a transaction holds the
 * connection from BEGIN to COMMIT and nothing else can interleave with it. Every Kysely over
 * the same PGlite shares one driver, so that holds across them too (and their kept statements'
 * names cannot clash).
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    let driver = drivers.get(this.pglite);
    if (!driver) drivers.set(this.pglite, (driver = new PGliteDriver(this.pglite)));
    return driver;
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

class ConnectionQueue {
  #held = false;
  #waiting: Array<() => void> = [];

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** Statements an app repeats with new values; BEGIN, COMMIT, DDL and the like run unprepared. */
const REPEATED_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;
const SCHEMA_UNCHANGED = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i;
/** More values than this is a bulk insert or a long list: a one-off, not worth keeping. */
const MAX_PREPARED_PARAMETERS = 100;
/** Prepared statements kept at once; the least recently used one is closed beyond that. */
const MAX_PREPARED = 250;

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];

interface Prepared {
  name: string;
  parameterTypes: number[];
  /**
   * The columns it returns (PostgreSQL's RowDescription), null for none, undefined until first
   * run. A statement's columns never change (DDL forgets kept statements), and asking for them
   * on every run cost as much as reading a row of the app's wider queries.
   */
  columns?: BackendMessage | null;
}

function concat(messages: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    joined.set(message, offset);
    offset += message.length;
  }
  return joined;
}

/**
 * Repeated statements are prepared once (named) and kept, up to MAX_PREPARED: PGlite's own
 * `query()` parses and plans every statement anew, and planning in WebAssembly (which asks the
 * file system for the size of every table involved) cost more than running the app's small
 * queries. Values, parsers and errors are PGlite's own, as with `query()`.
 */
class PGliteConnection implements DatabaseConnection {
  readonly #prepared = new Map<string, Prepared>();
  #statements = 0;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.parameters.length === 0 && TRANSACTION_CONTROL.test(query.sql)) {
      // One message (the simple protocol) rather than the five of an extended query: two per transaction.
      await this.pglite.runExclusive(() => this.pglite.execProtocolStream(protocol.serialize.query(query.sql), {}));
      return { rows: [] };
    }
    if (!REPEATED_STATEMENT.test(query.sql) || query.parameters.length > MAX_PREPARED_PARAMETERS) {
      // A kept statement whose tables DDL changes could no longer run ("cached plan must not change result type").
      if (!SCHEMA_UNCHANGED.test(query.sql)) await this.#forgetPrepared();
      const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
      return { rows: result.rows, numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows) };
    }
    return this.pglite.runExclusive(async () => {
      try {
        const statement = this.#kept(query.sql) ?? (await this.#prepare(query.sql));
        const values = query.parameters.map((value, index) => {
          if (value === null || value === undefined) return null;
          const serialize = this.pglite.serializers[statement.parameterTypes[index]!];
          return serialize ? serialize(value) : String(value);
        });
        const known = statement.columns !== undefined;
        const bind = protocol.serialize.bind({ statement: statement.name, values });
        const messages = await this.pglite.execProtocolStream(
          concat(
            known ? [bind, protocol.serialize.execute({}), protocol.serialize.sync()] : [bind, protocol.serialize.describe({ type: "P" }), protocol.serialize.execute({}), protocol.serialize.sync()],
          ),
          {},
        );
        if (!known) statement.columns = messages.find((message) => message.name === "rowDescription") ?? null;
        const [result] = parse.parseResults(known && statement.columns ? [statement.columns, ...messages] : messages, this.pglite.parsers);
        return { rows: (result?.rows ?? []) as R[], numAffectedRows: result?.affectedRows === undefined ? undefined : BigInt(result.affectedRows) };
      } catch (error) {
        // As PGlite's query() does: the failing statement travels with its error.
        if (error instanceof Error) Object.assign(error, { query: query.sql, params: query.parameters });
        throw error;
      }
    });
  }

  /** The statement kept for this SQL, if any, marked as the most recently used. */
  #kept(sql: string): Prepared | undefined {
    const statement = this.#prepared.get(sql);
    if (statement) {
      this.#prepared.delete(sql);
      this.#prepared.set(sql, statement);
    }
    return statement;
  }

  async #prepare(sql: string): Promise<Prepared> {
    const name = `nanum_${++this.#statements}`;
    const evicted: [string, Prepared] | undefined = this.#prepared.size >= MAX_PREPARED ? this.#prepared.entries().next().value : undefined;
    if (evicted) this.#prepared.delete(evicted[0]);
    const messages = await this.pglite.execProtocolStream(
      concat([
        ...(evicted ? [protocol.serialize.close({ type: "S", name: evicted[1].name })] : []),
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: "S", name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = { name, parameterTypes: parse.parseDescribeStatementResults(messages) };
    this.#prepared.set(sql, prepared);
    return prepared;
  }

  async #forgetPrepared(): Promise<void> {
    if (this.#prepared.size === 0) return;
    this.#prepared.clear();
    await this.pglite.exec("deallocate all");
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not supported on the embedded database");
  }
}

const drivers = new WeakMap<PGlite, PGliteDriver>();

class PGliteDriver implements Driver {
  readonly #queue = new ConnectionQueue();
  readonly #connection: PGliteConnection;

  constructor(pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.acquire();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#queue.release();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const modes = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "", settings.accessMode ?? ""].filter(Boolean);
    await connection.executeQuery(CompiledQuery.raw(`begin${modes.length ? " " + modes.join(" ") : ""}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  // Closing PGlite is the owner's job (see db/connect.ts), after a checkpoint.
  async destroy(): Promise<void> {}
}
