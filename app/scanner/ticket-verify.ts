import { fromBase64Url, signedMessage, splitPayload } from "../domain/rsvp/ticket-payload";

/**
 * A scanned code checked on the device before it is sent: "invalid" when it is no ticket at all or
 * its signature does not hold under this event's public key; "unchecked" when the device cannot
 * tell (a ticket of another event, no WebCrypto Ed25519, not a secure origin); the server decides
 * everything else.
 */
export type LocalCheck = "genuine" | "invalid" | "unchecked";

const keys = new Map<string, Promise<CryptoKey | null>>();

function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = keys.get(publicKey);
  if (!key) {
    const subtle = globalThis.crypto?.subtle;
    // WebCrypto wants views over a plain ArrayBuffer, which `Uint8Array.from` makes.
    key = subtle ? subtle.importKey("raw", Uint8Array.from(fromBase64Url(publicKey)), { name: "Ed25519" }, false, ["verify"]).catch(() => null) : Promise.resolve(null);
    keys.set(publicKey, key);
  }
  return key;
}

export async function checkTicketLocally(payload: string, eventId: number, publicKey: string): Promise<LocalCheck> {
  const parts = splitPayload(payload);
  if (!parts) return "invalid";
  if (parts.facts.eventId !== eventId) return "unchecked";
  const key = await importKey(publicKey);
  if (!key) return "unchecked";
  try {
    return (await crypto.subtle.verify({ name: "Ed25519" }, key, Uint8Array.from(parts.signature), Uint8Array.from(signedMessage(parts.factBytes)))) ? "genuine" : "invalid";
  } catch {
    return "unchecked";
  }
}
