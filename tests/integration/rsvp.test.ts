import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { admitOverCapacity, expireOffers, recordRsvp, reissueTicket, rsvpFormSchema, waitlistPosition, type RsvpForm, type RsvpQuestion } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket, checkTicketPayload, eventKeys, signTicket, verifyTicket } from "../../app/domain/rsvp/tickets.server";
import { TICKET_PAYLOAD_LENGTH } from "../../app/domain/rsvp/ticket-payload";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };
const declined: RsvpForm = { ...attending, answer: "declined", consent: false };

describe("answers, capacity, the waitlist and tickets", () => {
  let test: TestDatabase;
  let ownerId: number;
  let slug = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    ownerId = (await newOrganizer(test.db, "Owner")).id;
  });
  afterAll(() => test.destroy());

  async function event(overrides: Record<string, string>, invitees: number) {
    slug += 1;
    const { id } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `rsvp-${slug}`, ...overrides })));
    const ids = await addInvitees(
      test.db,
      id,
      Array.from({ length: invitees }, (_, i) => sampleInvitee({ name: `손님${i}`, email: `r${slug}-${i}@example.org` })),
    );
    return { eventId: id, ids };
  }

  const answer = (eventId: number, inviteeId: number, form: RsvpForm = attending, now?: Date) => recordRsvp(test.db, { eventId, inviteeId, form, consentText: "동의 문구", mail, now });

  const statuses = async (eventId: number) => {
    const rows = await test.db.selectFrom("rsvps").select(["status"]).where("event_id", "=", eventId).execute();
    return rows.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.status]: (counts[row.status] ?? 0) + 1 }), {});
  };
  const emails = (eventId: number, kind: string) =>
    test.db.selectFrom("email_outbox").select(["invitee_id", "to_address", "subject", "attachments"]).where("event_id", "=", eventId).where("kind", "=", kind).execute();

  it("gives 50 answers at once for the last 5 places exactly 5 places and 45 waitlist entries", async () => {
    const { eventId, ids } = await event({ capacity: "10" }, 55);
    for (const id of ids.slice(0, 5)) await answer(eventId, id);
    const outcomes = await Promise.all(ids.slice(5).map((id) => answer(eventId, id)));
    expect(outcomes.filter((o) => o.status === "attending")).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === "waitlisted")).toHaveLength(45);
    expect(await statuses(eventId)).toEqual({ attending: 10, waitlisted: 45 });
    const positions = await Promise.all(ids.slice(5).map((id) => waitlistPosition(test.db, eventId, id)));
    expect(positions.filter((p) => p !== null).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(await emails(eventId, "ticket")).toHaveLength(10);
    expect(await emails(eventId, "waitlisted")).toHaveLength(45);

    // One cancellation offers exactly one place, by one email, to the first in line.
    const firstInLine = ids.slice(5)[positions.indexOf(1)]!;
    const leaver = (await test.db.selectFrom("rsvps").select("invitee_id").where("event_id", "=", eventId).where("status", "=", "attending").executeTakeFirstOrThrow()).invitee_id;
    await answer(eventId, leaver, declined);
    expect(await statuses(eventId)).toEqual({ attending: 9, offered: 1, waitlisted: 44, declined: 1 });
    const offers = await emails(eventId, "place-offer");
    expect(offers.map((o) => o.invitee_id)).toEqual([firstInLine]);
    expect(offers[0]!.subject).toMatch(/^\[참석 가능\]/);
    expect(await activeTicket(test.db, leaver)).toBeNull();

    // Unconfirmed in time (48 hours by default), the offer passes to the next.
    const secondInLine = ids.slice(5)[positions.indexOf(2)]!;
    expect(await expireOffers(test.db, mail, new Date(Date.now() + 47 * 3_600_000))).toBe(0);
    expect(await expireOffers(test.db, mail, new Date(Date.now() + 49 * 3_600_000))).toBe(1);
    expect((await emails(eventId, "place-offer")).map((o) => o.invitee_id)).toEqual([firstInLine, secondInLine]);
    const lapsed = await test.db.selectFrom("rsvps").select(["status", "offer_expired_at"]).where("invitee_id", "=", firstInLine).executeTakeFirstOrThrow();
    expect(lapsed.status).toBe("declined");
    expect(lapsed.offer_expired_at).not.toBeNull();

    // The next one confirms from their page and gets a ticket.
    expect((await answer(eventId, secondInLine)).status).toBe("attending");
    expect(await statuses(eventId)).toEqual({ attending: 10, waitlisted: 43, declined: 2 });
    expect(await activeTicket(test.db, secondInLine)).not.toBeNull();
  });

  /** The place each guest's "you are on the waitlist" email told them, as the email's text says it. */
  const toldPositions = async (eventId: number) =>
    new Map(
      (await test.db.selectFrom("email_outbox").select(["invitee_id", "text_body"]).where("event_id", "=", eventId).where("kind", "=", "waitlisted").execute()).map((row) => [
        row.invitee_id!,
        Number(/대기자 명단 (\d+)번째/.exec(row.text_body)![1]),
      ]),
    );

  it("puts on the waitlist in the order the answers committed, not by the clock each answer read first", async () => {
    const { eventId, ids } = await event({ capacity: "1" }, 4);
    await answer(eventId, ids[0]!);
    const clock = Date.now();
    // The second answer read its clock later but committed first (it took the event's lock first).
    expect(await answer(eventId, ids[1]!, attending, new Date(clock + 5_000))).toEqual({ status: "waitlisted", waitlistPosition: 1 });
    expect(await answer(eventId, ids[2]!, attending, new Date(clock))).toEqual({ status: "waitlisted", waitlistPosition: 2 });
    expect(await answer(eventId, ids[3]!, attending, new Date(clock))).toEqual({ status: "waitlisted", waitlistPosition: 3 });
    expect([...(await toldPositions(eventId))].sort(([a], [b]) => a - b)).toEqual([
      [ids[1]!, 1],
      [ids[2]!, 2],
      [ids[3]!, 3],
    ]);
    // A freed place goes to the first who committed.
    await answer(eventId, ids[0]!, declined, new Date(clock + 6_000));
    expect((await emails(eventId, "place-offer")).map((o) => o.invitee_id)).toEqual([ids[1]!]);
    expect(await waitlistPosition(test.db, eventId, ids[2]!)).toBe(1);
  });

  it("tells each of 30 guests waitlisted at once the place they keep: distinct, 1 to 30, in commit order", async () => {
    const { eventId, ids } = await event({ capacity: "10" }, 40);
    const sameClock = new Date();
    const outcomes = await Promise.all(ids.map((id) => answer(eventId, id, attending, sameClock)));
    expect(outcomes.filter((o) => o.status === "attending")).toHaveLength(10);
    const told = await toldPositions(eventId);
    expect([...told.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Told under the lock at commit, and nobody committed later can be put ahead: the place stays.
    for (const [inviteeId, position] of told) expect(await waitlistPosition(test.db, eventId, inviteeId)).toBe(position);
    const turns = await test.db.selectFrom("rsvps").select("waitlist_turn").where("event_id", "=", eventId).where("status", "=", "waitlisted").execute();
    expect(new Set(turns.map((row) => row.waitlist_turn)).size).toBe(30);
  });

  it("counts companions against capacity and never lets the waitlist be overtaken", async () => {
    const { eventId, ids } = await event({ capacity: "5" }, 4);
    await test.db.updateTable("events").set({ max_companions: 2 }).where("id", "=", eventId).execute();
    expect((await answer(eventId, ids[0]!, { ...attending, companions: 2 })).status).toBe("attending");
    expect((await answer(eventId, ids[3]!)).status).toBe("attending");
    // A party of three does not fit the one place left: it waits, first in line.
    expect((await answer(eventId, ids[1]!, { ...attending, companions: 2 })).status).toBe("waitlisted");
    // A single guest would fit, but someone is waiting: they queue behind.
    expect(await answer(eventId, ids[2]!)).toEqual({ status: "waitlisted", waitlistPosition: 2 });
    // Bringing a companion into the last place works; a second one needs a place there is not.
    expect((await answer(eventId, ids[3]!, { ...attending, companions: 1 })).status).toBe("attending");
    await expect(answer(eventId, ids[3]!, { ...attending, companions: 2 })).rejects.toMatchObject({ reason: "no-room-for-companions" });
    // The party of three leaves: its three places go to the waiting party of three, and the single guest waits on.
    await answer(eventId, ids[0]!, declined);
    const rows = await test.db.selectFrom("rsvps").select(["invitee_id", "status"]).where("event_id", "=", eventId).orderBy("invitee_id").execute();
    expect(rows.map((row) => row.status)).toEqual(["declined", "offered", "waitlisted", "attending"]);
  });

  it("lets the first in line take a free place by changing their answer, and nobody behind them", async () => {
    const { eventId, ids } = await event({ capacity: "2" }, 3);
    await test.db.updateTable("events").set({ max_companions: 2 }).where("id", "=", eventId).execute();
    expect((await answer(eventId, ids[0]!)).status).toBe("attending");
    // A party of three does not fit the place left; a single guest would, but queues behind them.
    expect(await answer(eventId, ids[1]!, { ...attending, companions: 2 })).toEqual({ status: "waitlisted", waitlistPosition: 1 });
    expect(await answer(eventId, ids[2]!)).toEqual({ status: "waitlisted", waitlistPosition: 2 });
    // Answering again keeps the second in line where they are.
    expect(await answer(eventId, ids[2]!)).toEqual({ status: "waitlisted", waitlistPosition: 2 });
    // The first in line comes alone after all: the free place is theirs.
    expect(await answer(eventId, ids[1]!)).toEqual({ status: "attending", waitlistPosition: null });
    expect(await answer(eventId, ids[2]!)).toEqual({ status: "waitlisted", waitlistPosition: 1 });
  });

  it("lets the answer change until the deadline, and cancelling after it", async () => {
    const { eventId, ids } = await event({ rsvpDeadlineDate: "2030-12-20", rsvpDeadlineTime: "18:00" }, 2);
    const before = new Date("2030-12-20T08:00:00Z");
    const after = new Date("2030-12-21T00:00:00Z");
    expect((await answer(eventId, ids[0]!, attending, before)).status).toBe("attending");
    await expect(answer(eventId, ids[1]!, attending, after)).rejects.toMatchObject({ reason: "deadline" });
    expect((await answer(eventId, ids[0]!, declined, after)).status).toBe("declined");
  });

  it("signs a compact payload that fails when altered, signed elsewhere or re-issued", async () => {
    const { eventId, ids } = await event({}, 2);
    await answer(eventId, ids[0]!);
    const ticket = (await activeTicket(test.db, ids[0]!))!;
    expect(ticket.payload).toHaveLength(TICKET_PAYLOAD_LENGTH);
    expect(ticket.code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    const keys = await eventKeys(test.db, eventId);
    expect(verifyTicket(keys.publicKeyRaw, ticket.payload)).toEqual({ eventId, ticketId: ticket.id, version: 1 });
    expect(await checkTicketPayload(test.db, ticket.payload)).toMatchObject({ valid: true, ticketId: ticket.id, inviteeId: ids[0] });

    // Any single character changed breaks it.
    for (const at of [0, 5, 14, 50, 99]) {
      const chars = [...ticket.payload];
      chars[at] = chars[at] === "A" ? "B" : "A";
      expect(verifyTicket(keys.publicKeyRaw, chars.join("")), `changed at ${at}`).toBeNull();
      expect((await checkTicketPayload(test.db, chars.join(""))).valid).toBe(false);
    }
    // Remembered as verified after the first check, and only that exact payload is.
    expect(await checkTicketPayload(test.db, ` ${ticket.payload}\n`)).toMatchObject({ valid: true, ticketId: ticket.id });
    // Signed with another key: a stolen scanner (public key only) cannot mint, and a foreign key does not pass.
    const forged = signTicket(crypto.generateKeyPairSync("ed25519").privateKey, { eventId, ticketId: ticket.id, version: 1 });
    expect(verifyTicket(keys.publicKeyRaw, forged)).toBeNull();
    expect(await checkTicketPayload(test.db, forged)).toEqual({ valid: false, reason: "invalid" });

    // Re-issued (lost phone): same ticket id, new version and entry code; the old QR is superseded.
    expect(await reissueTicket(test.db, { eventId, inviteeId: ids[0]!, mail })).toBe(true);
    const renewed = (await activeTicket(test.db, ids[0]!))!;
    expect(renewed.id).toBe(ticket.id);
    expect(renewed.version).toBe(2);
    expect(renewed.code).not.toBe(ticket.code);
    expect(await checkTicketPayload(test.db, ticket.payload)).toEqual({ valid: false, reason: "superseded", ticketId: ticket.id });
    expect((await checkTicketPayload(test.db, renewed.payload)).valid).toBe(true);

    // Not attending any more: the ticket is cancelled, and coming back re-issues it.
    await answer(eventId, ids[0]!, declined);
    expect(await checkTicketPayload(test.db, renewed.payload)).toEqual({ valid: false, reason: "cancelled", ticketId: ticket.id });
    await answer(eventId, ids[0]!);
    const back = (await activeTicket(test.db, ids[0]!))!;
    expect([back.id, back.version]).toEqual([ticket.id, 3]);
    // A proxy change re-issues too.
    await answer(eventId, ids[0]!, { ...attending, answer: "proxy", proxyName: "김대리" });
    expect((await activeTicket(test.db, ids[0]!))!.version).toBe(4);
    const ticketMail = (await emails(eventId, "ticket")).at(-1)!;
    expect(ticketMail.attachments?.[0]).toMatchObject({ contentType: "image/png", cid: "ticket-qr@nanum" });
  });

  it("admits a guest over capacity when the organizer says so, marked as an override", async () => {
    const { eventId, ids } = await event({ capacity: "1" }, 3);
    await answer(eventId, ids[0]!);
    expect((await answer(eventId, ids[1]!)).status).toBe("waitlisted");
    expect(await admitOverCapacity(test.db, { eventId, inviteeId: ids[1]!, mail })).toBe(true);
    expect(await admitOverCapacity(test.db, { eventId, inviteeId: ids[2]!, mail })).toBe(true);
    const rows = await test.db.selectFrom("rsvps").select(["invitee_id", "status", "over_capacity"]).where("event_id", "=", eventId).orderBy("invitee_id").execute();
    expect(rows.map((row) => [row.status, row.over_capacity])).toEqual([
      ["attending", false],
      ["attending", true],
      ["attending", true],
    ]);
    expect(await activeTicket(test.db, ids[2]!)).not.toBeNull();
    // Another event's invitee cannot be admitted through this one.
    const other = await event({}, 1);
    expect(await admitOverCapacity(test.db, { eventId, inviteeId: other.ids[0]!, mail })).toBe(false);
  });

  it("asks those who come for consent and required answers, and nobody else", () => {
    const questions: RsvpQuestion[] = [
      { id: 7, kind: "text", label_ko: "식사 제한", label_en: "Diet", options: [], required: true },
      {
        id: 8,
        kind: "choice",
        label_ko: "주차",
        label_en: "Parking",
        options: [
          { ko: "필요", en: "Yes" },
          { ko: "불필요", en: "No" },
        ],
        required: false,
      },
      { id: 9, kind: "yesno", label_ko: "휠체어", label_en: "Wheelchair", options: [], required: false },
    ];
    const schema = rsvpFormSchema(questions, 1);
    const errors = (form: Record<string, string>) => {
      const parsed = schema.safeParse(form);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    };
    expect(errors({ answer: "attending" })).toEqual({ consent: "rsvp.error.consent", q7: "rsvp.error.required" });
    expect(errors({ answer: "proxy", consent: "on", q7: "없음" })).toEqual({ proxyName: "rsvp.error.proxyName" });
    expect(errors({ answer: "attending", consent: "on", q7: "x".repeat(501) })).toEqual({ q7: "error.tooLong" });
    expect(errors({ answer: "attending", consent: "on", q7: "없음", q8: "5", q9: "maybe" })).toEqual({ q8: "error.invalid", q9: "error.invalid" });
    expect(errors({ answer: "attending", consent: "on", q7: "없음", companions: "2" })).toEqual({ companions: "rsvp.error.companions" });
    expect(errors({ answer: "maybe" })).toEqual({ answer: "rsvp.error.answer" });
    expect(schema.parse({ answer: "declined" })).toEqual({ answer: "declined", companions: 0, proxyName: "", proxyPosition: "", consent: false, answers: {} });
    expect(schema.parse({ answer: "attending", consent: "on", q7: " 채식 ", q8: "1", q9: "yes", companions: "1" })).toEqual({
      answer: "attending",
      companions: 1,
      proxyName: "",
      proxyPosition: "",
      consent: true,
      answers: { "7": "채식", "8": "1", "9": "yes" },
    });
  });

  it("asks by the questions as they are now, when an organizer has changed them", () => {
    const parking = (changes: Partial<RsvpQuestion>): RsvpQuestion[] => [
      { id: 20, kind: "choice", label_ko: "주차", label_en: "Parking", options: [{ ko: "필요", en: "Yes" }], required: false, ...changes },
    ];
    const valid = (questions: RsvpQuestion[], maxCompanions: number, form: Record<string, string>) =>
      rsvpFormSchema(questions, maxCompanions).safeParse({ answer: "attending", consent: "on", ...form }).success;
    expect(valid(parking({}), 0, {})).toBe(true);
    expect(valid(parking({ required: true }), 0, {})).toBe(false);
    expect(valid(parking({}), 0, { q20: "1" })).toBe(false);
    expect(
      valid(
        parking({
          options: [
            { ko: "필요", en: "Yes" },
            { ko: "불필요", en: "No" },
          ],
        }),
        0,
        { q20: "1" },
      ),
    ).toBe(true);
    expect(valid(parking({ kind: "yesno", options: [] }), 0, { q20: "1" })).toBe(false);
    expect(valid(parking({}), 0, { companions: "1" })).toBe(false);
    expect(valid(parking({}), 1, { companions: "1" })).toBe(true);
  });
});
