import type { AppLoadContext } from "@remix-run/node";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema, updateEvent } from "../../app/domain/events/events.server";
import { cancelEvent, mailingCounts, mailingProgress, queueInvitations, queueReminders } from "../../app/domain/invitations/guest-mail.server";
import { addInvitees, findInviteeByLinkToken, inviteeExportRows, listInvitees } from "../../app/domain/invitations/invitations.server";
import { deliverDueEmails } from "../../app/domain/outbox.server";
import { smtpTransport, type MailTransport } from "../../app/lib/mailer.server";
import * as eventPage from "../../app/routes/admin.events.$eventId._index";
import * as cancelRoute from "../../app/routes/admin.events.$eventId.cancel";
import * as editRoute from "../../app/routes/admin.events.$eventId.edit";
import * as listRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as personalPage from "../../app/routes/i.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

function addressOf(message: ParsedMail): string {
  return (message.to as { value: Array<{ address: string }> }).value[0]!.address;
}

/** The calendar part of a received message, unfolded, as name → value. */
function calendarOf(message: ParsedMail): Map<string, string> {
  const part = message.attachments.find((attachment) => attachment.contentType.startsWith("text/calendar"));
  expect(part, `no calendar in "${message.subject}"`).toBeDefined();
  const lines = part!.content
    .toString("utf8")
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n");
  return new Map(lines.filter(Boolean).map((line) => [line.slice(0, line.search(/[:;]/)), line.slice(line.indexOf(":") + 1)]));
}

function personalLinkIn(text: string | undefined): string | undefined {
  return /http:\/\/localhost:3000\/i\/[A-Za-z0-9_-]{32}/.exec(text ?? "")?.[0];
}

