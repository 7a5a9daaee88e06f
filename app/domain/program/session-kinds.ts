import type { SessionKind } from "../../../db/schema";

/** The kinds of session a program has, in the order the organizer's form lists them. */
export const SESSION_KINDS = ["opening", "remarks", "awards", "presentation", "performance", "lecture", "announcement", "signing", "photo", "break", "other"] as const satisfies readonly SessionKind[];
