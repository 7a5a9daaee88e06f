import type { DoorSeat } from "../seating/seat-label";
import type { DoorGuest, DoorSearchHit } from "./door-outcome";

/**
 * The door's decisions without a connection, made from the roster the phone keeps
 * (`GET /checkin/<slug>/roster`) and the check-ins it has queued since. Pure code: the same
 * rules as `checkInTicket`, `checkInByCode` and `checkInInvitee` on the server, as far as the
 * roster can tell.
 */

export interface RosterTicket {
  ticketId: number;
  version: number;
  status: "active" | "cancelled";
  code: string;
  /** Codes the ticket had before a re-issue: typed at the door they answer "superseded". */
  retiredCodes: string[];
  inviteeId: number;
  name: string;
  organization: string;
  group: string;
  isVip: boolean;
  proxyName: string;
  companions: number;
  /** The guest's seat, so that an offline welcome says where to sit too. */
  seat: DoorSeat | null;
  companionSeats: DoorSeat[];
  /** ISO time of the person's check-in when the roster was made (or since, on this phone). */
  checkedInAt: string | null;
}

export interface DoorRoster {
  eventId: number;
  /** ISO time after which the phone deletes the roster and its queue. */
  expiresAt: string;
  publicKey: string;
  tickets: RosterTicket[];
  /** ISO time the phone downloaded it. */
  fetchedAt: string;
}

/** A check-in made offline, waiting to be sent to `POST /checkin/<slug>/sync`. */
export interface QueuedCheckIn {
  clientId: string;
  eventId: number;
  inviteeId: number;
  ticketId: number | null;
  checkedInAt: string;
  entrance: string;
}

/** What the door has in hand: a scanned (and locally verified) ticket, a typed code, or a name found on the list. */
export type RosterLookup = { ticketId: number; version: number } | { code: string } | { inviteeId: number };

export type RosterDecision =
  | { result: "welcome"; guest: DoorGuest; ticketId: number | null }
  | { result: "already"; guest: DoorGuest; at: string; entrance: string }
  | { result: "superseded" | "cancelled"; guest: DoorGuest }
  | { result: "invalid" };

/** The roster has no positions: the result screen shows none offline. */
export function guestOf(ticket: RosterTicket): DoorGuest {
  return {
    inviteeId: ticket.inviteeId,
    name: ticket.name,
    organization: ticket.organization,
    position: "",
    group: ticket.group,
    isVip: ticket.isVip,
    proxyName: ticket.proxyName,
    companions: ticket.companions,
    // A roster the phone stored before seats were carried has neither field.
    seat: ticket.seat ?? null,
    companionSeats: ticket.companionSeats ?? [],
  };
}

/** As the server reads a typed code: case, spaces and dashes forgiven. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** When and where the person came in, as far as this phone knows: the server's record first, else its own queue. */
function knownCheckIn(roster: DoorRoster, queue: QueuedCheckIn[], inviteeId: number): { at: string; entrance: string } | null {
  const recorded = roster.tickets.find((t) => t.inviteeId === inviteeId && t.checkedInAt);
  if (recorded?.checkedInAt) return { at: recorded.checkedInAt, entrance: "" };
  const queued = queue.find((item) => item.inviteeId === inviteeId);
  return queued ? { at: queued.checkedInAt, entrance: queued.entrance } : null;
}

function admit(roster: DoorRoster, queue: QueuedCheckIn[], ticket: RosterTicket, ticketId: number | null): RosterDecision {
  const guest = guestOf(ticket);
  const known = knownCheckIn(roster, queue, ticket.inviteeId);
  return known ? { result: "already", guest, ...known } : { result: "welcome", guest, ticketId };
}

/**
 * The door's answer from the roster: unknown ticket or code → invalid; an older version than
 * the roster's, or a code the ticket had before a re-issue → superseded; cancelled → cancelled; in already (by the server's record or this
 * phone's queue) → already; else welcome. A signed version newer than the roster's means the
 * ticket was re-issued after the roster was fetched: the signature vouches for it, so it counts
 * as the current one. A name found by hand is let in on staff's judgement, as online.
 */
