/**
 * Where a seat shows once the organizer has seated a guest (issue 18): the guest's ticket and
 * page, the ticket email and the day-before notice, the door's welcome (online and in the offline
 * roster), the arrivals page and the MC's list, and the head table's name plates in seat order.
 * Blocks and seats are made with plain inserts, as the seating page would leave them.
 */
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrivalsOverview, arrivedVipIntroductions } from "../../app/domain/checkin/arrivals.server";
import { checkInByCode, checkInInvitee, checkInTicket, checkinRoster, undoCheckIn } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { queueDueAttendeeNotices } from "../../app/domain/invitations/attendee-notices.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { namePlates } from "../../app/domain/protocol/name-plates.server";
import { recordRsvp, reissueTicket, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { fromZonedInputs } from "../../app/lib/format";
import { localeCookie } from "../../app/web/locale.server";
import * as personalPage from "../../app/routes/i.$token";
import * as ticketRoute from "../../app/routes/i.$token_.ticket";
import * as platesRoute from "../../app/routes/admin.events.$eventId.attendees.name-plates";
import type { SeatingBlockKind } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("where a seat shows", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let cookie: string;
  let eventId: number;
  /** 0 김시장 (seated A-3, two companions at ), 1 이교육장 (proxy, head table seat 2), 2 박의원 (head table seat 1), 3 최학생 (no seat), 4 정불참 (seated, declined). */
  let ids: number[];
  const blocks: Record<"vip" | "head", number> = { vip: 0, head: 0 };
  const by = () => ({ eventId, entrance: "정문", organizerId: ownerId });

  async function block(kind: SeatingBlockKind, nameKo: string, nameEn: string, position: number, rows: number, seatsPerRow: number) {
    const row = await test.db
      .insertInto("seating_blocks")
      .values({ event_id: eventId, kind, name_ko: nameKo, name_en: nameEn, position, rows, seats_per_row: seatsPerRow })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const seat = (blockId: number, inviteeId: number, rowIndex: number, seatNumber: number, companionIndex = 0) =>
    test.db
      .insertInto("seat_assignments")
      .values({ event_id: eventId, block_id: blockId, invitee_id: inviteeId, row_index: rowIndex, seat_number: seatNumber, companion_index: companionIndex, assigned_by: "manual" })
      .execute();

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "seat-display" })))).id;
    ids = await addInvitees(
      test.db,
      eventId,
      [
        { name: "김시장", isVip: "on", organization: "파주시", position: "시장", language: "ko" as const },
        { name: "이교육장", isVip: "on", organization: "파주교육지원청", position: "교육장", language: "en" as const },
        { name: "박의원", isVip: "on", organization: "시의회", position: "의원", language: "ko" as const },
        { name: "최학생", isVip: "", organization: "운정고", position: "학생", language: "ko" as const },
        { name: "정불참", isVip: "", organization: "", position: "", language: "ko" as const },
      ].map((person, i) => sampleInvitee({ ...person, email: `seat${i}@example.org` })),
    );
    const answer = (inviteeId: number, form: RsvpForm) => recordRsvp(test.db, { eventId, inviteeId, form, consentText: "c", mail });
    await answer(ids[0]!, { ...attending, companions: 2 });
    await answer(ids[1]!, { ...attending, answer: "proxy", proxyName: "이대리", proxyPosition: "국장" });
    await answer(ids[2]!, attending);
    await answer(ids[3]!, attending);
    await answer(ids[4]!, { ...attending, answer: "declined", consent: false });
    blocks.vip = await block("theatre", "내빈석", "VIP seats", 1, 2, 10);
    blocks.head = await block("head_table", "헤드테이블", "Head table", 0, 1, 6);
    await seat(blocks.vip, ids[0]!, 0, 3);
    await seat(blocks.vip, ids[0]!, 0, 4, 1);
    await seat(blocks.vip, ids[0]!, 0, 5, 2);
    await seat(blocks.head, ids[2]!, 0, 1);
    await seat(blocks.head, ids[1]!, 0, 2);
    await seat(blocks.head, ids[4]!, 0, 3);
  });
  afterAll(() => test.destroy());

  describe("on the guest's ticket and page", () => {
    const koreanReader = async () => ({ Cookie: (await localeCookie.serialize("ko")).split(";")[0]! });
    const english = async () => ({ Cookie: (await localeCookie.serialize("en")).split(";")[0]! });
    const tokenOf = (id: number) => personalLinkToken(test.db, { id, link_version: 1 });
    const ticketOf = async (id: number, headers: Record<string, string>) => {
      const token = await tokenOf(id);
      return (await outcome(() => ticketRoute.loader({ request: getRequest(`/i/${token}/ticket`, headers), params: { token }, context }))).data.ticket;
    };

    it("shows the seat and the companions' seats, in the reader's language", async () => {
      const korean = await koreanReader();
      expect(await ticketOf(ids[0]!, korean)).toMatchObject({ seat: "내빈석 A-3", companionSeats: ["내빈석 A-4", "내빈석 A-5"] });
      expect(await ticketOf(ids[0]!, await english())).toMatchObject({ seat: "VIP seats A-3", companionSeats: ["VIP seats A-4", "VIP seats A-5"] });
      const token = await tokenOf(ids[0]!);
      const page = await outcome(() => personalPage.loader({ request: getRequest(`/i/${token}`, korean), params: { token }, context }));
      expect(page.data.ticket).toMatchObject({ seat: "내빈석 A-3", companionSeats: ["내빈석 A-4", "내빈석 A-5"] });
    });

    it("shows a proxy the seat of the one they stand in for, and a head table seat by its number", async () => {
      expect(await ticketOf(ids[1]!, await english())).toMatchObject({ holder: "이대리", seat: "Head table 2", companionSeats: [] });
    });

    it("shows nothing of seats when the guest has none", async () => {
      expect(await ticketOf(ids[3]!, await koreanReader())).toMatchObject({ seat: null, companionSeats: [] });
    });

    it("frees a companion's seat once the guest says fewer come, so it is not theirs when more come again", async () => {
      await recordRsvp(test.db, { eventId, inviteeId: ids[0]!, form: { ...attending, companions: 1 }, consentText: "c", mail });
      expect(await ticketOf(ids[0]!, await koreanReader())).toMatchObject({ seat: "내빈석 A-3", companionSeats: ["내빈석 A-4"] });
      await recordRsvp(test.db, { eventId, inviteeId: ids[0]!, form: { ...attending, companions: 2 }, consentText: "c", mail });
      expect(await ticketOf(ids[0]!, await koreanReader())).toMatchObject({ seat: "내빈석 A-3", companionSeats: ["내빈석 A-4"] });
      // Seated again for the rest of these tests.
      await seat(blocks.vip, ids[0]!, 0, 5, 2);
    });
  });

  describe("in the emails", () => {
    const latest = async (inviteeId: number, kind: string) =>
      test.db.selectFrom("email_outbox").select(["text_body", "html_body"]).where("invitee_id", "=", inviteeId).where("kind", "=", kind).orderBy("id", "desc").executeTakeFirstOrThrow();

    it("puts the seat in a ticket sent after seating, in the guest's language", async () => {
      await reissueTicket(test.db, { eventId, inviteeId: ids[0]!, mail });
      const korean = await latest(ids[0]!, "ticket");
      expect(korean.text_body).toContain("좌석: 내빈석 A-3");
      expect(korean.text_body).toContain("동반자 좌석: 내빈석 A-4, 내빈석 A-5");
      expect(korean.html_body).toContain("내빈석 A-3");
      await reissueTicket(test.db, { eventId, inviteeId: ids[1]!, mail });
      expect((await latest(ids[1]!, "ticket")).text_body).toContain("Seat: Head table 2");
      await reissueTicket(test.db, { eventId, inviteeId: ids[3]!, mail });
      expect((await latest(ids[3]!, "ticket")).text_body).not.toMatch(/좌석|Seat/);
    });

    it("puts the seat in the day-before notice", async () => {
      expect(await queueDueAttendeeNotices(test.db, mail, fromZonedInputs("2030-12-22", "10:00", "Asia/Seoul"))).toBe(4);
      expect((await latest(ids[0]!, "attendee-notice")).text_body).toContain("좌석: 내빈석 A-3");
      expect((await latest(ids[1]!, "attendee-notice")).text_body).toContain("Seat: Head table 2");
      expect((await latest(ids[2]!, "attendee-notice")).text_body).toContain("좌석: 헤드테이블 1");
      expect((await latest(ids[3]!, "attendee-notice")).text_body).not.toContain("좌석");
    });
  });

  describe("at the door", () => {
    const vipSeat = (code: string) => ({ code, blockKo: "내빈석", blockEn: "VIP seats" });

    it("welcomes a scanned ticket with the seat, and says it again on a second scan", async () => {
      const ticket = (await activeTicket(test.db, ids[0]!))!;
      const welcome = await checkInTicket(test.db, by(), ticket.payload);
      expect(welcome).toMatchObject({ result: "welcome", guest: { name: "김시장", seat: vipSeat("A-3"), companionSeats: [vipSeat("A-4"), vipSeat("A-5")] } });
      expect(await checkInTicket(test.db, by(), ticket.payload)).toMatchObject({ result: "already", guest: { seat: vipSeat("A-3") } });
      if (welcome.result === "welcome") await undoCheckIn(test.db, { eventId, checkinId: welcome.checkinId, organizerId: ownerId });
    });

    it("welcomes a typed code and a name found by hand with the seat too, and an unseated guest without one", async () => {
      const code = (await activeTicket(test.db, ids[1]!))!.code;
      expect(await checkInByCode(test.db, by(), code)).toMatchObject({
        result: "welcome",
        guest: { proxyName: "이대리", seat: { code: "2", blockKo: "헤드테이블", blockEn: "Head table" }, companionSeats: [] },
      });
      expect(await checkInInvitee(test.db, by(), ids[3]!)).toMatchObject({ result: "welcome", guest: { seat: null, companionSeats: [] } });
    });

    it("carries each ticket's seats in the offline roster", async () => {
      const roster = await checkinRoster(test.db, eventId);
      const of = (id: number) => roster.tickets.find((ticket) => ticket.inviteeId === id)!;
      expect(of(ids[0]!)).toMatchObject({ seat: vipSeat("A-3"), companionSeats: [vipSeat("A-4"), vipSeat("A-5")] });
      expect(of(ids[2]!).seat).toEqual({ code: "1", blockKo: "헤드테이블", blockEn: "Head table" });
      expect(of(ids[3]!)).toMatchObject({ seat: null, companionSeats: [] });
    });
  });

  describe("for the organizer", () => {
    it("shows each arrival's seat on the arrivals page and the MC's list", async () => {
      await checkInInvitee(test.db, by(), ids[0]!);
      const overview = await arrivalsOverview(test.db, eventId, "ko");
      const recent = Object.fromEntries(overview.recent.map((row) => [row.name, row.seat]));
      expect(recent).toEqual({ 김시장: "내빈석 A-3", 이교육장: "헤드테이블 2", 최학생: null });
      expect(overview.vips.map((vip) => [vip.name, vip.seat])).toEqual([
        ["김시장", "내빈석 A-3"],
        ["박의원", "헤드테이블 1"],
        ["이교육장", "헤드테이블 2"],
      ]);
      expect((await arrivedVipIntroductions(test.db, eventId, "en")).map((vip) => [vip.name, vip.seat])).toEqual([
        ["김시장", "VIP seats A-3"],
        ["이교육장", "Head table 2"],
      ]);
    });

    it("prints the head table's name plates in seat order: those attending, a proxy in their own name", async () => {
      const result = await namePlates(test.db, { eventId, vipOnly: false, headTable: true, locale: "ko" });
      // Seat 3 declined: no plate. Companions have no plate of their own.
      expect(result!.plates.map((plate) => [plate.name, plate.onBehalfOf])).toEqual([
        ["박의원", null],
        ["이대리", "이교육장"],
      ]);
      // A second head table later in the plan follows the first one's seats.
      const second = await test.db
        .insertInto("seating_blocks")
        .values({ event_id: eventId, kind: "head_table", name_ko: "단상", name_en: "Stage", position: 5, rows: 1, seats_per_row: 3 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await seat(second.id, ids[3]!, 0, 1);
      expect((await namePlates(test.db, { eventId, vipOnly: false, headTable: true, locale: "ko" }))!.plates.map((plate) => plate.name)).toEqual(["박의원", "이대리", "최학생"]);
      await test.db.deleteFrom("seating_blocks").where("id", "=", second.id).execute();
    });

    it("prints them from the route with table=head, recording the print", async () => {
      const path = `/admin/events/${eventId}/attendees/name-plates?group=*&table=head&reason=reception`;
      const page = await outcome(() => platesRoute.loader({ request: getRequest(path, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
      expect(page.status).toBe(200);
      expect(page.data.headTable).toBe(true);
      expect(page.data.plates.map((plate: { name: string }) => plate.name)).toEqual(["박의원", "이대리"]);
      const record = await test.db.selectFrom("access_records").select(["action", "filter", "subject_count"]).where("action", "=", "print").orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(record.filter).toMatchObject({ print: "name-plates", table: "head" });
    });
  });
});
