/**
 * What an outside probe found (forged Host headers in emailed links, ids past PostgreSQL's
 * integer, NUL characters, entry codes surviving a re-issue, offline sync trusting the phone,
 * lockouts by strangers, uncertain emails), each checked through the routes a browser or a
 * door phone uses, on the embedded database and on the PostgreSQL server.
 */
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInByCode, checkinRoster, listCheckinConflicts, syncOfflineCheckIns } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events/events.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { LOGIN_LIMITS } from "../../app/domain/accounts/organizers.server";
import { saveRegistrationSettings } from "../../app/domain/rsvp/registration.server";
import { recordRsvp, reissueTicket } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as eventRoute from "../../app/routes/admin.events.$eventId._index";
import * as accessRoute from "../../app/routes/admin.events.$eventId.access";
import * as agendaRoute from "../../app/routes/admin.events.$eventId.agenda";
import * as peopleRoute from "../../app/routes/admin.events.$eventId.agenda_.people";
import * as sessionRoute from "../../app/routes/admin.events.$eventId.agenda_.sessions.$sessionId";
import * as devicesRoute from "../../app/routes/admin.events.$eventId.devices";
import * as inviteeRoute from "../../app/routes/admin.events.$eventId.invitees.$inviteeId";
import * as inviteesRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as importRoute from "../../app/routes/admin.events.$eventId.invitees.import";
import * as outboxRoute from "../../app/routes/admin.events.$eventId.outbox";
import * as newEventRoute from "../../app/routes/admin.events.new";
import * as searchRoute from "../../app/routes/checkin.$slug.search";
import * as scanRoute from "../../app/routes/checkin.$slug.scan";
import * as syncRoute from "../../app/routes/checkin.$slug.sync";
import * as undoRoute from "../../app/routes/checkin.$slug.walk-in";
import * as undoCheckinRoute from "../../app/routes/checkin.$slug.undo";
import * as registerRoute from "../../app/routes/e.$slug_.register";
import * as forgotRoute from "../../app/routes/forgot-password";
import * as guestRoute from "../../app/routes/i.$token";
import * as loginRoute from "../../app/routes/login";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const TOO_BIG = "2147483648";
const attending = { answer: "attending" as const, companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };
const person = (name: string, email = "") => sampleInvitee({ name, email, organization: "파주시청" });

/** A request that came to the attacker's host name, as a forged Host header makes it look. */
function forgedHostPost(path: string, fields: Record<string, string>): Request {
  return new Request(new URL(path, "http://evil.example"), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Host: "evil.example" },
  });
}

