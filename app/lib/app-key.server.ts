/**
 * APP_KEY: 32 random bytes from the environment (or, on the embedded database, a file in
 * DATA_DIR) that seal secrets kept in the database with AES-256-GCM. A dump or a stolen backup
 * holds only sealed values, which are useless without the key, and the key is never stored in
 * the database. Each value is sealed with a binding (its table and row) as additional
 * authenticated data, so a sealed value copied into another row does not open there.
 *
 * Stored form: `v1:` + base64url(iv[12] | tag[16] | ciphertext). Plain values never start with
 * `v1:` (they were base64url, which has no colon), so a value tells which form it is in.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { databaseIdentity } from "./db-identity.server";

export const APP_KEY_BYTES = 32;
const SEALED_PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** 32 bytes as base64 (what `openssl rand -base64 32` prints, 44 characters) or base64url (43). */
const APP_KEY_TEXT = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;

/** The key's bytes, or null when the text is not 32 bytes in base64 or base64url. */
export function parseAppKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!APP_KEY_TEXT.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64");
  return bytes.length === APP_KEY_BYTES ? bytes : null;
}

/** A new key, and its text in the form `openssl rand -base64 32` gives. */
export function generateAppKey(source: string): { text: string; key: AppKey } {
  const bytes = crypto.randomBytes(APP_KEY_BYTES);
  return { text: bytes.toString("base64"), key: new AppKey(bytes, source) };
}

/** A sealed value that does not open: another key, another row's value, altered, or not sealed at all. */
export class UnsealError extends Error {}

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

export class AppKey {
  readonly #bytes: Buffer;
  readonly #cipherKey: Buffer;

  /**
   * @param source where the key came from, for messages: "APP_KEY", or its file in DATA_DIR.
   */
  constructor(
    bytes: Buffer,
    readonly source: string,
  ) {
    if (bytes.length !== APP_KEY_BYTES) throw new Error(`An APP_KEY has ${APP_KEY_BYTES} bytes, not ${bytes.length}`);
    // A key of its own for sealing, so APP_KEY itself can serve another purpose later without reuse.
    this.#bytes = Buffer.from(bytes);
    this.#cipherKey = Buffer.from(crypto.hkdfSync("sha256", bytes, Buffer.alloc(0), "nanum at-rest v1", 32));
  }

  /** Whether both are the same key (a rotation to the key already in use would change nothing). */
  sameAs(other: AppKey): boolean {
    return crypto.timingSafeEqual(this.#bytes, other.#bytes);
  }

  seal(plain: string, binding: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.#cipherKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(binding, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The plain value; UnsealError when it does not open under this key with this binding. */
  open(stored: string, binding: string): string {
    if (!isSealed(stored)) throw new UnsealError(`${binding} is not sealed`);
    const bytes = Buffer.from(stored.slice(SEALED_PREFIX.length), "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new UnsealError(`${binding} is too short to be sealed`);
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.#cipherKey, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(binding, "utf8"));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new UnsealError(`${binding} does not open under ${this.source}`);
    }
  }
}

const appKeys = new WeakMap<object, AppKey>();

/**
 * Tells the code that reads and writes sealed values which key this database's secrets are
 * sealed under. Done once where the database is opened (server start, command-line tools, test
 * helpers), so domain functions keep taking just the database handle.
 */
export function useAppKey<DB>(db: Kysely<DB>, appKey: AppKey): void {
  appKeys.set(databaseIdentity(db), appKey);
}

export function appKeyOf<DB>(db: Kysely<DB>): AppKey {
  const appKey = appKeys.get(databaseIdentity(db));
  if (!appKey) throw new Error("No APP_KEY was given for this database (useAppKey): its stored keys cannot be read or made without it.");
  return appKey;
}
