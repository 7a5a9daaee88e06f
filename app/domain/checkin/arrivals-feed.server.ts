/**
 * Live arrivals: the pages that follow an event's arrivals (the arrivals page, the MC's list of
 * guests of honour) hear of a check-in at once, whichever instance recorded it.
 *
 * The instance that records a change announces it once it is committed: to the pages open on it
 * directly, and to the other instances with a PostgreSQL NOTIFY on the channel "arrivals", which
 * every instance LISTENs to on a connection of its own (db/listener.ts).
 *
 * Not a trigger that notifies inside the check-in's own transaction: PostgreSQL serializes the
 * commits of all transactions that sent a NOTIFY (one lock for the whole server, held through the
 * commit's flush to disk). With 20 connections inserting rows on this machine: 6,400–7,000
 * commits/s without such a trigger, 560–780/s with it. Announced from here, a burst of scans
 * becomes at most one NOTIFY per event every GATHER_MS, sent beside the scans, and a scan stays
 * one statement.
 */
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Listen } from "../../../db/listener";
import type { Database } from "../../../db/schema";

export const ARRIVALS_CHANNEL = "arrivals";

/**
 * The first change of a burst goes out at once, the rest at most once per this many
 * milliseconds (the last is never dropped): a door at full speed makes a page reload a few times
 * a second, not once per scan.
 */
const GATHER_MS = 100;

export interface ArrivalsSubscriber {
  /** The event's arrivals changed: read them again. */
  onChange(): void;
  /** The feed is closing (the server shuts down): end the stream. */
  onClose(): void;
}

export interface ArrivalsFeed {
  /** Calls `subscriber.onChange` whenever the event's arrivals change; returns the unsubscribe. */
  subscribe(eventId: number, subscriber: ArrivalsSubscriber): () => void;
  /** This process changed the event's arrivals, and the change is committed. */
  announce(eventId: number): void;
  /** Subscribers now, over every event. */
  readonly size: number;
  /** Ends every subscription (onClose), sends what is still to go out and stops listening. */
  close(): Promise<void>;
}

/** Passes a key on at once, then at most once per GATHER_MS while it keeps coming. */
function gatherer(pass: (key: number) => void) {
  const windows = new Map<number, { pending: boolean; timer: NodeJS.Timeout }>();
  const open = (key: number) => {
    pass(key);
    const window = {
      pending: false,
      timer: setTimeout(() => {
        windows.delete(key);
        if (window.pending) open(key);
      }, GATHER_MS).unref(),
    };
    windows.set(key, window);
  };
  return {
    add(key: number) {
      const window = windows.get(key);
      if (window) window.pending = true;
      else open(key);
    },
    /** Passes on what waits for its window to end, now, and forgets every window. */
    flush() {
      const waiting = [...windows].filter(([, window]) => window.pending).map(([key]) => key);
      for (const window of windows.values()) clearTimeout(window.timer);
      windows.clear();
      for (const key of waiting) pass(key);
    },
    forget(key: number) {
      clearTimeout(windows.get(key)?.timer);
      windows.delete(key);
    },
  };
}

/** The pages open on this process, by event. */
function localSubscribers() {
  const events = new Map<number, Set<ArrivalsSubscriber>>();
  let size = 0;
  let closed = false;
  const delivery = gatherer((eventId) => {
    for (const subscriber of events.get(eventId) ?? []) subscriber.onChange();
  });
  return {
    subscribe(eventId: number, subscriber: ArrivalsSubscriber): () => void {
      if (closed) {
        subscriber.onClose();
        return () => {};
      }
      let subscribers = events.get(eventId);
      if (!subscribers) events.set(eventId, (subscribers = new Set()));
      subscribers.add(subscriber);
      size += 1;
      return () => {
        if (closed || !subscribers.delete(subscriber)) return;
        size -= 1;
        if (subscribers.size === 0) {
          events.delete(eventId);
          delivery.forget(eventId);
        }
      };
    },
    deliver(eventId: number) {
      if (events.has(eventId)) delivery.add(eventId);
    },
    deliverAll() {
      for (const eventId of events.keys()) delivery.add(eventId);
    },
    get size() {
      return size;
    },
    close() {
      closed = true;
      delivery.flush();
      const all = [...events.values()];
      events.clear();
      size = 0;
      for (const subscribers of all) for (const subscriber of subscribers) subscriber.onClose();
    },
  };
}

/** A feed for this process alone: what a single process on the embedded database needs, and tests. */
export function createArrivalsFeed(): ArrivalsFeed {
  const local = localSubscribers();
  return {
    subscribe: local.subscribe,
    announce: local.deliver,
    get size() {
      return local.size;
    },
    close: async () => local.close(),
  };
}

/**
 * A feed shared by every instance on the database: changes announced here go to the others
 * through NOTIFY, theirs come in through LISTEN (each instance ignores its own, which it
 * delivered already). Resolves once listening. When the listening connection was lost and is
 * back, every open page is told to reload: what was sent in between is lost.
 */
export async function startArrivalsFeed(db: Kysely<Database>, listen: Listen): Promise<ArrivalsFeed> {
  const instance = crypto.randomBytes(6).toString("hex");
  const local = localSubscribers();
  const sending = new Set<Promise<unknown>>();
  const broadcast = gatherer((eventId) => {
    const sent = sql`select pg_notify(${ARRIVALS_CHANNEL}, ${`${eventId} ${instance}`})`
      .execute(db)
      .catch((error: unknown) => console.error("Telling the other instances of a check-in failed:", error))
      .finally(() => sending.delete(sent));
    sending.add(sent);
  });
  const stopListening = await listen(ARRIVALS_CHANNEL, {
    onNotify(payload) {
      const [event, from] = payload.split(" ");
      const eventId = Number(event);
      if (from !== instance && Number.isSafeInteger(eventId)) local.deliver(eventId);
    },
    onResume: local.deliverAll,
  });
  return {
    subscribe: local.subscribe,
    announce(eventId) {
      local.deliver(eventId);
      broadcast.add(eventId);
    },
    get size() {
      return local.size;
    },
    async close() {
      local.close();
      broadcast.flush();
      await Promise.all(sending);
      await stopListening();
    },
  };
}
