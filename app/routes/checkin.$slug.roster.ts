import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkinRoster } from "~/domain/checkin/checkin.server";
import { eventKeys } from "~/domain/rsvp/tickets.server";
import { requireCheckinAccess } from "~/web/auth.server";

/** The roster and public key a scanner keeps for working offline (only what check-in needs). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireCheckinAccess(request, context, params.slug);
  const [roster, keys] = await Promise.all([checkinRoster(context.db, eventId), eventKeys(context.db, eventId)]);
  return Response.json({ ...roster, publicKey: keys.publicKeyRaw }, { headers: { "Cache-Control": "private, no-store" } });
}
