/**
 * The keys Nanum keeps in its database, each event's Ed25519 ticket-signing key and the secrets
 * in app_secrets (the personal-link key), are stored sealed under APP_KEY
 * (app/lib/app-key.server.ts), never in plain text: a dump or a backup alone mints no ticket
 * and no personal link. Each is bound to its row, so one copied into another row does not open.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { appKeyOf, isSealed, UnsealError, useAppKey, type AppKey } from "../lib/app-key.server";
import { ConfigError } from "../lib/env.server";

type Db = Kysely<Database>;

const signingKeyBinding = (eventId: number) => `event_signing_keys.private_key:${eventId}`;
const appSecretBinding = (name: string) => `app_secrets.value:${name}`;

/** An event's private key (PKCS#8 DER, base64url) as it is stored. */
export function sealSigningKey(db: Db, eventId: number, privateKey: string): string {
  return appKeyOf(db).seal(privateKey, signingKeyBinding(eventId));
}

export function openSigningKey(db: Db, eventId: number, stored: string): string {
  return appKeyOf(db).open(stored, signingKeyBinding(eventId));
}

export function sealAppSecret(db: Db, name: string, value: string): string {
  return appKeyOf(db).seal(value, appSecretBinding(name));
}

export function openAppSecret(db: Db, name: string, stored: string): string {
  return appKeyOf(db).open(stored, appSecretBinding(name));
}

interface StoredKey {
  kind: "signing-key" | "app-secret";
  /** The event's id or the secret's name. */
  id: number | string;
  stored: string;
  binding: string;
  /** What the key is, for messages. */
  label: string;
}

/** Every stored key, locked until the transaction ends (a start and a rotation do not interleave). */
async function lockStoredKeys(trx: Db): Promise<StoredKey[]> {
  const signingKeys = await trx.selectFrom("event_signing_keys").select(["event_id", "private_key"]).orderBy("event_id").forUpdate().execute();
  const secrets = await trx.selectFrom("app_secrets").select(["name", "value"]).orderBy("name").forUpdate().execute();
  return [
    ...signingKeys.map((row): StoredKey => ({
      kind: "signing-key",
      id: row.event_id,
      stored: row.private_key,
      binding: signingKeyBinding(row.event_id),
      label: `the ticket-signing key of event ${row.event_id}`,
    })),
    ...secrets.map((row): StoredKey => ({ kind: "app-secret", id: row.name, stored: row.value, binding: appSecretBinding(row.name), label: `the ${row.name.replaceAll("-", " ")}` })),
  ];
}

async function writeStoredKey(trx: Db, key: StoredKey, stored: string): Promise<void> {
  if (key.kind === "signing-key") {
    await trx.updateTable("event_signing_keys").set({ private_key: stored }).where("event_id", "=", Number(key.id)).execute();
  } else {
    await trx.updateTable("app_secrets").set({ value: stored }).where("name", "=", String(key.id)).execute();
  }
}

function opens(appKey: AppKey, key: StoredKey): string | null {
  try {
    return appKey.open(key.stored, key.binding);
  } catch (error) {
    if (error instanceof UnsealError) return null;
    throw error;
  }
}

function refusal(appKey: AppKey, unopened: StoredKey[], reason: string): ConfigError {
  const more = unopened.length > 1 ? ` and ${unopened.length - 1} more` : "";
  return new ConfigError(`${appKey.source} does not open ${unopened[0]!.label}${more}: ${reason}`);
}

/**
 * Where the database is opened (the server's start, command-line tools): uses `appKey` for this
 * database's keys, after checking that it opens every one, so a wrong or missing key stops the
 * start in one line instead of failing tickets later. Keys an earlier version stored in plain
 * text are sealed here, once (migrations cannot: they never see APP_KEY).
 */
export async function secureStoredKeys(db: Db, appKey: AppKey | undefined): Promise<{ checked: number; sealed: number }> {
  if (!appKey) throw new ConfigError("APP_KEY is required when DATABASE_URL is set: it encrypts the ticket and personal-link keys in the database.");
  const sealed = await db.transaction().execute(async (trx) => {
    const keys = await lockStoredKeys(trx);
    const plain = keys.filter((key) => !isSealed(key.stored));
    const unopened = keys.filter((key) => isSealed(key.stored) && opens(appKey, key) === null);
    if (unopened.length > 0) {
      throw refusal(
        appKey,
        unopened,
        "it is not the key they were sealed with, or they were altered. Start with the APP_KEY they were sealed with; if `npm run keys:rotate` was interrupted, run it again.",
      );
    }
    for (const key of plain) await writeStoredKey(trx, key, appKey.seal(key.stored, key.binding));
    return { checked: keys.length, sealed: plain.length };
  });
  if (sealed.sealed > 0) {
    // The plain values live on in dead row versions until PostgreSQL reuses the space; rewriting
    // both tables drops them from the database files (backups made before remain as they were).
    await sql`vacuum full event_signing_keys, app_secrets`.execute(db);
  }
  useAppKey(db, appKey);
  return sealed;
}

/**
 * Seals every stored key under `to` instead of `from`, in one transaction, after checking that
 * each opens: nothing is written unless all do, and each new value is read back and opened
 * before the commit. A key already under `to` (a rotation interrupted after its commit, or a key
 * made meanwhile by a process given the new key) is left as it is, so running it again is safe.
 */
export async function rotateStoredKeys(db: Db, from: AppKey, to: AppKey): Promise<{ rotated: number; alreadyUnderNewKey: number }> {
  return db.transaction().execute(async (trx) => {
    const keys = await lockStoredKeys(trx);
    const plans: { key: StoredKey; value: string }[] = [];
    let alreadyUnderNewKey = 0;
    const unopened: StoredKey[] = [];
    for (const key of keys) {
      if (!isSealed(key.stored)) {
        plans.push({ key, value: key.stored });
        continue;
      }
      const value = opens(from, key);
      if (value !== null) plans.push({ key, value });
      else if (opens(to, key) !== null) alreadyUnderNewKey++;
      else unopened.push(key);
    }
    if (unopened.length > 0) throw refusal(from, unopened, "nor does the new key. Nothing was changed; give the key they were sealed with as APP_KEY.");
    for (const { key, value } of plans) await writeStoredKey(trx, key, to.seal(value, key.binding));
    const written = new Map((await lockStoredKeys(trx)).map((key) => [`${key.kind}:${key.id}`, key]));
    for (const { key, value } of plans) {
      const stored = written.get(`${key.kind}:${key.id}`);
      if (!stored || opens(to, stored) !== value) throw new Error(`${key.label} did not read back under the new key; nothing was changed.`);
    }
    return { rotated: plans.length, alreadyUnderNewKey };
  });
}
