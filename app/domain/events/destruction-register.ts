/**
 * The destruction register's vocabulary, shared by the purge (which counts) and the pages (which
 * print): what a purge of an event's personal data destroys, category by category.
 */
import type { DestructionCause, DestructionMethod } from "../../../db/schema";
import type { MessageKey } from "../../i18n/i18n";

export type { DestructionCause, DestructionMethod };

/** In the order the confirmation lists them. */
export const DESTROYED_CATEGORIES = ["invitees", "rsvps", "registrations", "emails", "awardStandIns", "inviteeUploads", "awardUploads", "surveyAnswers"] as const;
export type DestroyedCategory = (typeof DESTROYED_CATEGORIES)[number];
export type DestroyedCounts = Record<DestroyedCategory, number>;

/**
 * "erased": the personal fields are emptied and the row stays, without who the person was, so
 * counts and figures survive; "deleted": the whole row goes.
 */
export const destroyedHow: Record<DestroyedCategory, "erased" | "deleted"> = {
  invitees: "erased",
  rsvps: "erased",
  registrations: "deleted",
  emails: "erased",
  awardStandIns: "erased",
  inviteeUploads: "deleted",
  awardUploads: "deleted",
  surveyAnswers: "deleted",
};

export const destroyedCategoryLabel: Record<DestroyedCategory, MessageKey> = {
  invitees: "destruction.category.invitees",
  rsvps: "destruction.category.rsvps",
  registrations: "destruction.category.registrations",
  emails: "destruction.category.emails",
  awardStandIns: "destruction.category.awardStandIns",
  inviteeUploads: "destruction.category.inviteeUploads",
  awardUploads: "destruction.category.awardUploads",
  surveyAnswers: "survey.destruction.category",
};

/** Which items of personal data the category held. */
export const destroyedItemsLabel: Record<DestroyedCategory, MessageKey> = {
  invitees: "destruction.items.invitees",
  rsvps: "destruction.items.rsvps",
  registrations: "destruction.items.registrations",
  emails: "destruction.items.emails",
  awardStandIns: "destruction.items.awardStandIns",
  inviteeUploads: "destruction.items.inviteeUploads",
  awardUploads: "destruction.items.awardUploads",
  surveyAnswers: "survey.destruction.items",
};

export const destroyedHowLabel: Record<"erased" | "deleted", MessageKey> = {
  erased: "destruction.how.erased",
  deleted: "destruction.how.deleted",
};

export const causeLabel: Record<DestructionCause, MessageKey> = {
  retention: "destruction.cause.retention",
  organizer: "destruction.cause.organizer",
  guest: "destruction.cause.guest",
};

export const methodLabel: Record<DestructionMethod, MessageKey> = {
  database: "destruction.method.database",
};
