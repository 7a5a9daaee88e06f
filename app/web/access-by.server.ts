import type { AppLoadContext } from "@remix-run/node";
import type { AccessBy } from "../domain/access-records/access-records.server";

/** The signed-in organizer (or door staff account) as the actor of access records, from this request's address. */
export function organizerAccess(context: Pick<AppLoadContext, "clientAddress">, organizerId: number): AccessBy {
  return { actor: { kind: "organizer", organizerId }, clientAddress: context.clientAddress };
}
