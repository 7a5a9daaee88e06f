/**
 * The short survey after an event (만족도 조사). The organizer writes up to ten questions (a 1–5
 * rating, a single choice, or a text), each in Korean and English, and sends the survey once,
 * with the button or automatically N hours after the event's end (housekeeping). It goes by
 * email, with their personal link, only to those checked in. Guests may change their answers
 * until the survey closes: by the organizer's button or SURVEY_OPEN_DAYS after it was sent.
 *
 * Once-only is the database's: the survey row is locked `for update` and `sent_at`/`closed_at`
 * are set by conditional updates, so two app instances (or two organizers) cannot send or close
 * twice. An anonymous survey's answers lose the link to who gave them when it closes (rows
 * re-written in a shuffled order, without the invitee and with the closing time), and its
 * results never name anyone even before. The purge deletes answers that still name someone.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { ChoiceOption, Database, SurveyAnswers } from "../../../db/schema";
import { renderSurveyRequest } from "../../../emails/survey-request";
import { formatEventDate } from "../../lib/format";
import { text, type FieldErrors } from "../../lib/forms.server";
import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import { guestEvent, mailContext, outgoing, recipientColumns, sender, type MailOrigin, type Recipient } from "../invitations/guest-mail.server";
import { personalLinkMaker } from "../invitations/invitations.server";
import { enqueueEmails } from "../outbox.server";
import { answerField, questionSlots, RATING_SCALE, slotField, SURVEY_KINDS, SURVEY_MAX_QUESTIONS, SURVEY_OPEN_DAYS, type SurveyQuestionKind } from "./survey";

type Db = Kysely<Database>;

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The organizer's form: settings and the ten question slots

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

const slotShape = Object.fromEntries(
  questionSlots.flatMap((slot) => [
    [slotField(slot, "Kind"), z.enum(SURVEY_KINDS, "error.invalid").catch("rating")],
    [slotField(slot, "LabelKo"), text(300).default("")],
    [slotField(slot, "LabelEn"), text(300).default("")],
    [slotField(slot, "OptionsKo"), text(3000).default("")],
    [slotField(slot, "OptionsEn"), text(3000).default("")],
    [slotField(slot, "Required"), checkbox],
  ]),
) as Record<string, z.ZodType<string | boolean>>;

export interface SurveyQuestionForm {
  kind: SurveyQuestionKind;
  labelKo: string;
  labelEn: string;
  options: ChoiceOption[];
  required: boolean;
}

export interface SurveyForm {
  anonymous: boolean;
  autoSendHours: number | null;
  questions: SurveyQuestionForm[];
}

/**
 * The editor's form: a slot with both labels empty is no question; one in use needs both labels,
 * and a choice two options or more (the English lines pair with the Korean ones, or are left
 * empty to show the Korean ones).
 */
