import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArrivalsFeed, startArrivalsFeed, type ArrivalsFeed } from "../../app/domain/checkin/arrivals-feed.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as streamRoute from "../../app/routes/admin.events.$eventId.arrivals.stream";
import * as scanRoute from "../../app/routes/checkin.$slug.scan";
import * as syncRoute from "../../app/routes/checkin.$slug.sync";
import * as undoRoute from "../../app/routes/checkin.$slug.undo";
import * as walkInRoute from "../../app/routes/checkin.$slug.walk-in";
import { openServerDatabase, type DatabaseHandle } from "../../db/connect";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

/** Counts a subscriber's calls, and waits for the next ones. */
function recorder() {
  const calls = { changes: 0, closes: 0 };
  let waiting: Array<{ count: number; resolve: () => void }> = [];
  const check = () => {
    waiting = waiting.filter((wait) => (calls.changes >= wait.count ? (wait.resolve(), false) : true));
  };
  return {
    calls,
    subscriber: {
      onChange: () => {
        calls.changes += 1;
        check();
      },
      onClose: () => void (calls.closes += 1),
    },
    /** Resolves once `count` changes have come in in all; fails after `ms`. */
    changes(count: number, ms = 3_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${calls.changes} changes after ${ms} ms, not ${count}`)), ms);
        waiting.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
        check();
      });
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the arrivals feed in one process", () => {
  it("passes the first change of a burst on at once and the rest as one more, per event", async () => {
    const feed = createArrivalsFeed();
    const watched = recorder();
    const other = recorder();
    feed.subscribe(1, watched.subscriber);
    feed.subscribe(2, other.subscriber);
    for (let i = 0; i < 50; i++) feed.announce(1);
    expect(watched.calls.changes).toBe(1);
    await watched.changes(2);
    await pause(250);
    expect(watched.calls.changes).toBe(2);
    expect(other.calls.changes).toBe(0);
    await feed.close();
  });

  it("stops telling a subscriber that left, and ends every subscription when it closes", async () => {
    const feed = createArrivalsFeed();
    const left = recorder();
    const stays = recorder();
    const leave = feed.subscribe(7, left.subscriber);
    feed.subscribe(7, stays.subscriber);
    expect(feed.size).toBe(2);
    leave();
    expect(feed.size).toBe(1);
    feed.announce(7);
    expect([left.calls.changes, stays.calls.changes]).toEqual([0, 1]);
    await feed.close();
    expect([left.calls.closes, stays.calls.closes]).toEqual([0, 1]);
    expect(feed.size).toBe(0);
    const late = recorder();
    feed.subscribe(7, late.subscriber);
    expect(late.calls.closes).toBe(1);
  });
});

describe("the arrivals feed across instances on one database", () => {
  let test: TestDatabase;
  /** The second instance's database handle: its own pool and listening connection on the server engine. */
  let second: Pick<DatabaseHandle, "db" | "listen"> & { close(): Promise<void> };
  let here: ArrivalsFeed;
  let there: ArrivalsFeed;

  beforeAll(async () => {
    test = await createTestDatabase();
    // The embedded database is one process's: a second feed on it stands for a second instance.
    second = test.url ? await openServerDatabase(test.url, { max: 2 }) : { db: test.db, listen: test.listen, close: async () => {} };
    here = await startArrivalsFeed(test.db, test.listen);
    there = await startArrivalsFeed(second.db, second.listen);
  });
  afterAll(async () => {
    await here?.close();
    await there?.close();
    await second?.close();
    await test?.destroy();
  });

  it("tells the other instance's pages of a change announced here, and this one's once", async () => {
    const local = recorder();
    const remote = recorder();
    const elsewhere = recorder();
    here.subscribe(11, local.subscriber);
    there.subscribe(11, remote.subscriber);
    there.subscribe(12, elsewhere.subscriber);
    const started = performance.now();
    here.announce(11);
    expect(local.calls.changes).toBe(1);
    await remote.changes(1);
    const delay = performance.now() - started;
    expect(delay).toBeLessThan(1_000);
    // Its own notification comes back to this instance too, and is not passed on a second time.
    await pause(300);
    expect(local.calls.changes).toBe(1);
    expect(remote.calls.changes).toBe(1);
    expect(elsewhere.calls.changes).toBe(0);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("listens again when its connection is cut, and tells its pages to catch up", async () => {
    const remote = recorder();
    there.subscribe(21, remote.subscriber);
    const admin = new pg.Client({ connectionString: test.url });
    await admin.connect();
    try {
      const cut = await admin.query("select pg_terminate_backend(pid) as cut from pg_stat_activity where datname = current_database() and application_name = 'nanum listener'");
      // Both feeds' connections (one per handle).
      expect(cut.rows).toHaveLength(2);
      // Back, it cannot know what it missed: every page reloads.
      await remote.changes(1, 5_000);
      // Each feed reconnects on its own timer: the other may come back a moment after this one.
      const deadline = Date.now() + 5_000;
      let listening = 0;
      while (Date.now() < deadline) {
        const found = await admin.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'nanum listener'");
        listening = found.rows[0].n;
        if (listening === 2) break;
        await pause(50);
      }
      expect(listening).toBe(2);
    } finally {
      await admin.end();
    }
    here.announce(21);
    await remote.changes(2);
  });
});

describe("check-ins made through the door's routes", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let payload: string;
  let inviteeIds: number[];
  let staffCookie: string;
  const slug = "live-door";

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    ({ id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug }))));
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    inviteeIds = await addInvitees(test.db, eventId, [sampleInvitee({ name: "첫손님" }), sampleInvitee({ name: "둘째손님" })]);
    await recordRsvp(test.db, {
      eventId,
      inviteeId: inviteeIds[0]!,
      form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} },
      consentText: "c",
      mail,
    });
    payload = (await activeTicket(test.db, inviteeIds[0]!))!.payload;
    staffCookie = await signedInCookie(context, staff.id);
  });
  afterAll(() => test.destroy());

  const post = (route: { action: (args: never) => Promise<unknown> }, path: string, body: unknown) =>
    outcome(() =>
      (route.action as (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>)({
        request: new Request(new URL(`/checkin/${slug}/${path}`, BASE), { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", Cookie: staffCookie } }),
        params: { slug },
        context,
      }),
    );

  /** A fresh feed in the context, with a page following the event: how many changes a request announced. */
  async function announcedBy(request: () => Promise<{ status: number; data: unknown }>) {
    context.arrivals = createArrivalsFeed();
    const page = recorder();
    context.arrivals.subscribe(eventId, page.subscriber);
    const answer = await request();
    await context.arrivals.close();
    return { answer, changes: page.calls.changes };
  }

  it("announces a welcome, not an 'already' or a refusal", async () => {
    const welcome = await announcedBy(() => post(scanRoute, "scan", { payload, entrance: "정문" }));
    expect(welcome.answer.data).toMatchObject({ result: "welcome" });
    expect(welcome.changes).toBe(1);
    const again = await announcedBy(() => post(scanRoute, "scan", { payload }));
    expect(again.answer.data).toMatchObject({ result: "already" });
    expect(again.changes).toBe(0);
    const bad = await announcedBy(() => post(scanRoute, "scan", { nonsense: true }));
    expect(bad.answer.status).toBe(400);
    expect(bad.changes).toBe(0);
  });

  it("announces an undo, a walk-in and an offline queue", async () => {
    const checkinId = (await test.db.selectFrom("checkins").select("id").where("invitee_id", "=", inviteeIds[0]!).executeTakeFirstOrThrow()).id;
    const undo = await announcedBy(() => post(undoRoute, "undo", { checkinId }));
    expect(undo.answer.data).toEqual({ undone: true });
    expect(undo.changes).toBe(1);
    expect((await announcedBy(() => post(undoRoute, "undo", { checkinId }))).changes).toBe(0);

    const walkIn = await announcedBy(() => post(walkInRoute, "walk-in", { name: "현장손님", consent: true }));
    expect(walkIn.answer.data).toMatchObject({ result: "welcome" });
    expect(walkIn.changes).toBe(1);

    // The phone took the roster an hour ago, went offline and let the second guest in.
    await test.db
      .updateTable("events")
      .set({ door_roster_issued_at: new Date(Date.now() - 3_600_000) })
      .where("id", "=", eventId)
      .execute();
    const item = { clientId: crypto.randomUUID(), inviteeId: inviteeIds[1]!, ticketId: null, checkedInAt: new Date().toISOString() };
    const sync = await announcedBy(() => post(syncRoute, "sync", { items: [item] }));
    expect(sync.answer.data).toEqual({ results: [{ clientId: item.clientId, result: "recorded" }] });
    expect(sync.changes).toBe(1);
    const stranger = { ...item, clientId: crypto.randomUUID(), inviteeId: 999_999 };
    expect((await announcedBy(() => post(syncRoute, "sync", { items: [stranger] }))).changes).toBe(0);
  });
});

describe("the event stream /admin/events/<id>/arrivals/stream", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  const cookies = { owner: "", organizer: "", staff: "", other: "" };

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const organizer = await newOrganizer(test.db, "Co-organizer");
    const staff = await newOrganizer(test.db, "Staff");
    const other = await newOrganizer(test.db, "Other");
    ({ id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "live-stream" }))));
    await grantEventAccess(test.db, { eventId, email: organizer.email, role: "organizer", invitedBy: owner.id }, { ...mail, locale: "ko" });
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    cookies.owner = await signedInCookie(context, owner.id);
    cookies.organizer = await signedInCookie(context, organizer.id);
    cookies.staff = await signedInCookie(context, staff.id);
    cookies.other = await signedInCookie(context, other.id);
  });
  afterAll(() => test.destroy());

  const open = (cookie: string | undefined, signal = new AbortController().signal, id = String(eventId)) =>
    streamRoute.loader({
      request: new Request(new URL(`/admin/events/${id}/arrivals/stream`, BASE), { headers: cookie ? { Cookie: cookie } : {}, signal }),
      params: { eventId: id },
      context,
    });

  it("streams an event for each change to whoever may see the arrivals page, until the browser leaves", async () => {
    context.arrivals = createArrivalsFeed();
    const leave = new AbortController();
    const response = await open(cookies.owner, leave.signal);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    expect(response.headers.get("X-Accel-Buffering")).toBe("no");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe("retry: 2000\n\n");
    expect(context.arrivals.size).toBe(1);
    context.arrivals.announce(eventId + 1);
    context.arrivals.announce(eventId);
    expect((await reader.read()).value).toBe(`event: arrivals\ndata: ${eventId}\n\n`);
    leave.abort();
    expect((await reader.read()).done).toBe(true);
    expect(context.arrivals.size).toBe(0);
  });

  it("ends the streams when the server shuts down, and takes no new ones while it does", async () => {
    context.arrivals = createArrivalsFeed();
    const reader = (await open(cookies.organizer)).body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read();
    await context.arrivals.close();
    expect((await reader.read()).done).toBe(true);
    context.lifecycle = { draining: true };
    try {
      expect((await open(cookies.owner)).status).toBe(503);
    } finally {
      context.lifecycle = { draining: false };
    }
  });

  it("refuses strangers as the arrivals page does", async () => {
    context.arrivals = createArrivalsFeed();
    expect((await outcome(() => open(cookies.other))).status).toBe(404);
    // Door staff check people in; the arrivals page is not theirs.
    expect((await outcome(() => open(cookies.staff))).status).toBe(403);
    const signedOut = await outcome(() => open(undefined));
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toMatch(/^\/login/);
    expect((await outcome(() => open(cookies.owner, undefined, "nonsense"))).status).toBe(404);
    expect(context.arrivals.size).toBe(0);
  });
});
