import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { checkInByCode, checkInInvitee, checkInTicket } from "~/domain/checkin.server";
import { requireCheckinAccess } from "~/lib/auth.server";
import { jsonId, text } from "~/lib/forms.server";

const scanSchema = z
  .object({
    entrance: text(60).default(""),
    payload: z.string().max(500).optional(),
    code: z.string().max(40).optional(),
    inviteeId: jsonId.optional(),
  })
  .refine((body) => [body.payload, body.code, body.inviteeId].filter((value) => value !== undefined).length === 1);

/**
 * One check-in from a scanner: a QR payload, a typed code or an invitee chosen by name, as JSON.
 * Answers with what the door shows: welcome, already (when and where), or why not.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizerId } = await requireCheckinAccess(request, context, params.slug);
  const body = scanSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return Response.json({ result: "bad-request" }, { status: 400 });
  const by = { eventId, entrance: body.data.entrance, organizerId };
  const outcome = body.data.payload !== undefined
    ? await checkInTicket(context.db, by, body.data.payload)
    : body.data.code !== undefined
      ? await checkInByCode(context.db, by, body.data.code)
      : await checkInInvitee(context.db, by, body.data.inviteeId!);
  return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
}