export const surveyFormSchema = z
  .object({
    anonymous: checkbox,
    autoSend: checkbox,
    autoSendHours: z.string().trim().default(""),
    ...slotShape,
  })
  .transform((form, ctx): SurveyForm => {
    const values = form as unknown as Record<string, string | boolean>;
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    let autoSendHours: number | null = null;
    if (form.autoSend) {
      if (!/^\d{1,3}$/.test(form.autoSendHours) || Number(form.autoSendHours) > 720) issue("autoSendHours", "survey.error.hours");
      else autoSendHours = Number(form.autoSendHours);
    } else if (form.autoSendHours !== "" && !/^\d{1,3}$/.test(form.autoSendHours)) issue("autoSendHours", "survey.error.hours");
    const questions: SurveyQuestionForm[] = [];
    for (const slot of questionSlots) {
      const get = (field: Parameters<typeof slotField>[1]) => values[slotField(slot, field)];
      const labelKo = get("LabelKo") as string;
      const labelEn = get("LabelEn") as string;
      const kind = get("Kind") as SurveyQuestionKind;
      const optionsKo = lines(get("OptionsKo") as string);
      const optionsEn = lines(get("OptionsEn") as string);
      if (labelKo === "" && labelEn === "") {
        if (optionsKo.length > 0 || optionsEn.length > 0) issue(slotField(slot, "LabelKo"), "survey.error.label");
        continue;
      }
      if (labelKo === "") issue(slotField(slot, "LabelKo"), "survey.error.label");
      if (labelEn === "") issue(slotField(slot, "LabelEn"), "survey.error.label");
      let options: ChoiceOption[] = [];
      if (kind === "choice") {
        if (optionsKo.length < 2 || optionsKo.length > 20) issue(slotField(slot, "OptionsKo"), "survey.error.options");
        else if (optionsEn.length > 0 && optionsEn.length !== optionsKo.length) issue(slotField(slot, "OptionsEn"), "survey.error.optionsPair");
        else options = optionsKo.map((ko, index) => ({ ko, en: optionsEn[index] ?? "" }));
      }
      questions.push({ kind, labelKo, labelEn, options, required: Boolean(get("Required")) });
    }
    if (questions.length === 0) issue(slotField(1, "LabelKo"), "survey.error.noQuestions");
    return { anonymous: form.anonymous, autoSendHours, questions };
  });

// ---------------------------------------------------------------------------------------------
// Reading the survey

export interface SurveyQuestion {
  id: number;
  position: number;
  kind: SurveyQuestionKind;
  label: { ko: string; en: string };
  options: ChoiceOption[];
  required: boolean;
}

async function questionsOf(db: Db, eventId: number): Promise<SurveyQuestion[]> {
  const rows = await db.selectFrom("survey_questions").select(["id", "position", "kind", "label_ko", "label_en", "options", "required"]).where("event_id", "=", eventId).orderBy("position").execute();
  return rows.map((row) => ({ id: row.id, position: row.position, kind: row.kind, label: { ko: row.label_ko, en: row.label_en }, options: row.options, required: row.required }));
}

/** When a survey sent at `sentAt` closes by itself. */
export const closesAt = (sentAt: Date) => new Date(sentAt.getTime() + SURVEY_OPEN_DAYS * DAY);

export type SurveyState = "draft" | "open" | "closed";

/** The survey's settings, questions and state, for the organizer's page; a draft with no questions when none was saved. */
export async function getSurvey(db: Db, eventId: number, now = new Date()) {
  const row = await db.selectFrom("surveys").select(["anonymous", "auto_send_hours", "sent_at", "recipients", "closed_at", "detached_at"]).where("event_id", "=", eventId).executeTakeFirst();
  const questions = row ? await questionsOf(db, eventId) : [];
  const state: SurveyState = !row?.sent_at ? "draft" : row.closed_at || closesAt(row.sent_at) <= now ? "closed" : "open";
  const values: Record<string, string> = { autoSendHours: row?.auto_send_hours === null || !row ? "" : String(row.auto_send_hours) };
  if (row?.anonymous) values.anonymous = "on";
  if (row && row.auto_send_hours !== null) values.autoSend = "on";
  for (const slot of questionSlots) values[slotField(slot, "Kind")] = "rating";
  questions.forEach((question, index) => {
    const slot = index + 1;
    values[slotField(slot, "Kind")] = question.kind;
    values[slotField(slot, "LabelKo")] = question.label.ko;
    values[slotField(slot, "LabelEn")] = question.label.en;
    values[slotField(slot, "OptionsKo")] = question.options.map((option) => option.ko).join("\n");
    values[slotField(slot, "OptionsEn")] = question.options.map((option) => option.en).join("\n");
    if (question.required) values[slotField(slot, "Required")] = "on";
  });
  return {
    state,
    anonymous: row?.anonymous ?? false,
    autoSendHours: row?.auto_send_hours ?? null,
    sentAt: row?.sent_at ?? null,
    closesAt: row?.closed_at ?? (row?.sent_at ? closesAt(row.sent_at) : null),
    recipients: row?.recipients ?? 0,
    detached: Boolean(row?.detached_at),
    questions,
    values,
  };
}

