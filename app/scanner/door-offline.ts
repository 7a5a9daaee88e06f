import { useEffect, useRef, useState } from "react";
import type { DoorAnswer, DoorSearchHit } from "../domain/checkin/door-outcome";
import { decideFromRoster, isExpired, parseRoster, searchRoster, withCheckIn, type DoorRoster, type QueuedCheckIn, type RosterLookup } from "../domain/checkin/door-roster";
import { addQueued, forgetEvent, listQueued, loadRoster, removeQueued, saveRoster } from "./door-store";
import { splitPayload } from "../domain/rsvp/ticket-payload";
import { checkTicketLocally } from "./ticket-verify";

/** What the door has in hand, as the scan route takes it. */
export type CheckInBody = { payload: string } | { code: string } | { inviteeId: number };

/** How often the phone looks at its queue and the roster's age and expiry. */
const TICK_MS = 15_000;
/** How old the stored roster may get while online before it is fetched again. */
const ROSTER_MAX_AGE_MS = 60_000;
/** The sync route takes at most this many check-ins at once. */
const SYNC_BATCH = 1000;
/** A request that takes longer counts as "no connection". */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface DoorOfflineState {
  /** The browser says it is online and the server answered the last request. */
  online: boolean;
  /** Check-ins made offline, not yet sent. */
  waiting: number;
  roster: { count: number; fetchedAt: string } | null;
  /** The server refused this device (login expired, access revoked): its roster and queue were deleted. */
  lostAccess: { forgotten: number } | null;
  /** The roster's time ran out (the event is over): roster and queue were deleted. */
  expired: boolean;
}

export type Reply = Response | "unreachable" | "lost-access";

/**
 * A request to a check-in route, told apart by what the door must do next: no connection (also
 * a gateway that cannot reach the server, or no answer in time), access gone (a redirect to the
 * login page or a 404/403), or an answer.
 */
export async function doorRequest(url: string, init: RequestInit = {}): Promise<Reply> {
  if (typeof navigator !== "undefined" && !navigator.onLine) return "unreachable";
  let response: Response;
  try {
    const signal = typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined;
    response = await fetch(url, { ...init, redirect: "manual", signal });
  } catch {
    return "unreachable";
  }
  if (response.type === "opaqueredirect" || response.status === 404 || response.status === 403) return "lost-access";
  if (response.status === 502 || response.status === 503 || response.status === 504) return "unreachable";
  return response;
}

/** `crypto.randomUUID` needs a secure origin; typed codes and search work offline without one. */
function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const rosterInfo = (roster: DoorRoster) => ({ count: roster.tickets.length, fetchedAt: roster.fetchedAt });

/**
 * The scanner's offline mode: keeps the event's roster on the phone (fetched on load, every
 * minute and after each sync), decides at the door from it when the server cannot be reached,
 * queues those check-ins and sends them when the connection is back. Storage that fails
 * (private browsing) leaves the door as it was without offline mode: "no connection".
 */
