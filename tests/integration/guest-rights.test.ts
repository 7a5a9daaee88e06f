import { sql } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInTicket } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { carryOutQueuedDeletions } from "../../app/domain/invitations/guest-rights.server";
import { addInvitee, listInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { addOptionalConsentItem } from "../../app/domain/rsvp/optional-consents.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { localeCookie } from "../../app/web/locale.server";
import * as eventRoute from "../../app/routes/admin.events.$eventId._index";
import * as personalRoute from "../../app/routes/i.$token";
import * as ticketRoute from "../../app/routes/i.$token_.ticket";
import * as myDataRoute from "../../app/routes/i.$token_.my-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const HOUR = 3_600_000;

describe("a guest's own requests: see, correct, delete", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerCookie: string;
  let korean: Record<string, string>;
  let english: Record<string, string>;
  let ownerId: number;
  let slugs = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    ownerId = (await newOrganizer(test.db, "Owner")).id;
    ownerCookie = await signedInCookie(context, ownerId);
    korean = { Cookie: (await localeCookie.serialize("ko")).split(";")[0]! };
    english = { Cookie: (await localeCookie.serialize("en")).split(";")[0]! };
  });
  afterAll(() => test.destroy());

  /** An event starting `startsIn` from now, with one guest who answered "attending" through their page. */
  async function attendingGuest(startsIn: number, language: "ko" | "en" = "ko") {
    slugs += 1;
    const { id: eventId } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `rights-${slugs}` })));
    const starts = new Date(Date.now() + startsIn);
    await test.db
      .updateTable("events")
      .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 3 * HOUR) })
      .where("id", "=", eventId)
      .execute();
    await test.db.insertInto("rsvp_questions").values({ event_id: eventId, position: 1, kind: "yesno", label_ko: "주차 필요", label_en: "Parking needed", required: false }).execute();
    const { id: itemQuestion } = await test.db.selectFrom("rsvp_questions").select("id").where("event_id", "=", eventId).executeTakeFirstOrThrow();
    const item = await addOptionalConsentItem(test.db, eventId, {
      title_ko: "사진 게시",
      title_en: "Photos",
      purpose_ko: "게시",
      purpose_en: "Publishing",
      items_ko: "사진",
      items_en: "Photos",
      retention_ko: "1년",
      retention_en: "1 year",
      refusal_ko: "",
      refusal_en: "",
    });
    const { id: inviteeId } = await addInvitee(
      test.db,
      eventId,
      sampleInvitee({ name: "이정정", email: `guest${slugs}@example.org`, phone: "010-1111-2222", organization: "파주시청", position: "주무관", notes: "휠체어 이용", language }),
    );
    const token = await personalLinkToken(test.db, { id: inviteeId, link_version: 1 });
    const answered = await outcome(() =>
      personalRoute.action({
        request: postRequest(`/i/${token}`, { intent: "answer", answer: "attending", consent: "on", [`q${itemQuestion}`]: "yes", [`optional-${item.id}`]: "on" }, korean),
        params: { token },
        context,
      }),
    );
    expect(answered.status).toBe(302);
    return { eventId, inviteeId, token, starts };
  }

  const myData = (token: string, headers = korean) => outcome(() => myDataRoute.loader({ request: getRequest(`/i/${token}/my-data`, headers), params: { token }, context }));
  const post = (token: string, fields: Record<string, string>, headers = korean) =>
    outcome(() => myDataRoute.action({ request: postRequest(`/i/${token}/my-data`, fields, headers), params: { token }, context }));
  const personalPage = (token: string) => outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}`, korean), params: { token }, context }));
  const eventPage = (eventId: number) => outcome(() => eventRoute.loader({ request: getRequest(`/admin/events/${eventId}`, { Cookie: ownerCookie }), params: { eventId: String(eventId) }, context }));

  it("shows the guest everything held about them: entry, reply, consents, tickets, check-ins and emails", async () => {
    const { token, eventId, inviteeId } = await attendingGuest(30 * 24 * HOUR);
    const ticket = (await activeTicket(test.db, inviteeId))!;
    await checkInTicket(test.db, { eventId, entrance: "정문", organizerId: null }, ticket.payload);
    const page = await myData(token);
    expect(page.status).toBe(200);
    expect(page.data.invitee).toMatchObject({
      name: "이정정",
      email: expect.stringMatching(/@example\.org$/),
      phone: "010-1111-2222",
      organization: "파주시청",
      position: "주무관",
      notes: "휠체어 이용",
    });
    expect(page.data.rsvp).toMatchObject({ status: "attending", answers: [{ question: "주차 필요", answer: "예" }] });
    expect(page.data.rsvp.consent_text).toContain("수집·이용 목적");
    expect(page.data.consents).toEqual([expect.objectContaining({ title: "사진 게시", version: 1, language: "ko", hash: expect.stringMatching(/^[0-9a-f]{64}$/), withdrawn: "" })]);
    expect(page.data.tickets).toEqual([expect.objectContaining({ code: ticket.code, status: "active" })]);
    expect(page.data.checkins).toEqual([expect.objectContaining({ entrance: "정문", undone_at: "" })]);
    expect(page.data.emails.map((email: { kind: string }) => email.kind)).toContain("ticket");
    expect(page.data.emails[0].to_address).toMatch(/@example\.org$/);
    const inEnglish = await myData(token, english);
    expect(inEnglish.data.rsvp.answers).toEqual([{ question: "Parking needed", answer: "Yes" }]);
  });

  it("lets the guest correct name, organization, position and phone, keeping what was typed on an error", async () => {
    const { token, inviteeId } = await attendingGuest(30 * 24 * HOUR);
    const bad = await post(token, { intent: "correct", name: "", organization: "새 소속", position: "과장", phone: "전화 없음" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ name: "error.required", phone: "error.phone" });
    expect(bad.data.values).toMatchObject({ organization: "새 소속", position: "과장", phone: "전화 없음" });
    const tooLong = await post(token, { intent: "correct", name: "가".repeat(101), organization: "", position: "", phone: "" });
    expect(tooLong.data.errors).toEqual({ name: "error.tooLong" });
    const good = await post(token, { intent: "correct", name: "이바른", organization: "교육청", position: "과장", phone: "010-3333-4444" });
    expect(good.status).toBe(302);
    expect(good.location).toBe(`/i/${token}/my-data?corrected=1`);
    const row = await test.db.selectFrom("invitees").select(["name", "organization", "position", "phone", "phone_digits", "email"]).where("id", "=", inviteeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "이바른", organization: "교육청", position: "과장", phone: "010-3333-4444", phone_digits: "01033334444" });
    expect(row.email).toMatch(/@example\.org$/);
    expect((await post(token, { intent: "nonsense" })).status).toBe(400);
    // The guest's own correction is in the access records, as theirs; the refused ones are not.
    const records = await test.db
      .selectFrom("access_records")
      .select(["action", "actor_kind", "subject_ids", "client_address"])
      .where(sql<boolean>`${inviteeId} = any(subject_ids)`)
      .execute();
    expect(records).toEqual([{ action: "update", actor_kind: "guest", subject_ids: [inviteeId], client_address: "203.0.113.7" }]);
  });

  it("deletes at once: the link says so, the ticket is refused at the door, and only counts remain", async () => {
    const { token, eventId, inviteeId } = await attendingGuest(30 * 24 * HOUR);
    const payload = (await activeTicket(test.db, inviteeId))!.payload;
    const unconfirmed = await post(token, { intent: "delete" });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors).toEqual({ understood: "myData.error.understood" });
    expect((await test.db.selectFrom("invitees").select("erased_at").where("id", "=", inviteeId).executeTakeFirstOrThrow()).erased_at).toBeNull();

    const deleted = await post(token, { intent: "delete", understood: "on" });
    expect(deleted.status).toBe(302);
    expect(deleted.location).toBe(`/i/${token}`);
    const link = await personalPage(token);
    expect(link.status).toBe(410);
    expect(link.data).toEqual({ deleted: { queued: false } });
    expect((await outcome(() => ticketRoute.loader({ request: getRequest(`/i/${token}/ticket`), params: { token }, context }))).status).toBe(410);
    expect((await myData(token)).status).toBe(410);

    const row = await test.db.selectFrom("invitees").selectAll().where("id", "=", inviteeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "—", email: null, phone: "", phone_digits: "", organization: "", position: "", notes: "" });
    expect(row.erased_at).toBeInstanceOf(Date);
    expect(await test.db.selectFrom("rsvps").select(["status", "answers", "consent_text"]).where("invitee_id", "=", inviteeId).executeTakeFirstOrThrow()).toEqual({
      status: "declined",
      answers: {},
      consent_text: null,
    });
    expect(await test.db.selectFrom("optional_consents").select("item_id").where("invitee_id", "=", inviteeId).execute()).toEqual([]);
    const emails = await test.db.selectFrom("email_outbox").select(["to_address", "subject", "text_body", "status"]).where("invitee_id", "=", inviteeId).execute();
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) expect(email).toMatchObject({ to_address: "", subject: "", text_body: "" });
    // Nothing more goes to them, not even the "not attending" confirmation.
    expect(emails.filter((email) => email.status === "queued")).toEqual([]);

    const door = await checkInTicket(test.db, { eventId, entrance: "정문", organizerId: null }, payload);
    expect(door.result).toBe("cancelled");

    // Recorded as the guest's own action, in the same transaction as the deletion.
    expect(
      await test.db
        .selectFrom("access_records")
        .select(["action", "actor_kind"])
        .where(sql<boolean>`${inviteeId} = any(subject_ids)`)
        .where("action", "=", "delete")
        .execute(),
    ).toEqual([{ action: "delete", actor_kind: "guest" }]);
    const register = await test.db.selectFrom("destruction_records").select(["cause", "organizer_id", "counts"]).where("event_id", "=", eventId).execute();
    expect(register).toEqual([{ cause: "guest", organizer_id: null, counts: expect.objectContaining({ invitees: 1, rsvps: 1, emails: emails.length }) }]);
    expect(JSON.stringify(register)).not.toMatch(/이정정|example\.org/);

    const overview = await eventPage(eventId);
    expect(overview.data.guestRequests).toEqual([expect.objectContaining({ status: "done", reason: null, invitee: null, carriedOutAt: expect.stringMatching(/\d/) })]);
    expect((await listInvitees(test.db, eventId)).invitees).toEqual([expect.objectContaining({ id: inviteeId, name: "—", deleted_by_guest: true })]);
    expect(JSON.stringify(overview.data.guestRequests)).not.toContain("이정정");
  });

  it("within 24 hours of the event stops the link and ticket at once and erases after the event ends", async () => {
    const { token, eventId, inviteeId, starts } = await attendingGuest(2 * HOUR, "en");
    const payload = (await activeTicket(test.db, inviteeId))!.payload;
    const queued = await post(token, { intent: "delete", understood: "on" }, english);
    expect(queued.status).toBe(302);
    const link = await personalPage(token);
    expect(link.status).toBe(410);
    expect(link.data).toEqual({ deleted: { queued: true } });
    expect((await checkInTicket(test.db, { eventId, entrance: "", organizerId: null }, payload)).result).toBe("cancelled");
    expect((await test.db.selectFrom("invitees").select("name").where("id", "=", inviteeId).executeTakeFirstOrThrow()).name).toBe("이정정");
    const overview = await eventPage(eventId);
    expect(overview.data.guestRequests).toEqual([expect.objectContaining({ status: "queued", invitee: { id: inviteeId, name: "이정정" } })]);

    // Not before the event has ended; then by housekeeping, once.
    expect(await carryOutQueuedDeletions(test.db, new Date(starts.getTime() + HOUR))).toBe(0);
    const after = new Date(starts.getTime() + 4 * HOUR);
    const report = await runHousekeeping(test.db, mail, after);
    expect(report.guestDeletionsCarriedOut).toBe(1);
    expect(await carryOutQueuedDeletions(test.db, after)).toBe(0);
    const row = await test.db.selectFrom("invitees").select(["name", "email", "erased_at", "deletion_requested_at"]).where("id", "=", inviteeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "—", email: null, deletion_requested_at: null });
    expect(row.erased_at).toBeInstanceOf(Date);
    expect((await personalPage(token)).data).toEqual({ deleted: { queued: false } });
    expect((await eventPage(eventId)).data.guestRequests).toEqual([expect.objectContaining({ status: "done", invitee: null })]);
    expect(await test.db.selectFrom("destruction_records").select("cause").where("event_id", "=", eventId).execute()).toEqual([{ cause: "guest" }]);
  });

  it("cannot delete an award recipient here: the guest is told why and the organizer sees the request", async () => {
    const { token, eventId, inviteeId } = await attendingGuest(30 * 24 * HOUR);
    const category = await test.db.insertInto("award_categories").values({ event_id: eventId, position: 1, name_ko: "교육감상" }).returning("id").executeTakeFirstOrThrow();
    await test.db.insertInto("award_recipients").values({ event_id: eventId, category_id: category.id, position: 1, name: "이정정", invitee_id: inviteeId }).execute();
    expect((await myData(token)).data.awards).toEqual([expect.objectContaining({ category: "교육감상", name: "이정정" })]);
    const refused = await post(token, { intent: "delete", understood: "on" });
    expect(refused.status).toBe(409);
    expect(refused.data.refused).toBe("myData.refused.award-recipient");
    expect((await personalPage(token)).status).toBe(200);
    expect(await activeTicket(test.db, inviteeId)).not.toBeNull();
    const overview = await eventPage(eventId);
    expect(overview.data.guestRequests).toEqual([expect.objectContaining({ status: "refused", reason: "award-recipient", invitee: { id: inviteeId, name: "이정정" } })]);
    expect((await listInvitees(test.db, eventId)).invitees).toEqual([expect.objectContaining({ deleted_by_guest: false })]);
  });
});
