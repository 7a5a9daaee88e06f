import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { secureStoredKeys } from "../../app/domain/stored-keys.server";
import { generateAppKey, useAppKey } from "../../app/lib/app-key.server";
import { embeddedAppKey } from "../../app/lib/env.server";
import { openEmbeddedDatabase } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createTestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";
import { runCli } from "../helpers/server";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

/** An attending guest's ticket and personal link: what a rotation must keep working. */
async function guestWithTicket(db: Kysely<Database>): Promise<{ inviteeId: number; payload: string; link: string }> {
  const owner = await newOrganizer(db, "Owner");
  const eventId = (await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "rotate" })))).id;
  const [inviteeId] = await addInvitees(db, eventId, [sampleInvitee()]);
  await recordRsvp(db, {
    eventId,
    inviteeId: inviteeId!,
    form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} },
    consentText: "c",
    mail,
  });
  return { inviteeId: inviteeId!, ...(await ticketAndLink(db, inviteeId!)) };
}

async function ticketAndLink(db: Kysely<Database>, inviteeId: number) {
  return { payload: (await activeTicket(db, inviteeId))!.payload, link: await personalLinkToken(db, { id: inviteeId, link_version: 1 }) };
}

describe("npm run keys:rotate", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("on the embedded database, moves the keys to a new key in DATA_DIR/app-key and keeps the old one beside it", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-rotate-"));
    dirs.push(dataDir);
    const open = () => openEmbeddedDatabase(dataDir, { holder: "test", onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)) });
    const before = await open();
    const guest = await guestWithTicket(before.db).finally(() => before.close());
    const oldKey = fs.readFileSync(path.join(dataDir, "app-key"), "utf8");

    const rotated = await runCli("keys:rotate", [], { DATA_DIR: dataDir });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain("Re-encrypted 2 keys under the new APP_KEY.");
    const names = fs.readdirSync(dataDir);
    expect(names).not.toContain("app-key.next");
    const kept = names.find((name) => name.startsWith("app-key.before-"))!;
    expect(fs.readFileSync(path.join(dataDir, kept), "utf8")).toBe(oldKey);
    expect(fs.readFileSync(path.join(dataDir, "app-key"), "utf8")).not.toBe(oldKey);
    expect(fs.statSync(path.join(dataDir, "app-key")).mode & 0o077).toBe(0);

    const after = await open();
    try {
      expect(await ticketAndLink(after.db, guest.inviteeId)).toEqual({ payload: guest.payload, link: guest.link });
    } finally {
      await after.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("on a server, moves the keys from APP_KEY to NEW_APP_KEY only when APP_KEY opens them all", async () => {
    const test = await createTestDatabase();
    try {
      const current = generateAppKey("APP_KEY");
      useAppKey(test.db, current.key);
      const guest = await guestWithTicket(test.db);
      const next = generateAppKey("NEW_APP_KEY");
      const env = { DATABASE_URL: test.url!, APP_KEY: current.text };

      const withoutNewKey = await runCli("keys:rotate", [], env);
      expect(withoutNewKey.code).toBe(2);
      expect(withoutNewKey.stderr).toContain("Set NEW_APP_KEY to the new key");

      const wrong = await runCli("keys:rotate", [], { ...env, APP_KEY: generateAppKey("x").text, NEW_APP_KEY: next.text });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr.trim()).toMatch(/^APP_KEY does not open the ticket-signing key of event \d+ and 1 more: nor does the new key\. Nothing was changed/);

      const rotated = await runCli("keys:rotate", [], { ...env, NEW_APP_KEY: next.text });
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stdout).toContain("Re-encrypted 2 keys under the new APP_KEY.");
      expect(rotated.stdout).toContain("Now set APP_KEY to the new key");

      const restarted = await test.another();
      await expect(secureStoredKeys(restarted, current.key)).rejects.toThrow(/^APP_KEY does not open/);
      await secureStoredKeys(restarted, next.key);
      expect(await ticketAndLink(restarted, guest.inviteeId)).toEqual({ payload: guest.payload, link: guest.link });
    } finally {
      await test.destroy();
    }
  });
});
