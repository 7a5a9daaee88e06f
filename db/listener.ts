import type { PGlite } from "@electric-sql/pglite";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

/** Someone waiting for a channel's notifications (PostgreSQL's LISTEN/NOTIFY). */
export interface ChannelListener {
  onNotify(payload: string): void;
  /**
   * The connection that listens was lost and is back: whatever was sent in between is lost, so a
   * listener should treat it as "anything may have changed".
   */
  onResume?(): void;
}

/** Starts listening on `channel`; resolves once the database listens, with a function that stops. */
export type Listen = (channel: string, listener: ChannelListener) => Promise<() => Promise<void>>;

export interface DatabaseListener {
  listen: Listen;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z][a-z0-9_]*$/;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Not a channel name: ${JSON.stringify(channel)}`);
}

/** Listeners by channel, and the calls every database listener makes on them. */
class Channels {
  readonly #byName = new Map<string, Set<ChannelListener>>();

  get names(): string[] {
    return [...this.#byName.keys()];
  }

  /** Adds the listener; true when it is the channel's first (the database must start listening). */
  add(channel: string, listener: ChannelListener): boolean {
    let listeners = this.#byName.get(channel);
    const first = !listeners;
    if (!listeners) this.#byName.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return first;
  }

  /** Removes the listener; true when it was the channel's last. */
  remove(channel: string, listener: ChannelListener): boolean {
    const listeners = this.#byName.get(channel);
    if (!listeners?.delete(listener) || listeners.size > 0) return false;
    this.#byName.delete(channel);
    return true;
  }

  notify(channel: string, payload: string): void {
    for (const listener of this.#byName.get(channel) ?? []) {
      try {
        listener.onNotify(payload);
      } catch (error) {
        console.error(`A listener on "${channel}" failed:`, error);
      }
    }
  }

  resume(): void {
    for (const listeners of this.#byName.values()) for (const listener of listeners) listener.onResume?.();
  }
}

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/**
 * One connection of its own that LISTENs, beside the pool (a pooled connection is handed to
 * other work between queries, and its LISTEN with it). Opened at the first `listen`. When it is
 * lost (a server restart, failover, a dropped network) it is opened again, waiting 0.25 s, then
 * twice as long each time up to 10 s; once back, every channel is listened to again and every
 * listener is told to catch up (onResume).
 */
export function serverListener(url: string): DatabaseListener {
  const channels = new Channels();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  async function open(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url, application_name: "nanum listener", keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    next.on("notification", (message) => channels.notify(message.channel, message.payload ?? ""));
    next.on("error", (error) => lost(next, error));
    next.on("end", () => lost(next));
    try {
      await next.connect();
      for (const channel of channels.names) await next.query(`listen ${next.escapeIdentifier(channel)}`);
    } catch (error) {
      next.removeAllListeners("end");
      next.on("error", () => {});
      await next.end().catch(() => {});
      throw error;
    }
    return next;
  }

  function lost(which: pg.Client, error?: Error): void {
    if (which !== client || closed) return;
    client = undefined;
    console.error(`The database connection that listens for notifications was lost${error ? ` (${error.message})` : ""}; opening it again.`);
    which.on("error", () => {});
    void which.end().catch(() => {});
    reconnect();
  }

  function reconnect(): void {
    if (closed || retry) return;
    const wait = Math.min(FIRST_RETRY_MS * 2 ** failures, LAST_RETRY_MS);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          failures = 0;
          channels.resume();
        },
        (error: unknown) => {
          if (closed) return;
          failures += 1;
          console.error(`Listening for notifications failed again (${(error as Error).message}); next try in ${Math.min(FIRST_RETRY_MS * 2 ** failures, LAST_RETRY_MS)} ms.`);
          reconnect();
        },
      );
    }, wait);
    retry.unref();
  }

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= open()
      .then((opened) => {
        if (closed) {
          void opened.end();
          throw new Error("The database listener is closed");
        }
        client = opened;
        return opened;
      })
      .finally(() => (connecting = undefined));
    return connecting;
  }

  return {
    async listen(channel, listener) {
      checkChannel(channel);
      if (closed) throw new Error("The database listener is closed");
      const first = channels.add(channel, listener);
      try {
        const listening = await connect();
        if (first) await listening.query(`listen ${listening.escapeIdentifier(channel)}`);
      } catch (error) {
        channels.remove(channel, listener);
        throw error;
      }
      return async () => {
        if (channels.remove(channel, listener) && client) await client.query(`unlisten ${client.escapeIdentifier(channel)}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const open = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      if (open) {
        open.removeAllListeners("end");
        await open.end().catch(() => {});
      }
    },
  };
}

/**
 * The embedded database is one session in this process: it LISTENs (through Kysely, so the
 * statement waits its turn and never lands inside another caller's transaction) and PGlite
 * hands over the notifications it receives. Nothing to lose, so no resuming.
 */
export function embeddedListener(pglite: PGlite, db: Kysely<Database>): DatabaseListener {
  const channels = new Channels();
  const stop = pglite.onNotification((channel, payload) => channels.notify(channel, payload));
  return {
    async listen(channel, listener) {
      checkChannel(channel);
      if (channels.add(channel, listener)) await sql`listen ${sql.id(channel)}`.execute(db);
      return async () => {
        if (channels.remove(channel, listener)) await sql`unlisten ${sql.id(channel)}`.execute(db);
      };
    },
    async close() {
      stop();
    },
  };
}
