/**
 * The destruction register's vocabulary, shared by the purge (which counts) and the pages (which
 * print): what a purge of an event's personal data destroys, category by category.
 */
import type { DestructionCause, DestructionMethod } from "../../../db/schema";

export type { DestructionCause, DestructionMethod };

/** In the order the confirmation lists them. */
export const DESTROYED_CATEGORIES = ["invitees", "rsvps", "registrations", "emails", "awardStandIns", "inviteeUploads", "awardUploads"] as const;
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
};
