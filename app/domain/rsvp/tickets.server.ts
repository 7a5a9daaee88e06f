/**
 * Tickets: one per invitee for life, with a version that every re-issue raises, a short code to
 * type in by hand, and a QR payload signed with the event's own Ed25519 key. Scanners that check
 * offline get only the public key, so a stolen phone cannot mint tickets.
 */
import crypto, { type KeyObject } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseIdentity } from "../../lib/db-identity.server";
import { openSigningKey, sealSigningKey } from "../stored-keys.server";
import { encodeTicketFacts, joinPayload, signedMessage, splitPayload, TICKET_CODE_ALPHABET, type TicketFacts } from "./ticket-payload";

type Db = Kysely<Database>;

export interface EventKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw public key, base64url: what a scanner downloads. */
  publicKeyRaw: string;
}

const keyCache = new WeakMap<object, Map<number, Promise<EventKeys>>>();

function publicKeyFromRaw(raw: string): KeyObject {
  return crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw }, format: "jwk" });
}

/**
 * The event's signing keys, made on first use and kept in the database (so they survive
 * restarts), the private key sealed under APP_KEY. Opened once per process.
 */
export function eventKeys(db: Db, eventId: number): Promise<EventKeys> {
  const database = databaseIdentity(db);
  let perEvent = keyCache.get(database);
  if (!perEvent) keyCache.set(database, (perEvent = new Map()));
  let keys = perEvent.get(eventId);
  if (!keys) {
    keys = (async () => {
      const stored = () => db.selectFrom("event_signing_keys").select(["public_key", "private_key"]).where("event_id", "=", eventId).executeTakeFirst();
      let row = await stored();
      if (!row) {
        const pair = crypto.generateKeyPairSync("ed25519");
        await db
          .insertInto("event_signing_keys")
          .values({
            event_id: eventId,
            public_key: pair.publicKey.export({ format: "jwk" }).x!,
            private_key: sealSigningKey(db, eventId, pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url")),
          })
          // Two first tickets at once: one key wins, and both read that one.
          .onConflict((oc) => oc.column("event_id").doNothing())
          .execute();
        row = (await stored())!;
      }
      return {
        privateKey: crypto.createPrivateKey({ key: Buffer.from(openSigningKey(db, eventId, row.private_key), "base64url"), format: "der", type: "pkcs8" }),
        publicKey: publicKeyFromRaw(row.public_key),
        publicKeyRaw: row.public_key,
      };
    })();
    perEvent.set(eventId, keys);
    const cached = keys;
    keys.catch(() => perEvent!.get(eventId) === cached && perEvent!.delete(eventId));
  }
  return keys;
}

export function signTicket(privateKey: KeyObject, facts: TicketFacts): string {
  const bytes = encodeTicketFacts(facts);
  return joinPayload(bytes, crypto.sign(null, signedMessage(bytes), privateKey));
}

/** The facts of a genuine payload signed by this key; null for anything forged, altered or malformed. */
export function verifyTicket(publicKey: KeyObject | string, payload: string): TicketFacts | null {
  const parts = splitPayload(payload);
  if (!parts) return null;
  const key = typeof publicKey === "string" ? publicKeyFromRaw(publicKey) : publicKey;
  return crypto.verify(null, signedMessage(parts.factBytes), key, parts.signature) ? parts.facts : null;
}

function randomCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (byte) => TICKET_CODE_ALPHABET[byte % TICKET_CODE_ALPHABET.length]).join("");
}

/**
 * Gives the invitee an active ticket: a new one, or the same ticket again with a raised version
 * when it was cancelled or `reissue` is set (lost phone, changed answer, a proxy). Call it in the
 * transaction that records the answer.
 */