export function useDoorOffline(event: { id: number; slug: string }) {
  const [state, setState] = useState<DoorOfflineState>({ online: true, waiting: 0, roster: null, lostAccess: null, expired: false });
  const eventId = event.id;
  const base = `/checkin/${encodeURIComponent(event.slug)}`;
  // Once access is gone or the roster has expired, the phone keeps nothing more for this event.
  const ended = useRef<"lost-access" | "expired" | null>(null);
  const syncing = useRef(false);
  const reachable = useRef(true);
  const fetchedAt = useRef(0);
  const waiting = useRef(0);

  const update = (change: Partial<DoorOfflineState>) => setState((current) => ({ ...current, ...change }));

  function setReachable(value: boolean) {
    reachable.current = value;
    update({ online: value && navigator.onLine });
  }

  async function recount() {
    const queue = await listQueued(eventId).catch(() => []);
    waiting.current = queue.length;
    update({ waiting: queue.length });
  }

  async function loseAccess() {
    ended.current = "lost-access";
    const forgotten = await forgetEvent(eventId).catch(() => 0);
    waiting.current = 0;
    update({ lostAccess: { forgotten }, roster: null, waiting: 0 });
  }

  /** Deletes the roster and queue once the roster's time has passed; true when it did. */
  async function expireIfDue(roster: DoorRoster | undefined): Promise<boolean> {
    if (!roster || !isExpired(roster, Date.now())) return false;
    ended.current = "expired";
    await forgetEvent(eventId).catch(() => 0);
    waiting.current = 0;
    update({ expired: true, roster: null, waiting: 0 });
    return true;
  }

  async function reply(url: string, init?: RequestInit): Promise<Response | null> {
    const answer = await doorRequest(url, init);
    if (answer === "unreachable") {
      setReachable(false);
      return null;
    }
    if (answer === "lost-access") {
      await loseAccess();
      return null;
    }
    setReachable(true);
    return answer.ok ? answer : null;
  }

  async function refreshRoster() {
    const response = await reply(`${base}/roster`);
    if (!response) return;
    const roster = parseRoster(await response.json().catch(() => null), new Date());
    if (!roster || roster.eventId !== eventId || ended.current) return;
    if (await expireIfDue(roster)) return;
    // Check-ins the phone made since (online or queued) are the server's now: keep what it says.
    await saveRoster(roster).catch(() => undefined);
    fetchedAt.current = Date.now();
    update({ roster: rosterInfo(roster) });
  }

  /** Sends the queue, drops what the server has settled, then fetches the roster again. */
  async function sync() {
    if (syncing.current || ended.current) return;
    syncing.current = true;
    try {
      const queue = await listQueued(eventId).catch(() => []);
      for (let start = 0; start < queue.length; start += SYNC_BATCH) {
        const batch = queue.slice(start, start + SYNC_BATCH);
        const response = await reply(`${base}/sync`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ items: batch.map(({ eventId: _event, ...item }) => item) }),
        });
        if (!response) return;
        const { results } = (await response.json()) as { results: Array<{ clientId: string; result: "recorded" | "conflict" | "unknown" }> };
        const settled = new Set(results.filter((r) => r.result === "recorded" || r.result === "conflict" || r.result === "unknown").map((r) => r.clientId));
        // Until the roster is fetched again, it must still know these people are in.
        const roster = await loadRoster(eventId);
        if (roster) {
          const arrived = batch.filter((item) => settled.has(item.clientId) && !roster.tickets.some((t) => t.inviteeId === item.inviteeId && t.checkedInAt));
          await saveRoster(arrived.reduce((r, item) => withCheckIn(r, item.inviteeId, item.checkedInAt), roster));
        }
        await removeQueued([...settled]);
      }
      await refreshRoster();
    } catch {
      // Storage or a garbled answer: the queue stays as it is, and the next tick tries again.
    } finally {
      syncing.current = false;
      if (!ended.current) await recount();
    }
  }

  // The timers and listeners call the newest `sync`, with this render's state.
  const latest = useRef({ sync, expireIfDue });
  latest.current = { sync, expireIfDue };

  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (stopped || ended.current) return;
      const roster = await loadRoster(eventId).catch(() => undefined);
      if (await latest.current.expireIfDue(roster)) return;
      if (navigator.onLine && (waiting.current > 0 || Date.now() - fetchedAt.current >= ROSTER_MAX_AGE_MS)) await latest.current.sync();
    };
    const onOnline = () => {
      update({ online: reachable.current });
      void latest.current.sync();
    };
    const onOffline = () => update({ online: false });
    (async () => {
      const roster = await loadRoster(eventId).catch(() => undefined);
      if (stopped || (await latest.current.expireIfDue(roster))) return;
      update({ online: navigator.onLine, roster: roster ? rosterInfo(roster) : null });
      await recount();
      if (navigator.onLine) await latest.current.sync();
    })();
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const timer = setInterval(() => void tick(), TICK_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [eventId]);

  /**
   * The door's answer when the server could not be reached: the ticket's signature checked
   * here, then the stored roster and queue decide; a welcome goes into the queue.
   */
  async function decide(body: CheckInBody, entrance: string): Promise<DoorAnswer> {
    setReachable(false);
    if (ended.current) return { result: ended.current === "lost-access" ? "signed-out" : "offline" };
    try {
      const roster = await loadRoster(eventId);
      if (!roster || (await expireIfDue(roster))) return { result: "offline" };
      let lookup: RosterLookup;
      if ("payload" in body) {
        const parts = splitPayload(body.payload.trim());
        if (!parts) return { offline: true, result: "invalid" };
        if (parts.facts.eventId !== eventId) return { offline: true, result: "other-event" };
        const check = await checkTicketLocally(body.payload.trim(), eventId, roster.publicKey);
        if (check === "invalid") return { offline: true, result: "invalid" };
        if (check === "unchecked") return { offline: true, result: "unverifiable" };
        lookup = { ticketId: parts.facts.ticketId, version: parts.facts.version };
      } else {
        lookup = body;
      }
      const queue = await listQueued(eventId);
      const decision = decideFromRoster(roster, queue, lookup);
      if (decision.result !== "welcome") return { offline: true, ...decision };
      const item: QueuedCheckIn = { clientId: newClientId(), eventId, inviteeId: decision.guest.inviteeId, ticketId: decision.ticketId, checkedInAt: new Date().toISOString(), entrance };
      await addQueued(item);
      waiting.current = queue.length + 1;
      update({ waiting: waiting.current });
      return { offline: true, result: "welcome", guest: decision.guest, clientId: item.clientId, at: item.checkedInAt };
    } catch {
      return { result: "offline" };
    }
  }

  /** Takes back a check-in made offline: "undone" while it waits in the queue, "sent" once it has gone. */
  async function undoQueued(clientId: string): Promise<"undone" | "sent"> {
    const removed = await removeQueued([clientId]).catch(() => 0);
    await recount();
    return removed > 0 ? "undone" : "sent";
  }

  /** An answer from the server: the stored roster learns who is in (or no longer), for when the connection drops. */
  async function noteArrival(inviteeId: number, at: string | null) {
    setReachable(true);
    try {
      const roster = await loadRoster(eventId);
      if (roster) await saveRoster(withCheckIn(roster, inviteeId, at));
    } catch {
      // Only a hint for offline answers; the next roster fetch brings the server's word.
    }
  }

  async function search(query: string): Promise<DoorSearchHit[] | null> {
    try {
      const roster = await loadRoster(eventId);
      return roster && !isExpired(roster, Date.now()) ? searchRoster(roster, await listQueued(eventId), query) : null;
    } catch {
      return null;
    }
  }

  return {
    state,
    decide,
    undoQueued,
    noteArrival,
    search,
    sync: () => void sync(),
    /** The scan route answered as if signed out: ask the roster route, which forgets the phone's data if access is gone. */
    checkAccess: () => void refreshRoster(),
    /** A request failed for lack of a connection. */
    unreachable: () => setReachable(false),
  };
}
