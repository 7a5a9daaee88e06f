import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { setProtocolOrderByNumbers } from "../../app/domain/protocol/protocol-order.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { seatsOfInvitees } from "../../app/domain/seating/seats.server";
import { importSeats } from "../../app/domain/seating/seat-import.server";
import { addSeatingBlock, assignSeat, autoAssignSeats, clearSeats, blockFormSchema, seatingBlocks, seatingOverview, seatList, updateSeatingBlock } from "../../app/domain/seating/seating.server";
import { fillOrder } from "../../app/domain/seating/seating-plan";
import * as seatingPage from "../../app/routes/admin.events.$eventId.seating";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending = (extra: Partial<RsvpForm> = {}): RsvpForm => ({ answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {}, ...extra });
const block = (fields: Record<string, string>) => blockFormSchema.parse({ kind: "theatre", nameKo: "일반석", nameEn: "General", reservedGroup: "", rows: "2", seatsPerRow: "4", ...fields });

describe("seating plans (좌석 배치)", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;
  let eventId: number;
  const by = () => ({ actor: { kind: "organizer" as const, organizerId: ownerId }, clientAddress: "127.0.0.1" });
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "seating" })))).id;
    const people = [
      { name: "라교육감", groupName: "내빈", isVip: "on" },
      { name: "다시장", groupName: "내빈", isVip: "on" },
      { name: "나의장", groupName: "내빈", isVip: "on" },
      { name: "가학부모", groupName: "학부모" },
      { name: "마학생", groupName: "학생" },
      { name: "바위원", groupName: "위원" },
    ];
    const created = await addInvitees(
      test.db,
      eventId,
      people.map((p) => sampleInvitee(p)),
    );
    people.forEach((p, i) => (ids[p.name] = created[i]!));
    // Answers in this order; protocol order puts 다시장 first, then 라교육감, then 나의장.
    await recordRsvp(test.db, { eventId, inviteeId: ids["라교육감"]!, form: attending(), consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["나의장"]!, form: attending({ proxyName: "김대리", proxyPosition: "부의장" }), consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["다시장"]!, form: attending(), consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["가학부모"]!, form: attending({ companions: 2 }), consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["마학생"]!, form: attending(), consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["바위원"]!, form: attending(), consentText: "c", mail });
    await setProtocolOrderByNumbers(
      test.db,
      eventId,
      new Map([
        [ids["다시장"]!, 1],
        [ids["라교육감"]!, 2],
        [ids["나의장"]!, 3],
      ]),
    );
  });
  afterAll(() => test.destroy());

  it("fills a head table from the centre outwards, and other blocks row by row", () => {
    expect(fillOrder({ kind: "head_table", rows: 1, seats_per_row: 5 }).map((seat) => seat.seatNumber)).toEqual([3, 4, 2, 5, 1]);
    expect(fillOrder({ kind: "theatre", rows: 2, seats_per_row: 2 })).toEqual([
      { rowIndex: 0, seatNumber: 1 },
      { rowIndex: 0, seatNumber: 2 },
      { rowIndex: 1, seatNumber: 1 },
      { rowIndex: 1, seatNumber: 2 },
    ]);
  });

  it("refuses a block with no seats, keeping what was typed", async () => {
    const result = await outcome(() =>
      seatingPage.action({
        request: postRequest(
          `/admin/events/${eventId}/seating`,
          { intent: "add-block", kind: "theatre", nameKo: "내빈석", nameEn: "", reservedGroup: "내빈", rows: "0", seatsPerRow: "x" },
          { Cookie: cookie },
        ),
        params: { eventId: String(eventId) },
        context,
      }),
    );
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { rows: "seating.badNumber", seatsPerRow: "seating.badNumber" }, values: { nameKo: "내빈석", reservedGroup: "내빈" } });
    expect(await seatingBlocks(test.db, eventId)).toEqual([]);
  });

  it("seats the reserved group first in protocol order, a proxy in the invitee's seat and companions side by side", async () => {
    await addSeatingBlock(test.db, eventId, block({ kind: "head_table", nameKo: "내빈석", nameEn: "VIP seats", reservedGroup: "내빈", rows: "1", seatsPerRow: "3" }));
    await addSeatingBlock(test.db, eventId, block({}));
    const result = await autoAssignSeats(test.db, by(), eventId);
    expect(result).toEqual({ seated: 8, noRoom: 0 });
    const seats = await seatsOfInvitees(test.db, { eventId, language: "ko" });
    // The head table fills from its centre: 1st in protocol order in seat 2, then 3, then 1.
    expect(seats.get(ids["다시장"]!)).toEqual([{ companionIndex: 0, label: "내빈석 2" }]);
    expect(seats.get(ids["라교육감"]!)).toEqual([{ companionIndex: 0, label: "내빈석 3" }]);
    expect(seats.get(ids["나의장"]!)).toEqual([{ companionIndex: 0, label: "내빈석 1" }]);
    // The parent answered before the student and the member: first row, with companions beside.
    expect(seats.get(ids["가학부모"]!)?.map((seat) => seat.label)).toEqual(["일반석 A-1", "일반석 A-2", "일반석 A-3"]);
    expect(seats.get(ids["마학생"]!)?.map((seat) => seat.label)).toEqual(["일반석 A-4"]);
    expect(seats.get(ids["바위원"]!)?.map((seat) => seat.label)).toEqual(["일반석 B-1"]);
    const english = await seatsOfInvitees(test.db, { eventId, inviteeIds: [ids["다시장"]!], language: "en" });
    expect(english.get(ids["다시장"]!)?.[0]?.label).toBe("VIP seats 2");
    // The proxy sits in the invitee's seat under their own name.
    const list = await seatList(test.db, eventId, "ko");
    expect(list.rows.find((row) => row.label === "내빈석 1")).toMatchObject({ name: "김대리", onBehalfOf: "나의장" });
    // A second run keeps everyone where they are.
    expect(await autoAssignSeats(test.db, by(), eventId)).toEqual({ seated: 0, noRoom: 0 });
  });

  it("refuses a seat someone holds, and moves a guest who picks a free one", async () => {
    const blocks = await seatingBlocks(test.db, eventId);
    const general = blocks.find((b) => b.name_ko === "일반석")!;
    const taken = await assignSeat(test.db, by(), { eventId, inviteeId: ids["바위원"]!, companionIndex: 0, blockId: general.id, rowIndex: 0, seatNumber: 1 });
    expect(taken).toEqual({ ok: false, error: "seat-taken" });
    const moved = await assignSeat(test.db, by(), { eventId, inviteeId: ids["바위원"]!, companionIndex: 0, blockId: general.id, rowIndex: 1, seatNumber: 4 });
    expect(moved).toEqual({ ok: true });
    expect((await seatsOfInvitees(test.db, { eventId, inviteeIds: [ids["바위원"]!], language: "ko" })).get(ids["바위원"]!)?.[0]?.label).toBe("일반석 B-4");
    const outside = await assignSeat(test.db, by(), { eventId, inviteeId: ids["바위원"]!, companionIndex: 0, blockId: general.id, rowIndex: 5, seatNumber: 1 });
    expect(outside).toEqual({ ok: false, error: "no-such-seat" });
  });

  it("gives one seat to one of 20 organizers assigning it at the same moment", async () => {
    const blocks = await seatingBlocks(test.db, eventId);
    const general = blocks.find((b) => b.name_ko === "일반석")!;
    const extra = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: 20 }, (_, i) => sampleInvitee({ name: `동시${i}` })),
    );
    for (const id of extra) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending(), consentText: "c", mail });
    const results = await Promise.all(extra.map((inviteeId) => assignSeat(test.db, by(), { eventId, inviteeId, companionIndex: 0, blockId: general.id, rowIndex: 1, seatNumber: 2 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "seat-taken")).toHaveLength(19);
    const holders = await test.db.selectFrom("seat_assignments").select("invitee_id").where("block_id", "=", general.id).where("row_index", "=", 1).where("seat_number", "=", 2).execute();
    expect(holders).toHaveLength(1);
    // And one guest sent to 20 different seats at once ends on exactly one of them.
    const one = extra.find((id) => id !== holders[0]!.invitee_id)!;
    const bigger = await addSeatingBlock(test.db, eventId, block({ nameKo: "2층", nameEn: "Balcony", rows: "4", seatsPerRow: "5" }));
    expect(bigger.ok).toBe(true);
    const balcony = (await seatingBlocks(test.db, eventId)).find((b) => b.name_ko === "2층")!;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => assignSeat(test.db, by(), { eventId, inviteeId: one, companionIndex: 0, blockId: balcony.id, rowIndex: Math.floor(i / 5), seatNumber: (i % 5) + 1 })),
    );
    const seatsOfOne = await test.db.selectFrom("seat_assignments").select("id").where("invitee_id", "=", one).execute();
    expect(seatsOfOne).toHaveLength(1);
  });

  it("frees the seats of a guest who declines, and of companions no longer coming, with the answer itself", async () => {
    const held = async (name: string) =>
      (await test.db.selectFrom("seat_assignments").select("companion_index").where("invitee_id", "=", ids[name]!).orderBy("companion_index").execute()).map((seat) => seat.companion_index);
    expect(await held("마학생")).toEqual([0]);
    expect(await held("가학부모")).toEqual([0, 1, 2]);
    await recordRsvp(test.db, { eventId, inviteeId: ids["마학생"]!, form: { ...attending(), answer: "declined" }, consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids["가학부모"]!, form: attending({ companions: 1 }), consentText: "c", mail });
    // Freed by the answers themselves, with no change to the seating in between.
    expect(await held("마학생")).toEqual([]);
    expect(await held("가학부모")).toEqual([0, 1]);
    const overview = await seatingOverview(test.db, eventId, "ko");
    expect(overview.seated.some((entry) => entry.guest.id === ids["마학생"])).toBe(false);
    expect(overview.seated.filter((entry) => entry.guest.id === ids["가학부모"]).map((entry) => entry.label)).toEqual(["일반석 A-1", "일반석 A-2"]);
    expect(overview.freeSeats.map((seat) => seat.label)).toEqual(expect.arrayContaining(["일반석 A-3", "일반석 A-4"]));
    expect((await seatsOfInvitees(test.db, { eventId, inviteeIds: [ids["가학부모"]!], language: "ko" })).get(ids["가학부모"]!)?.map((seat) => seat.label)).toEqual(["일반석 A-1", "일반석 A-2"]);
    // The rule is the database's, whichever statement changes the answer.
    await test.db.updateTable("rsvps").set({ companions: 0 }).where("invitee_id", "=", ids["가학부모"]!).execute();
    expect(await held("가학부모")).toEqual([0]);
    await test.db.updateTable("rsvps").set({ companions: 1 }).where("invitee_id", "=", ids["가학부모"]!).execute();
    const general = (await seatingBlocks(test.db, eventId)).find((b) => b.name_ko === "일반석")!;
    expect(await assignSeat(test.db, by(), { eventId, inviteeId: ids["가학부모"]!, companionIndex: 1, blockId: general.id, rowIndex: 0, seatNumber: 2 })).toEqual({ ok: true });
    // A freed seat can be given again at once.
    expect(await assignSeat(test.db, by(), { eventId, inviteeId: ids["바위원"]!, companionIndex: 0, blockId: general.id, rowIndex: 0, seatNumber: 4 })).toEqual({ ok: true });
  });

  it("refuses to shrink a block under people's seats until the organizer confirms", async () => {
    const general = (await seatingBlocks(test.db, eventId)).find((b) => b.name_ko === "일반석")!;
    const refused = await updateSeatingBlock(test.db, by(), { eventId, blockId: general.id, form: block({ rows: "1", seatsPerRow: "2" }) });
    expect(refused).toMatchObject({ ok: false, error: "would-unseat" });
    expect((refused as { count: number }).count).toBeGreaterThan(0);
    const confirmed = await updateSeatingBlock(test.db, by(), { eventId, blockId: general.id, form: block({ rows: "1", seatsPerRow: "2", unseat: "1" }) });
    expect(confirmed).toEqual({ ok: true });
    const left = await test.db.selectFrom("seat_assignments").select(["row_index", "seat_number"]).where("block_id", "=", general.id).execute();
    expect(left.every((seat) => seat.row_index === 0 && seat.seat_number <= 2)).toBe(true);
  });

  it("writes an access record for the page, each change and each print", async () => {
    const before = await test.db.selectFrom("access_records").select("id").where("event_id", "=", eventId).execute();
    const loaded = await outcome(() =>
      seatingPage.loader({ request: new Request(`http://localhost/admin/events/${eventId}/seating`, { headers: { Cookie: cookie } }), params: { eventId: String(eventId) }, context }),
    );
    expect(loaded.status).toBe(200);
    const assigned = await outcome(() =>
      seatingPage.action({ request: postRequest(`/admin/events/${eventId}/seating`, { intent: "auto" }, { Cookie: cookie }), params: { eventId: String(eventId) }, context }),
    );
    expect(assigned.status).toBe(302);
    const after = await test.db.selectFrom("access_records").select(["action", "filter"]).where("event_id", "=", eventId).orderBy("id").execute();
    const added = after.slice(before.length);
    // The page's listing, then the automatic run that seated those the smaller block unseated.
    expect(added.map((row) => row.action)).toEqual(["list", "update"]);
    expect(added[1]?.filter).toMatchObject({ seating: "auto" });
  });

  it("imports seats from a sheet, or reports every bad row by line and changes nothing", async () => {
    await clearSeats(test.db, by(), eventId);
    const csv = (text: string) => new TextEncoder().encode(text);
    const bad = await importSeats(test.db, by(), {
      eventId,
      fileName: "seats.csv",
      bytes: csv("이름,이메일,구역,좌석\n바위원,,2층,D-5\n없는사람,,2층,A-1\n가학부모,,없는구역,A-1\n라교육감,,내빈석,9\n다시장,,2층,D-5\n"),
    });
    expect(bad).toEqual({
      ok: false,
      errors: [
        { line: 3, reason: "guest", value: "없는사람" },
        { line: 4, reason: "block", value: "없는구역" },
        { line: 5, reason: "seat", value: "9" },
        { line: 6, reason: "twice", value: "2층 D-5" },
      ],
    });
    expect(await test.db.selectFrom("seat_assignments").select("id").where("event_id", "=", eventId).execute()).toEqual([]);
    const good = await importSeats(test.db, by(), { eventId, fileName: "seats.csv", bytes: csv("name,block,seat,companion\n바위원,Balcony,d5,\n가학부모,2층,D-4,1\n김대리,VIP seats,2,\n") });
    expect(good).toEqual({ ok: true, seated: 3 });
    const seats = await seatsOfInvitees(test.db, { eventId, language: "ko" });
    expect(seats.get(ids["바위원"]!)).toEqual([{ companionIndex: 0, label: "2층 D-5" }]);
    expect(seats.get(ids["가학부모"]!)).toEqual([{ companionIndex: 1, label: "2층 D-4" }]);
    // A proxy is found by their own name and sits in the invitee's seat.
    expect(seats.get(ids["나의장"]!)).toEqual([{ companionIndex: 0, label: "내빈석 2" }]);
    const taken = await importSeats(test.db, by(), { eventId, fileName: "seats.csv", bytes: csv("이름,구역,좌석\n다시장,2층,D-5\n") });
    expect(taken).toEqual({ ok: false, errors: [{ line: 2, reason: "taken", value: "" }] });
  });
});
