/**
 * What the check-in routes answer, as the scanner page receives it (JSON: times are ISO strings).
 * Mirrors `CheckInOutcome` in app/domain/checkin.server.ts, which the browser may not import.
 */
export interface DoorGuest {
  inviteeId: number;
  name: string;
  organization: string;
  position: string;
  group: string;
  isVip: boolean;
  proxyName: string;
  companions: number;
}

export type DoorOutcome =
  | { result: "welcome"; guest: DoorGuest; checkinId: number; at: string }
  | { result: "already"; guest: DoorGuest; checkinId: number; at: string; entrance: string }
  | { result: "not-attending"; guest: DoorGuest }
  | { result: "superseded" | "cancelled"; guest: DoorGuest | null }
  | { result: "other-event" }
  | { result: "invalid" };

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
