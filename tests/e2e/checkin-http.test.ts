import crypto from "node:crypto";
import jsQR from "jsqr";
import pg from "pg";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, logIn, postForm } from "../helpers/http";
import { cleanUp, runCli, startServer, type EnvOverrides } from "../helpers/server";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const adminUrl = process.env.TEST_DATABASE_URL;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await createSmtpSink();
  await sink.start();
});
afterAll(async () => {
  await cleanUp();
  await sink.stop();
});

/**
 * The sample event's first invitee with an email answers "attending" through their page; their
 * ticket arrives by email, and the QR code in it is read back as a scanner would.
 */
async function ticketPayload(baseUrl: string, cookie: string): Promise<{ slug: string; payload: string }> {
  const dashboard = await getPage(`${baseUrl}/admin`, { Cookie: cookie });
  const eventPath = /href="(\/admin\/events\/\d+)"[^>]*>[^<]*파주시/.exec(dashboard.html)![1]!;
  const overview = await getPage(`${baseUrl}${eventPath}`, { Cookie: cookie });
  const slug = /\/e\/([a-z0-9-]+)/.exec(overview.html)![1]!;
  const list = await getPage(`${baseUrl}${eventPath}/invitees`, { Cookie: cookie });
  const inviteePath = [...list.html.matchAll(/href="(\/admin\/events\/\d+\/invitees\/\d+)"/g)].map((m) => m[1]!)[0]!;
  const detail = await getPage(`${baseUrl}${inviteePath}`, { Cookie: cookie });
  // The page shows the link on APP_URL (here unset: localhost); the test posts to the server it started.
  const link = `${baseUrl}${new URL(/value="(http[^"]+\/i\/[A-Za-z0-9_-]{32})"/.exec(detail.html)![1]!).pathname}`;
  const email = /value="([^"]+@[^"]+)"/.exec(detail.html)?.[1];
  const answered = await postForm(link, { intent: "answer", answer: "attending", consent: "on" }, { Origin: baseUrl });
  expect(answered.status, `${link}: ${(await answered.clone().text()).slice(0, 400)}`).toBe(302);
  for (let i = 0; i < 150; i++) {
    const mail = sink.received.find((m) => m.subject?.startsWith("[참석 확인]") && (!email || (m.to as { text: string }).text.includes(email)));
    const image = mail?.attachments.find((a) => a.contentType === "image/png");
    if (image) {
      const png = PNG.sync.read(image.content);
      return { slug, payload: jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no ticket email arrived");
}

async function twentyDoorsAtOnce(env: EnvOverrides) {
  sink.received.length = 0;
  const server = await startServer({ env: { SMTP_URL: sink.url, SMTP_FROM: "nanum@example.org", ...env } });
  const { cookie } = await logIn(server.url, "demo@nanum.example", "nanum-demo-2025");
  const { slug, payload } = await ticketPayload(server.url, cookie!);
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
  const stranger = await fetch(`${server.url}/checkin/${slug}/scan`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify({ payload }), redirect: "manual" });
  expect(stranger.status).toBe(302);
  await server.stop();
  return outcomes[0]!.checkinId;
}

describe("twenty doors scanning the same ticket at once, through the HTTP route", () => {
  it("gives one welcome and nineteen 'already' on the embedded database", async () => {
    await twentyDoorsAtOnce({});
  });

  it.skipIf(!adminUrl)("gives one welcome and nineteen 'already' on a PostgreSQL server, with one active check-in row", async () => {
    const name = `nanum_e2e_checkin_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    try {
      const env = { DATABASE_URL: url.toString(), SESSION_SECRET: crypto.randomBytes(32).toString("base64url") };
      expect((await runCli("seed", [], env)).code).toBe(0);
      const checkinId = await twentyDoorsAtOnce(env);
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
