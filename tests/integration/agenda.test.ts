import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addPart, AgendaRefused, listAgenda, saveSession, sessionFormSchema, shiftSessions } from "../../app/domain/program/agenda.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { toZonedInputs } from "../../app/lib/format";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

/** The session form as a browser posts it. */
const raw = (overrides: Record<string, string>) => ({
  partId: "",
  kind: "presentation",
  startTime: "14:00",
  endTime: "14:20",
  titleKo: "발표",
  titleEn: "",
  descriptionKo: "",
  descriptionEn: "",
  room: "",
  cue: "",
  ...overrides,
});
const session = (overrides: Record<string, string>) => sessionFormSchema.parse(raw(overrides));

describe("the program's sessions", () => {
  let test: TestDatabase;
  let eventId: number;
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    test = await createTestDatabase();
    const owner = await newOrganizer(test.db, "Owner");
    // 2030-12-23, 14:00–17:00 in Seoul.
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "program" })))).id;
  });
  afterAll(() => test.destroy());
  afterEach(async () => {
    process.env.TZ = originalTz;
    await test.db.deleteFrom("agenda_sessions").execute();
  });

  const times = async () =>
    (await listAgenda(test.db, eventId)).sessions.map((s) => `${toZonedInputs(s.starts_at, "Asia/Seoul").time}-${toZonedInputs(s.ends_at, "Asia/Seoul").time} ${s.room || "-"} ${s.title_ko}`);

  it("refuses an overlap in the same room, naming the other session, and allows it in another room", async () => {
    await saveSession(test.db, eventId, session({ titleKo: "개회식", kind: "opening", startTime: "14:00", endTime: "14:20" }));
    const refusal = await saveSession(test.db, eventId, session({ titleKo: "축사", startTime: "14:10", endTime: "14:30" })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AgendaRefused);
    expect((refusal as AgendaRefused).refusal).toMatchObject({ reason: "overlap", other: { title: "개회식" } });
    await saveSession(test.db, eventId, session({ titleKo: "분과 발표", startTime: "14:10", endTime: "14:30", room: "소회의실" }));
    // End to start touching is not an overlap.
    await saveSession(test.db, eventId, session({ titleKo: "시상식", kind: "awards", startTime: "14:20", endTime: "14:40" }));
    expect(await times()).toEqual(["14:00-14:20 - 개회식", "14:10-14:30 소회의실 분과 발표", "14:20-14:40 - 시상식"]);
  });

  it("refuses an end before the start, a time that is no time, and anything past the event's day", async () => {
    const errors = (form: Record<string, string>) => {
      const parsed = sessionFormSchema.safeParse(raw(form));
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    };
    expect(errors({ startTime: "15:00", endTime: "14:00" })).toEqual({ endTime: "error.endBeforeStart" });
    expect(errors({ startTime: "25:00" })).toMatchObject({ startTime: "error.time" });
    expect(errors({ titleKo: "", titleEn: "" })).toEqual({ titleKo: "error.koreanOrEnglish" });
    expect(errors({ kind: "party" })).toEqual({ kind: "error.invalid" });
    // Times are on the event's day (a form cannot name another); the last minutes of it are fine...
    const late = await saveSession(test.db, eventId, session({ startTime: "23:30", endTime: "23:59" }));
    // ...but a shift may not push a session past midnight.
    await expect(shiftSessions(test.db, eventId, late.id, 10)).rejects.toMatchObject({ refusal: { reason: "outside-day" } });
  });

  it("shifts this session and every later one, and nothing earlier", async () => {
    const opening = await saveSession(test.db, eventId, session({ titleKo: "개회식", startTime: "14:00", endTime: "14:20" }));
    const awards = await saveSession(test.db, eventId, session({ titleKo: "시상식", startTime: "14:20", endTime: "14:40" }));
    await saveSession(test.db, eventId, session({ titleKo: "공연", startTime: "15:00", endTime: "15:30", room: "야외무대" }));
    expect(opening.id).toBeGreaterThan(0);
    expect(await shiftSessions(test.db, eventId, awards.id, 15)).toBe(2);
    expect(await times()).toEqual(["14:00-14:20 - 개회식", "14:35-14:55 - 시상식", "15:15-15:45 야외무대 공연"]);
    // Shifting back into the opening would overlap it: refused, nothing moves.
    await expect(shiftSessions(test.db, eventId, awards.id, -30)).rejects.toBeInstanceOf(AgendaRefused);
    // Past midnight is outside the day.
    await expect(shiftSessions(test.db, eventId, opening.id, 600)).rejects.toMatchObject({ refusal: { reason: "outside-day" } });
    expect(await times()).toEqual(["14:00-14:20 - 개회식", "14:35-14:55 - 시상식", "15:15-15:45 야외무대 공연"]);
  });

  it("stores Seoul's 14:00 whatever the server's time zone", async () => {
    for (const tz of ["UTC", "Asia/Seoul", "America/Los_Angeles"]) {
      process.env.TZ = tz;
      await test.db.deleteFrom("agenda_sessions").execute();
      await saveSession(test.db, eventId, session({ startTime: "14:00", endTime: "14:20" }));
      const [stored] = (await listAgenda(test.db, eventId)).sessions;
      expect(stored!.starts_at.toISOString(), tz).toBe("2030-12-23T05:00:00.000Z");
    }
  });

  it("groups sessions under parts and refuses another event's part", async () => {
    const part = await addPart(test.db, eventId, { titleKo: "1부", titleEn: "Part 1" });
    await saveSession(test.db, eventId, session({ partId: String(part.id) }));
    const { parts, sessions } = await listAgenda(test.db, eventId);
    expect(parts.map((p) => p.title_ko)).toEqual(["1부"]);
    expect(sessions[0]!.part_id).toBe(part.id);
    await expect(saveSession(test.db, eventId, session({ partId: "999999", startTime: "16:00", endTime: "16:10" }))).rejects.toMatchObject({ refusal: { reason: "unknown-part" } });
  });
});
