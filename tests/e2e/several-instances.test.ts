/**
 * Two app instances and `npm run worker` on one PostgreSQL database, each its own process, as a
 * deployment behind a load balancer runs them. What one process alone cannot show: the
 * migrations, the outbox, capacity, the door and the day-before notice each happen once however
 * many processes do the work at the same moment.
 */
import { sql, type Kysely } from "kysely";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema, waitlistPosition } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { useAppKey } from "../../app/lib/app-key.server";
import { openServerDatabase, type DatabaseHandle } from "../../db/connect";
import { migrations } from "../../db/migrations/index";
import type { Database } from "../../db/schema";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { DEMO_MAIL, pajuEvent } from "../helpers/demo";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getPage, logIn, postForm } from "../helpers/http";
import { startInstances, type Instances } from "../helpers/instances";
import { runCli } from "../helpers/server";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const adminUrl = process.env.TEST_DATABASE_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, checking every 200 ms; fails saying `what` when it does not in time. */
async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await sleep(200);
  }
}

/** Tomorrow's date on the clock of Seoul, YYYY-MM-DD. */
function tomorrowInSeoul(): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!adminUrl)("two app instances and npm run worker on one PostgreSQL database", () => {
  let sink: SmtpSink;
  let instances: Instances;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  const figures: Record<string, number | string> = {};

  /** The messages the sink received for these outbox rows, by message id: each row's count of arrivals. */
  const arrivals = (rows: Array<{ message_id: string }>) => {
    const wanted = new Set(rows.map((row) => row.message_id));
    const counts = new Map<string, ParsedMail[]>();
    for (const mail of sink.received) if (mail.messageId && wanted.has(mail.messageId)) counts.set(mail.messageId, [...(counts.get(mail.messageId) ?? []), mail]);
    return counts;
  };
  const outboxRows = (eventId: number, kind: string, afterId = 0) =>
    db.selectFrom("email_outbox").select(["id", "invitee_id", "to_address", "message_id", "status"]).where("event_id", "=", eventId).where("kind", "=", kind).where("id", ">", afterId).execute();
  /** Waits until every row is sent and in the sink, then a moment longer for any second copy on its way. */
  const allDelivered = async <Row extends { message_id: string; status: string }>(rows: () => Promise<Row[]>, expected: number): Promise<Row[]> => {
    await until(
      `${expected} messages sent and in the sink`,
      async () => {
        const now = await rows();
        return now.length === expected && now.every((row) => row.status === "sent") && arrivals(now).size === expected;
      },
      60_000,
    );
    await sleep(2_000);
    return rows();
  };

  let event: { id: number; slug: string };
  let guests: Array<{ id: number; token: string }>;

  beforeAll(async () => {
    sink = await createSmtpSink();
    await sink.start();
    instances = await startInstances(adminUrl!, { count: 2, worker: true, env: { SMTP_URL: sink.url, SMTP_FROM: "nanum@example.org" } });
    figures.startMs = instances.startMs;
    const seeded = await runCli("seed", [], instances.env);
    expect(seeded.code, seeded.stderr).toBe(0);
    handle = await openServerDatabase(instances.databaseUrl, { max: 3 });
    db = handle.db;
    useAppKey(db, instances.appKey);

    // An event tomorrow (Seoul), 15 places, 5 taken already: 40 guests answer for the last 10.
    // Its day-before notice is off until the last test turns it on, when it is due at once.
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    event = await createEvent(db, organizer.id, eventFormSchema.parse(sampleEventForm({ slug: "several-instances", date: tomorrowInSeoul(), startTime: "12:00", capacity: "15" })), {
      status: "published",
    });
    await db.updateTable("events").set({ attendee_notice_enabled: false, attendee_notice_time: "00:00" }).where("id", "=", event.id).execute();
    const ids = await addInvitees(
      db,
      event.id,
      Array.from({ length: 45 }, (_, i) => sampleInvitee({ name: `손님${String(i).padStart(2, "0")}`, email: `guest${i}@example.org` })),
    );
    for (const id of ids.slice(0, 5)) {
      await recordRsvp(db, { eventId: event.id, inviteeId: id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
    }
    guests = await Promise.all(ids.slice(5).map(async (id) => ({ id, token: await personalLinkToken(db, { id, link_version: 1 }) })));
  }, 180_000);

  afterAll(async () => {
    // One line with what was measured, for the report.
    console.log(`several-instances figures: ${JSON.stringify(figures)}`);
    await handle?.close();
    await instances?.stop();
    await sink?.stop();
  });

  it("started both instances and the worker at once on an empty database: each migration ran once, nothing failed", async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const names = rows.map((row) => row.name).sort();
    expect(names).toEqual(Object.keys(migrations).sort());
    for (const app of instances.apps) {
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
      expect(app.output()).not.toMatch(/error|failed/i);
    }
    expect(instances.worker!.output()).not.toMatch(/error|failed/i);
    figures.migrations = `${names.length} applied, each once`;
  });

  it("delivers invitations sent through instance A to the SMTP sink exactly once each", async () => {
    const [a] = instances.apps;
    const paju = await pajuEvent(db);
    const before =
      (
        await db
          .selectFrom("email_outbox")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0;
    const { cookie } = await logIn(a!.url, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const sent = await postForm(`${a!.url}/admin/events/${paju.id}/invitees`, { mailing: "invite", scope: "all" }, { Cookie: cookie!, Origin: a!.url });
    expect(sent.status).toBe(302);
    const queued = Number(/count=(\d+)/.exec(sent.headers.get("location") ?? "")![1]);
    expect(queued).toBeGreaterThan(80);

    const began = performance.now();
    const rows = await allDelivered(() => outboxRows(paju.id, "invitation", Number(before)), queued);
    figures.invitationsMs = Math.round(performance.now() - began);
    const delivered = arrivals(rows);
    expect([...delivered.values()].map((copies) => copies.length)).toEqual(Array(queued).fill(1));
    expect(new Set(rows.map((row) => row.to_address)).size).toBe(queued);
    figures.invitations = queued;
    figures.invitationsInSink = [...delivered.values()].flat().length;
  });

  it("gives 40 simultaneous answers split across both instances exactly the last 10 places, and waitlist places in commit order", async () => {
    const began = performance.now();
    const responses = await Promise.all(
      guests.map(({ token }, i) => {
        const app = instances.apps[i % 2]!;
        return postForm(`${app.url}/i/${token}`, { intent: "answer", answer: "attending", consent: "on" }, { Origin: app.url });
      }),
    );
    figures.rsvp40Ms = Math.round(performance.now() - began);
    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(302));

    const rows = await db.selectFrom("rsvps").select(["invitee_id", "status", "waitlisted_at", "waitlist_turn"]).where("event_id", "=", event.id).execute();
    const attending = rows.filter((row) => row.status === "attending");
    const waiting = rows.filter((row) => row.status === "waitlisted");
    expect(attending).toHaveLength(15);
    expect(waiting).toHaveLength(30);

    // Each waitlisted guest's email told the place computed when their answer committed; in commit
    // order nobody can be put ahead later, so the place told is the place kept, and all differ.
    const notes = await allDelivered(() => outboxRows(event.id, "waitlisted"), 30);
    const told = new Map<number, number>();
    for (const [messageId, [mail]] of arrivals(notes)) {
      const row = notes.find((note) => note.message_id === messageId)!;
      told.set(row.invitee_id!, Number(/대기자 명단 (\d+)번째/.exec(mail!.text ?? "")![1]));
    }
    expect([...told.values()].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const { invitee_id } of waiting) expect(await waitlistPosition(db, event.id, invitee_id)).toBe(told.get(invitee_id));
    expect(await outboxRows(event.id, "ticket")).toHaveLength(15);

    figures.attending = attending.length;
    figures.waitlisted = waiting.length;
    figures.distinctWaitlistPositions = new Set(told.values()).size;
    figures.distinctWaitlistTurns = new Set(waiting.map((row) => row.waitlist_turn)).size;
    figures.distinctWaitlistedAtMs = new Set(waiting.map((row) => row.waitlisted_at!.getTime())).size;
  });

  it("checks one ticket in once when 20 doors scan it at the same moment through both instances", async () => {
    const guest = (await db.selectFrom("rsvps").select("invitee_id").where("event_id", "=", event.id).where("status", "=", "attending").orderBy("invitee_id", "desc").executeTakeFirstOrThrow())
      .invitee_id;
    const ticket = (await activeTicket(db, guest))!;
    // One organizer's session, signed in on A, is good on B: both read it from the database.
    const { cookie } = await logIn(instances.apps[0]!.url, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const began = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const app = instances.apps[i % 2]!;
        return fetch(`${app.url}/checkin/${event.slug}/scan`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Cookie: cookie!, Origin: app.url },
          body: JSON.stringify({ entrance: `문 ${i % 3}`, payload: ticket.payload }),
        });
      }),
    );
    figures.scans20Ms = Math.round(performance.now() - began);
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const outcomes = (await Promise.all(responses.map((response) => response.json()))) as Array<{ result: string; checkinId: number }>;
    expect(outcomes.filter((outcome) => outcome.result === "welcome")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.result === "already")).toHaveLength(19);
    const checkins = await db.selectFrom("checkins").select("id").where("event_id", "=", event.id).where("undone_at", "is", null).execute();
    expect(checkins).toEqual([{ id: outcomes[0]!.checkinId }]);
    figures.checkIns = checkins.length;
  });

  it("sends the day-before notice once per attending guest while both instances' housekeeping looks for it", async () => {
    // Due from now on: each instance's housekeeping (every minute) finds it, the worker helps send.
    await db.updateTable("events").set({ attendee_notice_enabled: true }).where("id", "=", event.id).execute();
    const began = performance.now();
    await until("the day-before notices queued", async () => (await outboxRows(event.id, "attendee-notice")).length > 0, 150_000);
    const rows = await allDelivered(() => outboxRows(event.id, "attendee-notice"), 15);
    figures.noticeMs = Math.round(performance.now() - began);
    const attending = await db.selectFrom("rsvps").select("invitee_id").where("event_id", "=", event.id).where("status", "=", "attending").execute();
    expect(rows.map((row) => row.invitee_id).sort()).toEqual(attending.map((row) => row.invitee_id).sort());
    const delivered = arrivals(rows);
    expect([...delivered.values()].map((copies) => copies.length)).toEqual(Array(15).fill(1));
    figures.noticesInSink = [...delivered.values()].flat().length;
    // The guest page still answers from either instance afterwards.
    for (const app of instances.apps) expect((await getPage(`${app.url}/i/${guests[0]!.token}`)).status).toBe(200);
  }, 200_000);
});
