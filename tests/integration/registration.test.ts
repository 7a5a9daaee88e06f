import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events/events.server";
import { cancelEvent } from "../../app/domain/invitations/guest-mail.server";
import { addInvitee, findInviteeByLinkToken } from "../../app/domain/invitations/invitations.server";
import {
  findRegistrationEvent,
  purgeExpiredRegistrations,
  registrationConsentText,
  registrationFormSchema,
  requestRegistration,
  saveRegistrationSettings,
} from "../../app/domain/rsvp/registration.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { hashToken } from "../../app/lib/tokens.server";
import * as overviewRoute from "../../app/routes/admin.events.$eventId._index";
import * as settingsRoute from "../../app/routes/admin.events.$eventId.registration";
import * as eventPage from "../../app/routes/e.$slug";
import * as registerRoute from "../../app/routes/e.$slug_.register";
import * as confirmRoute from "../../app/routes/e.$slug_.register_.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee, sampleOptionalConsentItem } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";
import { createHash } from "node:crypto";
import { addOptionalConsentItem } from "../../app/domain/rsvp/optional-consents.server";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

function registrationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: "김신청", email: "applicant@example.org", phone: "010-1234-5678", organization: "파주시청", position: "주무관", language: "ko", consent: "on", ...overrides };
}

describe("open registration on the public page", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let cookie: string;
  let slugCount = 0;
  let clientCount = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
  });
  afterAll(() => test.destroy());

  /** A published event taking registrations into group "공개 신청" (each test its own client address). */
  async function openEvent(overrides: Record<string, string> = {}, settings = { open: true, group: "공개 신청" }) {
    slugCount += 1;
    clientCount += 1;
    const slug = `reg-${slugCount}`;
    const { id } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug, ...overrides })));
    await setEventStatus(test.db, id, "published");
    await saveRegistrationSettings(test.db, id, settings);
    return { eventId: id, slug, ctx: testContext(test.db, { clientAddress: `198.51.100.${clientCount}` }) };
  }

  const register = (ctx: AppLoadContext, slug: string, fields: Record<string, string> = registrationForm(), headers: Record<string, string> = {}) =>
    outcome(() => registerRoute.action({ request: postRequest(`/e/${slug}/register`, fields, headers), params: { slug }, context: ctx }));
  const registerPage = (slug: string) => outcome(() => registerRoute.loader({ request: getRequest(`/e/${slug}/register`), params: { slug }, context }));
  const confirmPage = (slug: string, token: string) => outcome(() => confirmRoute.loader({ request: getRequest(`/e/${slug}/register/${token}`), params: { slug, token }, context }));
  const confirm = (slug: string, token: string) => outcome(() => confirmRoute.action({ request: postRequest(`/e/${slug}/register/${token}`, {}), params: { slug, token }, context }));

  const emails = (eventId: number, kind: string) =>
    test.db.selectFrom("email_outbox").select(["invitee_id", "to_address", "subject", "text_body"]).where("event_id", "=", eventId).where("kind", "=", kind).orderBy("id").execute();
  /** The confirmation token from the latest confirmation email of the event. */
  async function tokenFromEmail(eventId: number): Promise<string> {
    const sent = await emails(eventId, "registration-confirm");
    const token = /\/e\/[a-z0-9-]+\/register\/([A-Za-z0-9_-]{43})\n/.exec(sent.at(-1)?.text_body ?? "")?.[1];
    expect(token, "a confirmation link in the email").toBeDefined();
    return token!;
  }
  const invitees = (eventId: number) =>
    test.db.selectFrom("invitees").select(["id", "name", "email", "phone", "organization", "position", "group_name", "language"]).where("event_id", "=", eventId).orderBy("id").execute();

  it("shows the form and the public page's link only while registration is on, for a published event not cancelled", async () => {
    const open = await openEvent();
    expect((await registerPage(open.slug)).status).toBe(200);
    const page = await outcome(() => eventPage.loader({ request: getRequest(`/e/${open.slug}`), params: { slug: open.slug }, context }));
    expect(page.data.registrationOpen).toBe(true);

    const off = await openEvent({}, { open: false, group: "" });
    const draft = await openEvent();
    await setEventStatus(test.db, draft.eventId, "draft");
    const cancelled = await openEvent();
    await cancelEvent(test.db, cancelled.eventId, { noteKo: "", noteEn: "" }, mail);
    for (const { slug, ctx, eventId } of [off, draft, cancelled]) {
      expect((await registerPage(slug)).status, slug).toBe(404);
      expect((await register(ctx, slug)).status, slug).toBe(404);
      expect(await test.db.selectFrom("registrations").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    }
    const offPage = await outcome(() => eventPage.loader({ request: getRequest(`/e/${off.slug}`), params: { slug: off.slug }, context }));
    expect(offPage.data.registrationOpen).toBe(false);
    expect((await registerPage("no-such-event")).status).toBe(404);
  });

  it("offers the event's optional consents unticked, keeps a tick through an error, and gives it to the new invitee with its version and text hash", async () => {
    const { eventId, slug, ctx } = await openEvent();
    const item = await addOptionalConsentItem(test.db, eventId, sampleOptionalConsentItem());
    const page = await registerPage(slug);
    expect(page.data.optionalConsents).toHaveLength(1);
    const [shown] = page.data.optionalConsents;
    expect(shown).toMatchObject({ id: item.id, title: "행사 사진 게시" });
    for (const part of ["누리집 게시", "사진", "3년", "촬영 시 배려합니다."]) expect(shown.text).toContain(part);
    const field = `optional-${item.id}`;
    // Without the required consent: refused, the optional tick kept as typed, nothing stored.
    const { consent: _consent, ...withoutConsent } = registrationForm({ email: "photo@example.org" });
    const refused = await register(ctx, slug, { ...withoutConsent, [field]: "on" });
    expect(refused.status).toBe(400);
    expect(refused.data.values[field]).toBe("on");
    expect((await register(ctx, slug, { ...registrationForm({ email: "photo@example.org" }), [field]: "on" })).status).toBe(200);
    // Not given until the link is confirmed, then given as shown on the form.
    expect(await test.db.selectFrom("optional_consents").select("item_id").where("event_id", "=", eventId).execute()).toEqual([]);
    expect((await confirm(slug, await tokenFromEmail(eventId))).status).toBe(302);
    const invitee = await test.db.selectFrom("invitees").select("id").where("event_id", "=", eventId).where("email", "=", "photo@example.org").executeTakeFirstOrThrow();
    const given = await test.db.selectFrom("optional_consents").selectAll().where("invitee_id", "=", invitee.id).execute();
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ item_id: item.id, version: 1, language: "ko", withdrawn_at: null });
    expect(given[0]!.text_sha256).toBe(createHash("sha256").update(shown.text, "utf8").digest("hex"));
    // Someone who left it unticked gives nothing, and still registers.
    expect((await register(ctx, slug, registrationForm({ email: "nophoto@example.org" }))).status).toBe(200);
    expect((await confirm(slug, await tokenFromEmail(eventId))).status).toBe(302);
    expect(await test.db.selectFrom("optional_consents").select("item_id").where("event_id", "=", eventId).execute()).toHaveLength(1);
  });

  it("answers 400 with field errors and the typed values kept, and stores nothing", async () => {
    const { eventId, slug, ctx } = await openEvent();
    const result = await register(ctx, slug, { name: " ", email: "not-an-email", phone: "010-abc", organization: "파주시청", position: "주무관", language: "ko" });
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ name: "error.required", email: "error.email", phone: "error.phone", consent: "registration.error.consent" });
    expect(result.data.values).toMatchObject({ email: "not-an-email", organization: "파주시청", position: "주무관", phone: "010-abc" });
    expect(await test.db.selectFrom("registrations").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    expect(await emails(eventId, "registration-confirm")).toEqual([]);
  });

  it("requires the consent tick even when everything else is right", async () => {
    const { slug, ctx } = await openEvent();
    const { consent: _consent, ...withoutConsent } = registrationForm();
    const result = await register(ctx, slug, withoutConsent);
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ consent: "registration.error.consent" });
    expect(result.data.values.name).toBe("김신청");
    expect((await register(ctx, slug, { ...registrationForm(), consent: "yes" })).data.errors).toEqual({ consent: "registration.error.consent" });
  });

  it("shows the event's own privacy notice, else the standard one naming the hosts", async () => {
    const { eventId, slug } = await openEvent();
    const standard = await registerPage(slug);
    expect(standard.data.consentText).toContain("파주시은(는) 행사 참석 확인과 입장 관리를 위하여");
    expect(standard.data.consentText).toContain("2. 수집 항목: 성명, 소속, 직위, 연락처(이메일·전화), 참석 여부와 응답 내용");
    await test.db.updateTable("events").set({ consent_text_ko: "우리 기관의 개인정보 동의 문구" }).where("id", "=", eventId).execute();
    expect((await registerPage(slug)).data.consentText).toBe("우리 기관의 개인정보 동의 문구");
    const event = (await findRegistrationEvent(test.db, slug))!;
    expect(registrationConsentText(event, "en")).toMatch(/^Paju City collects and uses the personal information below/);
  });

  it("keeps only the hash of the emailed token, for 24 hours, with the notice the guest ticked", async () => {
    const { eventId, slug, ctx } = await openEvent();
    const result = await register(ctx, slug, registrationForm({ email: " Applicant@Example.ORG " }));
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ sent: true, email: "applicant@example.org", hours: 24 });
    const token = await tokenFromEmail(eventId);
    const [row] = await test.db.selectFrom("registrations").selectAll().where("event_id", "=", eventId).execute();
    expect(row!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(24 * 3_600_000);
    expect(row).toMatchObject({ email: "applicant@example.org", name: "김신청", language: "ko", confirmed_at: null, invitee_id: null });
    expect(row!.consent_text).toBe(registrationConsentText((await findRegistrationEvent(test.db, slug))!, "ko"));
    const [sent] = await emails(eventId, "registration-confirm");
    expect(sent).toMatchObject({ to_address: "applicant@example.org", invitee_id: null });
    expect(sent!.subject).toBe("[참석 신청 확인] 2026 교육발전특구 성과공유회");
    // Nobody is on the list until the link is used.
    expect(await invitees(eventId)).toEqual([]);
  });

  it("confirms into exactly one invitee in the chosen group, attending with a ticket, and lands on the personal page", async () => {
    const { eventId, slug, ctx } = await openEvent();
    await register(ctx, slug, registrationForm({ language: "en" }));
    const token = await tokenFromEmail(eventId);

    // Opening the link only shows the button: a mail scanner fetching it confirms nothing.
    const page = await confirmPage(slug, token);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ known: false, name: "김신청", email: "applicant@example.org" });
    expect(await invitees(eventId)).toEqual([]);

    const confirmed = await confirm(slug, token);
    expect(confirmed.status).toBe(302);
    const personalToken = /^\/i\/([A-Za-z0-9_-]{32})$/.exec(confirmed.location ?? "")?.[1];
    expect(personalToken).toBeDefined();
    const found = await findInviteeByLinkToken(test.db, personalToken!);
    expect(found.status).toBe("found");
    const list = await invitees(eventId);
    expect(list).toEqual([
      { id: expect.any(Number), name: "김신청", email: "applicant@example.org", phone: "010-1234-5678", organization: "파주시청", position: "주무관", group_name: "공개 신청", language: "en" },
    ]);
    expect(found.status === "found" && found.invitee.id).toBe(list[0]!.id);
    const rsvp = await test.db.selectFrom("rsvps").select(["status", "consent_at", "consent_text"]).where("invitee_id", "=", list[0]!.id).executeTakeFirstOrThrow();
    expect(rsvp.status).toBe("attending");
    expect(rsvp.consent_text).toContain("개인정보");
    const tickets = await emails(eventId, "ticket");
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.subject).toMatch(/^You're attending: /);
    expect(tickets[0]!.text_body).toContain(`/i/${personalToken}/ticket`);
  });

  it("does nothing more when the link is used again, or twice at once", async () => {
    const { eventId, slug, ctx } = await openEvent();
    await register(ctx, slug);
    const token = await tokenFromEmail(eventId);
    const [first, second] = await Promise.all([confirm(slug, token), confirm(slug, token)]);
    expect(first.status).toBe(302);
    expect(second.location).toBe(first.location);
    const third = await confirm(slug, token);
    expect(third.location).toBe(first.location);
    // Opening the spent link takes the guest to their page.
    const again = await confirmPage(slug, token);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await invitees(eventId)).toHaveLength(1);
    expect(await test.db.selectFrom("rsvps").select("status").where("event_id", "=", eventId).execute()).toEqual([{ status: "attending" }]);
    expect(await emails(eventId, "ticket")).toHaveLength(1);
  });

  it("puts a registrant on the waitlist when the event is full", async () => {
    const { eventId, slug, ctx } = await openEvent({ capacity: "1" });
    const guest = await addInvitee(test.db, eventId, sampleInvitee({ name: "초청객" }));
    await recordRsvp(test.db, { eventId, inviteeId: guest.id, form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "동의", mail });
    await register(ctx, slug);
    expect((await confirm(slug, await tokenFromEmail(eventId))).status).toBe(302);
    const registrant = (await invitees(eventId)).find((invitee) => invitee.email === "applicant@example.org")!;
    expect((await test.db.selectFrom("rsvps").select("status").where("invitee_id", "=", registrant.id).executeTakeFirstOrThrow()).status).toBe("waitlisted");
    expect(await emails(eventId, "waitlisted")).toHaveLength(1);
    expect(await emails(eventId, "ticket")).toEqual([]);
  });

  it("answers 410 for an expired link and 404 for an unknown one, and creates nobody", async () => {
    const { eventId, slug } = await openEvent();
    const form = registrationFormSchema.parse(registrationForm());
    const dayAndAHourAgo = new Date(Date.now() - 25 * 3_600_000);
    expect(await requestRegistration(test.db, { slug, form, locale: "ko", clientAddress: "192.0.2.50", mail, now: dayAndAHourAgo })).toBe("sent");
    const token = await tokenFromEmail(eventId);
    for (const result of [await confirmPage(slug, token), await confirm(slug, token)]) {
      expect(result.status).toBe(410);
      expect(result.data).toEqual({ reason: "expired" });
    }
    for (const bad of ["A".repeat(43), "short", `${token.slice(0, 42)}!`]) {
      expect((await confirmPage(slug, bad)).status, bad).toBe(404);
      expect((await confirm(slug, bad)).data, bad).toEqual({ reason: "unknown" });
    }
    // A real token under another event's address is unknown there.
    const other = await openEvent();
    expect((await confirm(other.slug, token)).status).toBe(404);
    expect(await invitees(eventId)).toEqual([]);
  });

  it("refuses a confirmation with 410 once the event is cancelled or registration switched off", async () => {
    const cancelled = await openEvent();
    await register(cancelled.ctx, cancelled.slug);
    const cancelledToken = await tokenFromEmail(cancelled.eventId);
    await cancelEvent(test.db, cancelled.eventId, { noteKo: "", noteEn: "" }, mail);
    expect(await confirm(cancelled.slug, cancelledToken)).toMatchObject({ status: 410, data: { reason: "closed" } });

    const off = await openEvent();
    await register(off.ctx, off.slug);
    const offToken = await tokenFromEmail(off.eventId);
    await saveRegistrationSettings(test.db, off.eventId, { open: false, group: "" });
    expect(await confirm(off.slug, offToken)).toMatchObject({ status: 410, data: { reason: "closed" } });
    expect([...(await invitees(cancelled.eventId)), ...(await invitees(off.eventId))]).toEqual([]);
  });

  it("never adds an address already on the list: it gets its own personal link, and the page answers the same", async () => {
    const { eventId, slug, ctx } = await openEvent();
    const existing = await addInvitee(test.db, eventId, sampleInvitee({ name: "홍길동", email: "Hong@Example.org", groupName: "내빈" }));
    const result = await register(ctx, slug, registrationForm({ email: "hong@example.org" }));
    expect(result).toMatchObject({ status: 200, data: { sent: true, email: "hong@example.org" } });
    expect(await test.db.selectFrom("registrations").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    const [known] = await emails(eventId, "registration-known");
    expect(known).toMatchObject({ to_address: "hong@example.org", invitee_id: existing.id });
    const link = /\/i\/([A-Za-z0-9_-]{32})\n/.exec(known!.text_body)?.[1];
    expect(await findInviteeByLinkToken(test.db, link ?? "")).toMatchObject({ status: "found", invitee: { id: existing.id } });
    expect(await invitees(eventId)).toHaveLength(1);
  });

  it("sends the personal link instead when the address joined the list between registering and confirming", async () => {
    const { eventId, slug, ctx } = await openEvent();
    await register(ctx, slug);
    const token = await tokenFromEmail(eventId);
    const existing = await addInvitee(test.db, eventId, sampleInvitee({ name: "김신청", email: "applicant@example.org" }));
    const confirmed = await confirm(slug, token);
    expect(confirmed.status).toBe(302);
    expect(confirmed.location).toBe(`/e/${slug}/register/${token}`);
    expect((await confirmPage(slug, token)).data).toMatchObject({ known: true });
    expect(await invitees(eventId)).toEqual([expect.objectContaining({ id: existing.id, group_name: "" })]);
    expect(await test.db.selectFrom("rsvps").select("status").where("event_id", "=", eventId).execute()).toEqual([]);
    expect(await emails(eventId, "registration-known")).toHaveLength(1);
    // Once only: the link is spent.
    await confirm(slug, token);
    expect(await emails(eventId, "registration-known")).toHaveLength(1);
  });

  it("throttles a client address after 20 registrations an hour, and one inbox after 3 emails", async () => {
    const { eventId, slug, ctx } = await openEvent();
    for (let i = 0; i < 20; i++) expect((await register(ctx, slug, registrationForm({ email: `many${i}@example.org` }))).status, `#${i + 1}`).toBe(200);
    const refused = await register(ctx, slug, registrationForm({ email: "one-more@example.org" }));
    expect(refused.status).toBe(429);
    expect(refused.data.errors).toEqual({ form: "registration.error.throttled" });
    expect(refused.data.values.email).toBe("one-more@example.org");
    expect(await emails(eventId, "registration-confirm")).toHaveLength(20);

    // From many addresses at one inbox: three emails, then the same answer and nothing sent.
    for (let i = 0; i < 5; i++) {
      const from = testContext(test.db, { clientAddress: `203.0.113.${100 + i}` });
      expect((await register(from, slug, registrationForm({ email: "victim@example.org" }))).data).toEqual({ sent: true, email: "victim@example.org", hours: 24 });
    }
    expect((await emails(eventId, "registration-confirm")).filter((email) => email.to_address === "victim@example.org")).toHaveLength(3);
  });

  it("deletes unconfirmed registrations a week after their link ran out, keeping confirmed ones", async () => {
    const { eventId, slug, ctx } = await openEvent();
    await register(ctx, slug, registrationForm({ email: "confirmed@example.org" }));
    await confirm(slug, await tokenFromEmail(eventId));
    await register(ctx, slug, registrationForm({ email: "forgotten@example.org" }));
    const inNineDays = new Date(Date.now() + 9 * 86_400_000);
    expect(await purgeExpiredRegistrations(test.db, inNineDays)).toBeGreaterThanOrEqual(1);
    const left = await test.db.selectFrom("registrations").select("email").where("event_id", "=", eventId).execute();
    expect(left).toEqual([{ email: "confirmed@example.org" }]);
  });

  it("lets the organizer switch registration on with a group from the list or a new name", async () => {
    slugCount += 1;
    const { id: eventId } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `reg-${slugCount}` })));
    await addInvitee(test.db, eventId, sampleInvitee({ name: "학생", groupName: "학생" }));
    const headers = { Cookie: cookie };
    const params = { eventId: String(eventId) };
    const page = await outcome(() => settingsRoute.loader({ request: getRequest(`/admin/events/${eventId}/registration`, headers), params, context }));
    expect(page.data.settings).toMatchObject({ open: false, group: "", groups: ["학생"], published: false });

    const saved = await outcome(() => settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/registration`, { open: "on", group: " 일반 신청 " }, headers), params, context }));
    expect(saved).toMatchObject({ status: 302, location: `/admin/events/${eventId}/registration?saved=1` });
    expect(await test.db.selectFrom("events").select(["open_registration", "registration_group"]).where("id", "=", eventId).executeTakeFirstOrThrow()).toEqual({
      open_registration: true,
      registration_group: "일반 신청",
    });
    const tooLong = await outcome(() => settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/registration`, { open: "on", group: "x".repeat(101) }, headers), params, context }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors).toEqual({ group: "error.tooLong" });

    const overview = await outcome(() => overviewRoute.loader({ request: getRequest(`/admin/events/${eventId}`, headers), params, context }));
    expect(overview.data.event).toMatchObject({ openRegistration: true, notice: { state: "scheduled" } });

    await outcome(() => settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/registration`, { group: "" }, headers), params, context }));
    expect((await test.db.selectFrom("events").select("open_registration").where("id", "=", eventId).executeTakeFirstOrThrow()).open_registration).toBe(false);
  });
});
