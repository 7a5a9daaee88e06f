import type { AppLoadContext } from "@remix-run/node";
import ExcelJS from "exceljs";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { purgePersonalData } from "../../app/domain/events/retention.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { guestDataReport } from "../../app/domain/invitations/guest-rights.server";
import { addInvitees, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import { slotField } from "../../app/domain/survey/survey";
import {
  answerSurvey,
  closeDueSurveys,
  closeSurvey,
  guestSurvey,
  saveSurvey,
  sendDueSurveys,
  sendSurvey,
  sendSurveyToLateArrivals,
  surveyExportRows,
  surveyFormSchema,
  surveyResults,
} from "../../app/domain/survey/survey.server";
import * as adminPage from "../../app/routes/admin.events.$eventId.survey._index";
import * as exportRoute from "../../app/routes/admin.events.$eventId.survey.export";
import * as guestPage from "../../app/routes/i.$token_.survey";
import { useAppKey } from "../../app/lib/app-key.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The editor's form as the browser posts it: a rating, a choice and a text question. */
function editorForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "save",
    [slotField(1, "Kind")]: "rating",
    [slotField(1, "LabelKo")]: "행사에 얼마나 만족하셨습니까?",
    [slotField(1, "LabelEn")]: "How satisfied were you with the event?",
    [slotField(1, "Required")]: "on",
    [slotField(2, "Kind")]: "choice",
    [slotField(2, "LabelKo")]: "가장 좋았던 순서는?",
    [slotField(2, "LabelEn")]: "Which part did you like best?",
    [slotField(2, "OptionsKo")]: "기조 강연\n사례 발표\n네트워킹",
    [slotField(2, "OptionsEn")]: "Keynote\nCase studies\nNetworking",
    [slotField(3, "Kind")]: "text",
    [slotField(3, "LabelKo")]: "하고 싶은 말씀",
    [slotField(3, "LabelEn")]: "Anything else?",
    ...overrides,
  };
}

const parsedEditor = (overrides: Record<string, string> = {}) => surveyFormSchema.parse(editorForm(overrides));

