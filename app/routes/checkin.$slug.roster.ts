import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkinRoster } from "~/domain/checkin/checkin.server";
import { eventKeys } from "~/domain/rsvp/tickets.server";
import { requireCheckinAccess } from "~/web/auth.server";
import { doorActor } from "~/domain/access-records/access-records.server";

/** The roster and public key a scanner keeps for working offline (only what check-in needs). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const door = await requireCheckinAccess(request, context, params.slug);
  const by = { actor: doorActor(door), clientAddress: context.clientAddress };
  const [roster, keys] = await Promise.all([checkinRoster(context.db, door.eventId, undefined, by), eventKeys(context.db, door.eventId)]);
  return Response.json({ ...roster, publicKey: keys.publicKeyRaw }, { headers: { "Cache-Control": "private, no-store" } });
}