describe("reminders, change and cancellation notices, and bulk mailings", () => {
  let test: TestDatabase;
  let sink: SmtpSink;
  let transport: MailTransport;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    sink = await createSmtpSink();
    await sink.start();
    transport = smtpTransport(sink.url);
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
    await test.destroy();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox and mailbox, whatever the one before left queued.
    await test.db.deleteFrom("email_outbox").execute();
    sink.received.length = 0;
    sink.rejectRecipients.clear();
  });

  const deliver = async () => {
    while ((await deliverDueEmails(test.db, { transport, fromAddress: "nanum@example.org", batchSize: 25 })) > 0);
  };

  let slugCount = 0;
  /** An event with `count` invitees (every third in English, the last one without email), groups A and B. */
  async function eventWithInvitees(count: number) {
    slugCount += 1;
    const { id } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `mail-test-${slugCount}` })));
    const forms = Array.from({ length: count }, (_, i) =>
      sampleInvitee({
        name: `손님${i}`,
        email: i === count - 1 ? "" : `e${slugCount}-guest${i}@example.org`,
        groupName: i % 2 === 0 ? "A" : "B",
        language: i % 3 === 0 ? "en" : "ko",
      }),
    );
    const ids = await addInvitees(test.db, id, forms);
    return { eventId: id, ids };
  }

  it("reminds those invited with the same personal link, once per press, never those not yet invited", async () => {
    const { eventId, ids } = await eventWithInvitees(6);
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: ids.slice(0, 3) });
    await deliver();
    const invitations = new Map(sink.received.map((message) => [addressOf(message), personalLinkIn(message.text)]));
    sink.received.length = 0;

    expect(await mailingCounts(test.db, eventId)).toEqual({ notInvited: 2, failed: 0, remindable: 3 });
    const [a, b] = await Promise.all([queueReminders(test.db, { ...mail, eventId }), queueReminders(test.db, { ...mail, eventId })]);
    expect(a + b).toBe(3);
    // While a reminder waits to leave, another press adds nothing.
    expect(await queueReminders(test.db, { ...mail, eventId })).toBe(0);
    await deliver();
    expect(sink.received).toHaveLength(3);
    for (const message of sink.received) {
      expect(invitations.has(addressOf(message))).toBe(true);
      expect(personalLinkIn(message.text)).toBe(invitations.get(addressOf(message)));
      expect(message.subject).toMatch(/^(\[회신 요청\]|Reminder: please reply)/);
      expect(calendarOf(message).get("METHOD")).toBe("REQUEST");
    }
    // Once delivered, the organizer may remind again.
    expect(await queueReminders(test.db, { ...mail, eventId })).toBe(3);
  });

  it("tells everyone invited when the time or venue changes, with before and after and a calendar update", async () => {
    const { eventId, ids } = await eventWithInvitees(4);
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: ids.slice(0, 2) });
    await deliver();
    sink.received.length = 0;
    // One more invitation still waiting in the outbox: that guest is told of the change too.
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: [ids[2]!] });

    const moved = eventFormSchema.parse(sampleEventForm({ slug: `mail-test-${slugCount}`, startTime: "15:00", endTime: "18:00", venueName: "운정행복센터" }));
    const result = await updateEvent(test.db, eventId, moved, mail);
    expect(result.noticesQueued).toBe(3);
    await deliver();
    const notices = sink.received.filter((message) => /변경 안내|Change of plans/.test(message.subject ?? ""));
    expect(notices.map(addressOf).sort()).toEqual([0, 1, 2].map((i) => `e${slugCount}-guest${i}@example.org`).sort());
    const korean = notices.find((message) => message.subject?.startsWith("[변경 안내]"))!;
    expect(korean.text).toContain("14:00 ~ 17:00");
    expect(korean.text).toContain("15:00 ~ 18:00");
    expect(korean.text).toContain("운정행복센터");
    expect(personalLinkIn(korean.text)).toBeDefined();
    const calendar = calendarOf(korean);
    expect(calendar.get("UID")).toBe(`event-${eventId}@nanum`);
    expect(calendar.get("SEQUENCE")).toBe("1");
    expect(calendar.get("DTSTART")).toBe("20301223T060000Z");
    expect(calendar.get("METHOD")).toBe("REQUEST");
    const english = notices.find((message) => message.subject?.startsWith("Change of plans"))!;
    expect(english.text).toContain("3:00");

    // A change of description alone tells no one; a time change without "notify" raises SEQUENCE silently.
    expect(
      (
        await updateEvent(
          test.db,
          eventId,
          eventFormSchema.parse({ ...sampleEventForm({ slug: `mail-test-${slugCount}`, startTime: "15:00", endTime: "18:00", venueName: "운정행복센터" }), descriptionKo: "새 소개" }),
          mail,
        )
      ).noticesQueued,
    ).toBe(0);
    expect(
      (await updateEvent(test.db, eventId, eventFormSchema.parse(sampleEventForm({ slug: `mail-test-${slugCount}`, startTime: "16:00", endTime: "18:00", venueName: "운정행복센터" })), null))
        .noticesQueued,
    ).toBe(0);
    const event = await test.db.selectFrom("events").select("ics_sequence").where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event.ics_sequence).toBe(2);
    // A later invitation carries the raised SEQUENCE, so calendars take its time.
    sink.received.length = 0;
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: [ids[0]!], audience: "any" });
    await deliver();
    expect(calendarOf(sink.received[0]!).get("SEQUENCE")).toBe("2");
    expect(calendarOf(sink.received[0]!).get("DTSTART")).toBe("20301223T070000Z");
  });

  it("sends change notices from the edit form only when the organizer leaves the box ticked", async () => {
    const { eventId, ids } = await eventWithInvitees(3);
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: ids });
    const params = { eventId: String(eventId) };
    const form = (overrides: Record<string, string>) => sampleEventForm({ slug: `mail-test-${slugCount}`, ...overrides });
    const unticked = await outcome(() => editRoute.action({ request: postRequest(`/admin/events/${eventId}/edit`, form({ date: "2030-12-24" }), { Cookie: cookie }), params, context }));
    expect(unticked.location).toBe(`/admin/events/${eventId}?saved=1`);
    const ticked = await outcome(() =>
      editRoute.action({ request: postRequest(`/admin/events/${eventId}/edit`, { ...form({ date: "2030-12-26" }), notifyInvitees: "on" }, { Cookie: cookie }), params, context }),
    );
    expect(ticked.location).toBe(`/admin/events/${eventId}?saved=1&notices=2`);
    const bad = await outcome(() =>
      editRoute.action({ request: postRequest(`/admin/events/${eventId}/edit`, { ...form({ date: "2030-13-45" }), notifyInvitees: "on" }, { Cookie: cookie }), params, context }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors.date).toBe("error.date");
    expect(bad.data.values.notifyInvitees).toBe("on");
  });

  it("cancels: withdraws what has not left, sends METHOD:CANCEL to those who may have the invitation, and only once", async () => {
    const { eventId, ids } = await eventWithInvitees(5);
    await queueInvitations(test.db, { ...mail, eventId, inviteeIds: ids.slice(0, 2) });
    await deliver();
    const link = personalLinkIn(sink.received.find((message) => addressOf(message) === `e${slugCount}-guest0@example.org`)!.text)!;
    sink.received.length = 0;
    await queueInvitations(test.db, { ...mail, eventId }); // ids 2 and 3, still waiting

    const params = { eventId: String(eventId) };
    const page = await outcome(() => cancelRoute.loader({ request: getRequest(`/admin/events/${eventId}/cancel`, { Cookie: cookie }), params, context }));
    expect(page.data.audience).toBe(2);
    const done = await outcome(() =>
      cancelRoute.action({
        request: postRequest(`/admin/events/${eventId}/cancel`, { noteKo: "기상 악화로 <취소>합니다.", noteEn: "" }, { Cookie: cookie }),
        params,
        context,
      }),
    );
    expect(done.location).toBe(`/admin/events/${eventId}?cancelled=2`);
    await deliver();
    expect(sink.received.map(addressOf).sort()).toEqual([0, 1].map((i) => `e${slugCount}-guest${i}@example.org`));
    for (const message of sink.received) {
      const calendar = calendarOf(message);
      expect(calendar.get("METHOD")).toBe("CANCEL");
      expect(calendar.get("STATUS")).toBe("CANCELLED");
      expect(calendar.get("UID")).toBe(`event-${eventId}@nanum`);
      expect(calendar.get("SEQUENCE")).toBe("1");
    }
    const korean = sink.received.find((message) => message.subject === "[행사 취소 안내] 2026 교육발전특구 성과공유회")!;
    expect(korean.text).toContain("기상 악화로 <취소>합니다.");
    expect(korean.html).toContain("기상 악화로 &lt;취소&gt;합니다.");
    // The organizer wrote no English note: English readers get the Korean one rather than nothing.
    const english = sink.received.find((message) => message.subject?.startsWith("Cancelled:"))!;
    expect(english.text).toContain("기상 악화로");

    const statuses = await test.db.selectFrom("email_outbox").select(["invitee_id", "kind", "status"]).where("event_id", "=", eventId).where("kind", "=", "invitation").orderBy("invitee_id").execute();
    expect(statuses.map((row) => row.status)).toEqual(["sent", "sent", "withdrawn", "withdrawn"]);
    const { invitees } = await listInvitees(test.db, eventId, { delivery: "withdrawn" });
    expect(invitees.map((invitee) => invitee.id)).toEqual([ids[2], ids[3]]);

    // Twice does nothing more; nothing can be sent for a cancelled event.
    expect(await cancelEvent(test.db, eventId, { noteKo: "", noteEn: "" }, mail)).toEqual({ cancelled: false });
    expect(await queueInvitations(test.db, { ...mail, eventId, audience: "any" })).toBe(0);
    expect(await queueReminders(test.db, { ...mail, eventId })).toBe(0);
    const overview = await outcome(() => eventPage.loader({ request: getRequest(`/admin/events/${eventId}`, { Cookie: cookie }), params, context }));
    expect(overview.data.event.cancelled).toBe(true);

    // The guest's own page says so, with the organizer's words; the notice itself has nothing to answer.
    expect(personalLinkIn(korean.text)).toBeUndefined();
    const token = link.split("/i/")[1]!;
    expect((await findInviteeByLinkToken(test.db, token)).status).toBe("found");
    const guestPage = await outcome(() => personalPage.loader({ request: getRequest(`/i/${token}?lang=en`), params: { token }, context }));
    expect(guestPage.data.cancellation).toEqual({ note: "기상 악화로 <취소>합니다." });
  });

  it("acts on the people selected, or on everyone the filters show, and asks for a selection when there is none", async () => {
    const { eventId, ids } = await eventWithInvitees(7);
    const params = { eventId: String(eventId) };
    const post = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
      return outcome(() =>
        listRoute.action({
          request: new Request(`http://localhost:3000/admin/events/${eventId}/invitees`, {
            method: "POST",
            body,
            headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
          }),
          params,
          context,
        }),
      );
    };
    const selected = await post({ mailing: "invite", scope: "selected", ids: [String(ids[0]), String(ids[1])] });
    expect(selected.location).toBe(`/admin/events/${eventId}/invitees?mailed=invite&count=2`);
    // Group B shown by the filter: ids 1, 3, 5; 1 is invited already, so 3 and 5.
    const filtered = await post({ mailing: "invite", scope: "filtered", group: "B", q: "", delivery: "", ids: [] });
    expect(filtered.location).toBe(`/admin/events/${eventId}/invitees?mailed=invite&count=2`);
    const none = await post({ mailing: "remind", scope: "selected" });
    expect(none.status).toBe(400);
    expect(none.data.errors.form).toBe("invitee.selectSomeone");
    const junk = await post({ mailing: "explode", scope: "selected", ids: ["1"] });
    expect(junk.status).toBe(400);
    // Ids of someone else's event are not touched.
    const other = await eventWithInvitees(2);
    const foreign = await post({ mailing: "invite", scope: "selected", ids: [String(other.ids[0])] });
    expect(foreign.location).toContain("count=0");

    const invited = await test.db.selectFrom("email_outbox").select("invitee_id").where("event_id", "=", eventId).orderBy("invitee_id").execute();
    expect(invited.map((row) => row.invitee_id)).toEqual([ids[0], ids[1], ids[3], ids[5]]);

    const progress = await mailingProgress(test.db, eventId);
    expect(progress).toEqual({ done: 0, total: 4, failed: 0 });
    sink.rejectRecipients.add(`e${slugCount - 1}-guest3@example.org`);
    await deliver();
    expect(await mailingProgress(test.db, eventId)).toBeNull();

    const page = await outcome(() => listRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees?delivery=failed`, { Cookie: cookie }), params, context }));
    expect(page.data.invitees.map((row: { id: number }) => row.id)).toEqual([ids[3]]);
    expect(page.data.invitees[0].delivery.error).toContain("550");
    expect(page.data.counts).toEqual({ notInvited: 2, failed: 1, remindable: 3 });
    const groupB = page.data.deliveryCounts.byGroup.find((group: { name: string }) => group.name === "B");
    expect(groupB.counts).toMatchObject({ sent: 2, failed: 1, "not-invited": 0 });

    // "Retry failed" sends a fresh invitation to the one that failed, and only to them.
    sink.rejectRecipients.clear();
    sink.received.length = 0;
    const retried = await post({ mailing: "retry", scope: "all" });
    expect(retried.location).toContain("mailed=retry&count=1");
    await deliver();
    expect(sink.received.map(addressOf)).toEqual([`e${slugCount - 1}-guest3@example.org`]);

    const rows = await inviteeExportRows(test.db, eventId, "ko");
    expect(rows[0]!.at(-1)).toBe("초청장 발송");
    expect(rows.find((row) => row[0] === "손님3")!.at(-1)).toBe("발송됨");
    expect(rows.find((row) => row[0] === "손님6")!.at(-1)).toBe("보내지 않음");
  });

  it("keeps other organizers out of the cancel page and the mailings", async () => {
    const { eventId } = await eventWithInvitees(2);
    const stranger = await newOrganizer(test.db, "Stranger");
    const strangerCookie = await signedInCookie(context, stranger.id);
    const params = { eventId: String(eventId) };
    const cancel = await outcome(() => cancelRoute.action({ request: postRequest(`/admin/events/${eventId}/cancel`, { noteKo: "", noteEn: "" }, { Cookie: strangerCookie }), params, context }));
    expect(cancel.status).toBe(404);
    const send = await outcome(() => listRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees`, { mailing: "invite", scope: "all" }, { Cookie: strangerCookie }), params, context }));
    expect(send.status).toBe(404);
    const event = await test.db.selectFrom("events").select("cancelled_at").where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event.cancelled_at).toBeNull();
    expect(await test.db.selectFrom("email_outbox").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
  });
});