export type SurveyView = Awaited<ReturnType<typeof getSurvey>>;

// ---------------------------------------------------------------------------------------------
// Saving, sending, closing

export type SaveSurveyResult = { status: "saved" } | { status: "sent" };

/**
 * Saves the settings and questions while the survey is a draft. Once sent, nothing changes: the
 * guests answered these questions, and were told whether it is anonymous.
 */
export async function saveSurvey(db: Db, eventId: number, form: SurveyForm): Promise<SaveSurveyResult> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("surveys")
      .values({ event_id: eventId, auto_send_hours: null })
      .onConflict((oc) => oc.column("event_id").doNothing())
      .execute();
    const survey = await trx.selectFrom("surveys").select("sent_at").where("event_id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
    if (survey.sent_at) return { status: "sent" } as const;
    await trx
      .updateTable("surveys")
      .set({ anonymous: form.anonymous, auto_send_hours: form.autoSendHours, updated_at: sql<Date>`now()` })
      .where("event_id", "=", eventId)
      .execute();
    await trx.deleteFrom("survey_questions").where("event_id", "=", eventId).execute();
    await trx
      .insertInto("survey_questions")
      .values(
        form.questions.slice(0, SURVEY_MAX_QUESTIONS).map((question, index) => ({
          event_id: eventId,
          position: index + 1,
          kind: question.kind,
          label_ko: question.labelKo,
          label_en: question.labelEn,
          options: JSON.stringify(question.options),
          required: question.required,
        })),
      )
      .execute();
    return { status: "saved" } as const;
  });
}

/** Those who were checked in (not undone) and have an email: who the survey goes to. */
function checkedInRecipients(db: Db, eventId: number) {
  return db
    .selectFrom("invitees")
    .select(recipientColumns)
    .where("invitees.event_id", "=", eventId)
    .where("invitees.email", "is not", null)
    .where((eb) => eb.exists(eb.selectFrom("checkins as c").select("c.id").whereRef("c.invitee_id", "=", "invitees.id").where("c.undone_at", "is", null)))
    .orderBy("invitees.id")
    .$narrowType<{ email: string }>();
}

