/**
 * Door phones without an account: the organizer makes a link and a 6-digit PIN for one event;
 * the phone opens the link, enters the PIN, and gets a session for that event's check-in only.
 * Five wrong PINs lock the link. Revoking takes effect at once (on other app instances within
 * ACCESS_TTL_MS); access ends DEVICE_HOURS_AFTER_EVENT hours after the event.
 *
 * Also who may use an event's door at all (the scanner page and its JSON endpoints): the event's
 * organizers and its door staff while the door is open, and door phones signed in for that event.
 * A scan must not pay for this in database round trips, so the answer is worked out in one query
 * and kept for a few seconds: a revoked phone, a removed staff member or a signed-out session is
 * refused within ACCESS_TTL_MS.
 */
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database, EventRole } from "../../../db/schema";
import { databaseIdentity } from "../../lib/db-identity.server";
import { hashPassword, verifyPassword } from "../../lib/passwords.server";
import { hashToken, randomToken } from "../../lib/tokens.server";
import { TtlCache } from "../../lib/ttl-cache";
import { roleAllows } from "../events/access.server";

type Db = Kysely<Database>;

export const MAX_PIN_ATTEMPTS = 5;
export const DEVICE_HOURS_AFTER_EVENT = 12;

export async function createDoorDevice(db: Db, input: { eventId: number; name: string; createdBy: number }): Promise<{ id: number; token: string; pin: string }> {
  const token = randomToken();
  const pin = String(crypto.randomInt(0, 1_000_000)).padStart(6, "0");
  const row = await db
    .insertInto("door_devices")
    .values({ event_id: input.eventId, name: input.name, link_hash: hashToken(token), pin_hash: await hashPassword(pin), created_by: input.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token, pin };
}

export async function listDoorDevices(db: Db, eventId: number) {
  return db.selectFrom("door_devices").select(["id", "name", "created_at", "last_seen_at", "locked_at", "revoked_at", "failed_pins"]).where("event_id", "=", eventId).orderBy("id").execute();
}

export async function revokeDoorDevice(db: Db, eventId: number, deviceId: number): Promise<boolean> {
  const result = await db
    .updateTable("door_devices")
    .set({ revoked_at: sql<Date>`now()`, session_hash: null })
    .where("id", "=", deviceId)
    .where("event_id", "=", eventId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  forgetCheckinAccess(db);
  return result.numUpdatedRows > 0n;
}

/** Whether the door of the event `e` is still open: until DEVICE_HOURS_AFTER_EVENT hours after it ends. */
export const doorStillOpen = sql<boolean>`e.ends_at + make_interval(hours => ${DEVICE_HOURS_AFTER_EVENT}) > now()`;

/** Still usable: not revoked, not locked, and the event ended less than the grace period ago. */
export function usableDevices(db: Db) {
  return db
    .selectFrom("door_devices as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .where("d.revoked_at", "is", null)
    .where("d.locked_at", "is", null)
    .where("e.status", "<>", "archived")
    .where(doorStillOpen);
}

/** The device behind a link, for the PIN page; undefined when unknown, revoked, locked or expired. */
export async function findDoorDeviceByLink(db: Db, token: string) {
  return usableDevices(db).select(["d.id", "d.name", "d.event_id", "e.slug", "e.title_ko", "e.title_en"]).where("d.link_hash", "=", hashToken(token)).executeTakeFirst();
}

export type PinResult = { ok: true; sessionToken: string; slug: string } | { ok: false; reason: "wrong-pin"; attemptsLeft: number } | { ok: false; reason: "locked" | "unknown" };

/**
 * Checks the PIN under a row lock (two guesses at once count as two). The right PIN gives the
 * phone a new session token (the cookie's); a wrong one counts, and the fifth locks the link.
 */
export async function enterDevicePin(db: Db, token: string, pin: string): Promise<PinResult> {
  const device = await findDoorDeviceByLink(db, token);
  if (!device) return { ok: false, reason: "unknown" };
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("door_devices").select(["pin_hash", "failed_pins", "locked_at"]).where("id", "=", device.id).forUpdate().executeTakeFirstOrThrow();
    if (row.locked_at) return { ok: false, reason: "locked" } as const;
    if (/^\d{6}$/.test(pin) && (await verifyPassword(pin, row.pin_hash))) {
      const sessionToken = randomToken();
      await trx
        .updateTable("door_devices")
        .set({ session_hash: hashToken(sessionToken), failed_pins: 0, last_seen_at: sql<Date>`now()` })
        .where("id", "=", device.id)
        .execute();
      return { ok: true, sessionToken, slug: device.slug } as const;
    }
    const failed = row.failed_pins + 1;
    await trx
      .updateTable("door_devices")
      .set({ failed_pins: failed, ...(failed >= MAX_PIN_ATTEMPTS ? { locked_at: sql<Date>`now()`, session_hash: null } : {}) })
      .where("id", "=", device.id)
      .execute();
    // A lock ends the phone's session: forget what was worked out here about the door.
    forgetCheckinAccess(db);
    return failed >= MAX_PIN_ATTEMPTS ? ({ ok: false, reason: "locked" } as const) : ({ ok: false, reason: "wrong-pin", attemptsLeft: MAX_PIN_ATTEMPTS - failed } as const);
  });
}

export const ACCESS_TTL_MS = 5_000;

export type CheckinAccess =
  | { kind: "granted"; eventId: number; organizerId: number | null; deviceId: number | null }
  /** Nobody is signed in (or the session ended): the scanner sends them to the login page. */
  | { kind: "login" }
  /** No such event, or not this person's event, or not this phone's: nothing is revealed. */
  | { kind: "not-found" }
  /** A member whose role does not open the door, or door staff after the door closed. */
  | { kind: "forbidden" };

const caches = new WeakMap<object, TtlCache<CheckinAccess>>();

function cacheFor(db: Db): TtlCache<CheckinAccess> {
  const identity = databaseIdentity(db);
  let cache = caches.get(identity);
  if (!cache) caches.set(identity, (cache = new TtlCache<CheckinAccess>(ACCESS_TTL_MS)));
  return cache;
}

/**
 * The door's answer for a request carrying an organizer session token and/or a door phone's
 * session token. An organizer session comes first; a phone's is looked at only without one.
 */
export async function checkinAccess(db: Db, input: { slug: string; sessionToken?: string; deviceToken?: string }): Promise<CheckinAccess> {
  const key = `${input.slug}\u0000${input.sessionToken ?? ""}\u0000${input.deviceToken ?? ""}`;
  const cache = cacheFor(db);
  const cached = cache.get(key);
  if (cached) return cached;
  const access = input.sessionToken ? await organizerAccess(db, input.slug, input.sessionToken, input.deviceToken) : await deviceAccess(db, input.slug, input.deviceToken);
  cache.set(key, access);
  return access;
}

/** Forgets what was worked out for this database (an organizer signed out here, a phone revoked here). */
export function forgetCheckinAccess(db: Db): void {
  cacheFor(db).clear();
}

async function organizerAccess(db: Db, slug: string, sessionToken: string, deviceToken: string | undefined): Promise<CheckinAccess> {
  // One row whatever exists: the session (or not), the event (or not), the member's role.
  const row = await sql<{ organizer_id: number | null; event_id: number | null; role: EventRole | null; door_open: boolean | null }>`
    select s.organizer_id, e.id as event_id, m.role,
      ${doorStillOpen} as door_open
    from (select 1) as one
    left join organizer_sessions s on s.id_hash = ${hashToken(sessionToken)} and s.expires_at > now()
    left join events e on e.slug = ${slug.toLowerCase()} and e.status <> 'archived'
    left join event_members m on m.event_id = e.id and m.organizer_id = s.organizer_id`
    .execute(db)
    .then((result) => result.rows[0]!);
  // A cookie left from a session that ended: the phone's own session may still hold.
  if (row.organizer_id === null) return deviceToken ? deviceAccess(db, slug, deviceToken) : { kind: "login" };
  if (row.event_id === null || row.role === null) return { kind: "not-found" };
  if (!roleAllows(row.role, "checkin")) return { kind: "forbidden" };
  // Door staff's access ends some hours after the event, as door phones' does; organizers keep theirs.
  if (row.role === "staff" && !row.door_open) return { kind: "forbidden" };
  return { kind: "granted", eventId: row.event_id, organizerId: row.organizer_id, deviceId: null };
}

async function deviceAccess(db: Db, slug: string, deviceToken: string | undefined): Promise<CheckinAccess> {
  if (!deviceToken) return { kind: "login" };
  const device = await usableDevices(db).select(["d.id", "d.event_id", "e.slug"]).where("d.session_hash", "=", hashToken(deviceToken)).executeTakeFirst();
  if (!device) return { kind: "login" };
  await db
    .updateTable("door_devices")
    .set({ last_seen_at: sql<Date>`now()` })
    .where("id", "=", device.id)
    .execute();
  if (device.slug !== slug.toLowerCase()) return { kind: "not-found" };
  return { kind: "granted", eventId: device.event_id, organizerId: null, deviceId: device.id };
}
