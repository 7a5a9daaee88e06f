import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAgenda } from "../../app/domain/program/agenda.server";
import { addAwardCategory, addAwardRecipient } from "../../app/domain/program/awards.server";
import { copyEvent, createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events/events.server";
import * as adminAgenda from "../../app/routes/admin.events.$eventId.agenda";
import * as runSheet from "../../app/routes/admin.events.$eventId.agenda_.run-sheet";
import * as peoplePage from "../../app/routes/admin.events.$eventId.agenda_.people";
import * as sessionPage from "../../app/routes/admin.events.$eventId.agenda_.sessions.$sessionId";
import * as publicAgenda from "../../app/routes/e.$slug_.agenda";
import * as eventPage from "../../app/routes/e.$slug";
import * as calendarRoute from "../../app/routes/e.$slug_.agenda[.]ics";
import ICAL from "ical.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

describe("the program's pages", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "program-pages" })))).id;
    await setEventStatus(test.db, eventId, "published");
  });
  afterAll(() => test.destroy());

  const post = (fields: Record<string, string>) =>
    outcome(() => adminAgenda.action({ request: postRequest(`/admin/events/${eventId}/agenda`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
  const session = (overrides: Record<string, string>) => ({
    intent: "session",
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

  it("builds a program in parts, refusing an overlap by name and keeping what was typed", async () => {
    expect((await post({ intent: "add-part", titleKo: "1부", titleEn: "Part 1" })).status).toBe(302);
    const page = await outcome(() => adminAgenda.loader({ request: getRequest(`/admin/events/${eventId}/agenda`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    const partId = String(page.data.parts[0].id);
    expect((await post(session({ partId, kind: "opening", titleKo: "개회식", titleEn: "Opening", startTime: "14:00", endTime: "14:15" }))).status).toBe(302);
    const overlap = await post(session({ partId, titleKo: "축사", startTime: "14:10", endTime: "14:20" }));
    expect(overlap.status).toBe(409);
    expect(overlap.data).toMatchObject({ overlapWith: "개회식", errors: { startTime: "agenda.error.overlap" }, values: { titleKo: "축사" } });
    const bad = await post(session({ titleKo: "", titleEn: "", startTime: "9시" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toMatchObject({ titleKo: "error.koreanOrEnglish", startTime: "error.time" });
    expect((await post({ intent: "shift", sessionId: "1", minutes: "0" })).status).toBe(400);
    // Parts can be renamed (a name is still needed) and removed; a removed part's sessions stay.
    expect((await post({ intent: "add-part", titleKo: "3부", titleEn: "" })).status).toBe(302);
    const third = (await listAgenda(test.db, eventId)).parts.find((part) => part.title_ko === "3부")!;
    const unnamed = await post({ intent: "update-part", partId: String(third.id), titleKo: "", titleEn: "" });
    expect(unnamed.status).toBe(400);
    expect(unnamed.data).toMatchObject({ form: `part-${third.id}`, errors: { titleKo: "error.koreanOrEnglish" } });
    expect((await post({ intent: "update-part", partId: String(third.id), titleKo: "3부 (공연)", titleEn: "Part 3" })).status).toBe(302);
    expect((await listAgenda(test.db, eventId)).parts.find((part) => part.id === third.id)).toMatchObject({ title_ko: "3부 (공연)", title_en: "Part 3" });
    expect((await post({ intent: "update-part", partId: "999999", titleKo: "x", titleEn: "" })).status).toBe(404);
    expect((await post(session({ partId: String(third.id), titleKo: "공연", startTime: "16:00", endTime: "16:10" }))).status).toBe(302);
    expect((await post({ intent: "remove-part", partId: String(third.id) })).status).toBe(302);
    const afterRemoval = await listAgenda(test.db, eventId);
    expect(afterRemoval.parts.map((part) => part.title_ko)).toEqual(["1부"]);
    const orphan = afterRemoval.sessions.find((s) => s.title_ko === "공연")!;
    expect(orphan.part_id).toBeNull();
    await test.db.deleteFrom("agenda_sessions").where("id", "=", orphan.id).execute();
  });

  it("shows the public program by part in the reader's language, and nothing for an unpublished event", async () => {
    const shown = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda", { "Accept-Language": "en" }), params: { slug: "program-pages" }, context }));
    expect(shown.data.groups).toEqual([
      { key: expect.stringMatching(/^part-/), title: "Part 1", sessions: [expect.objectContaining({ title: "Opening", time: expect.stringMatching(/^2:00\s–\s2:15\sPM$/u), state: null })] },
    ]);
    await setEventStatus(test.db, eventId, "draft");
    const hidden = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda"), params: { slug: "program-pages" }, context }));
    expect(hidden.status).toBe(404);
    await setEventStatus(test.db, eventId, "published");
  });

  it("marks what is on now and next while the event runs", async () => {
    const now = Date.now();
    await test.db
      .updateTable("events")
      .set({ starts_at: new Date(now - 3_600_000), ends_at: new Date(now + 3_600_000) })
      .where("id", "=", eventId)
      .execute();
    await test.db.deleteFrom("agenda_sessions").where("event_id", "=", eventId).execute();
    await test.db
      .insertInto("agenda_sessions")
      .values([
        { event_id: eventId, starts_at: new Date(now - 1_800_000), ends_at: new Date(now - 600_000), kind: "opening", title_ko: "지난 순서" },
        { event_id: eventId, starts_at: new Date(now - 600_000), ends_at: new Date(now + 600_000), kind: "lecture", title_ko: "지금 순서" },
        { event_id: eventId, starts_at: new Date(now + 600_000), ends_at: new Date(now + 1_200_000), kind: "performance", title_ko: "다음 순서" },
      ])
      .execute();
    const shown = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda", { "Accept-Language": "ko" }), params: { slug: "program-pages" }, context }));
    const states = shown.data.groups
      .flatMap((group: { sessions: Array<{ title: string; state: string | null }> }) => group.sessions)
      .map((s: { title: string; state: string | null }) => [s.title, s.state]);
    expect(states).toEqual([
      ["지난 순서", null],
      ["지금 순서", "now"],
      ["다음 순서", "next"],
    ]);
    expect(shown.data.running).toBe(true);
  });

  it("puts the program in short on the event's public page", async () => {
    const page = await outcome(() => eventPage.loader({ request: getRequest("/e/program-pages", { "Accept-Language": "ko" }), params: { slug: "program-pages" }, context }));
    expect(page.data.agenda.map((item: { title: string }) => item.title)).toEqual(["지난 순서", "지금 순서", "다음 순서"]);
  });

  it("copies the program with the event, under the copy's own parts", async () => {
    const owner = await test.db.selectFrom("event_members").select("organizer_id").where("event_id", "=", eventId).executeTakeFirstOrThrow();
    const copy = await copyEvent(test.db, eventId, owner.organizer_id);
    const original = await listAgenda(test.db, eventId);
    const copied = await listAgenda(test.db, copy.id);
    expect(copied.sessions.map((session) => [session.title_ko, session.starts_at.toISOString()])).toEqual(original.sessions.map((session) => [session.title_ko, session.starts_at.toISOString()]));
    expect(copied.parts.map((part) => part.title_ko)).toEqual(original.parts.map((part) => part.title_ko));
    expect(copied.parts.every((part) => !original.parts.some((o) => o.id === part.id))).toBe(true);
  });

  it("gives the program as a calendar file that a calendar library reads back with the right times", async () => {
    await test.db.deleteFrom("agenda_sessions").where("event_id", "=", eventId).execute();
    await test.db
      .updateTable("events")
      .set({ starts_at: new Date("2030-12-23T05:00:00Z"), ends_at: new Date("2030-12-23T08:00:00Z") })
      .where("id", "=", eventId)
      .execute();
    await post(session({ kind: "opening", titleKo: "개회식, 국민의례", titleEn: "Opening", startTime: "14:00", endTime: "14:15", room: "대강당" }));
    await post(session({ kind: "lecture", titleKo: "특강: 미래 교육의 방향", startTime: "16:00", endTime: "16:50" }));
    const response = (await calendarRoute.loader({ request: getRequest("/e/program-pages/agenda.ics", { "Accept-Language": "ko" }), params: { slug: "program-pages" }, context })) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    expect(events.map((event) => [event.summary, event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()])).toEqual([
      ["개회식, 국민의례", "2030-12-23T05:00:00.000Z", "2030-12-23T05:15:00.000Z"],
      ["특강: 미래 교육의 방향", "2030-12-23T07:00:00.000Z", "2030-12-23T07:50:00.000Z"],
    ]);
    expect(events[0]!.location).toContain("대강당");
    expect(new Set(events.map((event) => event.uid)).size).toBe(2);
  });

  it("gives the MC a run sheet with every session's note, for organizers only", async () => {
    await post(session({ kind: "awards", titleKo: "시상식", startTime: "15:00", endTime: "15:20", cue: "시상자 교육장, 트로피 전달" }));
    const sheet = await outcome(() => runSheet.loader({ request: getRequest(`/admin/events/${eventId}/agenda/run-sheet`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    expect(sheet.data.rows.find((row: { title: string }) => row.title === "시상식").cue).toBe("시상자 교육장, 트로피 전달");
    const publicProgram = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda"), params: { slug: "program-pages" }, context }));
    expect(JSON.stringify(publicProgram.data)).not.toContain("트로피 전달");

    // Who hands over what: the awards of the session with their presenter and recipients in call order.
    const awardsSession = (await listAgenda(test.db, eventId)).sessions.find((s) => s.title_ko === "시상식")!;
    const category = await addAwardCategory(test.db, eventId, {
      nameKo: "우수기자상",
      nameEn: "Outstanding Reporter Award",
      descriptionKo: "",
      descriptionEn: "",
      presenter: "교육장",
      sessionId: awardsSession.id,
    });
    const recipient = { categoryId: category.id, organization: "문산중학교", grade: "2학년", citation: "", isMinor: true, inviteeId: null, standInName: "", standInPosition: "" };
    await addAwardRecipient(test.db, eventId, { ...recipient, name: "김하늘" });
    await addAwardRecipient(test.db, eventId, { ...recipient, name: "이서진", standInName: "이보호" });
    const withAwards = await outcome(() => runSheet.loader({ request: getRequest(`/admin/events/${eventId}/agenda/run-sheet`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    expect(withAwards.data.rows.find((row: { id: number }) => row.id === awardsSession.id).awards).toEqual([
      {
        id: category.id,
        name: "우수기자상",
        presenter: "교육장",
        recipients: [expect.objectContaining({ name: "김하늘", standIn: null }), expect.objectContaining({ name: "이서진", standIn: "이보호" })],
      },
    ]);
    // The public program names the award, never the minors.
    const publicWithAwards = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda", { "Accept-Language": "en" }), params: { slug: "program-pages" }, context }));
    const publicRow = publicWithAwards.data.groups.flatMap((group: { sessions: Array<{ id: number }> }) => group.sessions).find((s: { id: number }) => s.id === awardsSession.id);
    expect(publicRow.awards).toEqual(["Outstanding Reporter Award"]);
    expect(JSON.stringify(publicWithAwards.data)).not.toMatch(/김하늘|이서진|이보호/);
  });

  it("names speakers and performers once and puts them on sessions in the order given, on every page of the program", async () => {
    const peoplePost = (fields: Record<string, string>) =>
      outcome(() => peoplePage.action({ request: postRequest(`/admin/events/${eventId}/agenda/people`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    const person = { nameKo: "", nameEn: "", roleKo: "", roleEn: "", organizationKo: "", organizationEn: "" };
    const nameless = await peoplePost({ ...person, roleKo: "교수" });
    expect(nameless.status).toBe(400);
    expect(nameless.data).toMatchObject({ errors: { nameKo: "agenda.error.personName" }, values: { roleKo: "교수" } });
    expect(
      (
        await peoplePost({
          ...person,
          nameKo: "전제상",
          nameEn: "Jeon Jesang",
          roleKo: "교수",
          roleEn: "Professor",
          organizationKo: "공주교육대학교",
          organizationEn: "Gongju National University of Education",
        })
      ).status,
    ).toBe(302);
    expect((await peoplePost({ ...person, nameKo: "김하남", roleKo: "시장", organizationKo: "하남시" })).status).toBe(302);
    const people = (await outcome(() => peoplePage.loader({ request: getRequest(`/admin/events/${eventId}/agenda/people`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }))).data
      .people as Array<{ id: number; name_ko: string }>;
    const jeon = people.find((p) => p.name_ko === "전제상")!;
    const mayor = people.find((p) => p.name_ko === "김하남")!;

    const lecture = (await listAgenda(test.db, eventId)).sessions.find((s) => s.kind === "lecture")!;
    const sessionRequest = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
      return new Request(new URL(`/admin/events/${eventId}/agenda/sessions/${lecture.id}`, BASE), {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      });
    };
    const params = { eventId: String(eventId), sessionId: String(lecture.id) };
    const form = {
      partId: "",
      kind: "lecture",
      startTime: "16:00",
      endTime: "16:50",
      titleKo: "특강: 미래 교육의 방향",
      titleEn: "Future Education Direction",
      descriptionKo: "",
      descriptionEn: "",
      room: "",
      cue: "",
    };
    // The mayor is ticked first in the list but given order 2: the lecturer comes first.
    const saved = await outcome(() =>
      sessionPage.action({ request: sessionRequest({ ...form, person: [String(mayor.id), String(jeon.id)], [`order.${mayor.id}`]: "2", [`order.${jeon.id}`]: "1" }), params, context }),
    );
    expect(saved.status).toBe(302);
    const shown = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda", { "Accept-Language": "ko" }), params: { slug: "program-pages" }, context }));
    const lectureRow = shown.data.groups.flatMap((group: { sessions: Array<{ id: number; people: string[] }> }) => group.sessions).find((s: { id: number }) => s.id === lecture.id);
    expect(lectureRow.people).toEqual(["전제상 교수(공주교육대학교)", "김하남 시장(하남시)"]);
    const english = await outcome(() => publicAgenda.loader({ request: getRequest("/e/program-pages/agenda", { "Accept-Language": "en" }), params: { slug: "program-pages" }, context }));
    expect(JSON.stringify(english.data)).toContain("Jeon Jesang, Professor, Gongju National University of Education");
    const sheet = await outcome(() => runSheet.loader({ request: getRequest(`/admin/events/${eventId}/agenda/run-sheet`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    expect(sheet.data.rows.find((row: { id: number }) => row.id === lecture.id).people).toEqual(["전제상 교수(공주교육대학교)", "김하남 시장(하남시)"]);
    const calendar = await (
      (await calendarRoute.loader({ request: getRequest("/e/program-pages/agenda.ics", { "Accept-Language": "ko" }), params: { slug: "program-pages" }, context })) as Response
    ).text();
    const lectureEntry = new ICAL.Component(ICAL.parse(calendar))
      .getAllSubcomponents("vevent")
      .map((vevent) => new ICAL.Event(vevent))
      .find((event) => event.summary.startsWith("특강"))!;
    expect(lectureEntry.description).toContain("전제상 교수(공주교육대학교)");

    // The edit form comes back filled in with the people ticked in their order.
    const editForm = await outcome(() => sessionPage.loader({ request: getRequest(`/admin/events/${eventId}/agenda/sessions/${lecture.id}`, { Cookie: cookie }), params, context }));
    expect(editForm.data.defaults).toMatchObject({ startTime: "16:00", endTime: "16:50", titleEn: "Future Education Direction" });
    expect(editForm.data.personIds).toEqual([jeon.id, mayor.id]);

    // Bad input keeps what was typed, and the people ticked; an overlap names both sessions.
    const bad = await outcome(() => sessionPage.action({ request: sessionRequest({ ...form, endTime: "15:00", person: String(mayor.id) }), params, context }));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { endTime: "error.endBeforeStart" }, people: [mayor.id], values: { titleKo: "특강: 미래 교육의 방향" } });
    const overlap = await outcome(() => sessionPage.action({ request: sessionRequest({ ...form, startTime: "15:10", endTime: "15:40" }), params, context }));
    expect(overlap.status).toBe(409);
    expect(overlap.data.overlapWith).toBe("시상식");
    // Someone of another event cannot be put on this one's session.
    const copy = await copyEvent(test.db, eventId, (await test.db.selectFrom("event_members").select("organizer_id").where("event_id", "=", eventId).executeTakeFirstOrThrow()).organizer_id);
    // The copy has its own people, on its own sessions, in the same order.
    const copiedLecture = (await listAgenda(test.db, copy.id)).sessions.find((s) => s.kind === "lecture")!;
    expect(copiedLecture.people.map((p) => p.name_ko)).toEqual(["전제상", "김하남"]);
    expect(copiedLecture.people.some((p) => p.id === jeon.id || p.id === mayor.id)).toBe(false);
    const stranger = { id: copiedLecture.people[0]!.id };
    const foreign = await outcome(() => sessionPage.action({ request: sessionRequest({ ...form, person: String(stranger.id) }), params, context }));
    expect(foreign.status).toBe(400);
    expect(foreign.data.errors.people).toBe("agenda.error.unknownPerson");
    // An unknown session is a 404, not a 500.
    const missing = await outcome(() =>
      sessionPage.loader({ request: getRequest(`/admin/events/${eventId}/agenda/sessions/99999`, { Cookie: cookie }), params: { eventId: String(eventId), sessionId: "99999" }, context }),
    );
    expect(missing.status).toBe(404);

    // Removing a person takes them off every session.
    expect((await peoplePost({ intent: "remove", personId: String(mayor.id) })).status).toBe(302);
    expect((await listAgenda(test.db, eventId)).sessions.find((s) => s.id === lecture.id)!.people.map((p) => p.name_ko)).toEqual(["전제상"]);
  });
});