/** How many the survey would reach now (for the send button's label). */
export async function surveyAudience(db: Db, eventId: number): Promise<number> {
  const row = await db
    .selectFrom(checkedInRecipients(db, eventId).as("r"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type SendSurveyResult = { status: "sent"; count: number } | { status: "already-sent" | "no-questions" | "not-started" | "cancelled" | "purged" };

/**
 * Sends the survey, once: under the survey row's lock, to everyone checked in with an email, and
 * marks it sent in the same transaction. A second call (another instance's housekeeping, a second
 * click) waits for the lock, then finds it sent and does nothing. Sent by an organizer, it writes
 * one access record naming those it reached (housekeeping's own sending writes none).
 */
export async function sendSurvey(db: Db, eventId: number, mail: MailOrigin, now = new Date(), by?: AccessBy): Promise<SendSurveyResult> {
  const link = await personalLinkMaker(db, mail.origin);
  return db.transaction().execute(async (trx) => {
    const survey = await trx.selectFrom("surveys").select(["sent_at", "anonymous"]).where("event_id", "=", eventId).forUpdate().executeTakeFirst();
    if (!survey) return { status: "no-questions" } as const;
    if (survey.sent_at) return { status: "already-sent" } as const;
    const event = await trx.selectFrom("events").select(["starts_at", "cancelled_at", "personal_data_purged_at"]).where("id", "=", eventId).executeTakeFirstOrThrow();
    if (event.cancelled_at) return { status: "cancelled" } as const;
    if (event.personal_data_purged_at) return { status: "purged" } as const;
    if (event.starts_at > now) return { status: "not-started" } as const;
    const questions = await questionsOf(trx, eventId);
    if (questions.length === 0) return { status: "no-questions" } as const;
    const marked = await trx.updateTable("surveys").set({ sent_at: now, updated_at: now }).where("event_id", "=", eventId).where("sent_at", "is", null).executeTakeFirst();
    if (marked.numUpdatedRows === 0n) return { status: "already-sent" } as const;
    const guests = await checkedInRecipients(trx, eventId).execute();
    const count = await queueSurveyRequests(trx, eventId, guests, { sentAt: now, anonymous: survey.anonymous, questionCount: questions.length }, link, mail);
    await trx.updateTable("surveys").set({ recipients: count }).where("event_id", "=", eventId).execute();
    if (by && guests.length > 0) await recordAccess(trx, { ...by, action: "update", eventId, subjectIds: guests.map((guest) => guest.id), filter: { mailing: "survey" } });
    return { status: "sent", count } as const;
  });
}

/** Queues the survey's email to each guest, in their language, with their personal link; how many. */
async function queueSurveyRequests(
  trx: Db,
  eventId: number,
  guests: Array<Recipient & { email: string }>,
  survey: { sentAt: Date; anonymous: boolean; questionCount: number },
  link: (guest: Recipient) => string,
  mail: MailOrigin,
): Promise<number> {
  if (guests.length === 0) return 0;
  const context = await mailContext(trx, eventId);
  const emails = guests.map((guest) => {
    const locale = guest.language;
    const rendered = renderSurveyRequest(
      {
        event: guestEvent(context, locale),
        invitee: guest,
        surveyLink: `${link(guest)}/survey`,
        questionCount: survey.questionCount,
        closesOn: formatEventDate(closesAt(survey.sentAt), context.event.time_zone, locale),
        anonymous: survey.anonymous,
        senderName: sender(context, locale).senderName,
      },
      locale,
    );
    return { ...outgoing(context, guest, "survey", rendered), ics: null };
  });
  await enqueueEmails(trx, emails, mail.messageIdDomain);
  return emails.length;
}

/** Those checked in (not undone) with an email whom no survey email has been queued for. */
function lateRecipients(db: Db, eventId: number) {
  return checkedInRecipients(db, eventId).where((eb) =>
    eb.not(eb.exists(eb.selectFrom("email_outbox as o").select("o.id").whereRef("o.invitee_id", "=", "invitees.id").where("o.kind", "=", "survey"))),
  );
}

/** The surveys of events neither cancelled nor purged, by event: what housekeeping may send. */
function surveysOfLiveEvents(db: Db) {
  return db
    .selectFrom("surveys")
    .innerJoin("events", "events.id", "surveys.event_id")
    .select("surveys.event_id")
    .where("events.cancelled_at", "is", null)
    .where("events.personal_data_purged_at", "is", null);
}

/**
 * While a survey is open, those checked in after it went out (a latecomer scanned after the
 * organizer's button, a check-in entered afterwards from the list) get it too, each once: under
 * the survey row's lock, to each checked-in guest with no survey email yet. Returns how many
 * emails were queued.
 */
export async function sendSurveyToLateArrivals(db: Db, mail: MailOrigin): Promise<number> {
  const open = await surveysOfLiveEvents(db).where("surveys.sent_at", "is not", null).where("surveys.closed_at", "is", null).execute();
  let queued = 0;
  for (const { event_id: eventId } of open) {
    // Most rounds find no one: the lock and the link key only when someone is waiting.
    if (!(await lateRecipients(db, eventId).executeTakeFirst())) continue;
    const link = await personalLinkMaker(db, mail.origin);
    queued += await db.transaction().execute(async (trx) => {
      const survey = await trx.selectFrom("surveys").select(["sent_at", "closed_at", "anonymous", "recipients"]).where("event_id", "=", eventId).forUpdate().executeTakeFirst();
      if (!survey?.sent_at || survey.closed_at) return 0;
      const guests = await lateRecipients(trx, eventId).execute();
      const questionCount = (await questionsOf(trx, eventId)).length;
      const count = await queueSurveyRequests(trx, eventId, guests, { sentAt: survey.sent_at, anonymous: survey.anonymous, questionCount }, link, mail);
      await trx
        .updateTable("surveys")
        .set({ recipients: survey.recipients + count })
        .where("event_id", "=", eventId)
        .execute();
      return count;
    });
  }
  return queued;
}

/** Sends every survey whose automatic moment (N hours after its event's end) has come. Returns how many were sent. */
export async function sendDueSurveys(db: Db, mail: MailOrigin, now = new Date()): Promise<number> {
  const due = await surveysOfLiveEvents(db)
    .where("surveys.sent_at", "is", null)
    .where("surveys.auto_send_hours", "is not", null)
    .where(sql<boolean>`events.ends_at + make_interval(hours => surveys.auto_send_hours) <= ${now}`)
    .where((eb) => eb.exists(eb.selectFrom("survey_questions as q").select("q.id").whereRef("q.event_id", "=", "surveys.event_id")))
    .execute();
  let sent = 0;
  for (const { event_id } of due) if ((await sendSurvey(db, event_id, mail, now)).status === "sent") sent++;
  return sent;
}

/**
 * Closes the survey, once (a conditional update under the row's lock); an anonymous survey's
 * answers are then detached from who gave them. False when it was not open.
 */
export async function closeSurvey(db: Db, eventId: number, now = new Date()): Promise<boolean> {
  return db.transaction().execute((trx) => closeIn(trx, eventId, now));
}

/**
 * For the event's purge, in its transaction: a survey still open closes, so an anonymous one's
 * answers are detached (and kept) before the answers that name someone are deleted.
 */
export async function closeSurveyForPurge(trx: Db, eventId: number, now = new Date()): Promise<void> {
  await closeIn(trx, eventId, now);
}

async function closeIn(trx: Db, eventId: number, now: Date): Promise<boolean> {
  const closed = await trx
    .updateTable("surveys")
    .set({ closed_at: now, updated_at: now })
    .where("event_id", "=", eventId)
    .where("sent_at", "is not", null)
    .where("closed_at", "is", null)
    .returning("anonymous")
    .executeTakeFirst();
  if (!closed) return false;
  if (closed.anonymous) await detachAnswers(trx, eventId, now);
  return true;
}

/**
 * Separates an anonymous survey's answers from the guests: each row is written again without the
 * invitee, with the closing time as its time, in a shuffled order (so neither the time nor the
 * row's id tells who answered first). Only the group stays, for the results by group.
 */
async function detachAnswers(trx: Db, eventId: number, now: Date): Promise<void> {
  const rows = await trx.deleteFrom("survey_responses").where("event_id", "=", eventId).where("invitee_id", "is not", null).returning(["group_name", "answers"]).execute();
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  if (rows.length > 0) {
    await trx
      .insertInto("survey_responses")
      .values(rows.map((row) => ({ event_id: eventId, invitee_id: null, group_name: row.group_name, answers: JSON.stringify(row.answers), submitted_at: now })))
      .execute();
  }
  await trx.updateTable("surveys").set({ detached_at: now }).where("event_id", "=", eventId).execute();
}

/** Closes the surveys sent SURVEY_OPEN_DAYS ago or more. Returns how many were closed. */
export async function closeDueSurveys(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("surveys")
    .select("event_id")
    .where("closed_at", "is", null)
    .where("sent_at", "<=", new Date(now.getTime() - SURVEY_OPEN_DAYS * DAY))
    .execute();
  let closed = 0;
  for (const { event_id } of due) if (await closeSurvey(db, event_id, now)) closed++;
  return closed;
}

// ---------------------------------------------------------------------------------------------
// The guest's side

export type GuestSurvey =
  { status: "not-sent" | "not-attended" | "closed" } | { status: "open"; anonymous: boolean; closesAt: Date; questions: SurveyQuestion[]; answers: SurveyAnswers | null; answeredAt: Date | null };

async function isCheckedIn(db: Db, eventId: number, inviteeId: number): Promise<boolean> {
  const row = await db.selectFrom("checkins").select("id").where("event_id", "=", eventId).where("invitee_id", "=", inviteeId).where("undone_at", "is", null).executeTakeFirst();
  return Boolean(row);
}

/** What the guest's survey page shows: the form (with their answers so far), or why there is none. */
export async function guestSurvey(db: Db, eventId: number, inviteeId: number, now = new Date()): Promise<GuestSurvey> {
  const survey = await db.selectFrom("surveys").select(["sent_at", "closed_at", "anonymous"]).where("event_id", "=", eventId).executeTakeFirst();
  if (!survey?.sent_at) return { status: "not-sent" };
  if (!(await isCheckedIn(db, eventId, inviteeId))) return { status: "not-attended" };
  if (survey.closed_at || closesAt(survey.sent_at) <= now) return { status: "closed" };
  const response = await db.selectFrom("survey_responses").select(["answers", "submitted_at"]).where("event_id", "=", eventId).where("invitee_id", "=", inviteeId).executeTakeFirst();
  return {
    status: "open",
    anonymous: survey.anonymous,
    closesAt: closesAt(survey.sent_at),
    questions: await questionsOf(db, eventId),
    answers: response?.answers ?? null,
    answeredAt: response?.submitted_at ?? null,
  };
}

/** The guest form's schema for these questions: field q<id>, a rating 1–5, a choice's index, a text. */
export function surveyAnswerSchema(questions: SurveyQuestion[]) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const question of questions) {
    const allowed = question.kind === "rating" ? RATING_SCALE.map(String) : question.kind === "choice" ? question.options.map((_, index) => String(index)) : null;
    let field: z.ZodType<string> = allowed
      ? z
          .string()
          .default("")
          .refine((value) => value === "" || allowed.includes(value), "error.invalid")
      : text(2000).default("");
    if (question.required) field = field.refine((value) => value !== "", "survey.error.required");
    shape[answerField(question.id)] = field;
  }
  return z.object(shape).transform((form): SurveyAnswers => {
    const answers: SurveyAnswers = {};
    for (const question of questions) {
      const value = form[answerField(question.id)] ?? "";
      if (value === "") continue;
      answers[String(question.id)] = question.kind === "text" ? value : Number(value);
    }
    return answers;
  });
}

export type AnswerSurveyResult = { status: "saved" } | { status: "closed" | "not-attended" | "not-sent" } | { status: "empty"; errors: FieldErrors };

/**
 * Saves (or replaces) the guest's answers while the survey is open. The survey row is held with
 * a share lock, so a close running at the same moment waits and then detaches these answers too.
 */
export async function answerSurvey(db: Db, eventId: number, inviteeId: number, answers: SurveyAnswers, now = new Date()): Promise<AnswerSurveyResult> {
  if (Object.keys(answers).length === 0) return { status: "empty", errors: { form: "survey.error.empty" } };
  return db.transaction().execute(async (trx) => {
    const survey = await trx.selectFrom("surveys").select(["sent_at", "closed_at"]).where("event_id", "=", eventId).forShare().executeTakeFirst();
    if (!survey?.sent_at) return { status: "not-sent" } as const;
    if (survey.closed_at || closesAt(survey.sent_at) <= now) return { status: "closed" } as const;
    if (!(await isCheckedIn(trx, eventId, inviteeId))) return { status: "not-attended" } as const;
    const guest = await trx.selectFrom("invitees").select("group_name").where("id", "=", inviteeId).executeTakeFirstOrThrow();
    await trx
      .insertInto("survey_responses")
      .values({ event_id: eventId, invitee_id: inviteeId, group_name: guest.group_name, answers: JSON.stringify(answers), submitted_at: now })
      .onConflict((oc) => oc.columns(["event_id", "invitee_id"]).doUpdateSet({ answers: JSON.stringify(answers), group_name: guest.group_name, submitted_at: now }))
      .execute();
    return { status: "saved" } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Results

interface ResponseRow {
  inviteeId: number | null;
  name: string | null;
  organization: string | null;
  group: string;
  answers: SurveyAnswers;
}

/**
 * Every answer with its group, and the guest's name only when the survey is not anonymous:
 * an anonymous survey's rows never carry who gave them, even before it closes. Anonymous rows
 * come in a random order, not the order they were given.
 */
async function responseRows(db: Db, eventId: number, anonymous: boolean): Promise<ResponseRow[]> {
  if (anonymous) {
    const rows = await db
      .selectFrom("survey_responses")
      .select(["group_name", "answers"])
      .where("event_id", "=", eventId)
      .orderBy(sql`random()`)
      .execute();
    return rows.map((row) => ({ inviteeId: null, name: null, organization: null, group: row.group_name, answers: row.answers }));
  }
  const rows = await db
    .selectFrom("survey_responses as r")
    .leftJoin("invitees as i", "i.id", "r.invitee_id")
    .select(["r.invitee_id", "i.name", "i.organization", "r.group_name", "r.answers"])
    .where("r.event_id", "=", eventId)
    .orderBy("r.group_name")
    .orderBy("i.name")
    .orderBy("r.id")
    .execute();
  return rows.map((row) => ({ inviteeId: row.invitee_id, name: row.name, organization: row.organization, group: row.group_name, answers: row.answers }));
}

export interface RatingResult {
  kind: "rating";
  count: number;
  average: number | null;
  /** How many gave 1, 2, 3, 4 and 5. */
  distribution: number[];
  byGroup: Array<{ group: string; count: number; average: number | null }>;
}
export interface ChoiceResult {
  kind: "choice";
  count: number;
  /** How many chose each option, in the options' order. */
  counts: number[];
  byGroup: Array<{ group: string; count: number; counts: number[] }>;
}
export interface TextResult {
  kind: "text";
  count: number;
  /** The name only for a survey that is not anonymous. */
  answers: Array<{ text: string; group: string; name: string | null }>;
}
export type QuestionResult = RatingResult | ChoiceResult | TextResult;

const averageOf = (values: number[]) => (values.length === 0 ? null : Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100);

/** Counts and averages per question, overall and by invitee group, and the text answers. */
export function tallyResults(questions: SurveyQuestion[], rows: Array<Pick<ResponseRow, "group" | "answers" | "name">>): QuestionResult[] {
  const groups = [...new Set(rows.map((row) => row.group))].sort((a, b) => a.localeCompare(b, "ko"));
  return questions.map((question): QuestionResult => {
    const key = String(question.id);
    const given = rows.filter((row) => row.answers[key] !== undefined);
    if (question.kind === "rating") {
      const valueOf = (row: (typeof given)[number]) => Number(row.answers[key]);
      const values = given.map(valueOf);
      return {
        kind: "rating",
        count: values.length,
        average: averageOf(values),
        distribution: RATING_SCALE.map((score) => values.filter((value) => value === score).length),
        byGroup: groups
          .map((group) => {
            const inGroup = given.filter((row) => row.group === group).map(valueOf);
            return { group, count: inGroup.length, average: averageOf(inGroup) };
          })
          .filter((entry) => entry.count > 0),
      };
    }
    if (question.kind === "choice") {
      const countsOf = (list: typeof given) => question.options.map((_, index) => list.filter((row) => row.answers[key] === index).length);
      return {
        kind: "choice",
        count: given.length,
        counts: countsOf(given),
        byGroup: groups
          .map((group) => {
            const inGroup = given.filter((row) => row.group === group);
            return { group, count: inGroup.length, counts: countsOf(inGroup) };
          })
          .filter((entry) => entry.count > 0),
      };
    }
    return { kind: "text", count: given.length, answers: given.map((row) => ({ text: String(row.answers[key]), group: row.group, name: row.name })) };
  });
}

/** The results page: the survey, how many answered of how many it went to, and each question's results. */
export async function surveyResults(db: Db, eventId: number, now = new Date()) {
  const survey = await getSurvey(db, eventId, now);
  const rows = survey.state === "draft" ? [] : await responseRows(db, eventId, survey.anonymous);
  return {
    survey,
    responses: rows.length,
    /** Whose answers the page names (for its access record); none for an anonymous survey. */
    namedInviteeIds: rows.flatMap((row) => (row.inviteeId !== null ? [row.inviteeId] : [])),
    results: tallyResults(survey.questions, rows),
  };
}

/** The export: one row per answer sheet, a column per question; names only when not anonymous. */
export async function surveyExportRows(
  db: Db,
  eventId: number,
  locale: "ko" | "en",
  headings: { name: string; organization: string; group: string },
): Promise<{ rows: string[][]; count: number; anonymous: boolean }> {
  const survey = await getSurvey(db, eventId);
  const rows = await responseRows(db, eventId, survey.anonymous);
  const label = (question: SurveyQuestion) => `${question.position}. ${locale === "en" ? question.label.en || question.label.ko : question.label.ko || question.label.en}`;
  const cell = (question: SurveyQuestion, value: number | string | undefined) => {
    if (value === undefined) return "";
    if (question.kind === "choice") {
      const option = question.options[Number(value)];
      return option ? (locale === "en" ? option.en || option.ko : option.ko) : "";
    }
    return String(value);
  };
  const header = [...(survey.anonymous ? [] : [headings.name, headings.organization]), headings.group, ...survey.questions.map(label)];
  const body = rows.map((row) => [
    ...(survey.anonymous ? [] : [row.name ?? "", row.organization ?? ""]),
    row.group,
    ...survey.questions.map((question) => cell(question, row.answers[String(question.id)])),
  ]);
  return { rows: [header, ...body], count: rows.length, anonymous: survey.anonymous };
}

/**
 * The guest's own answers as their data page lists them (열람), questions and choices in their
 * language; none once an anonymous survey detached them (nothing links them to the guest then).
 */
export async function guestSurveyAnswers(db: Db, eventId: number, inviteeId: number, locale: "ko" | "en"): Promise<Array<{ question: string; answer: string }>> {
  const response = await db.selectFrom("survey_responses").select("answers").where("event_id", "=", eventId).where("invitee_id", "=", inviteeId).executeTakeFirst();
  if (!response) return [];
  const pick = (texts: { ko: string; en: string }) => (locale === "en" ? texts.en || texts.ko : texts.ko || texts.en);
  return (await questionsOf(db, eventId)).flatMap((question) => {
    const value = response.answers[String(question.id)];
    if (value === undefined) return [];
    const option = question.kind === "choice" ? question.options[Number(value)] : undefined;
    return [{ question: pick(question.label), answer: option ? pick(option) : String(value) }];
  });
}

/** For the purge: deletes the answers that still name someone (all, or one invitee's); how many. */
export async function deleteIdentifiableAnswers(trx: Db, scope: { eventId: number; inviteeId?: number }): Promise<number> {
  const deleted = await trx
    .deleteFrom("survey_responses")
    .where("event_id", "=", scope.eventId)
    .where("invitee_id", "is not", null)
    .$if(scope.inviteeId !== undefined, (qb) => qb.where("invitee_id", "=", scope.inviteeId!))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