function jsonPost(path: string, body: unknown, cookie: string): Request {
  return new Request(new URL(path, BASE), { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", Cookie: cookie } });
}

describe("fixes for what an outside probe found", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let owner: Awaited<ReturnType<typeof newOrganizer>>;
  let cookie: string;
  let eventId: number;
  let otherEventId: number;
  const slug = "probe";
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug })))).id;
    otherEventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "probe-other" })))).id;
    await setEventStatus(test.db, eventId, "published");
    ids = await addInvitees(test.db, eventId, [person("김민지", "minji@example.org"), person("이서준"), person("박하은")]);
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
  });
  afterAll(() => test.destroy());

  const outboxTo = (address: string) =>
    test.db.selectFrom("email_outbox").select(["to_address", "to_name", "text_body", "html_body", "kind"]).where("to_address", "=", address).orderBy("id", "desc").execute();

  describe("links in emails never come from the request's Host header", () => {
    it("mails a password reset link on this app's address, whatever Host the request named", async () => {
      const result = await outcome(() => forgotRoute.action({ request: forgedHostPost("/forgot-password", { email: owner.email }), params: {}, context }));
      expect(result.status).toBeLessThan(400);
      const [reset] = await outboxTo(owner.email);
      expect(reset?.kind).toBe("password-reset");
      expect(reset!.text_body).toMatch(/http:\/\/localhost:3000\/reset-password\/[A-Za-z0-9_-]{43}/);
      expect(reset!.text_body + reset!.html_body).not.toContain("evil.example");
    });

    it("uses APP_URL when it is set", async () => {
      const appContext = testContext(test.db, { clientAddress: "198.51.100.77", config: { ...context.config, appUrl: "https://nanum.example.go.kr", publicOrigin: "https://nanum.example.go.kr" } });
      await outcome(() => forgotRoute.action({ request: forgedHostPost("/forgot-password", { email: owner.email }), params: {}, context: appContext }));
      const [reset] = await outboxTo(owner.email);
      expect(reset!.text_body).toMatch(/https:\/\/nanum\.example\.go\.kr\/reset-password\//);
    });

    it("sends an invitee who registers again their own link, to their own name, never the name typed", async () => {
      await saveRegistrationSettings(test.db, eventId, { open: true, group: "공개 신청" });
      const ctx = testContext(test.db, { clientAddress: "198.51.100.9" });
      const fields = { name: "Attacker \u202Eevil", email: "minji@example.org", phone: "", organization: "Evil Corp", position: "", language: "en", consent: "on" };
      const result = await outcome(() => registerRoute.action({ request: forgedHostPost(`/e/${slug}/register`, fields), params: { slug }, context: ctx }));
      expect(result.status).toBeLessThan(400);
      const [known] = await outboxTo("minji@example.org");
      expect(known?.kind).toBe("registration-known");
      expect(known!.to_name).toBe("김민지");
      const token = await personalLinkToken(test.db, { id: ids[0]!, link_version: 1 });
      expect(known!.text_body).toContain(`http://localhost:3000/i/${token}`);
      expect(known!.text_body + known!.html_body).not.toMatch(/evil|Attacker/i);
    });
  });

  describe("ids past PostgreSQL's integer are unknown pages or invalid input, never a 500", () => {
    it("answers 404 to such ids in the address", async () => {
      const asOwner = { Cookie: cookie };
      expect((await outcome(() => eventRoute.loader({ request: getRequest(`/admin/events/${TOO_BIG}`, asOwner), params: { eventId: TOO_BIG }, context }))).status).toBe(404);
      const invitee = await outcome(() =>
        inviteeRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/${TOO_BIG}`, asOwner), params: { eventId: String(eventId), inviteeId: TOO_BIG }, context }),
      );
      expect(invitee.status).toBe(404);
      const session = await outcome(() =>
        sessionRoute.loader({ request: getRequest(`/admin/events/${eventId}/agenda/sessions/${TOO_BIG}`, asOwner), params: { eventId: String(eventId), sessionId: TOO_BIG }, context }),
      );
      expect(session.status).toBe(404);
    });

    it("ignores them in a query string", async () => {
      const params = { eventId: String(eventId) };
      const draft = await outcome(() => importRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/import?draft=${TOO_BIG}`, { Cookie: cookie }), params, context }));
      expect(draft.status).toBe(200);
      expect(draft.data.preview).toBeNull();
      const outbox = await outcome(() => outboxRoute.loader({ request: getRequest(`/admin/events/${eventId}/outbox?message=${TOO_BIG}`, { Cookie: cookie }), params, context }));
      expect(outbox.status).toBe(200);
      expect(outbox.data.open).toBeNull();
      const people = await outcome(() => peopleRoute.loader({ request: getRequest(`/admin/events/${eventId}/agenda/people?edit=${TOO_BIG}`, { Cookie: cookie }), params, context }));
      expect(people.status).toBe(200);
    });

    it("refuses them in forms with 400 or leaves things unchanged", async () => {
      const params = { eventId: String(eventId) };
      const post = (path: string, fields: Record<string, string>) => postRequest(`/admin/events/${eventId}${path}`, fields, { Cookie: cookie });
      expect((await outcome(() => devicesRoute.action({ request: post("/devices", { intent: "revoke", deviceId: TOO_BIG }), params, context }))).status).toBe(400);
      expect((await outcome(() => accessRoute.action({ request: post("/access", { intent: "revoke", organizerId: TOO_BIG }), params, context }))).status).toBe(400);
      expect((await outcome(() => accessRoute.action({ request: post("/access", { intent: "revoke-invitation", invitationId: TOO_BIG }), params, context }))).status).toBe(400);
      expect((await outcome(() => inviteesRoute.action({ request: post("/invitees", { mailing: "invite", scope: "selected", ids: TOO_BIG }), params, context }))).status).toBe(400);
      expect((await outcome(() => outboxRoute.action({ request: post("/outbox", { message: TOO_BIG }), params, context }))).status).toBe(302);
      expect((await outcome(() => importRoute.action({ request: post("/invitees/import", { draft: TOO_BIG }), params, context }))).status).toBe(400);
      const agenda = (fields: Record<string, string>) => outcome(() => agendaRoute.action({ request: post("/agenda", fields), params, context }));
      expect((await agenda({ intent: "shift", sessionId: TOO_BIG, minutes: "10" })).status).toBe(400);
      expect((await agenda({ intent: "remove-part", partId: TOO_BIG })).status).toBe(302);
      expect((await agenda({ intent: "remove", sessionId: TOO_BIG })).status).toBe(302);
      expect((await agenda({ intent: "update-part", partId: TOO_BIG, titleKo: "1부", titleEn: "" })).status).toBe(404);
      const session = await agenda({ intent: "session", partId: TOO_BIG, kind: "opening", startTime: "14:00", endTime: "14:10", titleKo: "개회", titleEn: "", room: "" });
      expect(session.status).toBe(400);
      expect(session.data.errors.partId).toBe("error.invalid");
      const person = await outcome(() => peopleRoute.action({ request: post("/agenda/people", { intent: "remove", personId: TOO_BIG }), params, context }));
      expect(person.status).toBe(302);
    });

    it("refuses them in a door phone's JSON with 400", async () => {
      const params = { slug };
      expect((await outcome(() => scanRoute.action({ request: jsonPost(`/checkin/${slug}/scan`, { inviteeId: 2 ** 31 }, cookie), params, context }))).status).toBe(400);
      expect((await outcome(() => undoCheckinRoute.action({ request: jsonPost(`/checkin/${slug}/undo`, { checkinId: 2 ** 31 }, cookie), params, context }))).status).toBe(400);
      const item = { clientId: crypto.randomUUID(), inviteeId: 2 ** 31, ticketId: null, checkedInAt: new Date().toISOString(), entrance: "" };
      expect((await outcome(() => syncRoute.action({ request: jsonPost(`/checkin/${slug}/sync`, { items: [item] }, cookie), params, context }))).status).toBe(400);
      const ticket = { ...item, inviteeId: ids[0]!, ticketId: 2 ** 31 };
      expect((await outcome(() => syncRoute.action({ request: jsonPost(`/checkin/${slug}/sync`, { items: [ticket] }, cookie), params, context }))).status).toBe(400);
    });
  });

  describe("a NUL character in a text field is a field error, never a 500", () => {
    it("on the public registration form, keeping what was typed", async () => {
      const ctx = testContext(test.db, { clientAddress: "198.51.100.10" });
      const fields = { name: "김\u0000신청", email: "nul@example.org", phone: "", organization: "파주\u0000시청", position: "", language: "ko", consent: "on" };
      const result = await outcome(() => registerRoute.action({ request: postRequest(`/e/${slug}/register`, fields), params: { slug }, context: ctx }));
      expect(result.status).toBe(400);
      expect(result.data.errors).toEqual({ name: "error.nul", organization: "error.nul" });
      expect(result.data.values.email).toBe("nul@example.org");
    });

    it("on the event form and the invitee form", async () => {
      const created = await outcome(() =>
        newEventRoute.action({ request: postRequest("/admin/events/new", sampleEventForm({ titleKo: "성과\u0000공유회", slug: "nul-title" }), { Cookie: cookie }), params: {}, context }),
      );
      expect(created.status).toBe(400);
      expect(created.data.errors.titleKo).toBe("error.nul");
      const added = await outcome(() =>
        inviteesRoute.action({
          request: postRequest(
            `/admin/events/${eventId}/invitees`,
            { intent: "add", name: "\u0000", email: "", phone: "", organization: "", position: "", groupName: "", language: "ko", notes: "" },
            { Cookie: cookie },
          ),
          params: { eventId: String(eventId) },
          context,
        }),
      );
      expect(added.status).toBe(400);
      expect(added.data.errors.name).toBe("error.nul");
    });

    it("in a search, on the page or behind an 'all shown' action", async () => {
      const params = { eventId: String(eventId) };
      const list = await outcome(() => inviteesRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees?q=${encodeURIComponent("김\u0000민")}`, { Cookie: cookie }), params, context }));
      expect(list.status).toBe(200);
      const mailing = await outcome(() =>
        inviteesRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees`, { mailing: "remind", scope: "filtered", q: "민\u0000지" }, { Cookie: cookie }), params, context }),
      );
      expect(mailing.status).toBe(302);
    });

    it("on a guest's proxy name", async () => {
      const token = await personalLinkToken(test.db, { id: ids[1]!, link_version: 1 });
      const result = await outcome(() =>
        guestRoute.action({ request: postRequest(`/i/${token}`, { answer: "proxy", proxyName: "대리\u0000인", proxyPosition: "", companions: "0", consent: "on" }), params: { token }, context }),
      );
      expect(result.status).toBe(400);
      expect(result.data.errors.proxyName).toBe("error.nul");
    });

    it("at the door: a walk-in's name, a sync's entrance and a search are refused with 400", async () => {
      const params = { slug };
      const walkIn = await outcome(() => undoRoute.action({ request: jsonPost(`/checkin/${slug}/walk-in`, { name: "현장\u0000", consent: true }, cookie), params, context }));
      expect(walkIn.status).toBe(400);
      const item = { clientId: crypto.randomUUID(), inviteeId: ids[0]!, ticketId: null, checkedInAt: new Date().toISOString(), entrance: "정\u0000문" };
      expect((await outcome(() => syncRoute.action({ request: jsonPost(`/checkin/${slug}/sync`, { items: [item] }, cookie), params, context }))).status).toBe(400);
      const search = await outcome(() => searchRoute.loader({ request: getRequest(`/checkin/${slug}/search?q=${encodeURIComponent("김\u0000민")}`, { Cookie: cookie }), params, context }));
      expect(search.status).toBe(400);
    });
  });

  describe("a re-issued ticket's entry code", () => {
    it("is replaced, and the old one answers 'superseded' online and in the offline roster", async () => {
      const by = { eventId, entrance: "정문", organizerId: owner.id };
      const before = (await activeTicket(test.db, ids[2]!))!;
      expect(await reissueTicket(test.db, { eventId, inviteeId: ids[2]!, mail })).toBe(true);
      const after = (await activeTicket(test.db, ids[2]!))!;
      expect(after.code).not.toBe(before.code);

      expect(await checkInByCode(test.db, by, before.code.toLowerCase())).toMatchObject({ result: "superseded", guest: { name: "박하은" } });
      const roster = await checkinRoster(test.db, eventId);
      expect(roster.tickets.find((t) => t.inviteeId === ids[2])).toMatchObject({ code: after.code, retiredCodes: [before.code] });
      expect(roster.tickets.find((t) => t.inviteeId === ids[0])).toMatchObject({ retiredCodes: [] });
      expect(await checkInByCode(test.db, by, after.code)).toMatchObject({ result: "welcome", guest: { name: "박하은" } });
      const active = await test.db.selectFrom("checkins").select("id").where("invitee_id", "=", ids[2]!).where("undone_at", "is", null).execute();
      expect(active).toHaveLength(1);
    });
  });

  describe("offline sync trusts the phone no further than its roster", () => {
    it("refuses another event's ticket and impossible times as conflicts, and clamps small clock skew", async () => {
      const other = await addInvitees(test.db, otherEventId, [person("다른행사")]);
      await recordRsvp(test.db, { eventId: otherEventId, inviteeId: other[0]!, form: attending, consentText: "c", mail });
      const foreignTicket = (await activeTicket(test.db, other[0]!))!;
      const ownTicket = (await activeTicket(test.db, ids[1]!))!;
      const issuedAt = (await test.db.selectFrom("events").select("door_roster_issued_at").where("id", "=", eventId).executeTakeFirstOrThrow()).door_roster_issued_at!;
      expect(issuedAt).toBeInstanceOf(Date);

      const by = { eventId, entrance: "", organizerId: null };
      const item = (overrides: Partial<{ ticketId: number | null; checkedInAt: Date; inviteeId: number }>) => ({
        clientId: crypto.randomUUID(),
        inviteeId: ids[1]!,
        ticketId: ownTicket.id,
        checkedInAt: new Date(),
        entrance: "후문",
        ...overrides,
      });
      const wrongTicket = item({ ticketId: foreignTicket.id });
      const ancient = item({ checkedInAt: new Date("1900-01-01T00:00:00Z") });
      const future = item({ checkedInAt: new Date(Date.now() + 3_600_000) });
      const skewed = item({ checkedInAt: new Date(Date.now() + 60_000) });
      const results = await syncOfflineCheckIns(test.db, by, [wrongTicket, ancient, future, skewed]);
      expect(results.map((r) => r.result)).toEqual(["conflict", "conflict", "conflict", "recorded"]);
      // Sending the same again changes nothing.
      expect((await syncOfflineCheckIns(test.db, by, [wrongTicket, ancient, future, skewed])).map((r) => r.result)).toEqual(["conflict", "conflict", "conflict", "recorded"]);

      const checkins = await test.db.selectFrom("checkins").select(["ticket_id", "checked_in_at"]).where("invitee_id", "=", ids[1]!).execute();
      expect(checkins).toHaveLength(1);
      expect(checkins[0]!.ticket_id).toBe(ownTicket.id);
      expect(checkins[0]!.checked_in_at.getTime()).toBeLessThanOrEqual(Date.now());
      const conflicts = await listCheckinConflicts(test.db, eventId);
      const reasons = conflicts
        .filter((c) => c.name === "이서준")
        .map((c) => c.reason)
        .sort();
      expect(reasons).toEqual(["ticket", "time", "time"]);
    });
  });

  describe("a lockout by strangers does not lock the owner out", () => {
    it("lets the owner try again from an address they logged in from before, slowed down, and nobody else", async () => {
      const victim = await newOrganizer(test.db, "Victim");
      const at = (clientAddress: string) => testContext(test.db, { clientAddress });
      const login = (password: string, clientAddress: string) =>
        outcome(() => loginRoute.action({ request: postRequest("/login", { email: victim.email, password }), params: {}, context: at(clientAddress) }));
      expect((await login(victim.password, "203.0.113.50")).status).toBe(302);
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i += 1) expect((await login("wrong password", "192.0.2.66")).status).toBe(400);
      expect((await login(victim.password, "192.0.2.66")).status).toBe(429);
      expect((await login(victim.password, "192.0.2.67")).status).toBe(429);
      const started = Date.now();
      const owner = await login(victim.password, "203.0.113.50");
      expect(owner.status).toBe(302);
      expect(Date.now() - started).toBeGreaterThanOrEqual(LOGIN_LIMITS.knownAddressDelayMs - 50);
    });
  });

  describe("emails whose delivery is uncertain", () => {
    it("go back in the queue together, each with its own Message-ID", async () => {
      const rows = await test.db
        .insertInto("email_outbox")
        .values(
          ["a", "b", "c"].map((name) => ({
            event_id: eventId,
            kind: "invitation",
            to_address: `${name}@example.org`,
            to_name: name,
            subject: "초대",
            text_body: "본문",
            html_body: "<p>본문</p>",
            message_id: `<${name}.${crypto.randomUUID()}@example.org>`,
            status: "uncertain" as const,
          })),
        )
        .returning(["id", "message_id"])
        .execute();
      const page = await outcome(() => outboxRoute.loader({ request: getRequest(`/admin/events/${eventId}/outbox`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
      expect(page.data.counts.uncertain).toBe(3);
      const result = await outcome(() =>
        outboxRoute.action({ request: postRequest(`/admin/events/${eventId}/outbox`, { intent: "resend-uncertain" }, { Cookie: cookie }), params: { eventId: String(eventId) }, context }),
      );
      expect(result.status).toBe(302);
      expect(result.location).toBe(`/admin/events/${eventId}/outbox?resent=3`);
      const after = await test.db
        .selectFrom("email_outbox")
        .select(["id", "status", "message_id"])
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("id")
        .execute();
      expect(after).toEqual(rows.map((row) => ({ id: row.id, status: "queued", message_id: row.message_id })));
    });
  });
});
