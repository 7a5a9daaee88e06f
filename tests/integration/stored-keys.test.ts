import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, findInviteeByLinkToken, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket, checkTicketPayload, eventKeys } from "../../app/domain/rsvp/tickets.server";
import { openAppSecret, rotateStoredKeys, sealSigningKey, secureStoredKeys } from "../../app/domain/stored-keys.server";
import { appKeyOf, generateAppKey, UnsealError, useAppKey, type AppKey } from "../../app/lib/app-key.server";
import { ConfigError, embeddedAppKey } from "../../app/lib/env.server";
import { openEmbeddedDatabase } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

/** An event with attending guests: their tickets make its signing key, their links the link key. */
async function eventWithTickets(db: Kysely<Database>, ownerId: number, slug: string, guests: number) {
  const eventId = (await createEvent(db, ownerId, eventFormSchema.parse(sampleEventForm({ slug })))).id;
  const inviteeIds = await addInvitees(
    db,
    eventId,
    Array.from({ length: guests }, (_, i) => sampleInvitee({ name: `${slug} 손님${i}` })),
  );
  for (const inviteeId of inviteeIds) await recordRsvp(db, { eventId, inviteeId, form: attending, consentText: "c", mail });
  return { eventId, inviteeIds };
}

/** Every form a key's bytes could take in a dump: base64url, base64, hex (text, or a bytea's hex). */
function forms(bytes: Buffer): string[] {
  return [bytes.toString("base64url"), bytes.toString("base64").replace(/=+$/, ""), bytes.toString("hex")];
}

/** The plain key material a dump must not hold: each private key (PKCS#8 DER and its 32-byte seed) and the link key. */
async function plainKeyMaterial(db: Kysely<Database>, eventIds: number[]): Promise<string[]> {
  const material: string[] = [];
  for (const eventId of eventIds) {
    const { privateKey } = await eventKeys(db, eventId);
    material.push(...forms(privateKey.export({ format: "der", type: "pkcs8" })));
    material.push(...forms(Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url")));
  }
  const linkKey = await db.selectFrom("app_secrets").select("value").where("name", "=", "personal-link-key").executeTakeFirstOrThrow();
  material.push(...forms(Buffer.from(openAppSecret(db, "personal-link-key", linkKey.value), "base64url")));
  return material;
}

async function storedValues(db: Kysely<Database>) {
  const signing = await db.selectFrom("event_signing_keys").select(["event_id", "private_key"]).orderBy("event_id").execute();
  const secrets = await db.selectFrom("app_secrets").select(["name", "value"]).orderBy("name").execute();
  return { signing, secrets };
}

function thrown(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: Error) => error,
  );
}

