import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import {
  arrivalCounts,
  checkInByCode,
  checkInInvitee,
  checkInTicket,
  checkinRoster,
  listCheckinConflicts,
  syncOfflineCheckIns,
  undoCheckIn,
  type CheckInBy,
} from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, reissueTicket, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("check-in at the door", () => {
  let test: TestDatabase;
  let eventId: number;
  let otherEventId: number;
  let ids: number[];
  let by: CheckInBy;

  beforeAll(async () => {
    test = await createTestDatabase();
    const owner = await newOrganizer(test.db, "Owner");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "door" })))).id;
    otherEventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "other-door" })))).id;
    ids = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: 6 }, (_, i) => sampleInvitee({ name: `손님${i}`, organization: "파주시", groupName: i < 3 ? "내빈" : "학생", isVip: i === 0 ? "on" : "" })),
    );
    for (const id of ids.slice(0, 5)) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
    by = { eventId, entrance: "정문", organizerId: owner.id };
  });
  afterAll(() => test.destroy());

  const payloadOf = async (inviteeId: number) => (await activeTicket(test.db, inviteeId))!.payload;

  it("welcomes a valid ticket once, then says when and where it was already used", async () => {
    const payload = await payloadOf(ids[0]!);
    const first = await checkInTicket(test.db, by, payload);
    expect(first).toMatchObject({ result: "welcome", guest: { name: "손님0", group: "내빈", isVip: true } });
    const again = await checkInTicket(test.db, { ...by, entrance: "후문" }, payload);
    expect(again).toMatchObject({ result: "already", entrance: "정문" });
    expect(again.result === "already" && first.result === "welcome" && again.at.getTime()).toBe(first.result === "welcome" && first.at.getTime());
  });

  it("gives 20 simultaneous scans of one ticket exactly one check-in", async () => {
    const payload = await payloadOf(ids[1]!);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => checkInTicket(test.db, { ...by, entrance: `문${i % 3}` }, payload)));
    expect(outcomes.filter((o) => o.result === "welcome")).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === "already")).toHaveLength(19);
    const rows = await test.db.selectFrom("checkins").select("id").where("invitee_id", "=", ids[1]!).where("undone_at", "is", null).execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses tampered, superseded, cancelled and other events' tickets, each for what it is", async () => {
    const payload = await payloadOf(ids[2]!);
    const tampered = payload.slice(0, 30) + (payload[30] === "x" ? "y" : "x") + payload.slice(31);
    expect(await checkInTicket(test.db, by, tampered)).toEqual({ result: "invalid" });
    expect(await checkInTicket(test.db, by, "https://example.org/not-a-ticket")).toEqual({ result: "invalid" });
    await reissueTicket(test.db, { eventId, inviteeId: ids[2]!, mail });
    expect(await checkInTicket(test.db, by, payload)).toMatchObject({ result: "superseded", guest: { name: "손님2" } });
    expect((await checkInTicket(test.db, by, await payloadOf(ids[2]!))).result).toBe("welcome");

    const leaving = await payloadOf(ids[3]!);
    await recordRsvp(test.db, { eventId, inviteeId: ids[3]!, form: { ...attending, answer: "declined", consent: false }, consentText: "c", mail });
    expect(await checkInTicket(test.db, by, leaving)).toMatchObject({ result: "cancelled", guest: { name: "손님3" } });
    expect(await checkInTicket(test.db, { ...by, eventId: otherEventId }, await payloadOf(ids[4]!))).toEqual({ result: "other-event" });
  });

  it("takes the typed code however it is typed, and checks in by name from the list", async () => {
    const ticket = (await activeTicket(test.db, ids[4]!))!;
    const typed = `${ticket.code.slice(0, 4).toLowerCase()} ${ticket.code.slice(4)}`;
    expect((await checkInByCode(test.db, by, typed)).result).toBe("welcome");
    expect((await checkInByCode(test.db, by, "ZZZZZZZZ")).result).toBe("invalid");
    expect((await checkInByCode(test.db, by, "'; drop table checkins; --")).result).toBe("invalid");
    // No answer, no ticket: staff may still let someone on the list in by hand.
    expect(await checkInInvitee(test.db, by, ids[5]!)).toMatchObject({ result: "welcome", guest: { name: "손님5" } });
  });

  it("undoes a check-in within minutes, as a recorded change, and then lets the guest in again", async () => {
    const payload = await payloadOf(ids[0]!);
    const already = await checkInTicket(test.db, by, payload);
    if (already.result !== "already") throw new Error(`expected already, got ${already.result}`);
    expect(await undoCheckIn(test.db, { eventId, checkinId: already.checkinId, organizerId: null })).toBe(true);
    expect(await undoCheckIn(test.db, { eventId, checkinId: already.checkinId, organizerId: null })).toBe(false);
    const back = await checkInTicket(test.db, by, payload);
    expect(back.result).toBe("welcome");
    const history = await test.db.selectFrom("checkins").select(["undone_at"]).where("invitee_id", "=", ids[0]!).orderBy("id").execute();
    expect(history.map((row) => row.undone_at !== null)).toEqual([true, false]);
    // Too late to undo.
    if (back.result !== "welcome") throw new Error("unreachable");
    await test.db
      .updateTable("checkins")
      .set({ recorded_at: sql<Date>`now() - interval '10 minutes'` })
      .where("id", "=", back.checkinId)
      .execute();
    expect(await undoCheckIn(test.db, { eventId, checkinId: back.checkinId, organizerId: null })).toBe(false);
    expect(await undoCheckIn(test.db, { eventId: otherEventId, checkinId: back.checkinId, organizerId: null, withinMinutes: 60 })).toBe(false);
  });

  it("counts arrivals against those expected, by group", async () => {
    const counts = await arrivalCounts(test.db, eventId);
    expect(counts.groups).toEqual([
      { name: "내빈", expected: 3, arrived: 3 },
      { name: "학생", expected: 1, arrived: 2 },
    ]);
    expect([counts.expected, counts.arrived]).toEqual([4, 5]);
  });
});

