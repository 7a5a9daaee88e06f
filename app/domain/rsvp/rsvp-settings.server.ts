/**
 * The organizer's RSVP settings for an event: companions, the privacy notice guests consent
 * to, how long answers are kept, how long an offered place is held, the day-before notice and
 * parking information; and the event's own questions.
 *
 * Answers are stored by question id (`rsvps.answers`), a choice answer as the option's index.
 * So once someone has answered a question, its kind stays fixed and its options may be
 * reworded or added to but not cut below an option someone chose.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { ChoiceOption, Database, Language, QuestionKind } from "../../../db/schema";
import { text, type FieldErrors } from "../../lib/forms.server";
import { hostNames } from "../events/event-view";
import { consentNotice, listRsvpQuestions } from "./rsvp.server";

type Db = Kysely<Database>;

const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .refine((value) => value >= min && value <= max, message);

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

export const rsvpSettingsSchema = z.object({
  maxCompanions: wholeNumber(0, 10, "rsvpSettings.error.maxCompanions"),
  consentTextKo: text(5000),
  consentTextEn: text(5000),
  retentionDays: wholeNumber(1, 3650, "rsvpSettings.error.retentionDays"),
  offerHours: wholeNumber(1, 720, "rsvpSettings.error.offerHours"),
  noticeEnabled: checkbox,
  // A time input may add seconds ("10:00:00"); the event keeps minutes.
  noticeTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:00)?$/, "rsvpSettings.error.time")
    .transform((value) => value.slice(0, 5)),
  parkingInfoKo: text(2000),
  parkingInfoEn: text(2000),
});

export type RsvpSettingsForm = z.output<typeof rsvpSettingsSchema>;

async function settingsFacts(db: Db, eventId: number) {
  const event = await db
    .selectFrom("events")
    .select([
      "title_ko",
      "title_en",
      "contact_name",
      "max_companions",
      "consent_text_ko",
      "consent_text_en",
      "retention_days",
      "offer_hours",
      "attendee_notice_enabled",
      "attendee_notice_time",
      "parking_info_ko",
      "parking_info_en",
    ])
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event) return undefined;
  const hosts = await db.selectFrom("event_hosts").select(["name_ko", "name_en"]).where("event_id", "=", eventId).orderBy("position").execute();
  return { event, hosts };
}

/** The settings page: the form's values, the standard notices (what applies where the organizer wrote none) and the questions. */
export async function getRsvpSettings(db: Db, eventId: number) {
  const found = await settingsFacts(db, eventId);
  if (!found) return undefined;
  const { event, hosts } = found;
  // Exactly what the guest's page shows when the organizer's text for that language is empty.
  const standard = (language: Language) =>
    consentNotice({ consent_text_ko: "", consent_text_en: "", retention_days: event.retention_days, contact_name: event.contact_name }, hostNames(hosts, language), language);
  return {
    title: { ko: event.title_ko, en: event.title_en },
    questions: await listQuestionsForEditing(db, eventId),
    values: {
      maxCompanions: String(event.max_companions),
      consentTextKo: event.consent_text_ko,
      consentTextEn: event.consent_text_en,
      retentionDays: String(event.retention_days),
      offerHours: String(event.offer_hours),
      ...(event.attendee_notice_enabled ? { noticeEnabled: "on" } : {}),
      noticeTime: event.attendee_notice_time,
      parkingInfoKo: event.parking_info_ko,
      parkingInfoEn: event.parking_info_en,
    } as Record<string, string>,
    standardConsent: { ko: standard("ko"), en: standard("en") },
  };
}

export async function saveRsvpSettings(db: Db, eventId: number, form: RsvpSettingsForm): Promise<boolean> {
  const result = await db
    .updateTable("events")
    .set({
      max_companions: form.maxCompanions,
      consent_text_ko: form.consentTextKo,
      consent_text_en: form.consentTextEn,
      retention_days: form.retentionDays,
      offer_hours: form.offerHours,
      attendee_notice_enabled: form.noticeEnabled,
      attendee_notice_time: form.noticeTime,
      parking_info_ko: form.parkingInfoKo,
      parking_info_en: form.parkingInfoEn,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", eventId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// ---------------------------------------------------------------------------------------------
// Questions

export const QUESTION_KINDS = ["text", "choice", "yesno"] as const satisfies readonly QuestionKind[];
const MAX_OPTIONS = 30;

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** One question as the editor posts it: options one per line, the n-th Korean line pairs with the n-th English one. */
export const questionFormSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS, "error.invalid"),
    labelKo: text(200),
    labelEn: text(200),
    optionsKo: text(5000).default(""),
    optionsEn: text(5000).default(""),
    required: checkbox,
  })
  .superRefine((form, ctx) => {
    if (form.labelKo === "" && form.labelEn === "") ctx.addIssue({ code: "custom", path: ["labelKo"], message: "rsvpSettings.error.label" });
    if (form.kind !== "choice") return;
    const ko = lines(form.optionsKo);
    const en = lines(form.optionsEn);
    if (ko.length === 0 && en.length === 0) ctx.addIssue({ code: "custom", path: ["optionsKo"], message: "rsvpSettings.error.options" });
    else if (ko.length > 0 && en.length > 0 && ko.length !== en.length) ctx.addIssue({ code: "custom", path: ["optionsEn"], message: "rsvpSettings.error.optionCount" });
    if (Math.max(ko.length, en.length) > MAX_OPTIONS) ctx.addIssue({ code: "custom", path: ["optionsKo"], message: "rsvpSettings.error.tooManyOptions" });
    for (const [field, list] of [
      ["optionsKo", ko],
      ["optionsEn", en],
    ] as const) {
      if (list.some((option) => option.length > 100)) ctx.addIssue({ code: "custom", path: [field], message: "error.tooLong" });
    }
  })
  .transform((form) => {
    const ko = lines(form.optionsKo);
    const en = lines(form.optionsEn);
    const options: ChoiceOption[] = form.kind === "choice" ? Array.from({ length: Math.max(ko.length, en.length) }, (_, i) => ({ ko: ko[i] ?? "", en: en[i] ?? "" })) : [];
    return { kind: form.kind, labelKo: form.labelKo, labelEn: form.labelEn, options, required: form.required };
  });

