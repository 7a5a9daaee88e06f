import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findGuestsAtDoor } from "~/domain/checkin/checkin.server";
import { requireCheckinAccess } from "~/web/auth.server";
import { doorActor } from "~/domain/access-records/access-records.server";
import { text } from "~/lib/forms.server";

const querySchema = z.object({ q: text(60).min(2) });

/**
 * Finding a guest by hand at the door (no QR code with them): name, organization or phone
 * digits, this event only, at most 20, and only what the door needs to let them in.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const door = await requireCheckinAccess(request, context, params.slug);
  const query = querySchema.safeParse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  if (!query.success) return Response.json({ error: "query" }, { status: 400 });
  const guests = await findGuestsAtDoor(context.db, door.eventId, query.data.q, 20, { actor: doorActor(door), clientAddress: context.clientAddress });
  return Response.json({ guests }, { headers: { "Cache-Control": "no-store" } });
}
