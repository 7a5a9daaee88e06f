import type { DoorRoster, QueuedCheckIn } from "../domain/checkin/door-roster";

/**
 * The phone's own storage for working offline, in IndexedDB (it survives a reload and a
 * restart, and a service worker could read it): one roster per event, and the check-ins made
 * offline, waiting to be sent. A few small calls over the plain API; no library needed.
 */
const DB_NAME = "nanum-door";
const ROSTERS = "rosters";
const QUEUE = "queue";

let opening: Promise<IDBDatabase> | null = null;

function openStore(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(ROSTERS, { keyPath: "eventId" });
      db.createObjectStore(QUEUE, { keyPath: "clientId" }).createIndex("eventId", "eventId");
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab with a newer page upgrading the store: step aside, open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("IndexedDB upgrade blocked"));
  });
  const attempt = opening;
  // A refusal (private browsing, storage off) is tried again on the next call.
  attempt.catch(() => {
    if (opening === attempt) opening = null;
  });
  return attempt;
}

/** Runs `work` in one transaction and resolves with its result once the transaction has committed. */
async function inTransaction<T>(stores: string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => () => T): Promise<T> {
  const db = await openStore();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const result = work(tx);
    tx.oncomplete = () => resolve(result());
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

export function loadRoster(eventId: number): Promise<DoorRoster | undefined> {
  return inTransaction([ROSTERS], "readonly", (tx) => {
    const request = tx.objectStore(ROSTERS).get(eventId) as IDBRequest<DoorRoster | undefined>;
    return () => request.result;
  });
}

export function saveRoster(roster: DoorRoster): Promise<void> {
  return inTransaction([ROSTERS], "readwrite", (tx) => {
    tx.objectStore(ROSTERS).put(roster);
    return () => undefined;
  });
}

export function listQueued(eventId: number): Promise<QueuedCheckIn[]> {
  return inTransaction([QUEUE], "readonly", (tx) => {
    const request = tx.objectStore(QUEUE).index("eventId").getAll(eventId) as IDBRequest<QueuedCheckIn[]>;
    return () => [...request.result].sort((a, b) => a.checkedInAt.localeCompare(b.checkedInAt));
  });
}

export function addQueued(item: QueuedCheckIn): Promise<void> {
  return inTransaction([QUEUE], "readwrite", (tx) => {
    tx.objectStore(QUEUE).add(item);
    return () => undefined;
  });
}

/** Removes the given check-ins from the queue; resolves with how many were still there. */
export function removeQueued(clientIds: string[]): Promise<number> {
  return inTransaction([QUEUE], "readwrite", (tx) => {
    const store = tx.objectStore(QUEUE);
    let removed = 0;
    for (const clientId of clientIds) {
      const count = store.count(clientId);
      count.onsuccess = () => {
        if (count.result > 0) {
          removed += 1;
          store.delete(clientId);
        }
      };
    }
    return () => removed;
  });
}

/** Deletes an event's roster and queue from this phone; resolves with how many queued check-ins went with it. */
export function forgetEvent(eventId: number): Promise<number> {
  return inTransaction([ROSTERS, QUEUE], "readwrite", (tx) => {
    tx.objectStore(ROSTERS).delete(eventId);
    const queue = tx.objectStore(QUEUE);
    const keys = queue.index("eventId").getAllKeys(eventId);
    keys.onsuccess = () => {
      for (const key of keys.result) queue.delete(key);
    };
    return () => keys.result.length;
  });
}
