import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAttendees } from "../../app/domain/rsvp/attendees.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { listRsvpQuestions, recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { localeCookie } from "../../app/web/locale.server";
import * as settingsRoute from "../../app/routes/admin.events.$eventId.rsvp";
import * as personalRoute from "../../app/routes/i.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

function settingsForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "settings",
    maxCompanions: "2",
    consentTextKo: "",
    consentTextEn: "",
    retentionDays: "365",
    offerHours: "48",
    noticeEnabled: "on",
    noticeTime: "10:00",
    parkingInfoKo: "",
    parkingInfoEn: "",
    ...overrides,
  };
}

function questionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { kind: "text", labelKo: "", labelEn: "", optionsKo: "", optionsEn: "", ...overrides };
}

describe("RSVP settings and questions", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let ownerId: number;
  let slug = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    ownerId = (await newOrganizer(test.db, "Owner")).id;
    cookie = await signedInCookie(context, ownerId);
  });
  afterAll(() => test.destroy());

  async function newEvent() {
    slug += 1;
    return (await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `settings-${slug}` })))).id;
  }

  const page = (eventId: number, headers: Record<string, string> = {}) =>
    outcome(() => settingsRoute.loader({ request: getRequest(`/admin/events/${eventId}/rsvp`, { Cookie: cookie, ...headers }), params: { eventId: String(eventId) }, context }));
  const post = (eventId: number, fields: Record<string, string>) =>
    outcome(() => settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/rsvp`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
  /** The notice an invitee of the event is asked to consent to on their own page, in `language`. */
  const noticeOnGuestPage = async (eventId: number, language: "ko" | "en") => {
    const [inviteeId] = await addInvitees(test.db, eventId, [sampleInvitee({ name: "손님", language })]);
    const token = await personalLinkToken(test.db, { id: inviteeId!, link_version: 1 });
    const cookie = (await localeCookie.serialize(language)).split(";")[0]!;
    const page = await outcome(() => personalRoute.loader({ request: getRequest(`/i/${token}`, { Cookie: cookie }), params: { token }, context }));
    expect(page.status).toBe(200);
    return page.data.form.consentText as string;
  };
  const eventRow = (eventId: number) =>
    test.db
      .selectFrom("events")
      .select(["max_companions", "consent_text_ko", "consent_text_en", "retention_days", "offer_hours", "attendee_notice_enabled", "attendee_notice_time", "parking_info_ko", "parking_info_en"])
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();

  it("saves the settings and shows them again on the page", async () => {
    const eventId = await newEvent();
    const saved = await post(
      eventId,
      settingsForm({
        maxCompanions: "1",
        consentTextKo: "파주시는 참석 확인을 위해 성명과 연락처를 수집합니다.",
        retentionDays: "730",
        offerHours: "24",
        noticeEnabled: "",
        noticeTime: "18:30",
        parkingInfoKo: "지하 주차장 2시간 무료",
        parkingInfoEn: "Two hours' free parking underground",
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/admin/events/${eventId}/rsvp?saved=settings`);
    expect(await eventRow(eventId)).toEqual({
      max_companions: 1,
      consent_text_ko: "파주시는 참석 확인을 위해 성명과 연락처를 수집합니다.",
      consent_text_en: "",
      retention_days: 730,
      offer_hours: 24,
      attendee_notice_enabled: false,
      attendee_notice_time: "18:30",
      parking_info_ko: "지하 주차장 2시간 무료",
      parking_info_en: "Two hours' free parking underground",
    });
    const shown = await page(eventId);
    expect(shown.status).toBe(200);
    expect(shown.data.values).toMatchObject({ maxCompanions: "1", retentionDays: "730", offerHours: "24", noticeTime: "18:30", parkingInfoKo: "지하 주차장 2시간 무료" });
    expect(shown.data.values.noticeEnabled).toBeUndefined();

    // Guests consent to the organizer's own Korean text; in English, to the standard notice the page shows.
    expect(await noticeOnGuestPage(eventId, "ko")).toBe("파주시는 참석 확인을 위해 성명과 연락처를 수집합니다.");
    expect(await noticeOnGuestPage(eventId, "en")).toBe(shown.data.standardConsent.en);
  });

  it("refuses a bad time, zero offer hours, too many companions and overlong text with field errors, keeping what was typed", async () => {
    const eventId = await newEvent();
    const before = await eventRow(eventId);
    const refused = await post(eventId, settingsForm({ noticeTime: "25:00", offerHours: "0", maxCompanions: "11", retentionDays: "열흘", parkingInfoKo: "가".repeat(2001), consentTextEn: "I agree" }));
    expect(refused.status).toBe(400);
    expect(refused.data.form).toBe("settings");
    expect(refused.data.errors).toEqual({
      noticeTime: "rsvpSettings.error.time",
      offerHours: "rsvpSettings.error.offerHours",
      maxCompanions: "rsvpSettings.error.maxCompanions",
      retentionDays: "rsvpSettings.error.retentionDays",
      parkingInfoKo: "error.tooLong",
    });
    expect(refused.data.values).toMatchObject({ noticeTime: "25:00", offerHours: "0", consentTextEn: "I agree", retentionDays: "열흘" });
    expect(await eventRow(eventId)).toEqual(before);

    expect((await post(eventId, settingsForm({ offerHours: "721" }))).data.errors).toEqual({ offerHours: "rsvpSettings.error.offerHours" });
    expect((await post(eventId, settingsForm({ noticeTime: "9:5" }))).data.errors).toEqual({ noticeTime: "rsvpSettings.error.time" });
    expect((await post(eventId, settingsForm({ consentTextKo: "가".repeat(5001) }))).data.errors).toEqual({ consentTextKo: "error.tooLong" });
    expect((await post(eventId, settingsForm({ offerHours: "720", noticeTime: "23:59" }))).status).toBe(302);
  });

  it("shows the standard notice that applies when the text is empty: the one guests are asked to consent to", async () => {
    const eventId = await newEvent();
    expect((await post(eventId, settingsForm({ retentionDays: "730" }))).status).toBe(302);
    const shown = await page(eventId);
    const ko: string = shown.data.standardConsent.ko;
    expect(ko).toContain("파주시은(는)");
    expect(ko).toContain("2. 수집 항목: 성명, 소속, 직위, 연락처(이메일·전화), 참석 여부와 응답 내용");
    expect(ko).toContain("행사 종료 후 2년");
    expect(shown.data.standardConsent.en).toContain("Paju City collects");
    expect(shown.data.standardConsent.en).toContain("Items collected: name, organization, position, contact (email, phone), your reply and answers");
    expect(await noticeOnGuestPage(eventId, "ko")).toBe(ko);
    expect(await noticeOnGuestPage(eventId, "en")).toBe(shown.data.standardConsent.en);
  });

  it("adds, edits, reorders and removes questions, and refuses a choice without options", async () => {
    const eventId = await newEvent();
    const labels = async () => (await listRsvpQuestions(test.db, eventId)).map((question) => question.label_ko);

    const noOptions = await post(eventId, { intent: "add-question", ...questionForm({ kind: "choice", labelKo: "점심 식사", optionsKo: " \n  \n" }) });
    expect(noOptions.status).toBe(400);
    expect(noOptions.data).toMatchObject({ form: "new", errors: { optionsKo: "rsvpSettings.error.options" }, values: { labelKo: "점심 식사", kind: "choice" } });
    const noLabel = await post(eventId, { intent: "add-question", ...questionForm({ kind: "yesno" }) });
    expect(noLabel.data.errors).toEqual({ labelKo: "rsvpSettings.error.label" });
    const uneven = await post(eventId, { intent: "add-question", ...questionForm({ kind: "choice", labelKo: "점심", optionsKo: "한식\n양식", optionsEn: "Korean" }) });
    expect(uneven.data.errors).toEqual({ optionsEn: "rsvpSettings.error.optionCount" });
    expect(await labels()).toEqual([]);

    for (const fields of [
      questionForm({ kind: "choice", labelKo: "점심 식사", labelEn: "Lunch", optionsKo: "한식\n양식\n", optionsEn: "Korean\nWestern", required: "on" }),
      questionForm({ kind: "yesno", labelKo: "주차 필요", labelEn: "Parking needed" }),
      questionForm({ kind: "text", labelKo: "차량 번호", labelEn: "Car number" }),
    ]) {
      const added = await post(eventId, { intent: "add-question", ...fields });
      expect(added.status).toBe(302);
      expect(added.location).toBe(`/admin/events/${eventId}/rsvp?saved=question-added#questions`);
    }
    const questions = await listRsvpQuestions(test.db, eventId);
    expect(questions.map((q) => [q.kind, q.label_ko, q.required])).toEqual([
      ["choice", "점심 식사", true],
      ["yesno", "주차 필요", false],
      ["text", "차량 번호", false],
    ]);
    expect(questions[0]!.options).toEqual([
      { ko: "한식", en: "Korean" },
      { ko: "양식", en: "Western" },
    ]);
    const [lunch, parking, car] = questions.map((q) => q.id);

    // Editing a question to a choice without options is refused on that question's form.
    const emptied = await post(eventId, { intent: "save-question", questionId: String(parking), ...questionForm({ kind: "choice", labelKo: "주차 필요" }) });
    expect(emptied.status).toBe(400);
    expect(emptied.data).toMatchObject({ form: `q${parking}`, errors: { optionsKo: "rsvpSettings.error.options" } });
    const edited = await post(eventId, { intent: "save-question", questionId: String(car), ...questionForm({ labelKo: "차량 번호 (주차 등록용)", labelEn: "Car number", required: "on" }) });
    expect(edited.location).toContain("saved=question-saved");

    expect((await post(eventId, { intent: "move-up", questionId: String(car) })).status).toBe(302);
    expect(await labels()).toEqual(["점심 식사", "차량 번호 (주차 등록용)", "주차 필요"]);
    await post(eventId, { intent: "move-down", questionId: String(lunch) });
    expect(await labels()).toEqual(["차량 번호 (주차 등록용)", "점심 식사", "주차 필요"]);
    // The last cannot go further down, nor the first further up.
    await post(eventId, { intent: "move-down", questionId: String(parking) });
    await post(eventId, { intent: "move-up", questionId: String(car) });
    expect(await labels()).toEqual(["차량 번호 (주차 등록용)", "점심 식사", "주차 필요"]);
    const shown = await page(eventId);
    expect(shown.data.questions.map((q: { id: number }) => q.id)).toEqual([car, lunch, parking]);
    expect(shown.data.questions[0].values).toMatchObject({ kind: "text", labelKo: "차량 번호 (주차 등록용)", required: "on" });

    expect((await post(eventId, { intent: "remove-question", questionId: String(lunch) })).location).toContain("saved=question-removed");
    expect(await labels()).toEqual(["차량 번호 (주차 등록용)", "주차 필요"]);

    // Another event's question cannot be touched from this event's page.
    const otherEvent = await newEvent();
    const stranger = await post(otherEvent, { intent: "remove-question", questionId: String(car) });
    expect(stranger.status).toBe(404);
    expect(await labels()).toEqual(["차량 번호 (주차 등록용)", "주차 필요"]);
  });

  it("keeps answers already given meaningful when the questions change", async () => {
    const eventId = await newEvent();
    await post(eventId, { intent: "add-question", ...questionForm({ kind: "choice", labelKo: "점심 식사", labelEn: "Lunch", optionsKo: "한식\n양식", optionsEn: "Korean\nWestern" }) });
    await post(eventId, { intent: "add-question", ...questionForm({ kind: "text", labelKo: "차량 번호" }) });
    const questions = await listRsvpQuestions(test.db, eventId);
    const [lunch, car] = questions.map((q) => q.id);
    const [inviteeId] = await addInvitees(test.db, eventId, [sampleInvitee({ name: "김민지" })]);
    const form = rsvpFormSchema(questions, 0).parse({ answer: "attending", consent: "on", [`q${lunch}`]: "1", [`q${car}`]: "12가 3456" });
    await recordRsvp(test.db, { eventId, inviteeId: inviteeId!, form, consentText: "동의", mail });

    const shown = await page(eventId);
    expect(shown.data.questions.map((q: { answered: boolean }) => q.answered)).toEqual([true, true]);

    // Its kind is fixed now, and the chosen second option cannot be cut.
    const kindChange = await post(eventId, { intent: "save-question", questionId: String(lunch), ...questionForm({ kind: "text", labelKo: "점심 식사" }) });
    expect(kindChange.status).toBe(400);
    expect(kindChange.data.errors).toEqual({ kind: "rsvpSettings.error.kindLocked" });
    const cut = await post(eventId, { intent: "save-question", questionId: String(lunch), ...questionForm({ kind: "choice", labelKo: "점심 식사", optionsKo: "한식" }) });
    expect(cut.status).toBe(400);
    expect(cut.data).toMatchObject({ form: `q${lunch}`, errors: { optionsKo: "rsvpSettings.error.optionsInUse" }, values: { optionsKo: "한식" } });

    // Rewording and adding at the end is fine: the answer still reads as the same option.
    const reworded = await post(eventId, {
      intent: "save-question",
      questionId: String(lunch),
      ...questionForm({ kind: "choice", labelKo: "점심 식사", labelEn: "Lunch", optionsKo: "한식 도시락\n양식 도시락\n채식", optionsEn: "Korean\nWestern\nVegetarian" }),
    });
    expect(reworded.status).toBe(302);
    let list = await listAttendees(test.db, eventId, {}, "ko");
    expect(list!.attendees[0]!.answers).toEqual(["양식 도시락", "12가 3456"]);

    // A removed question leaves the answers in place, just unlisted.
    await post(eventId, { intent: "remove-question", questionId: String(car) });
    list = await listAttendees(test.db, eventId, {}, "ko");
    expect(list!.questions.map((q) => q.label)).toEqual(["점심 식사"]);
    expect(list!.attendees[0]!.answers).toEqual(["양식 도시락"]);
    const stored = await test.db.selectFrom("rsvps").select("answers").where("invitee_id", "=", inviteeId!).executeTakeFirstOrThrow();
    expect(stored.answers).toEqual({ [String(lunch)]: "1", [String(car)]: "12가 3456" });
  });
});
