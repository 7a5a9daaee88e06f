/**
 * The door decides in two places: the server (`checkInTicket`, `checkInByCode`, `checkInInvitee`)
 * and, without a connection, the phone (`decideFromRoster`, over the roster the server hands out).
 * The rules are written twice on purpose; this table runs the same cases through both and expects
 * the same answers, so the copies cannot drift apart unnoticed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInByCode, checkInInvitee, checkInTicket, checkinRoster, type CheckInBy } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, reissueTicket, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { decideFromRoster, parseRoster, type DoorRoster, type QueuedCheckIn, type RosterLookup } from "../../app/domain/checkin/door-roster";
import { splitPayload } from "../../app/domain/rsvp/ticket-payload";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("the phone's offline decision and the server's check-in", () => {
  let test: TestDatabase;
  let by: CheckInBy;
  let roster: DoorRoster;
  const queue: QueuedCheckIn[] = [];
  const people: Record<string, { inviteeId: number; payload: string; code: string }> = {};
  const stale: { payload: string; code: string } = { payload: "", code: "" };
  let cancelledPayload = "";

  beforeAll(async () => {
    test = await createTestDatabase();
    const owner = await newOrganizer(test.db, "Owner");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "door-decisions" })));
    by = { eventId, entrance: "정문", organizerId: owner.id };
    const names = ["first", "again", "reissued", "cancelled", "typed", "byName"];
    const ids = await addInvitees(
      test.db,
      eventId,
      names.map((name) => sampleInvitee({ name, organization: "파주시" })),
    );
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
    const before = (await activeTicket(test.db, ids[2]!))!;
    Object.assign(stale, { payload: before.payload, code: before.code });
    await reissueTicket(test.db, { eventId, inviteeId: ids[2]!, mail });
    cancelledPayload = (await activeTicket(test.db, ids[3]!))!.payload;
    await recordRsvp(test.db, { eventId, inviteeId: ids[3]!, form: { ...attending, answer: "declined", consent: false }, consentText: "c", mail });
    for (const [i, name] of names.entries()) {
      const ticket = await test.db.selectFrom("tickets").select("code").where("invitee_id", "=", ids[i]!).executeTakeFirstOrThrow();
      people[name] = { inviteeId: ids[i]!, payload: (await activeTicket(test.db, ids[i]!))?.payload ?? "", code: ticket.code };
    }
    // What the phone keeps: the roster route's answer after a trip through JSON.
    roster = parseRoster(JSON.parse(JSON.stringify({ ...(await checkinRoster(test.db, eventId)), publicKey: "key" })), new Date())!;
  });
  afterAll(() => test.destroy());

  /** A scanned code as the phone reads it once the signature checked out: ticket and version. */
  const scanned = (payload: string): RosterLookup => {
    const facts = splitPayload(payload)!.facts;
    return { ticketId: facts.ticketId, version: facts.version };
  };

  type DoorCase = [label: string, server: () => ReturnType<typeof checkInTicket>, phone: () => RosterLookup, expected: string];
  const cases: DoorCase[] = [
    ["a valid ticket, the first time", () => checkInTicket(test.db, by, people.first!.payload), () => scanned(people.first!.payload), "welcome"],
    ["the same ticket again", () => checkInTicket(test.db, by, people.first!.payload), () => scanned(people.first!.payload), "already"],
    ["the older QR code of a re-issued ticket", () => checkInTicket(test.db, by, stale.payload), () => scanned(stale.payload), "superseded"],
    ["the older entry code of a re-issued ticket", () => checkInByCode(test.db, by, stale.code), () => ({ code: stale.code }), "superseded"],
    ["the current QR code of a re-issued ticket", () => checkInTicket(test.db, by, people.reissued!.payload), () => scanned(people.reissued!.payload), "welcome"],
    ["a cancelled ticket", () => checkInTicket(test.db, by, cancelledPayload), () => scanned(cancelledPayload), "cancelled"],
    ["a cancelled ticket's entry code", () => checkInByCode(test.db, by, people.cancelled!.code), () => ({ code: people.cancelled!.code }), "cancelled"],
    [
      "an entry code typed in lower case with spaces",
      () => checkInByCode(test.db, by, ` ${people.typed!.code.toLowerCase().replace(/(....)/, "$1 ")}`),
      () => ({ code: ` ${people.typed!.code.toLowerCase().replace(/(....)/, "$1 ")}` }),
      "welcome",
    ],
    [
      "the same entry code again, with a dash",
      () => checkInByCode(test.db, by, `${people.typed!.code.slice(0, 4)}-${people.typed!.code.slice(4)}`),
      () => ({ code: `${people.typed!.code.slice(0, 4)}-${people.typed!.code.slice(4)}` }),
      "already",
    ],
    ["an entry code nobody has", () => checkInByCode(test.db, by, "ZZZZ2222"), () => ({ code: "ZZZZ2222" }), "invalid"],
    ["a guest found by name", () => checkInInvitee(test.db, by, people.byName!.inviteeId), () => ({ inviteeId: people.byName!.inviteeId }), "welcome"],
    ["the same guest found by name again", () => checkInInvitee(test.db, by, people.byName!.inviteeId), () => ({ inviteeId: people.byName!.inviteeId }), "already"],
  ];

  it.each(cases)("%s: both say the same", async (_label, server, phone, expected) => {
    const online = await server();
    const offline = decideFromRoster(roster, queue, phone());
    expect(online.result).toBe(expected);
    expect(offline.result).toBe(expected);
    if ("guest" in online && online.guest && "guest" in offline) expect(offline.guest.name).toBe(online.guest.name);
    // The phone remembers what it let in, as its queue does between syncs.
    if (offline.result === "welcome") {
      queue.push({ clientId: crypto.randomUUID(), eventId: by.eventId, inviteeId: offline.guest.inviteeId, ticketId: offline.ticketId, checkedInAt: new Date().toISOString(), entrance: "정문" });
    }
  });
});
