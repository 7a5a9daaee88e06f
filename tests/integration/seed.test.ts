import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAgenda, personLine } from "../../app/domain/program/agenda.server";
import { listAwards } from "../../app/domain/program/awards.server";
import { listPublicEvents } from "../../app/domain/events/events.server";
import { authenticateOrganizer } from "../../app/domain/accounts/organizers.server";
import { namePlates } from "../../app/domain/protocol/name-plates.server";
import { seatsOfInvitees } from "../../app/domain/seating/seats.server";
import { DEMO_ORGANIZER, pajuMeetingDate, seedDemo } from "../../scripts/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("demo data", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("dates the Paju meeting on the next 23 December at least two weeks ahead", () => {
    expect(pajuMeetingDate(new Date("2026-11-23T03:00:00Z"))).toBe("2026-12-23");
    expect(pajuMeetingDate(new Date("2026-12-08T03:00:00Z"))).toBe("2026-12-23");
    expect(pajuMeetingDate(new Date("2026-12-10T03:00:00Z"))).toBe("2027-12-23");
    expect(pajuMeetingDate(new Date("2026-12-24T03:00:00Z"))).toBe("2027-12-23");
  });

  it("seeds the demo organizer and the two sample events once, dated from the day of seeding", async () => {
    const today = new Date("2026-12-20T01:00:00Z");
    expect(await seedDemo(test.db, today)).toEqual({ created: true });
    expect(await seedDemo(test.db, today)).toEqual({ created: false });

    const login = await authenticateOrganizer(test.db, { ...DEMO_ORGANIZER, clientAddress: "127.0.0.1" });
    expect(login.ok).toBe(true);

    const { upcoming } = await listPublicEvents(test.db, today);
    expect(upcoming).toHaveLength(2);
    const [hanam, paju] = upcoming;
    expect(hanam!.title_ko).toBe("미래교육도시 하남 – 경기공유학교 업무협약식");
    expect(hanam!.starts_at.toISOString()).toBe("2026-12-27T01:30:00.000Z");
    expect(paju!.title_ko).toBe("2027 파주시 교육발전특구 성과공유회");
    expect(paju!.title_en).toBe("2027 Paju City Education Development Zone Performance Sharing Meeting");
    expect(paju!.starts_at.toISOString()).toBe("2027-12-23T05:00:00.000Z");
    expect(upcoming.every((event) => event.is_sample)).toBe(true);

    const invitees = await test.db.selectFrom("invitees").select(["name", "email", "is_vip", "group_name", "link_token_hash"]).where("event_id", "=", paju!.id).execute();
    expect(invitees.length).toBeGreaterThanOrEqual(95);
    expect(invitees.length).toBeLessThanOrEqual(110);
    expect(invitees.filter((i) => i.email === null).length).toBeGreaterThan(5);
    expect(invitees.filter((i) => i.is_vip).length).toBeGreaterThan(2);
    expect(invitees.every((i) => i.email === null || i.email.endsWith("@example.org"))).toBe(true);
    expect(new Set(invitees.map((i) => i.group_name)).size).toBeGreaterThanOrEqual(5);
    // Each has a working personal link of its own.
    expect(new Set(invitees.map((i) => i.link_token_hash)).size).toBe(invitees.length);

    // Both come with a program; Paju's in two parts with the awards, its recipients fictional minors.
    const pajuProgram = await listAgenda(test.db, paju!.id);
    expect(pajuProgram.parts.map((part) => part.title_ko)).toEqual(["1부", "2부"]);
    expect(pajuProgram.sessions.map((session) => session.kind)).toEqual(["opening", "awards", "presentation", "performance", "announcement", "lecture"]);
    expect(pajuProgram.sessions.at(-1)!.people.map((person) => personLine(person, "ko"))).toEqual(["전제상 교수(공주교육대학교)"]);
    expect((await listAgenda(test.db, hanam!.id)).sessions.map((session) => session.kind)).toEqual(["opening", "remarks", "signing", "photo"]);
    const awards = await listAwards(test.db, paju!.id, "public");
    expect(awards[0]!.name_ko).toContain("우수기자상");
    expect(awards[0]!.recipients.every((recipient) => recipient.is_minor && /^.○+$/u.test(recipient.name))).toBe(true);
  });

  it("seats the Paju guests of honour in the 내빈석 block and the Hanam signatories at a head table of six, with their plates", async () => {
    const [hanam, paju] = (await listPublicEvents(test.db, new Date("2026-12-20T01:00:00Z"))).upcoming;
    const pajuBlocks = await test.db.selectFrom("seating_blocks").select(["id", "kind", "name_ko", "name_en", "reserved_group"]).where("event_id", "=", paju!.id).orderBy("position").execute();
    expect(pajuBlocks.map((block) => [block.kind, block.name_ko, block.name_en, block.reserved_group])).toEqual([
      ["theatre", "내빈석", "VIP seats", "내빈"],
      ["theatre", "일반석", "General seating", ""],
    ]);
    const vips = await test.db.selectFrom("invitees").select("id").where("event_id", "=", paju!.id).where("is_vip", "=", true).orderBy("id").execute();
    const seats = await seatsOfInvitees(test.db, { eventId: paju!.id, language: "ko" });
    expect(vips.length).toBeGreaterThan(2);
    // Every guest of honour, and nobody else, holds a seat in the 내빈석 block, A-1 onwards.
    expect([...seats.keys()].sort((a, b) => a - b)).toEqual(vips.map((vip) => vip.id));
    expect(vips.map((vip) => seats.get(vip.id))).toEqual(vips.map((_, i) => [{ companionIndex: 0, label: `내빈석 A-${i + 1}` }]));
    expect((await seatsOfInvitees(test.db, { eventId: paju!.id, inviteeIds: [vips[2]!.id], language: "en" })).get(vips[2]!.id)).toEqual([{ companionIndex: 0, label: "VIP seats A-3" }]);

    const hanamBlocks = await test.db.selectFrom("seating_blocks").select(["kind", "rows", "seats_per_row"]).where("event_id", "=", hanam!.id).execute();
    expect(hanamBlocks).toEqual([{ kind: "head_table", rows: 1, seats_per_row: 6 }]);
    const plates = await namePlates(test.db, { eventId: hanam!.id, vipOnly: false, headTable: true, locale: "ko" });
    expect(plates!.plates.map((plate) => plate.name)).toEqual(["김태호", "이정민", "박성준", "최은영", "정하늘", "윤서진"]);
    // They are attending with tickets, taken by the organizer: no email waits to go out for them.
    const tickets = await test.db.selectFrom("tickets").select("status").where("event_id", "=", hanam!.id).execute();
    expect(tickets.map((ticket) => ticket.status)).toEqual(Array(6).fill("active"));
    expect(await test.db.selectFrom("email_outbox").select("id").where("event_id", "=", hanam!.id).execute()).toEqual([]);
  });
});
