import { saveSession, sessionFormSchema } from "../../app/domain/program/agenda.server";
import jsQR from "jsqr";
import type { ParsedMail } from "mailparser";
import { PNG } from "pngjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queueDueAttendeeNotices } from "../../app/domain/invitations/attendee-notices.server";
import { createEvent, eventFormSchema, updateEvent } from "../../app/domain/events/events.server";
import { cancelEvent } from "../../app/domain/invitations/guest-mail.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { deliverDueEmails } from "../../app/domain/outbox.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { checkTicketPayload } from "../../app/domain/rsvp/tickets.server";
import { fromZonedInputs } from "../../app/lib/format";
import { smtpTransport } from "../../app/lib/mailer.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };
const MINUTE = 60_000;

function addressOf(message: ParsedMail): string {
  return (message.to as { value: Array<{ address: string }> }).value[0]!.address;
}

function decodePng(buffer: Buffer): string | undefined {
  const image = PNG.sync.read(buffer);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

describe("the day-before notice to everyone attending", () => {
  let test: TestDatabase;
  let sink: SmtpSink;
  let ownerId: number;
  let slug = 0;
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    test = await createTestDatabase();
    sink = await createSmtpSink();
    await sink.start();
    ownerId = (await newOrganizer(test.db, "Owner")).id;
  });
  afterAll(async () => {
    await sink.stop();
    await test.destroy();
  });
  afterEach(async () => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
    // Each test counts only its own events' notices: switch off what earlier tests left due.
    await test.db.updateTable("events").set({ attendee_notice_enabled: false }).execute();
  });

  /**
   * An event on `date` at 14:00 in `timeZone` with capacity 3: three attending (the first in
   * English, the second sending a proxy, the third without email), one waitlisted, one declined.
   */
  async function eventWithGuests(overrides: Record<string, string> = {}) {
    slug += 1;
    const form = eventFormSchema.parse(sampleEventForm({ slug: `notice-${slug}`, capacity: "3", ...overrides }));
    const { id } = await createEvent(test.db, ownerId, form);
    const guests = ["attending-en", "attending-proxy", "attending-no-email", "waitlisted", "declined"];
    const ids = await addInvitees(
      test.db,
      id,
      guests.map((name, i) =>
        sampleInvitee({
          name: `손님 ${name}`,
          email: name === "attending-no-email" ? "" : `n${slug}-${name}@example.org`,
          language: i === 0 ? "en" : "ko",
        }),
      ),
    );
    const answer = (inviteeId: number, form: RsvpForm) => recordRsvp(test.db, { eventId: id, inviteeId, form, consentText: "동의", mail });
    await answer(ids[0]!, attending);
    await answer(ids[1]!, { ...attending, answer: "proxy", proxyName: "대리인 김", proxyPosition: "과장" });
    await answer(ids[2]!, attending);
    expect((await answer(ids[3]!, attending)).status).toBe("waitlisted");
    await answer(ids[4]!, { ...attending, answer: "declined", consent: false });
    return { eventId: id, ids, form };
  }

  const notices = (eventId: number) =>
    test.db
      .selectFrom("email_outbox")
      .select(["invitee_id", "to_address", "subject", "status", "attachments", "text_body"])
      .where("event_id", "=", eventId)
      .where("kind", "=", "attendee-notice")
      .orderBy("invitee_id")
      .execute();

  const queuedAt = async (eventId: number) => (await test.db.selectFrom("events").select("attendee_notice_queued_at").where("id", "=", eventId).executeTakeFirstOrThrow()).attendee_notice_queued_at;

  it("queues nothing before 10:00 Seoul time the day before, then one notice per attending guest with an email, once", async () => {
    const { eventId, ids } = await eventWithGuests();
    const moment = fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul");

    expect(await queueDueAttendeeNotices(test.db, mail, new Date(moment.getTime() - MINUTE))).toBe(0);
    expect(await notices(eventId)).toEqual([]);
    expect(await queuedAt(eventId)).toBeNull();

    expect(await queueDueAttendeeNotices(test.db, mail, moment)).toBe(2);
    const queued = await notices(eventId);
    expect(queued.map((n) => n.invitee_id)).toEqual([ids[0], ids[1]]);
    expect(queued[0]!.subject).toBe("See you tomorrow: 2026 Education Development Zone Performance Sharing Meeting");
    expect(queued[1]!.subject).toBe("[내일 행사 안내] 2026 교육발전특구 성과공유회");
    expect(queued[1]!.text_body).toContain("손님 attending-proxy 님을 대신하여 대리인 김 님이 참석하십니다");
    for (const notice of queued) expect(notice.attachments?.[0]).toMatchObject({ contentType: "image/png", cid: "ticket-qr@nanum" });
    expect(await queuedAt(eventId)).toEqual(moment);

    // The next minute's round, and every one after it, adds nothing.
    expect(await queueDueAttendeeNotices(test.db, mail, new Date(moment.getTime() + MINUTE))).toBe(0);
    expect(await queueDueAttendeeNotices(test.db, mail, new Date(moment.getTime() + 60 * MINUTE))).toBe(0);
    expect(await notices(eventId)).toHaveLength(2);
  });

  it("delivers the notice through SMTP with the ticket's QR code inline, a QR the door accepts, and the calendar file", async () => {
    const { eventId, ids } = await eventWithGuests();
    await test.db.updateTable("events").set({ parking_info_ko: "지하 2층 주차장 (2시간 무료)", parking_info_en: "Car park B2 (2 hours free)" }).where("id", "=", eventId).execute();
    await saveSession(
      test.db,
      eventId,
      sessionFormSchema.parse({
        partId: "",
        kind: "lecture",
        startTime: "16:00",
        endTime: "16:50",
        titleKo: "특강",
        titleEn: "Special lecture",
        descriptionKo: "",
        descriptionEn: "",
        room: "",
        cue: "",
      }),
    );
    expect(await queueDueAttendeeNotices(test.db, mail, fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul"))).toBe(2);
    // Only this event's notices are handed over: earlier tests' ticket emails stay where they are.
    await test.db
      .updateTable("email_outbox")
      .set({ status: "withdrawn" })
      .where("status", "=", "queued")
      .where((eb) => eb.or([eb("kind", "<>", "attendee-notice"), eb("event_id", "<>", eventId)]))
      .execute();
    const transport = smtpTransport(sink.url);
    try {
      while ((await deliverDueEmails(test.db, { transport, fromAddress: "nanum@example.org" })) > 0);
    } finally {
      transport.close();
    }
    expect(sink.received.map(addressOf).sort()).toEqual([`n${slug}-attending-en@example.org`, `n${slug}-attending-proxy@example.org`]);
    const english = sink.received.find((message) => addressOf(message) === `n${slug}-attending-en@example.org`)!;
    expect(english.subject).toMatch(/^See you tomorrow: /);
    expect(english.text).toContain("Parking: Car park B2 (2 hours free)");
    // The program in short, so the guest knows tomorrow's order.
    expect(english.text).toMatch(/Program\n4:00\s–\s4:50\sPM: Special lecture/u);
    expect(english.text).toMatch(/http:\/\/localhost:3000\/i\/[A-Za-z0-9_-]{32}\/ticket/);
    const image = english.attachments.find((attachment) => attachment.contentType === "image/png")!;
    expect(image.cid).toBe("ticket-qr@nanum");
    expect(english.html).toContain('alt="Entry QR code"');
    const check = await checkTicketPayload(test.db, decodePng(image.content) ?? "");
    expect(check).toMatchObject({ valid: true, inviteeId: ids[0], eventId });
    expect(english.attachments.some((attachment) => attachment.contentType.startsWith("text/calendar"))).toBe(true);
  });

  it("queues each notice once when two app instances look at the same moment", async () => {
    const { eventId } = await eventWithGuests();
    const moment = fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul");
    const counts = await Promise.all([queueDueAttendeeNotices(test.db, mail, moment), queueDueAttendeeNotices(test.db, mail, moment), runHousekeeping(test.db, mail, moment)]);
    expect(counts[0] + counts[1] + counts[2].attendeeNoticesQueued).toBe(2);
    expect(await notices(eventId)).toHaveLength(2);
  });

  it("sends nothing when the organizer switched it off, or for a cancelled event", async () => {
    const off = await eventWithGuests();
    await test.db.updateTable("events").set({ attendee_notice_enabled: false }).where("id", "=", off.eventId).execute();
    const cancelled = await eventWithGuests();
    await cancelEvent(test.db, cancelled.eventId, { noteKo: "", noteEn: "" }, mail);
    const moment = fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul");
    await queueDueAttendeeNotices(test.db, mail, moment);
    expect(await notices(off.eventId)).toEqual([]);
    expect(await notices(cancelled.eventId)).toEqual([]);
    expect(await queuedAt(off.eventId)).toBeNull();
  });

  it("withdraws a notice still waiting to leave when the event is cancelled", async () => {
    const { eventId } = await eventWithGuests();
    await queueDueAttendeeNotices(test.db, mail, fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul"));
    await cancelEvent(test.db, eventId, { noteKo: "", noteEn: "" }, mail);
    expect((await notices(eventId)).map((n) => n.status)).toEqual(["withdrawn", "withdrawn"]);
  });

  it("goes out at the event's own 18:30 the day before, whatever the server's time zone", async () => {
    for (const [tz, zone, date] of [
      ["America/Los_Angeles", "Asia/Seoul", "2030-03-10"],
      ["Pacific/Kiritimati", "Europe/Berlin", "2030-03-31"],
      ["UTC", "America/New_York", "2030-03-10"],
    ] as const) {
      process.env.TZ = tz;
      const { eventId } = await eventWithGuests({ timeZone: zone, date });
      await test.db.updateTable("events").set({ attendee_notice_time: "18:30" }).where("id", "=", eventId).execute();
      const dayBefore = new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const moment = fromZonedInputs(dayBefore, "18:30", zone);
      expect(await queueDueAttendeeNotices(test.db, mail, new Date(moment.getTime() - MINUTE)), `${tz} ${zone}`).toBe(0);
      expect(await queueDueAttendeeNotices(test.db, mail, moment), `${tz} ${zone}`).toBe(2);
      expect((await notices(eventId))[1]!.text_body, `${tz} ${zone}`).toContain("14:00 ~ 17:00");
    }
  });

  it("does not say 'tomorrow' on the day itself: an evening missed is skipped, not sent late", async () => {
    const { eventId } = await eventWithGuests();
    expect(await queueDueAttendeeNotices(test.db, mail, fromZonedInputs("2030-12-23", "00:00", "Asia/Seoul"))).toBe(0);
    expect(await queueDueAttendeeNotices(test.db, mail, fromZonedInputs("2030-12-23", "09:00", "Asia/Seoul"))).toBe(0);
    expect(await notices(eventId)).toEqual([]);
  });

  it("arms the notice again when the event moves to another day, but not for a new time on the same day", async () => {
    const { eventId, form } = await eventWithGuests();
    const moment = fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul");
    expect(await queueDueAttendeeNotices(test.db, mail, moment)).toBe(2);

    await updateEvent(test.db, eventId, { ...form, startTime: "15:00", endTime: "18:00" }, mail);
    expect(await queuedAt(eventId)).not.toBeNull();
    expect(await queueDueAttendeeNotices(test.db, mail, new Date(moment.getTime() + MINUTE))).toBe(0);

    await updateEvent(test.db, eventId, { ...form, date: "2030-12-30" }, mail);
    expect(await queuedAt(eventId)).toBeNull();
    // The notice for the old day, not yet sent, is withdrawn; the new eve gets its own.
    expect((await notices(eventId)).map((n) => n.status)).toEqual(["withdrawn", "withdrawn"]);
    const newMoment = fromZonedInputs("2030-12-29", "10:00", "Asia/Seoul");
    expect(await queueDueAttendeeNotices(test.db, mail, new Date(newMoment.getTime() - MINUTE))).toBe(0);
    expect(await queueDueAttendeeNotices(test.db, mail, newMoment)).toBe(2);
    expect((await notices(eventId)).map((n) => n.status).sort()).toEqual(["queued", "queued", "withdrawn", "withdrawn"]);
  });
});
