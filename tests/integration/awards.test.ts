import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSession, sessionFormSchema } from "../../app/domain/program/agenda.server";
import { maskName } from "../../app/domain/program/awards.server";
import { copyEvent, createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events/events.server";
import { addInvitee } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import * as adminAwards from "../../app/routes/admin.events.$eventId.awards";
import * as certificatesRoute from "../../app/routes/admin.events.$eventId.awards_.certificates";
import * as printRoute from "../../app/routes/admin.events.$eventId.awards_.print";
import * as publicAwards from "../../app/routes/e.$slug_.awards";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const MAIL = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

interface ListedRecipient {
  id: number;
  name: string;
  categoryId: number;
  attendance: string | null;
  standIn: { name: string; position: string; source: string } | null;
}
interface ListedCategory {
  id: number;
  name: string;
  presenter: string;
  sessionId: number | null;
  session: string | null;
  recipients: ListedRecipient[];
}

describe("awards", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;
  let eventId: number;
  let otherEventId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "awards" })))).id;
    await setEventStatus(test.db, eventId, "published");
    const stranger = await newOrganizer(test.db, "Stranger");
    otherEventId = (await createEvent(test.db, stranger.id, eventFormSchema.parse(sampleEventForm({ slug: "other-awards" })))).id;
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const post = (fields: Record<string, string>, query = "") =>
    outcome(() => adminAwards.action({ request: postRequest(`/admin/events/${eventId}/awards${query}`, fields, { Cookie: cookie }), params: params(), context }));
  const page = async (query = "") => {
    const result = await outcome(() => adminAwards.loader({ request: getRequest(`/admin/events/${eventId}/awards${query}`, { Cookie: cookie }), params: params(), context }));
    return result;
  };
  const categories = async (): Promise<ListedCategory[]> => (await page()).data.categories;
  const category = (overrides: Record<string, string> = {}) => ({ intent: "category", nameKo: "", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "", sessionId: "", ...overrides });
  const recipient = (categoryId: number, overrides: Record<string, string> = {}) => ({
    intent: "recipient",
    categoryId: String(categoryId),
    name: "",
    organization: "",
    grade: "",
    citation: "",
    inviteeId: "",
    standInName: "",
    standInPosition: "",
    ...overrides,
  });
  const session = (event: number, overrides: Record<string, string>) =>
    saveSession(
      test.db,
      event,
      sessionFormSchema.parse({
        partId: "",
        kind: "awards",
        startTime: "14:15",
        endTime: "14:35",
        titleKo: "시상",
        titleEn: "",
        descriptionKo: "",
        descriptionEn: "",
        room: "",
        cue: "",
        ...overrides,
      }),
    );
  const invitee = (event: number, name: string, organization: string) => addInvitee(test.db, event, sampleInvitee({ name, organization, groupName: "학생" }));

  it("masks a name but its first letter", () => {
    expect(maskName("김민지")).toBe("김○○");
    expect(maskName("남궁 민수")).toBe("남○ ○○");
    expect(maskName(" Emily Park ")).toBe("E○○○○ ○○○○");
  });

  it("lists categories and recipients in call order, and never lets a minor's name reach the public page's data", async () => {
    expect((await post(category({ nameKo: "우수기자상", nameEn: "Outstanding Reporter Award", presenter: "교육장" }))).status).toBe(302);
    const categoryId = (await categories())[0]!.id;
    await post(recipient(categoryId, { name: "김민지", organization: "문산중학교", grade: "2학년", citation: "학교 소식을 성실히 취재함", isMinor: "on" }));
    await post(recipient(categoryId, { name: "박선생", organization: "문산중학교", grade: "지도교사" }));
    const shown = await outcome(() => publicAwards.loader({ request: getRequest("/e/awards/awards", { "Accept-Language": "ko" }), params: { slug: "awards" }, context }));
    expect(shown.data.categories[0].recipients.map((r: { name: string }) => r.name)).toEqual(["김○○", "박선생"]);
    expect(JSON.stringify(shown.data)).not.toContain("김민지");
    expect((await categories())[0]!.recipients.map((r) => r.name)).toEqual(["김민지", "박선생"]);
  });

  it("refuses a recipient without a name or for another event's category, with field errors and what was typed", async () => {
    const noName = await post(recipient(1, { name: " ", organization: "운정고" }));
    expect(noName.status).toBe(400);
    expect(noName.data.errors.name).toBe("error.required");
    const foreignCategory = (await test.db.insertInto("award_categories").values({ event_id: otherEventId, position: 1, name_ko: "남의 상" }).returning("id").executeTakeFirstOrThrow()).id;
    const foreign = await post(recipient(foreignCategory, { name: "누구", organization: "운정고" }));
    expect(foreign.status).toBe(400);
    expect(foreign.data.errors.categoryId).toBe("awards.error.unknownCategory");
    expect(foreign.data.values).toMatchObject({ name: "누구", organization: "운정고" });
    const noCategoryName = await post(category());
    expect(noCategoryName.data.errors.nameKo).toBe("error.koreanOrEnglish");
    expect(await test.db.selectFrom("award_recipients").select("id").where("name", "=", "누구").execute()).toEqual([]);
  });

  it("edits a category's presenter and program session, refusing a session of another event", async () => {
    const ownSession = await session(eventId, { titleKo: "우수기자 시상" });
    await session(eventId, { kind: "opening", startTime: "14:00", endTime: "14:15", titleKo: "개회식" });
    const foreignSession = await session(otherEventId, { titleKo: "남의 시상" });
    const [reporters] = await categories();

    const editPage = await page(`?category=${reporters!.id}`);
    expect(editPage.data.editCategory).toMatchObject({ id: reporters!.id, presenter: "교육장" });
    // Awards sessions are offered first.
    expect(editPage.data.sessions.map((s: { label: string; isAwards: boolean }) => [s.isAwards, s.label.endsWith("우수기자 시상")])).toEqual([
      [true, true],
      [false, false],
    ]);

    const fields = category({
      intent: "update-category",
      id: String(reporters!.id),
      nameKo: "우수기자상",
      nameEn: "Outstanding Reporter Award",
      presenter: "파주교육지원청 교육장",
      sessionId: String(foreignSession.id),
    });
    const refused = await post(fields, `?category=${reporters!.id}`);
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ form: "update-category", errors: { sessionId: "awards.error.unknownSession" }, values: { presenter: "파주교육지원청 교육장" } });
    expect((await categories())[0]).toMatchObject({ presenter: "교육장", sessionId: null });

    expect((await post({ ...fields, sessionId: String(ownSession.id) })).status).toBe(302);
    const [edited] = await categories();
    expect(edited).toMatchObject({ presenter: "파주교육지원청 교육장", sessionId: ownSession.id });
    expect(edited!.session).toMatch(/14:15.*우수기자 시상$/);

    const notANumber = await post({ ...fields, sessionId: "abc" });
    expect(notANumber.data.errors.sessionId).toBe("error.invalid");
    // Another event's category (or none at all) is not found.
    expect(
      (await post({ ...fields, id: String((await test.db.selectFrom("award_categories").select("id").where("event_id", "=", otherEventId).executeTakeFirstOrThrow()).id), sessionId: "" })).status,
    ).toBe(404);
    expect((await page("?category=999999")).status).toBe(404);
  });

  it("edits a recipient, moving them last into another category, and refuses an invitee of another event", async () => {
    expect((await post(category({ nameKo: "봉사상", presenter: "시장" }))).status).toBe(302);
    const [reporters, service] = await categories();
    await post(recipient(service!.id, { name: "최봉사", organization: "파주고" }));
    const teacher = reporters!.recipients.find((r) => r.name === "박선생")!;
    const foreignInvitee = await invitee(otherEventId, "박선생", "문산중학교");

    const update = recipient(reporters!.id, {
      intent: "update-recipient",
      id: String(teacher.id),
      name: "박선생",
      organization: "문산중학교",
      grade: "지도교사",
      inviteeId: String(foreignInvitee.id),
    });
    const refused = await post(update, `?recipient=${teacher.id}`);
    expect(refused.status).toBe(400);
    expect(refused.data.errors.inviteeId).toBe("awards.error.unknownInvitee");

    expect((await post({ ...update, inviteeId: "", categoryId: String(service!.id), citation: "10년간 기자단을 지도함" })).status).toBe(302);
    const [after1, after2] = await categories();
    expect(after1!.recipients.map((r) => r.name)).toEqual(["김민지"]);
    expect(after2!.recipients.map((r) => r.name)).toEqual(["최봉사", "박선생"]);
    expect((await page(`?recipient=${teacher.id}`)).data.editRecipient).toMatchObject({ citation: "10년간 기자단을 지도함", categoryId: service!.id });

    const badName = await post({ ...update, inviteeId: "", name: "" });
    expect(badName.data.errors.name).toBe("error.required");
    expect((await post({ ...update, inviteeId: "", id: "999999" })).status).toBe(404);
    // Numbers past PostgreSQL's integers are refused, not sent to the database.
    expect((await post({ ...update, inviteeId: "", id: "99999999999" })).status).toBe(404);
    expect((await post({ ...update, inviteeId: "99999999999" })).data.errors.inviteeId).toBe("error.invalid");
    expect((await post({ ...update, categoryId: "99999999999" })).data.errors.categoryId).toBe("error.invalid");
  });

  it("moves categories and recipients up and down, and deletes them", async () => {
    const [reporters, service] = await categories();
    expect((await post({ intent: "move-category", id: String(service!.id), direction: "up" })).status).toBe(302);
    expect((await categories()).map((c) => c.id)).toEqual([service!.id, reporters!.id]);
    // The first cannot move further up; nothing changes.
    expect((await post({ intent: "move-category", id: String(service!.id), direction: "up" })).status).toBe(302);
    expect((await categories()).map((c) => c.id)).toEqual([service!.id, reporters!.id]);

    const teacher = (await categories())[0]!.recipients[1]!;
    expect((await post({ intent: "move-recipient", id: String(teacher.id), direction: "up" })).status).toBe(302);
    expect((await categories())[0]!.recipients.map((r) => r.name)).toEqual(["박선생", "최봉사"]);

    expect((await post({ intent: "move-recipient", id: String(teacher.id), direction: "sideways" })).status).toBe(400);
    const foreignCategory = await test.db.selectFrom("award_categories").select("id").where("event_id", "=", otherEventId).executeTakeFirstOrThrow();
    expect((await post({ intent: "move-category", id: String(foreignCategory.id), direction: "down" })).status).toBe(404);
    expect((await post({ intent: "delete-category", id: String(foreignCategory.id) })).status).toBe(404);
    expect(await test.db.selectFrom("award_categories").select("id").where("id", "=", foreignCategory.id).execute()).toHaveLength(1);

    const serviceRecipient = (await categories())[0]!.recipients[1]!;
    expect((await post({ intent: "delete-recipient", id: String(serviceRecipient.id) })).status).toBe(302);
    expect((await categories())[0]!.recipients.map((r) => r.name)).toEqual(["박선생"]);
    expect((await post({ intent: "delete-recipient", id: String(serviceRecipient.id) })).status).toBe(404);

    // Deleting a category takes its recipients with it.
    expect((await post({ intent: "delete-category", id: String(service!.id) })).status).toBe(302);
    expect((await categories()).map((c) => c.id)).toEqual([reporters!.id]);
    expect(await test.db.selectFrom("award_recipients").select("id").where("category_id", "=", service!.id).execute()).toEqual([]);
  });

  it("shows each linked recipient's answer, and who receives on their behalf: the guest's proxy first, else the organizer's stand-in", async () => {
    const [reporters] = await categories();
    const people = {
      attending: await invitee(eventId, "이참석", "운정고"),
      declined: await invitee(eventId, "정불참", "교하중"),
      proxy: await invitee(eventId, "한대리", "파주고"),
      silent: await invitee(eventId, "오무응답", "금촌초"),
      waiting: await invitee(eventId, "윤대기", "문산고"),
    };
    const answer = (inviteeId: number, fields: Record<string, string>) =>
      recordRsvp(test.db, { eventId, inviteeId, form: rsvpFormSchema([], 0).parse({ consent: "on", ...fields }), consentText: "동의", mail: MAIL });
    await answer(people.attending.id, { answer: "attending" });
    await answer(people.declined.id, { answer: "declined" });
    await answer(people.proxy.id, { answer: "proxy", proxyName: "한부모", proxyPosition: "보호자" });
    // The last place is taken: the next one waits.
    await test.db.updateTable("events").set({ capacity: 2 }).where("id", "=", eventId).execute();
    expect((await answer(people.waiting.id, { answer: "attending" })).status).toBe("waitlisted");

    const link = (name: string, inviteeId: number | null, standIn = "", standInPosition = "") =>
      post(recipient(reporters!.id, { name, organization: "학교", inviteeId: inviteeId === null ? "" : String(inviteeId), standInName: standIn, standInPosition }));
    await link("이참석", people.attending.id);
    await link("정불참", people.declined.id, "정담임", "담임교사");
    await link("한대리", people.proxy.id, "무시될 이름");
    await link("오무응답", people.silent.id);
    await link("윤대기", people.waiting.id);
    await link("미연결", null, "김교감", "교감");

    const listed = new Map((await categories())[0]!.recipients.map((r) => [r.name, { attendance: r.attendance, standIn: r.standIn }]));
    expect(listed.get("이참석")).toEqual({ attendance: "attending", standIn: null });
    expect(listed.get("정불참")).toEqual({ attendance: "declined", standIn: { name: "정담임", position: "담임교사", source: "organizer" } });
    expect(listed.get("한대리")).toEqual({ attendance: "proxy", standIn: { name: "한부모", position: "보호자", source: "rsvp" } });
    expect(listed.get("오무응답")).toEqual({ attendance: "no-answer", standIn: null });
    expect(listed.get("윤대기")).toEqual({ attendance: "waitlisted", standIn: null });
    expect(listed.get("미연결")).toEqual({ attendance: null, standIn: { name: "김교감", position: "교감", source: "organizer" } });

    // The edit form offers this event's invitees only.
    const offered = (await page()).data.invitees.map((i: { name: string }) => i.name);
    expect(offered).toContain("한대리");
    expect(await test.db.selectFrom("invitees").select("name").where("event_id", "=", otherEventId).execute()).toEqual([{ name: "박선생" }]);
    expect(offered).not.toContain("박선생");

    // Deleting the invitee unlinks the recipient and keeps them.
    await test.db.deleteFrom("invitees").where("id", "=", people.silent.id).execute();
    const unlinked = (await categories())[0]!.recipients.find((r) => r.name === "오무응답")!;
    expect(unlinked.attendance).toBeNull();
  });

  it("refuses, in the database too, a recipient linked to another event's invitee or category", async () => {
    const [reporters] = await categories();
    const foreignInvitee = await test.db.selectFrom("invitees").select("id").where("event_id", "=", otherEventId).executeTakeFirstOrThrow();
    const foreignCategory = await test.db.selectFrom("award_categories").select("id").where("event_id", "=", otherEventId).executeTakeFirstOrThrow();
    await expect(
      test.db.insertInto("award_recipients").values({ event_id: eventId, category_id: reporters!.id, position: 99, name: "침입자", invitee_id: foreignInvitee.id }).execute(),
    ).rejects.toThrow();
    await expect(test.db.insertInto("award_recipients").values({ event_id: eventId, category_id: foreignCategory.id, position: 99, name: "침입자" }).execute()).rejects.toThrow();
  });

  it("prints the awards list by category in call order: presenter, numbers, full names, school, grade, attendance or stand-in", async () => {
    const printed = await outcome(() =>
      printRoute.loader({ request: getRequest(`/admin/events/${eventId}/awards/print?reason=event-operations`, { Cookie: cookie, "Accept-Language": "ko" }), params: params(), context }),
    );
    expect(printed.status).toBe(200);
    expect(printed.data.event).toMatchObject({ title: "2026 교육발전특구 성과공유회", date: "2030년 12월 23일 월요일" });
    const [reporters] = printed.data.categories;
    expect(reporters).toMatchObject({ name: "우수기자상", presenter: "파주교육지원청 교육장", session: expect.stringContaining("우수기자 시상") });
    const rows = reporters.recipients.map((r: { number: number; name: string; attendance: string | null; standIn: { name: string } | null }) => [
      r.number,
      r.name,
      r.attendance,
      r.standIn?.name ?? null,
    ]);
    expect(rows.slice(0, 4)).toEqual([
      [1, "김민지", null, null],
      [2, "이참석", "attending", null],
      [3, "정불참", "declined", "정담임"],
      [4, "한대리", "proxy", "한부모"],
    ]);
  });

  it("makes a certificate per recipient, for all, one category or one recipient, dated in the event's zone and signed by the hosts", async () => {
    // 08:00 in Seoul on 23 December is still 22 December in UTC.
    const early = (
      await createEvent(
        test.db,
        ownerId,
        eventFormSchema.parse(sampleEventForm({ slug: "early-awards", startTime: "08:00", "hosts.1.ko": "파주교육지원청", "hosts.1.en": "Paju Office of Education" })),
      )
    ).id;
    await test.db.insertInto("award_categories").values({ event_id: early, position: 1, name_ko: "우수기자상", name_en: "Outstanding Reporter Award" }).execute();
    const earlyCategory = await test.db.selectFrom("award_categories").select("id").where("event_id", "=", early).executeTakeFirstOrThrow();
    await test.db
      .insertInto("award_recipients")
      .values([
        {
          event_id: early,
          category_id: earlyCategory.id,
          position: 1,
          name: "김하늘",
          organization: "문산중학교",
          grade: "2학년",
          citation: "위 학생은 학교 소식을 성실히 취재하였으므로 이 상장을 수여합니다.",
          is_minor: true,
        },
        { event_id: early, category_id: earlyCategory.id, position: 2, name: "이서진", organization: "운정고등학교", grade: "1학년", is_minor: true },
      ])
      .execute();
    const certificates = (query: string, locale = "ko") =>
      outcome(() =>
        certificatesRoute.loader({
          request: getRequest(`/admin/events/${early}/awards/certificates${query}${query ? "&" : "?"}reason=event-operations`, { Cookie: cookie, "Accept-Language": locale }),
          params: { eventId: String(early) },
          context,
        }),
      );

    const all = await certificates("");
    expect(all.status).toBe(200);
    expect(all.data.event).toEqual({ title: "2026 교육발전특구 성과공유회", date: "2030년 12월 23일", hosts: ["파주시", "파주교육지원청"] });
    expect(all.data.certificates).toEqual([
      { id: expect.any(Number), category: "우수기자상", name: "김하늘", organization: "문산중학교", grade: "2학년", citation: "위 학생은 학교 소식을 성실히 취재하였으므로 이 상장을 수여합니다." },
      { id: expect.any(Number), category: "우수기자상", name: "이서진", organization: "운정고등학교", grade: "1학년", citation: "" },
    ]);
    const english = await certificates("", "en");
    expect(english.data.event).toMatchObject({ date: "December 23, 2030", hosts: ["Paju City", "Paju Office of Education"] });
    expect(english.data.certificates[0].category).toBe("Outstanding Reporter Award");

    expect((await certificates(`?category=${earlyCategory.id}`)).data.certificates).toHaveLength(2);
    const one = await certificates(`?recipient=${all.data.certificates[1].id}`);
    expect(one.data.certificates.map((c: { name: string }) => c.name)).toEqual(["이서진"]);

    // Another event's category or recipient is not found; both at once, or nonsense, is a bad request.
    const [reporters] = await categories();
    expect((await certificates(`?category=${reporters!.id}`)).status).toBe(404);
    expect((await certificates(`?recipient=${reporters!.recipients[0]!.id}`)).status).toBe(404);
    expect((await certificates(`?category=${earlyCategory.id}&recipient=${all.data.certificates[1].id}`)).status).toBe(400);
    expect((await certificates("?category=abc")).status).toBe(400);
  });

  it("copies award categories, with their sessions mapped to the copied program, but no recipients", async () => {
    const source = await categories();
    const copy = await copyEvent(test.db, eventId, ownerId);
    const copied = await test.db.selectFrom("award_categories").select(["name_ko", "presenter", "session_id"]).where("event_id", "=", copy.id).orderBy("position").execute();
    expect(copied.map((c) => [c.name_ko, c.presenter])).toEqual(source.map((c) => [c.name, c.presenter]));
    const copiedSession = await test.db.selectFrom("agenda_sessions").select(["id", "title_ko"]).where("id", "=", copied[0]!.session_id!).executeTakeFirstOrThrow();
    expect(copiedSession.title_ko).toBe("우수기자 시상");
    expect(await test.db.selectFrom("agenda_sessions").select("event_id").where("id", "=", copiedSession.id).executeTakeFirstOrThrow()).toEqual({ event_id: copy.id });
    expect(source[0]!.recipients.length).toBeGreaterThan(0);
    expect(await test.db.selectFrom("award_recipients").select("id").where("event_id", "=", copy.id).execute()).toEqual([]);
  });
});