describe("keys a database dump cannot use", () => {
  let test: TestDatabase;
  /** The key the stored keys are sealed under now (a rotation changes it). */
  let current: AppKey;
  let first: { eventId: number; inviteeIds: number[] };
  let second: { eventId: number; inviteeIds: number[] };
  let payloads: string[];
  let links: string[];

  /** Another handle on the database, as a restarted server has: nothing opened yet. */
  const restarted = () => test.another();

  async function ticketsAndLinks(db: Kysely<Database>) {
    const ids = [...first.inviteeIds, ...second.inviteeIds];
    const tickets = await Promise.all(ids.map(async (id) => (await activeTicket(db, id))!.payload));
    const tokens = await Promise.all(ids.map((id) => personalLinkToken(db, { id, link_version: 1 })));
    return { tickets, tokens };
  }

  beforeAll(async () => {
    test = await createTestDatabase();
    current = test.appKey;
    const owner = await newOrganizer(test.db, "Owner");
    first = await eventWithTickets(test.db, owner.id, "keys-first", 2);
    second = await eventWithTickets(test.db, owner.id, "keys-second", 1);
    ({ tickets: payloads, tokens: links } = await ticketsAndLinks(test.db));
  });
  afterAll(() => test.destroy());

  it("stores every private key and the link key sealed, and a dump of the database holds none of them", async () => {
    const material = await plainKeyMaterial(test.db, [first.eventId, second.eventId]);
    const { signing, secrets } = await storedValues(test.db);
    expect(signing.map((row) => row.event_id)).toEqual([first.eventId, second.eventId]);
    for (const value of [...signing.map((row) => row.private_key), ...secrets.map((row) => row.value)]) expect(value).toMatch(/^v1:[A-Za-z0-9_-]+$/);

    let dump: string;
    if (test.engine === "server") {
      // What an operator's backup holds: PostgreSQL's own pg_dump of the whole database.
      dump = execFileSync("pg_dump", ["--no-owner", test.url!], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(dump).toContain("COPY public.event_signing_keys");
    } else {
      // The raw rows, every column, as the database holds them.
      const tables = await Promise.all(["event_signing_keys", "app_secrets"].map((table) => sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(test.db)));
      dump = JSON.stringify(tables.map((table) => table.rows));
    }
    expect(dump).toContain(signing[0]!.private_key);
    for (const plain of material) expect(dump).not.toContain(plain);
  });

  it("refuses a wrong APP_KEY in one line naming what it could not open, and opens nothing with it", async () => {
    const db = await restarted();
    const wrong = generateAppKey("APP_KEY").key;
    const error = await thrown(secureStoredKeys(db, wrong));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^APP_KEY does not open the ticket-signing key of event \d+ and 2 more: it is not the key they were sealed with/);
    expect(error.message).not.toContain("\n");
    expect(() => appKeyOf(db)).toThrow(/No APP_KEY was given/);
    useAppKey(db, wrong);
    await expect(eventKeys(db, first.eventId)).rejects.toBeInstanceOf(UnsealError);
    await expect(personalLinkToken(db, { id: first.inviteeIds[0]!, link_version: 1 })).rejects.toBeInstanceOf(UnsealError);
  });

  it("refuses to go on without an APP_KEY", async () => {
    const error = await thrown(secureStoredKeys(await restarted(), undefined));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^APP_KEY is required when DATABASE_URL is set/);
  });

  it("does not open a sealed key copied into another event's row", async () => {
    const before = await storedValues(test.db);
    const firstKey = before.signing.find((row) => row.event_id === first.eventId)!.private_key;
    await test.db.updateTable("event_signing_keys").set({ private_key: firstKey }).where("event_id", "=", second.eventId).execute();
    try {
      const db = await restarted();
      const error = await thrown(secureStoredKeys(db, current));
      expect(error.message).toBe(
        `APP_KEY does not open the ticket-signing key of event ${second.eventId}: it is not the key they were sealed with, or they were altered. Start with the APP_KEY they were sealed with; if \`npm run keys:rotate\` was interrupted, run it again.`,
      );
      useAppKey(db, current);
      await expect(eventKeys(db, second.eventId)).rejects.toBeInstanceOf(UnsealError);
      expect((await eventKeys(db, first.eventId)).publicKeyRaw).toBeTruthy();
    } finally {
      await test.db
        .updateTable("event_signing_keys")
        .set({ private_key: before.signing.find((row) => row.event_id === second.eventId)!.private_key })
        .where("event_id", "=", second.eventId)
        .execute();
    }
  });

  it("seals keys an earlier version stored in plain text when the database is opened, once, and they sign as before", async () => {
    const before = await storedValues(test.db);
    const plainPrivate = (await eventKeys(test.db, first.eventId)).privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    const plainLink = openAppSecret(test.db, "personal-link-key", before.secrets[0]!.value);
    await test.db.updateTable("event_signing_keys").set({ private_key: plainPrivate }).where("event_id", "=", first.eventId).execute();
    await test.db.updateTable("app_secrets").set({ value: plainLink }).where("name", "=", "personal-link-key").execute();

    const db = await restarted();
    expect(await secureStoredKeys(db, current)).toEqual({ checked: 3, sealed: 2 });
    const after = await storedValues(db);
    expect(after.signing.find((row) => row.event_id === first.eventId)!.private_key).toMatch(/^v1:/);
    expect(after.secrets[0]!.value).toMatch(/^v1:/);
    expect(JSON.stringify(after)).not.toContain(plainPrivate);
    expect(JSON.stringify(after)).not.toContain(plainLink);
    // Ed25519 signatures are deterministic: the same payloads again means the same keys.
    expect(await ticketsAndLinks(db)).toEqual({ tickets: payloads, tokens: links });
    expect(await secureStoredKeys(await restarted(), current)).toEqual({ checked: 3, sealed: 0 });
  });

  it("refuses a rotation when a key opens under neither key, and changes nothing", async () => {
    const before = await storedValues(test.db);
    const stray = await restarted();
    useAppKey(stray, generateAppKey("APP_KEY").key);
    const plain = (await eventKeys(test.db, second.eventId)).privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    await test.db
      .updateTable("event_signing_keys")
      .set({ private_key: sealSigningKey(stray, second.eventId, plain) })
      .where("event_id", "=", second.eventId)
      .execute();
    const changed = await storedValues(test.db);
    const error = await thrown(rotateStoredKeys(test.db, current, generateAppKey("NEW_APP_KEY").key));
    expect(error.message).toMatch(new RegExp(`^APP_KEY does not open the ticket-signing key of event ${second.eventId}: nor does the new key\\. Nothing was changed`));
    expect(await storedValues(test.db)).toEqual(changed);
    await test.db
      .updateTable("event_signing_keys")
      .set({ private_key: before.signing.find((row) => row.event_id === second.eventId)!.private_key })
      .where("event_id", "=", second.eventId)
      .execute();
  });

  it("keeps tickets issued before a rotation and personal links valid under the new key, and the old key then opens nothing", async () => {
    const next = generateAppKey("NEW_APP_KEY").key;
    expect(await rotateStoredKeys(test.db, current, next)).toEqual({ rotated: 3, alreadyUnderNewKey: 0 });

    const withOldKey = await thrown(secureStoredKeys(await restarted(), current));
    expect(withOldKey).toBeInstanceOf(ConfigError);

    const db = await restarted();
    expect(await secureStoredKeys(db, next)).toEqual({ checked: 3, sealed: 0 });
    for (const payload of payloads) expect(await checkTicketPayload(db, payload)).toMatchObject({ valid: true });
    expect(await ticketsAndLinks(db)).toEqual({ tickets: payloads, tokens: links });
    for (const [i, token] of links.entries()) {
      expect(await findInviteeByLinkToken(db, token)).toMatchObject({ status: "found", invitee: { id: [...first.inviteeIds, ...second.inviteeIds][i] } });
    }
    current = next;
    useAppKey(test.db, current);
  });

  it("finishes an interrupted rotation when run again: keys already under the new key are left as they are", async () => {
    const next = generateAppKey("NEW_APP_KEY").key;
    // As if the first run had sealed one key under the new key before it stopped.
    const ahead = await restarted();
    useAppKey(ahead, next);
    const plain = (await eventKeys(test.db, first.eventId)).privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    await test.db
      .updateTable("event_signing_keys")
      .set({ private_key: sealSigningKey(ahead, first.eventId, plain) })
      .where("event_id", "=", first.eventId)
      .execute();

    expect(await rotateStoredKeys(test.db, current, next)).toEqual({ rotated: 2, alreadyUnderNewKey: 1 });
    expect(await rotateStoredKeys(test.db, current, next)).toEqual({ rotated: 0, alreadyUnderNewKey: 3 });
    const db = await restarted();
    expect(await secureStoredKeys(db, next)).toEqual({ checked: 3, sealed: 0 });
    expect(await ticketsAndLinks(db)).toEqual({ tickets: payloads, tokens: links });
    current = next;
    useAppKey(test.db, current);
  });
});

// The embedded database's backup (npm run db:backup) is its pgdata folder: its files, byte for
// byte, hold no plain key. Whatever engine the rest of the suite uses.
describe("the embedded database's files", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("hold the keys only sealed; APP_KEY stays beside pgdata, outside what a backup takes", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-keys-"));
    dirs.push(dataDir);
    const handle = await openEmbeddedDatabase(dataDir, { holder: "test", onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)) });
    let material: string[];
    try {
      const owner = await newOrganizer(handle.db, "Owner");
      const { eventId } = await eventWithTickets(handle.db, owner.id, "on-disk", 1);
      material = await plainKeyMaterial(handle.db, [eventId]);
      const { privateKey } = await eventKeys(handle.db, eventId);
      material.push(privateKey.export({ format: "der", type: "pkcs8" }).toString("latin1"), Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url").toString("latin1"));
    } finally {
      await handle.close();
    }
    const files = fs.readdirSync(path.join(dataDir, "pgdata"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(100);
    const bytes = Buffer.concat(files.map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name))));
    for (const plain of material) expect(bytes.includes(Buffer.from(plain, "latin1")), plain.slice(0, 12)).toBe(false);
    expect(bytes.includes(Buffer.from("v1:"))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "app-key"))).toBe(true);
  });
});
