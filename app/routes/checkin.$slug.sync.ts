import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { offlineCheckInSchema, syncOfflineCheckIns } from "~/domain/checkin/checkin.server";
import { requireCheckinAccess } from "~/web/auth.server";

const syncSchema = z.object({ items: z.array(offlineCheckInSchema).max(1000) });

/** Check-ins made offline, sent when the phone is back: idempotent by the phone's own ids. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizerId, deviceId } = await requireCheckinAccess(request, context, params.slug);
  const parsed = syncSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ result: "bad-request" }, { status: 400 });
  const results = await syncOfflineCheckIns(context.db, { eventId, entrance: "", organizerId, deviceId, clientAddress: context.clientAddress }, parsed.data.items);
  // "recorded" is also the answer to a check-in sent again: at worst the pages reload once for nothing.
  if (results.some((item) => item.result !== "unknown")) context.arrivals.announce(eventId);
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
}
