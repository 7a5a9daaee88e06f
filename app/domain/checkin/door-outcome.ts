import type { ArrivingGuest, CheckInOutcome } from "./checkin.server";

/** How long after a check-in the door may undo it: the phone offers it, the server allows it. */
export const UNDO_WINDOW_MINUTES = 5;

/**
 * What the check-in routes answer, as the scanner page receives it: the domain's outcome, with
 * times as ISO strings (JSON). Only types cross over from the server module; no code does.
 */
export type DoorGuest = ArrivingGuest;

type WithIsoTime<T> = T extends { at: Date } ? Omit<T, "at"> & { at: string } : T;
export type DoorOutcome = WithIsoTime<CheckInOutcome>;

/**
 * Decided on the phone from its stored roster while the server could not be reached (see
 * app/domain/checkin/door-roster.ts). A welcome is queued under the phone's own id until it is sent.
 */
export type OfflineOutcome = { offline: true } & (
  | { result: "welcome"; guest: DoorGuest; clientId: string; at: string }
  | { result: "already"; guest: DoorGuest; at: string; entrance: string }
  | { result: "superseded" | "cancelled"; guest: DoorGuest }
  | { result: "other-event" | "invalid" }
  // A scanned code the device cannot check itself (no Ed25519 in this browser): not let in.
  | { result: "unverifiable" }
);

/** What the door shows: an outcome, or why there is none (the page's own states). */
export type DoorAnswer = DoorOutcome | OfflineOutcome | { result: "undone"; name: string } | { result: "undo-too-late" | "undo-sent" } | { result: "offline" | "signed-out" | "failed" };

/** What "undo" takes back: a check-in the server recorded, or one still in this phone's queue. */
export type UndoTarget = { checkinId: number } | { clientId: string };

export function undoTargetOf(answer: Extract<DoorAnswer, { result: "welcome" }>): UndoTarget {
  return "offline" in answer ? { clientId: answer.clientId } : { checkinId: answer.checkinId };
}

export type DoorTone = "welcome" | "already" | "refused" | "neutral";

export function toneOf(answer: DoorAnswer): DoorTone {
  switch (answer.result) {
    case "welcome":
      return "welcome";
    case "already":
      return "already";
    case "undone":
    case "undo-too-late":
    case "undo-sent":
      return "neutral";
    default:
      return "refused";
  }
}

/** One line of the search at the door (see `findGuestsAtDoor`). */
export interface DoorSearchHit {
  inviteeId: number;
  name: string;
  organization: string;
  group: string;
  /** Masked (010-****-1234); empty offline, where the roster holds no phone numbers. */
  phone: string;
  ticket: "active" | "cancelled" | "none";
  checkedIn: boolean;
}