export async function issueTicket(trx: Db, input: { eventId: number; inviteeId: number; reissue: boolean }) {
  const existing = await trx.selectFrom("tickets").select(["id", "version", "status", "code"]).where("invitee_id", "=", input.inviteeId).forUpdate().executeTakeFirst();
  if (existing) {
    if (existing.status === "active" && !input.reissue) return;
    // A new version voids the old QR code; the printed entry code under it must go with it, or a
    // lost or forwarded ticket would still get in by its code. The old code is kept as retired.
    await trx
      .insertInto("retired_ticket_codes")
      .values({ event_id: input.eventId, code: existing.code, ticket_id: existing.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const code = await unusedCode(trx, input.eventId);
    await trx
      .updateTable("tickets")
      .set((eb) => ({ version: eb("version", "+", 1), status: "active", code, issued_at: new Date() }))
      .where("id", "=", existing.id)
      .execute();
    return;
  }
  // 32^8 ≈ 10^12 codes: a clash within one event is all but impossible, and the unique index
  // catches it anyway (nothing inserted: draw again).
  while (
    !(await trx
      .insertInto("tickets")
      .values({ event_id: input.eventId, invitee_id: input.inviteeId, code: randomCode() })
      .onConflict((oc) => oc.columns(["event_id", "code"]).doNothing())
      .returning("id")
      .executeTakeFirst())
  );
}

/**
 * For a re-issue (rare, so the extra query is cheap): a code no ticket of the event has, nor had,
 * so a retired code keeps answering "superseded" and the update cannot hit the unique index.
 */
async function unusedCode(trx: Db, eventId: number): Promise<string> {
  for (;;) {
    const code = randomCode();
    const taken = await trx
      .selectFrom("retired_ticket_codes")
      .select("code")
      .where("event_id", "=", eventId)
      .where("code", "=", code)
      .unionAll((eb) => eb.selectFrom("tickets").select("code").where("event_id", "=", eventId).where("code", "=", code))
      .executeTakeFirst();
    if (!taken) return code;
  }
}

export async function cancelTicket(trx: Db, inviteeId: number): Promise<void> {
  await trx.updateTable("tickets").set({ status: "cancelled" }).where("invitee_id", "=", inviteeId).where("status", "=", "active").execute();
}

/** The invitee's active ticket with its signed QR payload, or null. */
export async function activeTicket(db: Db, inviteeId: number) {
  const ticket = await db.selectFrom("tickets").select(["id", "event_id", "version", "code"]).where("invitee_id", "=", inviteeId).where("status", "=", "active").executeTakeFirst();
  return ticket ? withPayload(db, ticket) : null;
}

/** A ticket row with its signed QR payload, for callers that read the row in a query of their own. */
export async function withPayload(db: Db, ticket: { id: number; event_id: number; version: number; code: string }) {
  const keys = await eventKeys(db, ticket.event_id);
  return { id: ticket.id, version: ticket.version, code: ticket.code, payload: signTicket(keys.privateKey, { eventId: ticket.event_id, ticketId: ticket.id, version: ticket.version }) };
}

export type ActiveTicket = NonNullable<Awaited<ReturnType<typeof activeTicket>>>;

export type TicketCheck = { valid: true; ticketId: number; inviteeId: number; eventId: number; version: number } | { valid: false; reason: "invalid" | "superseded" | "cancelled"; ticketId?: number };

const publicKeyCache = new WeakMap<object, Map<number, KeyObject>>();

/**
 * The event's public key, read once per process: keys never change once made. Null when the
 * event has none (no ticket was ever issued for it, or the payload names an event that does not exist).
 */
export async function ticketPublicKey(db: Db, eventId: number): Promise<KeyObject | null> {
  const database = databaseIdentity(db);
  let perEvent = publicKeyCache.get(database);
  if (!perEvent) publicKeyCache.set(database, (perEvent = new Map()));
  const cached = perEvent.get(eventId);
  if (cached) return cached;
  const row = await db.selectFrom("event_signing_keys").select("public_key").where("event_id", "=", eventId).executeTakeFirst();
  if (!row) return null;
  const key = publicKeyFromRaw(row.public_key);
  perEvent.set(eventId, key);
  return key;
}

/** How many genuine payloads each event's key remembers (about 2 MB at most per event). */
const VERIFIED_PAYLOADS_KEPT = 10_000;
const verifiedPayloads = new WeakMap<KeyObject, Set<string>>();

/**
 * The facts of a genuine payload, signed by its own event's key; null for anything else. No query
 * once the key is known. Payloads that verified are remembered per key (the oldest forgotten
 * first): a ticket scanned again (a second door, a guest going out and back in) skips the Ed25519
 * check, a third of a scan's time. Only exact strings that verified are kept, so nothing unsigned
 * can pass through it.
 */
export async function verifiedTicketFacts(db: Db, payload: string): Promise<TicketFacts | null> {
  const trimmed = payload.trim();
  const parts = splitPayload(trimmed);
  if (!parts) return null;
  const key = await ticketPublicKey(db, parts.facts.eventId);
  if (!key) return null;
  let verified = verifiedPayloads.get(key);
  if (verified?.has(trimmed)) return parts.facts;
  if (!crypto.verify(null, signedMessage(parts.factBytes), key, parts.signature)) return null;
  if (!verified) verifiedPayloads.set(key, (verified = new Set()));
  if (verified.size >= VERIFIED_PAYLOADS_KEPT) verified.delete(verified.values().next().value!);
  verified.add(trimmed);
  return parts.facts;
}

/**
 * Whether a scanned payload is a ticket to let in: signed by its event's key, and the ticket's
 * current version and still active. A re-issued ticket's older codes are "superseded".
 */
export async function checkTicketPayload(db: Db, payload: string): Promise<TicketCheck> {
  const facts = await verifiedTicketFacts(db, payload);
  if (!facts) return { valid: false, reason: "invalid" };
  const ticket = await db.selectFrom("tickets").select(["id", "invitee_id", "event_id", "version", "status"]).where("id", "=", facts.ticketId).where("event_id", "=", facts.eventId).executeTakeFirst();
  if (!ticket) return { valid: false, reason: "invalid" };
  if (ticket.version !== facts.version) return { valid: false, reason: "superseded", ticketId: ticket.id };
  if (ticket.status !== "active") return { valid: false, reason: "cancelled", ticketId: ticket.id };
  return { valid: true, ticketId: ticket.id, inviteeId: ticket.invitee_id, eventId: ticket.event_id, version: ticket.version };
}
