/**
 * Why a list of people leaves the screen (다운로드 사유): asked before every export and printed
 * list, and kept with its access record. Browser-safe: the reason form uses the same words.
 */

/** The short list offered; "other" asks for a few words instead. */
export const DOWNLOAD_REASONS = ["event-operations", "reception", "results-report", "mailing", "other"] as const;
export type DownloadReason = (typeof DOWNLOAD_REASONS)[number];

/** What asks for a reason, and where it is, under /admin/events/<id>/. */
export const DOWNLOAD_TARGETS = {
  "invitees-export": "invitees/export",
  "attendees-export": "attendees/export",
  "arrivals-export": "arrivals/export",
  "sign-in-sheet": "attendees/sign-in-sheet",
  badges: "attendees/badges",
  "name-plates": "attendees/name-plates",
  "attendance-certificates": "arrivals/certificates",
  letters: "invitees/letters",
  "access-records-export": "access-records/export",
  "survey-export": "survey/export",
  "seating-plan": "seating/plan",
  "seat-list": "seating/list",
  "awards-list": "awards/print",
  "award-certificates": "awards/certificates",
} as const;
export type DownloadTarget = keyof typeof DOWNLOAD_TARGETS;

export const REASON_TEXT_MAX = 200;

/**
 * The reason in an address (`?reason=…&reason-text=…`) as it is recorded: one of the list, or
 * "other: <the words typed>" (2 characters at least); null when there is none or it is not valid.
 */
export function readDownloadReason(params: URLSearchParams): string | null {
  const reason = params.get("reason");
  if (!reason || !(DOWNLOAD_REASONS as readonly string[]).includes(reason)) return null;
  if (reason !== "other") return reason;
  const text = (params.get("reason-text") ?? "").replaceAll("\0", "").replace(/\s+/g, " ").trim();
  if ([...text].length < 2 || [...text].length > REASON_TEXT_MAX) return null;
  return `other: ${text}`;
}

export function isDownloadTarget(value: string | null): value is DownloadTarget {
  return value !== null && Object.hasOwn(DOWNLOAD_TARGETS, value);
}
