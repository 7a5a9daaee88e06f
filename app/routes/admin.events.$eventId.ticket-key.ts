import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventKeys } from "~/domain/rsvp/tickets.server";
import { requireEventPermission } from "~/web/auth.server";

/**
 * The event's public ticket key, for scanners that check tickets offline: with it a device can
 * tell a genuine ticket from a forged one, and cannot make one.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "checkin");
  const keys = await eventKeys(context.db, eventId);
  return Response.json({ eventId, algorithm: "Ed25519", publicKey: keys.publicKeyRaw }, { headers: { "Cache-Control": "private, max-age=300" } });
}