describe("the survey after the event (만족도 조사)", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let cookie: string;
  let slug = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    ownerId = (await newOrganizer(test.db, "Owner")).id;
    cookie = await signedInCookie(context, ownerId);
  });
  afterAll(() => test.destroy());

  /**
   * An event that ended at `endedAt` with five invitees: 0 and 1 checked in (groups 내빈 and 학생),
   * 2 checked in without an email, 3 checked in but undone, 4 never came.
   */
  async function endedEvent(endedAt = new Date(Date.now() - HOUR)) {
    slug += 1;
    const eventId = (await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: `survey-${slug}` })))).id;
    const ids = await addInvitees(
      test.db,
      eventId,
      ["came-guest", "came-student", "came-no-email", "undone", "absent"].map((name, i) =>
        sampleInvitee({ name: `손님 ${name}`, email: name === "came-no-email" ? "" : `s${slug}-${name}@example.org`, groupName: i === 1 ? "학생" : "내빈", language: i === 1 ? "en" : "ko" }),
      ),
    );
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "동의", mail });
    for (const id of ids.slice(0, 4)) await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: ownerId }, id);
    await test.db
      .updateTable("checkins")
      .set({ undone_at: sql<Date>`now()` })
      .where("invitee_id", "=", ids[3]!)
      .execute();
    await test.db
      .updateTable("events")
      .set({ starts_at: new Date(endedAt.getTime() - 3 * HOUR), ends_at: endedAt })
      .where("id", "=", eventId)
      .execute();
    return { eventId, ids };
  }

  const tokenOf = async (id: number) => personalLinkToken(test.db, await test.db.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", id).executeTakeFirstOrThrow());

  const surveyEmails = (eventId: number) =>
    test.db.selectFrom("email_outbox").select(["invitee_id", "to_address", "subject", "text_body", "ics"]).where("event_id", "=", eventId).where("kind", "=", "survey").orderBy("invitee_id").execute();

  it("validates the editor's form: both languages, two options or more, at most ten questions", () => {
    const missing = surveyFormSchema.safeParse(editorForm({ [slotField(1, "LabelEn")]: "" }));
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[slotField(1, "LabelEn"), "survey.error.label"]]);
    const oneOption = surveyFormSchema.safeParse(editorForm({ [slotField(2, "OptionsKo")]: "하나", [slotField(2, "OptionsEn")]: "" }));
    expect(oneOption.error!.issues[0]).toMatchObject({ path: [slotField(2, "OptionsKo")], message: "survey.error.options" });
    const unpaired = surveyFormSchema.safeParse(editorForm({ [slotField(2, "OptionsEn")]: "Keynote" }));
    expect(unpaired.error!.issues[0]).toMatchObject({ path: [slotField(2, "OptionsEn")], message: "survey.error.optionsPair" });
    const empty = surveyFormSchema.safeParse({ intent: "save" });
    expect(empty.error!.issues[0]).toMatchObject({ message: "survey.error.noQuestions" });
    const hours = surveyFormSchema.safeParse(editorForm({ autoSend: "on", autoSendHours: "abc" }));
    expect(hours.error!.issues[0]).toMatchObject({ path: ["autoSendHours"], message: "survey.error.hours" });
    const parsed = parsedEditor({ autoSend: "on", autoSendHours: "3", anonymous: "on" });
    expect(parsed).toMatchObject({ anonymous: true, autoSendHours: 3 });
    expect(parsed.questions.map((question) => question.kind)).toEqual(["rating", "choice", "text"]);
    expect(parsed.questions[1]!.options).toEqual([
      { ko: "기조 강연", en: "Keynote" },
      { ko: "사례 발표", en: "Case studies" },
      { ko: "네트워킹", en: "Networking" },
    ]);
  });

  it("goes only to those checked in (with an email, not undone), by their personal link, and only once", async () => {
    const { eventId, ids } = await endedEvent();
    await saveSurvey(test.db, eventId, parsedEditor());
    expect(await sendSurvey(test.db, eventId, mail)).toEqual({ status: "sent", count: 2 });
    const emails = await surveyEmails(eventId);
    expect(emails.map((email) => email.invitee_id)).toEqual([ids[0], ids[1]]);
    expect(emails[0]!.subject).toMatch(/^\[만족도 조사\] /);
    expect(emails[1]!.subject).toMatch(/^A short survey: /);
    expect(emails[0]!.ics).toBeNull();
    const token = await tokenOf(ids[0]!);
    expect(emails[0]!.text_body).toContain(`http://localhost:3000/i/${token}/survey`);
    expect(await sendSurvey(test.db, eventId, mail)).toEqual({ status: "already-sent" });
    expect(await surveyEmails(eventId)).toHaveLength(2);
    // The sent survey's questions are fixed.
    expect(await saveSurvey(test.db, eventId, parsedEditor())).toEqual({ status: "sent" });

    expect(await guestSurvey(test.db, eventId, ids[0]!)).toMatchObject({ status: "open" });
    expect(await guestSurvey(test.db, eventId, ids[3]!)).toEqual({ status: "not-attended" });
    expect(await guestSurvey(test.db, eventId, ids[4]!)).toEqual({ status: "not-attended" });
    expect(await answerSurvey(test.db, eventId, ids[4]!, { "1": 5 })).toEqual({ status: "not-attended" });
  });

  it("refuses to send before the event started or without questions", async () => {
    const { eventId } = await endedEvent(new Date(Date.now() + 10 * HOUR));
    expect(await sendSurvey(test.db, eventId, mail)).toEqual({ status: "no-questions" });
    await saveSurvey(test.db, eventId, parsedEditor());
    expect(await sendSurvey(test.db, eventId, mail)).toEqual({ status: "not-started" });
    expect(await surveyEmails(eventId)).toEqual([]);
  });

  it("is sent once when two app instances and the organizer's button try at the same moment", async () => {
    const { eventId } = await endedEvent(new Date(Date.now() - 5 * HOUR));
    await saveSurvey(test.db, eventId, parsedEditor({ autoSend: "on", autoSendHours: "2" }));
    const other: Kysely<Database> = await test.another();
    useAppKey(other, test.appKey);
    const results = await Promise.all([
      sendSurvey(test.db, eventId, mail),
      sendSurvey(other, eventId, mail),
      runHousekeeping(test.db, mail),
      runHousekeeping(other, mail),
      sendDueSurveys(other, mail),
    ]);
    const sentByButton = results.slice(0, 2).filter((result) => (result as { status: string }).status === "sent").length;
    const sentByHousekeeping = (results[2] as { surveysSent: number }).surveysSent + (results[3] as { surveysSent: number }).surveysSent + (results[4] as number);
    expect(sentByButton + sentByHousekeeping).toBe(1);
    expect(await surveyEmails(eventId)).toHaveLength(2);
  });

  it("is sent by itself N hours after the event ended, not before", async () => {
    const endedAt = new Date(Date.now() - HOUR);
    const { eventId } = await endedEvent(endedAt);
    await saveSurvey(test.db, eventId, parsedEditor({ autoSend: "on", autoSendHours: "24" }));
    expect((await runHousekeeping(test.db, mail, new Date(endedAt.getTime() + 23 * HOUR))).surveysSent).toBe(0);
    expect(await surveyEmails(eventId)).toEqual([]);
    expect((await runHousekeeping(test.db, mail, new Date(endedAt.getTime() + 24 * HOUR))).surveysSent).toBe(1);
    expect(await surveyEmails(eventId)).toHaveLength(2);
    expect((await runHousekeeping(test.db, mail, new Date(endedAt.getTime() + 25 * HOUR))).surveysSent).toBe(0);
    expect(await surveyEmails(eventId)).toHaveLength(2);
    // Without the automatic setting, only the button sends it.
    const manual = await endedEvent(new Date(Date.now() - 48 * HOUR));
    await saveSurvey(test.db, manual.eventId, parsedEditor());
    await runHousekeeping(test.db, mail);
    expect(await surveyEmails(manual.eventId)).toEqual([]);
  });

  it("goes to those checked in after it was sent, each once, while it is open", async () => {
    const { eventId, ids } = await endedEvent();
    await saveSurvey(test.db, eventId, parsedEditor());
    expect(await sendSurvey(test.db, eventId, mail)).toEqual({ status: "sent", count: 2 });
    expect((await runHousekeeping(test.db, mail)).surveysSentLate).toBe(0);
    // The absent guest turns up late; the undone one is checked in again. Two instances at once (and a housekeeping round): one email each.
    await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: ownerId }, ids[4]!);
    await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: ownerId }, ids[3]!);
    const other: Kysely<Database> = await test.another();
    useAppKey(other, test.appKey);
    const rounds = await Promise.all([sendSurveyToLateArrivals(test.db, mail), sendSurveyToLateArrivals(other, mail), runHousekeeping(other, mail)]);
    expect(rounds[0] + rounds[1] + rounds[2].surveysSentLate).toBe(2);
    const emails = await surveyEmails(eventId);
    expect(emails.map((email) => email.invitee_id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    const late = emails.find((email) => email.invitee_id === ids[4])!;
    expect(late.to_address).toBe(`s${slug}-absent@example.org`);
    expect(late.text_body).toContain("/survey");
    expect((await test.db.selectFrom("surveys").select("recipients").where("event_id", "=", eventId).executeTakeFirstOrThrow()).recipients).toBe(4);
    expect((await guestSurvey(test.db, eventId, ids[4]!)).status).toBe("open");
    expect((await runHousekeeping(test.db, mail)).surveysSentLate).toBe(0);
    // Once closed, a check-in brings no survey.
    await closeSurvey(test.db, eventId);
    const walkIn = (await addInvitees(test.db, eventId, [sampleInvitee({ name: "손님 closed", email: `s${slug}-closed@example.org` })]))[0]!;
    await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: ownerId }, walkIn);
    expect((await runHousekeeping(test.db, mail)).surveysSentLate).toBe(0);
    expect(await surveyEmails(eventId)).toHaveLength(4);
  });

  it("takes answers until it closes, lets a guest change theirs, and counts and averages them by group", async () => {
    const { eventId, ids } = await endedEvent();
    await saveSurvey(test.db, eventId, parsedEditor());
    await sendSurvey(test.db, eventId, mail);
    const open = await guestSurvey(test.db, eventId, ids[0]!);
    if (open.status !== "open") throw new Error("not open");
    const [rating, choice, textQuestion] = open.questions.map((question) => String(question.id));
    expect(await answerSurvey(test.db, eventId, ids[0]!, { [rating!]: 2, [choice!]: 0 })).toEqual({ status: "saved" });
    expect(await answerSurvey(test.db, eventId, ids[0]!, { [rating!]: 4, [choice!]: 1, [textQuestion!]: "좋았습니다" })).toEqual({ status: "saved" });
    expect(await answerSurvey(test.db, eventId, ids[1]!, { [rating!]: 5, [choice!]: 1 })).toEqual({ status: "saved" });
    expect(await answerSurvey(test.db, eventId, ids[2]!, { [rating!]: 3 })).toEqual({ status: "saved" });
    expect(await guestSurvey(test.db, eventId, ids[0]!)).toMatchObject({ status: "open", answers: { [rating!]: 4, [choice!]: 1, [textQuestion!]: "좋았습니다" } });

    const { responses, results } = await surveyResults(test.db, eventId);
    expect(responses).toBe(3);
    expect(results[0]).toEqual({
      kind: "rating",
      count: 3,
      average: 4,
      distribution: [0, 0, 1, 1, 1],
      byGroup: [
        { group: "내빈", count: 2, average: 3.5 },
        { group: "학생", count: 1, average: 5 },
      ],
    });
    expect(results[1]).toMatchObject({ kind: "choice", count: 2, counts: [0, 2, 0] });
    // Not anonymous: the text answer says whose it is.
    expect(results[2]).toEqual({ kind: "text", count: 1, answers: [{ text: "좋았습니다", group: "내빈", name: "손님 came-guest" }] });

    // The guest's own data page (열람) lists their answers, in their language.
    expect((await guestDataReport(test.db, { eventId, inviteeId: ids[0]!, locale: "en" })).surveyAnswers).toEqual([
      { question: "How satisfied were you with the event?", answer: "4" },
      { question: "Which part did you like best?", answer: "Case studies" },
      { question: "Anything else?", answer: "좋았습니다" },
    ]);

    expect(await closeSurvey(test.db, eventId)).toBe(true);
    expect(await closeSurvey(test.db, eventId)).toBe(false);
    expect(await guestSurvey(test.db, eventId, ids[0]!)).toEqual({ status: "closed" });
    expect(await answerSurvey(test.db, eventId, ids[0]!, { [rating!]: 1 })).toEqual({ status: "closed" });
    // Not anonymous: the answers still belong to their guests after closing.
    const rows = await test.db.selectFrom("survey_responses").select("invitee_id").where("event_id", "=", eventId).execute();
    expect(rows.every((row) => row.invitee_id !== null)).toBe(true);
  });

  it("never names anyone in an anonymous survey's results or export, and detaches who answered when it closes", async () => {
    const { eventId, ids } = await endedEvent();
    await saveSurvey(test.db, eventId, parsedEditor({ anonymous: "on" }));
    const sentAt = new Date();
    await sendSurvey(test.db, eventId, mail, sentAt);
    const open = await guestSurvey(test.db, eventId, ids[0]!);
    if (open.status !== "open") throw new Error("not open");
    const [rating, , textQuestion] = open.questions.map((question) => String(question.id));
    await answerSurvey(test.db, eventId, ids[0]!, { [rating!]: 5, [textQuestion!]: "익명 의견" });
    await answerSurvey(test.db, eventId, ids[1]!, { [rating!]: 3 });

    const before = await surveyResults(test.db, eventId);
    expect(before.namedInviteeIds).toEqual([]);
    expect(before.results[2]).toEqual({ kind: "text", count: 1, answers: [{ text: "익명 의견", group: "내빈", name: null }] });
    const exported = await surveyExportRows(test.db, eventId, "ko", { name: "이름", organization: "소속", group: "그룹" });
    expect(exported.rows[0]).toEqual(["그룹", "1. 행사에 얼마나 만족하셨습니까?", "2. 가장 좋았던 순서는?", "3. 하고 싶은 말씀"]);
    expect(exported.rows.flat().some((cell) => cell.includes("손님"))).toBe(false);

    // Still open 13 days on; closed by housekeeping on the 14th.
    expect((await runHousekeeping(test.db, mail, new Date(sentAt.getTime() + 13 * DAY))).surveysClosed).toBe(0);
    const closedAt = new Date(sentAt.getTime() + 14 * DAY);
    expect(await closeDueSurveys(test.db, closedAt)).toBeGreaterThanOrEqual(1);
    const rows = await test.db.selectFrom("survey_responses").select(["invitee_id", "group_name", "submitted_at"]).where("event_id", "=", eventId).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.invitee_id === null && row.submitted_at.getTime() === closedAt.getTime())).toBe(true);
    expect(rows.map((row) => row.group_name).sort()).toEqual(["내빈", "학생"]);
    const after = await surveyResults(test.db, eventId, closedAt);
    expect(after.results[0]).toMatchObject({ count: 2, average: 4 });
    expect((await test.db.selectFrom("surveys").select("detached_at").where("event_id", "=", eventId).executeTakeFirstOrThrow()).detached_at).not.toBeNull();
  });

  it("is deleted by the purge where it names someone, counted in the destruction register; detached answers stay, and an anonymous survey still open closes with the purge", async () => {
    const named = await endedEvent();
    await saveSurvey(test.db, named.eventId, parsedEditor());
    await sendSurvey(test.db, named.eventId, mail);
    const open = await guestSurvey(test.db, named.eventId, named.ids[0]!);
    if (open.status !== "open") throw new Error("not open");
    const rating = String(open.questions[0]!.id);
    await answerSurvey(test.db, named.eventId, named.ids[0]!, { [rating]: 5 });
    await answerSurvey(test.db, named.eventId, named.ids[1]!, { [rating]: 4 });
    const purged = await purgePersonalData(test.db, named.eventId, { kind: "retention" });
    expect(purged!.counts.surveyAnswers).toBe(2);
    const record = await test.db.selectFrom("destruction_records").select("counts").where("id", "=", purged!.recordId).executeTakeFirstOrThrow();
    expect((record.counts as Record<string, number>).surveyAnswers).toBe(2);
    expect(await test.db.selectFrom("survey_responses").select("id").where("event_id", "=", named.eventId).execute()).toEqual([]);

    const anonymous = await endedEvent();
    await saveSurvey(test.db, anonymous.eventId, parsedEditor({ anonymous: "on" }));
    await sendSurvey(test.db, anonymous.eventId, mail);
    const rating2 = String((await test.db.selectFrom("survey_questions").select("id").where("event_id", "=", anonymous.eventId).where("position", "=", 1).executeTakeFirstOrThrow()).id);
    await answerSurvey(test.db, anonymous.eventId, anonymous.ids[0]!, { [rating2]: 5 });
    await closeSurvey(test.db, anonymous.eventId);
    const again = await purgePersonalData(test.db, anonymous.eventId, { kind: "retention" });
    expect(again!.counts.surveyAnswers).toBe(0);
    expect(await test.db.selectFrom("survey_responses").select("id").where("event_id", "=", anonymous.eventId).execute()).toHaveLength(1);

    // An anonymous survey still open at the purge closes with it: its answers are detached, not lost.
    const stillOpen = await endedEvent();
    await saveSurvey(test.db, stillOpen.eventId, parsedEditor({ anonymous: "on" }));
    await sendSurvey(test.db, stillOpen.eventId, mail);
    const rating3 = String((await test.db.selectFrom("survey_questions").select("id").where("event_id", "=", stillOpen.eventId).where("position", "=", 1).executeTakeFirstOrThrow()).id);
    await answerSurvey(test.db, stillOpen.eventId, stillOpen.ids[0]!, { [rating3]: 5 });
    await answerSurvey(test.db, stillOpen.eventId, stillOpen.ids[1]!, { [rating3]: 3 });
    const closing = await purgePersonalData(test.db, stillOpen.eventId, { kind: "organizer", organizerId: ownerId });
    expect(closing!.counts.surveyAnswers).toBe(0);
    const kept = await test.db.selectFrom("survey_responses").select(["invitee_id", "group_name"]).where("event_id", "=", stillOpen.eventId).execute();
    expect(kept).toHaveLength(2);
    expect(kept.every((row) => row.invitee_id === null)).toBe(true);
    expect((await test.db.selectFrom("surveys").select(["closed_at", "detached_at"]).where("event_id", "=", stillOpen.eventId).executeTakeFirstOrThrow()).detached_at).not.toBeNull();
    expect((await surveyResults(test.db, stillOpen.eventId)).results[0]).toMatchObject({ count: 2, average: 4 });
  });

  it("answers the guest's form with field errors and what was typed, and a friendly page when there is no survey for them", async () => {
    const { eventId, ids } = await endedEvent();
    const token = await tokenOf(ids[0]!);
    const page = (path: string) => outcome(() => guestPage.loader({ request: getRequest(path), params: { token }, context }));
    expect((await page(`/i/${token}/survey`)).data).toMatchObject({ status: "not-sent", form: null });
    await saveSurvey(test.db, eventId, parsedEditor());
    await sendSurvey(test.db, eventId, mail);
    const loaded = await page(`/i/${token}/survey`);
    expect(loaded.status).toBe(200);
    const [rating, choice, textQuestion] = (loaded.data.form.questions as Array<{ id: number }>).map((question) => `q${question.id}`);

    const post = (fields: Record<string, string>) => outcome(() => guestPage.action({ request: postRequest(`/i/${token}/survey`, fields), params: { token }, context }));
    const missing = await post({ [choice!]: "1", [textQuestion!]: "좋은 행사" });
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual({ [rating!]: "survey.error.required" });
    expect(missing.data.values).toMatchObject({ [choice!]: "1", [textQuestion!]: "좋은 행사" });
    const bad = await post({ [rating!]: "9", [choice!]: "7" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ [rating!]: "error.invalid", [choice!]: "error.invalid" });
    const done = await post({ [rating!]: "5", [choice!]: "1", [textQuestion!]: "좋은 행사" });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/i/${token}/survey?saved=1`);
    expect((await page(`/i/${token}/survey`)).data.form.values).toEqual({ [rating!]: "5", [choice!]: "1", [textQuestion!]: "좋은 행사" });

    const absent = await tokenOf(ids[4]!);
    const absentPage = await outcome(() => guestPage.loader({ request: getRequest(`/i/${absent}/survey`), params: { token: absent }, context }));
    expect(absentPage.data).toMatchObject({ status: "not-attended", form: null });
    const absentPost = await outcome(() => guestPage.action({ request: postRequest(`/i/${absent}/survey`, { [rating!]: "5" }), params: { token: absent }, context }));
    expect(absentPost.status).toBe(302);
    expect(await test.db.selectFrom("survey_responses").select("id").where("invitee_id", "=", ids[4]!).execute()).toEqual([]);
  });

  it("lets the organizer write, send and export through the pages, with errors kept, a download reason and access records", async () => {
    const { eventId, ids } = await endedEvent();
    const params = { eventId: String(eventId) };
    const post = (fields: Record<string, string>) => outcome(() => adminPage.action({ request: postRequest(`/admin/events/${eventId}/survey`, fields, { Cookie: cookie }), params, context }));
    const invalid = await post(editorForm({ [slotField(2, "OptionsKo")]: "하나뿐" }));
    expect(invalid.status).toBe(400);
    expect(invalid.data.errors).toEqual({ [slotField(2, "OptionsKo")]: "survey.error.options" });
    expect(invalid.data.values[slotField(1, "LabelKo")]).toBe("행사에 얼마나 만족하셨습니까?");
    expect((await post(editorForm())).location).toBe(`/admin/events/${eventId}/survey?done=saved`);
    const draft = await outcome(() => adminPage.loader({ request: getRequest(`/admin/events/${eventId}/survey`, { Cookie: cookie }), params, context }));
    expect(draft.data).toMatchObject({ audience: 2, survey: { state: "draft" } });
    expect((await post({ intent: "send" })).location).toBe(`/admin/events/${eventId}/survey?done=sent`);
    // Sending processes the guests' emails: one access record naming those it reached.
    const mailing = await test.db.selectFrom("access_records").select(["action", "subject_ids", "filter", "organizer_id"]).where("event_id", "=", eventId).where("action", "=", "update").execute();
    expect(mailing).toEqual([{ action: "update", subject_ids: [ids[0], ids[1]], filter: { mailing: "survey" }, organizer_id: ownerId }]);
    const again = await post({ intent: "send" });
    expect(again.status).toBe(409);
    expect(again.data.errors).toEqual({ form: "survey.error.alreadySent" });
    expect(await test.db.selectFrom("access_records").select("id").where("event_id", "=", eventId).where("action", "=", "update").execute()).toHaveLength(1);

    const bare = await outcome(() => exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/survey/export`, { Cookie: cookie }), params, context }));
    expect(bare.status).toBe(302);
    expect(bare.location).toContain("what=survey-export");
    const download = await exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/survey/export?reason=results-report`, { Cookie: cookie }), params, context });
    expect(download.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await download.arrayBuffer());
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, "이름", "소속", "그룹", "1. 행사에 얼마나 만족하셨습니까?", "2. 가장 좋았던 순서는?", "3. 하고 싶은 말씀"]);
    const records = await test.db.selectFrom("access_records").select(["action", "reason"]).where("event_id", "=", eventId).where("action", "=", "export").execute();
    expect(records).toEqual([{ action: "export", reason: "results-report" }]);
  });
});
