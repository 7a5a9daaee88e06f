import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAgenda, personLine } from "../../app/domain/program/agenda.server";
import { listAwards } from "../../app/domain/program/awards.server";
import { listPublicEvents } from "../../app/domain/events/events.server";
import { authenticateOrganizer } from "../../app/domain/accounts/organizers.server";
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
});
