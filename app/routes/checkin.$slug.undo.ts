import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { undoCheckIn } from "~/domain/checkin/checkin.server";
import { requireCheckinAccess } from "~/web/auth.server";
import { jsonId } from "~/lib/forms.server";

const undoSchema = z.object({ checkinId: jsonId });

/** Takes back a check-in made by mistake, within five minutes; the check-in stays on record as undone. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizerId, deviceId } = await requireCheckinAccess(request, context, params.slug);
  const body = undoSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return Response.json({ undone: false, error: "bad-request" }, { status: 400 });
  const undone = await undoCheckIn(context.db, { eventId, checkinId: body.data.checkinId, organizerId, deviceId, clientAddress: context.clientAddress });
  if (undone) context.arrivals.announce(eventId);
  return Response.json({ undone }, { status: undone ? 200 : 409, headers: { "Cache-Control": "no-store" } });
}