export type QuestionForm = z.output<typeof questionFormSchema>;

/** The event's questions as the editor shows them, each with whether anyone has answered it. */
export async function listQuestionsForEditing(db: Db, eventId: number) {
  const questions = await listRsvpQuestions(db, eventId);
  const answered = await answeredQuestionIds(db, eventId);
  return questions.map((question) => ({
    id: question.id,
    answered: answered.has(question.id),
    values: {
      kind: question.kind,
      labelKo: question.label_ko,
      labelEn: question.label_en,
      optionsKo: question.options.map((option) => option.ko).join("\n"),
      optionsEn: question.options.map((option) => option.en).join("\n"),
      ...(question.required ? { required: "on" } : {}),
    } as Record<string, string>,
  }));
}

async function answeredQuestionIds(db: Db, eventId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("rsvps")
    .select(sql<string>`jsonb_object_keys(answers)`.as("key"))
    .where("event_id", "=", eventId)
    .execute();
  return new Set(rows.map((row) => Number(row.key)));
}

export async function addRsvpQuestion(db: Db, eventId: number, form: QuestionForm): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    // One editor at a time per event, so two additions never take the same place.
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const last = await trx
      .selectFrom("rsvp_questions")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    return trx
      .insertInto("rsvp_questions")
      .values({
        event_id: eventId,
        position: Number(last?.position ?? 0) + 1,
        kind: form.kind,
        label_ko: form.labelKo,
        label_en: form.labelEn,
        options: JSON.stringify(form.options),
        required: form.required,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

export type QuestionUpdate = { status: "saved" } | { status: "not-found" } | { status: "refused"; errors: FieldErrors };

/**
 * Saves an edited question. Once anyone has answered it, its kind cannot change and a choice
 * keeps at least as many options as the highest one chosen (answers point at options by place).
 */
export async function updateRsvpQuestion(db: Db, eventId: number, questionId: number, form: QuestionForm): Promise<QuestionUpdate> {
  return db.transaction().execute(async (trx): Promise<QuestionUpdate> => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const current = await trx.selectFrom("rsvp_questions").select(["id", "kind"]).where("id", "=", questionId).where("event_id", "=", eventId).executeTakeFirst();
    if (!current) return { status: "not-found" };
    const given = await trx
      .selectFrom("rsvps")
      .select(sql<string>`answers ->> ${String(questionId)}`.as("answer"))
      .where("event_id", "=", eventId)
      .where(sql<boolean>`answers ? ${String(questionId)}`)
      .execute();
    if (given.length > 0) {
      if (current.kind !== form.kind) return { status: "refused", errors: { kind: "rsvpSettings.error.kindLocked" } };
      if (form.kind === "choice") {
        const highest = Math.max(...given.map((row) => Number(row.answer)).filter(Number.isInteger));
        if (highest >= form.options.length) return { status: "refused", errors: { optionsKo: "rsvpSettings.error.optionsInUse" } };
      }
    }
    await trx
      .updateTable("rsvp_questions")
      .set({ kind: form.kind, label_ko: form.labelKo, label_en: form.labelEn, options: JSON.stringify(form.options), required: form.required })
      .where("id", "=", questionId)
      .execute();
    return { status: "saved" };
  });
}

/**
 * Removes a question from the form. Answers already given stay in the database with the
 * answer (keyed by the old id, never reused) but are no longer listed.
 */
export async function removeRsvpQuestion(db: Db, eventId: number, questionId: number): Promise<boolean> {
  const result = await db.deleteFrom("rsvp_questions").where("id", "=", questionId).where("event_id", "=", eventId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Swaps a question with the one above or below it; the order is renumbered 1, 2, 3… */
export async function moveRsvpQuestion(db: Db, eventId: number, questionId: number, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const questions = await trx.selectFrom("rsvp_questions").select(["id", "position"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
    const index = questions.findIndex((question) => question.id === questionId);
    if (index < 0) return false;
    const other = direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= questions.length) return true;
    const order = questions.map((question) => question.id);
    [order[index], order[other]] = [order[other]!, order[index]!];
    for (const [i, id] of order.entries()) {
      if (questions.find((question) => question.id === id)!.position !== i + 1) {
        await trx
          .updateTable("rsvp_questions")
          .set({ position: i + 1 })
          .where("id", "=", id)
          .execute();
      }
    }
    return true;
  });
}
