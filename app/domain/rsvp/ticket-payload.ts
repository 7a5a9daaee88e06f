/**
 * The QR payload of a ticket: 11 bytes of facts and their 64-byte Ed25519 signature, as one
 * base64url string of 100 characters (QR version 6 at level M, easy to scan from a phone).
 *
 *   byte 0      format (1)
 *   bytes 1–4   event id   (uint32, big-endian)
 *   bytes 5–8   ticket id  (uint32) — the same for the person across re-issues
 *   bytes 9–10  version    (uint16) — raised by every re-issue, voiding older codes
 *   bytes 11–74 signature over "nanum-ticket:" + bytes 0–10
 *
 * Pure code with no Node APIs, so a scanner in the browser can read it too.
 */
export const TICKET_FORMAT = 1;
const FACTS_LENGTH = 11;
const SIGNATURE_LENGTH = 64;
export const TICKET_PAYLOAD_LENGTH = 100;
/** Signed with the facts, so a signature made for anything else never passes as a ticket. */
const SIGNING_CONTEXT = new TextEncoder().encode("nanum-ticket:");

export interface TicketFacts {
  eventId: number;
  ticketId: number;
  version: number;
}

export function encodeTicketFacts(facts: TicketFacts): Uint8Array {
  if (![facts.eventId, facts.ticketId].every((n) => Number.isInteger(n) && n > 0 && n <= 0xffffffff)) throw new RangeError("ids must fit 32 bits");
  if (!Number.isInteger(facts.version) || facts.version < 1 || facts.version > 0xffff) throw new RangeError("version must fit 16 bits");
  const bytes = new Uint8Array(FACTS_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, TICKET_FORMAT);
  view.setUint32(1, facts.eventId);
  view.setUint32(5, facts.ticketId);
  view.setUint16(9, facts.version);
  return bytes;
}

/** What the signature covers. */
export function signedMessage(facts: Uint8Array): Uint8Array {
  const message = new Uint8Array(SIGNING_CONTEXT.length + facts.length);
  message.set(SIGNING_CONTEXT);
  message.set(facts, SIGNING_CONTEXT.length);
  return message;
}

export function joinPayload(facts: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_LENGTH) throw new RangeError("an Ed25519 signature has 64 bytes");
  const bytes = new Uint8Array(FACTS_LENGTH + SIGNATURE_LENGTH);
  bytes.set(facts);
  bytes.set(signature, FACTS_LENGTH);
  return toBase64Url(bytes);
}

/** Splits a scanned payload into its facts and signature; null for anything that is not one. */
export function splitPayload(payload: string): { facts: TicketFacts; factBytes: Uint8Array; signature: Uint8Array } | null {
  if (payload.length !== TICKET_PAYLOAD_LENGTH || !/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  const bytes = fromBase64Url(payload);
  if (bytes.length !== FACTS_LENGTH + SIGNATURE_LENGTH || bytes[0] !== TICKET_FORMAT) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    facts: { eventId: view.getUint32(1), ticketId: view.getUint32(5), version: view.getUint16(9) },
    factBytes: bytes.subarray(0, FACTS_LENGTH),
    signature: bytes.subarray(FACTS_LENGTH),
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Each base64url character's value, -1 for any other character code below 128. */
const ALPHABET_VALUES = Int8Array.from({ length: 128 }, (_, code) => ALPHABET.indexOf(String.fromCharCode(code)));

export function fromBase64Url(text: string): Uint8Array {
  // Written straight into its array: every scan decodes one, and a growing list was most of its garbage.
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? ALPHABET_VALUES[code]! : -1;
    if (value < 0) throw new RangeError("not base64url");
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** Ticket codes for typing in by hand: no 0/O, 1/I/L look-alikes. */
export const TICKET_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
