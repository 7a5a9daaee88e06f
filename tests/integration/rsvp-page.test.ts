import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { cancelEvent } from "../../app/domain/invitations/guest-mail.server";
import { addInvitee, LINK_FAILURE_LIMIT, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { localeCookie } from "../../app/web/locale.server";
import * as calendarRoute from "../../app/routes/i.$token_.calendar[.]ics";
import { saveSession, sessionFormSchema } from "../../app/domain/program/agenda.server";
import * as ticketRoute from "../../app/routes/i.$token_.ticket";
import * as page from "../../app/routes/i.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("the guest's page /i/<token>", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let token: string;
  let englishToken: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "page-test", capacity: "2" })))).id;
    await test.db.insertInto("rsvp_questions").values({ event_id: eventId, position: 1, kind: "text", label_ko: "식사 제한", label_en: "Diet", required: true }).execute();
    const add = async (name: string, language: "ko" | "en") => {
      const { id } = await addInvitee(test.db, eventId, sampleInvitee({ name, email: `${name}@example.org`, language }));
      return personalLinkToken(test.db, { id, link_version: 1 });
    };
    token = await add("guest", "ko");
    englishToken = await add("emily", "en");
  });
  afterAll(() => test.destroy());

  // A reader who picked Korean with the switch.
  let korean: Record<string, string>;
  beforeAll(async () => {
    korean = { Cookie: (await localeCookie.serialize("ko")).split(";")[0]! };
  });
  const load = (t: string, headers?: Record<string, string>, ctx = context) => outcome(() => page.loader({ request: getRequest(`/i/${t}`, headers ?? korean), params: { token: t }, context: ctx }));
  const answer = (t: string, fields: Record<string, string>) => outcome(() => page.action({ request: postRequest(`/i/${t}`, fields), params: { token: t }, context }));
  const qid = async () => (await test.db.selectFrom("rsvp_questions").select("id").where("event_id", "=", eventId).executeTakeFirstOrThrow()).id;

  it("opens in the invitee's language the first time, unless the reader chose one", async () => {
    const first = await load(englishToken, { "Accept-Language": "ko-KR" });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/i/${englishToken}?lang=en`);
    expect(first.headers.get("Set-Cookie")).toMatch(/^nanum_lang=/);
    const chosen = await load(englishToken, { "Accept-Language": "ko-KR", Cookie: first.headers.get("Set-Cookie")!.split(";")[0]! });
    expect(chosen.status).toBe(200);
    expect(chosen.data.form.questions[0].label).toBe("Diet");
  });

  it("asks for consent and the required answer, keeping what was typed, and never answers 500", async () => {
    const id = await qid();
    const missing = await answer(token, { intent: "answer", answer: "attending", proxyName: "" });
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual({ consent: "rsvp.error.consent", [`q${id}`]: "rsvp.error.required" });
    expect(missing.data.values.answer).toBe("attending");
    const long = await answer(token, { intent: "answer", answer: "attending", consent: "on", [`q${id}`]: "x".repeat(600), proxyName: "y".repeat(300) });
    expect(long.status).toBe(400);
    expect(long.data.errors).toMatchObject({ [`q${id}`]: "error.tooLong", proxyName: "error.tooLong" });
    const junk = await answer(token, { intent: "answer", answer: "<script>", companions: "-1" });
    expect(junk.status).toBe(400);
    const ok = await answer(token, { intent: "answer", answer: "attending", consent: "on", [`q${id}`]: "채식" });
    expect(ok.location).toBe(`/i/${token}?answered=1`);
    const shown = await load(token);
    expect(shown.data.answer.status).toBe("attending");
    expect(shown.data.ticket.code).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
    expect(shown.data.ticket.qrSvg).toMatch(/^<svg/);
    expect(shown.data.form.defaults[`q${id}`]).toBe("채식");
    const rsvp = await test.db.selectFrom("rsvps").select(["consent_at", "consent_text"]).executeTakeFirstOrThrow();
    expect(rsvp.consent_at).toBeInstanceOf(Date);
    expect(rsvp.consent_text).toContain("수집·이용 목적");
    const ticket = await outcome(() => ticketRoute.loader({ request: getRequest(`/i/${token}/ticket`), params: { token }, context }));
    expect(ticket.data.ticket.code).toBe(shown.data.ticket.code);
    expect(ticket.data.agenda).toEqual([]);
    // Once there is a program, the ticket page has it in short (and so does the RSVP page).
    const lecture = await saveSession(
      test.db,
      eventId,
      sessionFormSchema.parse({ partId: "", kind: "lecture", startTime: "16:00", endTime: "16:50", titleKo: "특강", titleEn: "", descriptionKo: "", descriptionEn: "", room: "", cue: "" }),
    );
    const withProgram = await outcome(() => ticketRoute.loader({ request: getRequest(`/i/${token}/ticket`, { "Accept-Language": "ko" }), params: { token }, context }));
    expect(withProgram.data.agenda).toEqual([{ id: lecture.id, time: "16:00 ~ 16:50", title: "특강" }]);
    expect((await load(token)).data.agenda.map((item: { title: string }) => item.title)).toEqual(["특강"]);
    await test.db.deleteFrom("agenda_sessions").where("id", "=", lecture.id).execute();
    const calendar = await outcome(() => calendarRoute.loader({ request: getRequest(`/i/${token}/calendar.ics`), params: { token }, context }));
    expect(calendar.headers.get("Content-Type")).toContain("text/calendar");
    expect(calendar.data).toContain(`UID:event-${eventId}@nanum`);
    expect(calendar.data).toContain("METHOD:PUBLISH");
  });

  it("after the deadline shows the answer and allows only cancelling", async () => {
    await test.db
      .updateTable("events")
      .set({ rsvp_deadline: new Date(Date.now() - 60_000) })
      .where("id", "=", eventId)
      .execute();
    try {
      const shown = await load(token);
      expect(shown.data.canAnswer).toBe(false);
      expect(shown.data.canCancel).toBe(true);
      const late = await answer(englishToken, { intent: "answer", answer: "attending", consent: "on", [`q${await qid()}`]: "none" });
      expect(late.status).toBe(409);
      expect(late.data.errors.form).toBe("rsvp.refused.deadline");
      const cancelled = await answer(token, { intent: "cancel" });
      expect(cancelled.status).toBe(302);
      expect((await load(token)).data.answer.status).toBe("declined");
      expect((await load(token)).data.ticket).toBeNull();
    } finally {
      await test.db.updateTable("events").set({ rsvp_deadline: null }).where("id", "=", eventId).execute();
    }
  });

  it("shows those waiting for a place their turn, and a ticket only to those coming", async () => {
    const waiting = await Promise.all(
      ["wait1", "wait2"].map(async (name) => {
        const { id } = await addInvitee(test.db, eventId, sampleInvitee({ name, email: `${name}@example.org` }));
        return personalLinkToken(test.db, { id, link_version: 1 });
      }),
    );
    await test.db.updateTable("events").set({ capacity: 1 }).where("id", "=", eventId).execute();
    try {
      const id = await qid();
      for (const t of [token, ...waiting]) expect((await answer(t, { intent: "answer", answer: "attending", consent: "on", [`q${id}`]: "없음" })).status).toBe(302);
      const [first, second] = await Promise.all(waiting.map((t) => load(t)));
      expect([first!.data.answer.status, first!.data.answer.waitlistPosition, first!.data.ticket]).toEqual(["waitlisted", 1, null]);
      expect([second!.data.answer.status, second!.data.answer.waitlistPosition, second!.data.ticket]).toEqual(["waitlisted", 2, null]);
      const coming = await load(token);
      expect([coming.data.answer.status, coming.data.answer.waitlistPosition]).toEqual(["attending", null]);
      expect(coming.data.ticket.code).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
      expect(coming.data.form.questions.map((q: { id: number }) => q.id)).toEqual([id]);
    } finally {
      await test.db.updateTable("events").set({ capacity: 2 }).where("id", "=", eventId).execute();
    }
  });

  it("shows the program in short, in order, on the event's clock and in the reader's language", async () => {
    const { starts_at: start } = await test.db.selectFrom("events").select("starts_at").where("id", "=", eventId).executeTakeFirstOrThrow();
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await test.db
      .insertInto("agenda_sessions")
      .values([
        { event_id: eventId, starts_at: at(30), ends_at: at(75), kind: "lecture", title_ko: "사례 발표", title_en: "" },
        { event_id: eventId, starts_at: at(0), ends_at: at(30), kind: "opening", title_ko: "개회", title_en: "Opening" },
      ])
      .execute();
    try {
      expect((await load(token)).data.agenda.map((item: { time: string; title: string }) => [item.time, item.title])).toEqual([
        ["14:00 ~ 14:30", "개회"],
        ["14:30 ~ 15:15", "사례 발표"],
      ]);
      const english = await load(englishToken, { Cookie: (await localeCookie.serialize("en")).split(";")[0]! });
      expect(english.data.agenda.map((item: { title: string }) => item.title)).toEqual(["Opening", "사례 발표"]);
    } finally {
      await test.db.deleteFrom("agenda_sessions").where("event_id", "=", eventId).execute();
    }
  });

  it("counts failed lookups per address and refuses guessers, but never a valid link", async () => {
    const guesser = testContext(test.db, { clientAddress: "198.51.100.9" });
    expect((await load("B".repeat(32), undefined, guesser)).status).toBe(404);
    await test.db
      .insertInto("link_lookup_failures")
      .values(Array.from({ length: LINK_FAILURE_LIMIT.perAddress }, () => ({ client_address: "198.51.100.9" })))
      .execute();
    const throttled = await load("C".repeat(32), undefined, guesser);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("Retry-After")).toBe("600");
    expect((await load(token, undefined, guesser)).status).toBe(200);
    // Someone else at another address is not affected.
    expect((await load("D".repeat(32))).status).toBe(404);
  });

  it("says so on a cancelled event and takes no answers", async () => {
    await cancelEvent(test.db, eventId, { noteKo: "연기합니다", noteEn: "" }, mail);
    const shown = await load(englishToken);
    expect(shown.data.cancellation).toEqual({ note: "연기합니다" });
    expect(shown.data.canAnswer).toBe(false);
    const refused = await answer(englishToken, { intent: "answer", answer: "attending", consent: "on", [`q${await qid()}`]: "none" });
    expect(refused.status).toBe(409);
    expect(refused.data.errors.form).toBe("rsvp.refused.event-cancelled");
  });
});
