/**
 * The survey's vocabulary shared by the domain and the pages (browser-safe): how many questions,
 * their kinds, and how long a sent survey stays open.
 */
import type { SurveyQuestionKind } from "../../../db/schema";
import type { MessageKey } from "../../i18n/i18n";

export type { SurveyQuestionKind };

export const SURVEY_MAX_QUESTIONS = 10;
export const SURVEY_KINDS = ["rating", "choice", "text"] as const satisfies readonly SurveyQuestionKind[];
/** A survey closes this many days after it was sent, unless the organizer closes it sooner. */
export const SURVEY_OPEN_DAYS = 14;
/** The rating scale, 1 (worst) to 5 (best). */
export const RATING_SCALE = [1, 2, 3, 4, 5] as const;

export const surveyKindLabel: Record<SurveyQuestionKind, MessageKey> = {
  rating: "survey.kind.rating",
  choice: "survey.kind.choice",
  text: "survey.kind.text",
};

/** The question slots of the editor: q1 … q10. */
export const questionSlots = Array.from({ length: SURVEY_MAX_QUESTIONS }, (_, index) => index + 1);

/** A slot's field names, shared by the editor's form and its schema. */
export const slotField = (slot: number, field: "Kind" | "LabelKo" | "LabelEn" | "OptionsKo" | "OptionsEn" | "Required") => `q${slot}${field}`;

/** The guest form's field of a question. */
export const answerField = (questionId: number) => `q${questionId}`;
