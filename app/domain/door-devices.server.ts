/**
 * Door phones without an account: the organizer makes a link and a 6-digit PIN for one event;
 * the phone opens the link, enters the PIN, and gets a session for that event's check-in only.
 * Five wrong PINs lock the link. Revoking takes effect at once; access ends
 * DEVICE_HOURS_AFTER_EVENT hours after the event.
 */
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { hashPassword, verifyPassword } from "../lib/passwords.server";
import { hashToken, randomToken } from "../lib/tokens.server";

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
  return db
    .selectFrom("door_devices")
    .select(["id", "name", "created_at", "last_seen_at", "locked_at", "revoked_at", "failed_pins"])
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
}

export async function revokeDoorDevice(db: Db, eventId: number, deviceId: number): Promise<boolean> {
  const result = await db
    .updateTable("door_devices")
    .set({ revoked_at: sql<Date>`now()`, session_hash: null })
    .where("id", "=", deviceId)
    .where("event_id", "=", eventId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether door access to the event is still open: until DEVICE_HOURS_AFTER_EVENT hours after it ends. */
export async function checkinStillOpen(db: Db, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("events")
    .select("id")
    .where("id", "=", eventId)
    .where(sql<boolean>`ends_at + make_interval(hours => ${DEVICE_HOURS_AFTER_EVENT}) > now()`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Still usable: not revoked, not locked, and the event ended less than the grace period ago. */
function usable(db: Db) {
  return db
    .selectFrom("door_devices as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .where("d.revoked_at", "is", null)
    .where("d.locked_at", "is", null)
    .where("e.status", "<>", "archived")
    .where(sql<boolean>`e.ends_at + make_interval(hours => ${DEVICE_HOURS_AFTER_EVENT}) > now()`);
}

/** The device behind a link, for the PIN page; undefined when unknown, revoked, locked or expired. */
export async function findDoorDeviceByLink(db: Db, token: string) {
  return usable(db).select(["d.id", "d.name", "d.event_id", "e.slug", "e.title_ko", "e.title_en"]).where("d.link_hash", "=", hashToken(token)).executeTakeFirst();
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
      await trx.updateTable("door_devices").set({ session_hash: hashToken(sessionToken), failed_pins: 0, last_seen_at: sql<Date>`now()` }).where("id", "=", device.id).execute();
      return { ok: true, sessionToken, slug: device.slug } as const;
    }
    const failed = row.failed_pins + 1;
    await trx
      .updateTable("door_devices")
      .set({ failed_pins: failed, ...(failed >= MAX_PIN_ATTEMPTS ? { locked_at: sql<Date>`now()`, session_hash: null } : {}) })
      .where("id", "=", device.id)
      .execute();
    return failed >= MAX_PIN_ATTEMPTS ? ({ ok: false, reason: "locked" } as const) : ({ ok: false, reason: "wrong-pin", attemptsLeft: MAX_PIN_ATTEMPTS - failed } as const);
  });
}

/** The event a door phone's session is for, if it is still allowed in. */
export async function findDeviceSession(db: Db, sessionToken: string): Promise<{ deviceId: number; eventId: number; name: string } | undefined> {
  const device = await usable(db).select(["d.id", "d.event_id", "d.name"]).where("d.session_hash", "=", hashToken(sessionToken)).executeTakeFirst();
  if (!device) return undefined;
  await db.updateTable("door_devices").set({ last_seen_at: sql<Date>`now()` }).where("id", "=", device.id).execute();
  return { deviceId: device.id, eventId: device.event_id, name: device.name };
}
