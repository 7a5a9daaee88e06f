import type { MessageKey } from "../../i18n/i18n";

/**
 * Where an invitee stands with their answer, as the organizer's lists filter by it: no answer
 * yet, attending (in person or by proxy), not attending, waiting for a place, or holding an
 * offered place. Shared by server and page.
 */
export const RSVP_RESPONSES = ["no-answer", "attending", "declined", "waitlisted", "offered"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export function isRsvpResponse(value: unknown): value is RsvpResponse {
  return typeof value === "string" && (RSVP_RESPONSES as readonly string[]).includes(value);
}

/** An answer as the lists label it: attending by proxy shows as such. */
export type AnswerLabel = RsvpResponse | "proxy";

export const answerLabelKey: Record<AnswerLabel, MessageKey> = {
  "no-answer": "attendees.response.no-answer",
  attending: "attendees.response.attending",
  proxy: "attendees.response.proxy",
  declined: "attendees.response.declined",
  waitlisted: "attendees.response.waitlisted",
  offered: "attendees.response.offered",
};
