import crypto from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { generateAppKey, useAppKey } from "../../app/lib/app-key.server";
import { openServerDatabase } from "../../db/connect";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { attendingGuests, type AttendingGuest } from "../helpers/demo";
import { preparedDataDir } from "../helpers/e2e";
import { logIn } from "../helpers/http";
import { cleanUp, runCli, startServer, type EnvOverrides } from "../helpers/server";

const adminUrl = process.env.TEST_DATABASE_URL;

afterAll(cleanUp);

/** A server on `env` (and `dataDir`) where the sample event's first invitee with an email attends: twenty doors scan their ticket at once. */
async function twentyDoorsAtOnce(env: EnvOverrides, guest: AttendingGuest, dataDir?: string) {
  const server = await startServer({ env, dataDir });
  const { cookie } = await logIn(server.url, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
  const { slug, payload } = guest;
  const scan = (entrance: string, body: Record<string, unknown>) =>
    fetch(`${server.url}/checkin/${slug}/scan`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie!, Origin: server.url },
      body: JSON.stringify({ entrance, ...body }),
    });
  const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => scan(`문 ${i % 3}`, { payload })));
  expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
  const outcomes = (await Promise.all(responses.map((r) => r.json()))) as Array<{ result: string; checkinId: number; guest: { name: string } }>;
  expect(outcomes.filter((o) => o.result === "welcome")).toHaveLength(1);
  expect(outcomes.filter((o) => o.result === "already")).toHaveLength(19);
  // All twenty point at the one check-in there is.
  expect(new Set(outcomes.map((o) => o.checkinId)).size).toBe(1);
  // A forged code and a stranger are turned away; bad input is a 400, not a 500.
  const forged = await scan("정문", { payload: payload.slice(0, 99) + (payload[99] === "A" ? "B" : "A") });
  expect(await forged.json()).toEqual({ result: "invalid" });
  expect((await scan("정문", { nonsense: true })).status).toBe(400);
  const stranger = await fetch(`${server.url}/checkin/${slug}/scan`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ payload }),
    redirect: "manual",
  });
  expect(stranger.status).toBe(302);
  await server.stop();
  return outcomes[0]!.checkinId;
}

describe("twenty doors scanning the same ticket at once, through the HTTP route", () => {
  it("gives one welcome and nineteen 'already' on the embedded database", async () => {
    const { dataDir, prepared } = await preparedDataDir((db) => attendingGuests(db, 1));
    await twentyDoorsAtOnce({}, prepared[0]!, dataDir);
  });

  it.skipIf(!adminUrl)("gives one welcome and nineteen 'already' on a PostgreSQL server, with one active check-in row", async () => {
    const name = `nanum_e2e_checkin_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    try {
      const appKey = generateAppKey("APP_KEY");
      const env = { DATABASE_URL: url.toString(), SESSION_SECRET: crypto.randomBytes(32).toString("base64url"), APP_KEY: appKey.text };
      expect((await runCli("seed", [], env)).code).toBe(0);
      const handle = await openServerDatabase(url.toString());
      useAppKey(handle.db, appKey.key);
      const [guest] = await attendingGuests(handle.db, 1).finally(() => handle.close());
      const checkinId = await twentyDoorsAtOnce(env, guest!);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const active = await db.query("select id from checkins where undone_at is null");
      await db.end();
      expect(active.rows).toEqual([{ id: checkinId }]);
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