describe("check-ins made offline", () => {
  let test: TestDatabase;
  let eventId: number;
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    const owner = await newOrganizer(test.db, "Owner");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "offline" })))).id;
    ids = await addInvitees(
      test.db,
      eventId,
      ["가", "나"].map((name) => sampleInvitee({ name })),
    );
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
  });
  afterAll(() => test.destroy());

  it("keeps only what the door needs in the roster", async () => {
    const roster = await checkinRoster(test.db, eventId);
    expect(roster.tickets).toHaveLength(2);
    expect(Object.keys(roster.tickets[0]!).sort()).toEqual([
      "checkedInAt",
      "code",
      "companionSeats",
      "companions",
      "group",
      "inviteeId",
      "isVip",
      "name",
      "organization",
      "proxyName",
      "retiredCodes",
      "seat",
      "status",
      "ticketId",
      "version",
    ]);
    expect(roster.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("records a sync once however often it is sent, and makes a second door's admission a conflict", async () => {
    // The doors took their roster five minutes ago (the test above took one just now).
    await test.db
      .updateTable("events")
      .set({ door_roster_issued_at: new Date(Date.now() - 5 * 60_000) })
      .where("id", "=", eventId)
      .execute();
    const by = { eventId, entrance: "", organizerId: null };
    const doorA = { clientId: crypto.randomUUID(), inviteeId: ids[0]!, ticketId: null, checkedInAt: new Date(Date.now() - 60_000), entrance: "정문" };
    const doorB = { clientId: crypto.randomUUID(), inviteeId: ids[0]!, ticketId: null, checkedInAt: new Date(Date.now() - 30_000), entrance: "후문" };
    expect(await syncOfflineCheckIns(test.db, by, [doorA])).toEqual([{ clientId: doorA.clientId, result: "recorded" }]);
    expect(await syncOfflineCheckIns(test.db, by, [doorA, doorB])).toEqual([
      { clientId: doorA.clientId, result: "recorded" },
      { clientId: doorB.clientId, result: "conflict" },
    ]);
    expect(await syncOfflineCheckIns(test.db, by, [doorB])).toEqual([{ clientId: doorB.clientId, result: "conflict" }]);
    const active = await test.db.selectFrom("checkins").select(["entrance", "checked_in_at"]).where("invitee_id", "=", ids[0]!).where("undone_at", "is", null).execute();
    expect(active).toHaveLength(1);
    expect(active[0]!.entrance).toBe("정문");
    expect(Math.abs(active[0]!.checked_in_at.getTime() - doorA.checkedInAt.getTime())).toBeLessThan(1000);
    const conflicts = await listCheckinConflicts(test.db, eventId);
    expect(conflicts.map((c) => [c.name, c.entrance, c.firstEntrance])).toEqual([["가", "후문", "정문"]]);
    // Someone another event's phone knows nothing about.
    expect(await syncOfflineCheckIns(test.db, by, [{ ...doorA, clientId: crypto.randomUUID(), inviteeId: 999_999 }])).toMatchObject([{ result: "unknown" }]);
  });
});
