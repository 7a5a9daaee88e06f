import type { ArrivingGuest, CheckInOutcome } from "../domain/checkin.server";

/**
 * What the check-in routes answer, as the scanner page receives it: the domain's outcome, with
 * times as ISO strings (JSON). Only types cross over from the server module; no code does.
 */
export type DoorGuest = ArrivingGuest;

type WithIsoTime<T> = T extends { at: Date } ? Omit<T, "at"> & { at: string } : T;
export type DoorOutcome = WithIsoTime<CheckInOutcome>;

/** What the door shows: an outcome, or why there is none (the page's own states). */
export type DoorAnswer =
  | DoorOutcome
  | { result: "undone"; name: string }
  | { result: "undo-too-late" }
  | { result: "offline" | "signed-out" | "failed" };

export type DoorTone = "welcome" | "already" | "refused" | "neutral";

export function toneOf(answer: DoorAnswer): DoorTone {
  switch (answer.result) {
    case "welcome":
      return "welcome";
    case "already":
      return "already";
    case "undone":
    case "undo-too-late":
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
  ticket: "active" | "cancelled" | "none";
  checkedIn: boolean;
}