export function decideFromRoster(roster: DoorRoster, queue: QueuedCheckIn[], lookup: RosterLookup): RosterDecision {
  if ("ticketId" in lookup) {
    const ticket = roster.tickets.find((t) => t.ticketId === lookup.ticketId);
    if (!ticket) return { result: "invalid" };
    if (lookup.version < ticket.version) return { result: "superseded", guest: guestOf(ticket) };
    if (lookup.version === ticket.version && ticket.status !== "active") return { result: "cancelled", guest: guestOf(ticket) };
    return admit(roster, queue, ticket, ticket.ticketId);
  }
  if ("code" in lookup) {
    const code = normalizeCode(lookup.code);
    const ticket = code ? roster.tickets.find((t) => t.code === code) : undefined;
    if (!ticket) {
      const reissued = code ? roster.tickets.find((t) => t.retiredCodes.includes(code)) : undefined;
      return reissued ? { result: "superseded", guest: guestOf(reissued) } : { result: "invalid" };
    }
    if (ticket.status !== "active") return { result: "cancelled", guest: guestOf(ticket) };
    return admit(roster, queue, ticket, ticket.ticketId);
  }
  const ticket = roster.tickets.find((t) => t.inviteeId === lookup.inviteeId);
  if (!ticket) return { result: "invalid" };
  return admit(roster, queue, ticket, ticket.status === "active" ? ticket.ticketId : null);
}

/** The door's search over the roster: names and organizations only (the roster holds no phone numbers). */
export function searchRoster(roster: DoorRoster, queue: QueuedCheckIn[], query: string, limit = 20): DoorSearchHit[] {
  const q = query.trim().toLocaleLowerCase();
  if (q.length < 2) return [];
  return roster.tickets
    .filter((t) => t.name.toLocaleLowerCase().includes(q) || t.organization.toLocaleLowerCase().includes(q))
    .sort((a, b) => a.name.localeCompare(b.name) || a.inviteeId - b.inviteeId)
    .slice(0, limit)
    .map((t) => ({
      inviteeId: t.inviteeId,
      name: t.name,
      organization: t.organization,
      group: t.group,
      phone: "",
      ticket: t.status,
      checkedIn: knownCheckIn(roster, queue, t.inviteeId) !== null,
    }));
}

/** The roster with one person's check-in noted (or cleared), after the server answered the door. */
export function withCheckIn(roster: DoorRoster, inviteeId: number, at: string | null): DoorRoster {
  return { ...roster, tickets: roster.tickets.map((t) => (t.inviteeId === inviteeId ? { ...t, checkedInAt: at } : t)) };
}

/** A seat from the roster's JSON, or null for anything that is not one (an older roster has none). */
function parseSeat(value: unknown): DoorSeat | null {
  const seat = value as Record<string, unknown> | null;
  if (typeof seat !== "object" || seat === null || typeof seat.code !== "string" || typeof seat.blockKo !== "string") return null;
  return { code: seat.code, blockKo: seat.blockKo, blockEn: typeof seat.blockEn === "string" ? seat.blockEn : "" };
}

export function isExpired(roster: Pick<DoorRoster, "expiresAt">, now: number): boolean {
  const expires = Date.parse(roster.expiresAt);
  return Number.isNaN(expires) || expires <= now;
}

/** The roster route's answer, checked at the edge before the phone keeps it. */
export function parseRoster(value: unknown, fetchedAt: Date): DoorRoster | null {
  if (typeof value !== "object" || value === null) return null;
  const { eventId, expiresAt, publicKey, tickets } = value as Record<string, unknown>;
  if (typeof eventId !== "number" || typeof expiresAt !== "string" || typeof publicKey !== "string" || !Array.isArray(tickets)) return null;
  const parsed: RosterTicket[] = [];
  for (const item of tickets as unknown[]) {
    const t = item as Record<string, unknown> | null;
    if (
      !t ||
      typeof t.ticketId !== "number" ||
      typeof t.version !== "number" ||
      (t.status !== "active" && t.status !== "cancelled") ||
      typeof t.code !== "string" ||
      typeof t.inviteeId !== "number" ||
      typeof t.name !== "string"
    )
      return null;
    parsed.push({
      ticketId: t.ticketId,
      version: t.version,
      status: t.status,
      code: t.code,
      retiredCodes: Array.isArray(t.retiredCodes) ? t.retiredCodes.filter((c): c is string => typeof c === "string") : [],
      inviteeId: t.inviteeId,
      name: t.name,
      organization: typeof t.organization === "string" ? t.organization : "",
      group: typeof t.group === "string" ? t.group : "",
      isVip: t.isVip === true,
      proxyName: typeof t.proxyName === "string" ? t.proxyName : "",
      companions: typeof t.companions === "number" ? t.companions : 0,
      seat: parseSeat(t.seat),
      companionSeats: Array.isArray(t.companionSeats) ? t.companionSeats.map(parseSeat).filter((seat): seat is DoorSeat => seat !== null) : [],
      checkedInAt: typeof t.checkedInAt === "string" ? t.checkedInAt : null,
    });
  }
  return { eventId, expiresAt, publicKey, tickets: parsed, fetchedAt: fetchedAt.toISOString() };
}
