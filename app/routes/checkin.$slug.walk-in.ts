import type { ActionFunctionArgs } from "@remix-run/node";
import { registerWalkIn, walkInSchema } from "~/domain/checkin/checkin.server";
import { getEvent } from "~/domain/events/events.server";
import { consentNotice } from "~/domain/rsvp/rsvp.server";
import { listOptionalConsentItems } from "~/domain/rsvp/optional-consents.server";
import { requireCheckinAccess } from "~/web/auth.server";
import { text } from "~/lib/forms.server";
import { hostNames } from "~/domain/events/event-view";
import { resolveLocale } from "~/web/locale.server";

const bodySchema = walkInSchema.omit({ consentText: true }).extend({ entrance: text(60).default("") });

/**
 * A walk-in at the door (JSON: name, organization, position, group, consent, optional, entrance):
 * added to the list with the privacy notice they agreed to (the event's, in the staff's language)
 * and the optional items they ticked, and checked in. Field errors come back as { errors: { field: key } } with 400.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizerId, deviceId } = await requireCheckinAccess(request, context, params.slug);
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]));
    return Response.json({ result: "bad-request", errors }, { status: 400 });
  }
  const event = (await getEvent(context.db, eventId))!;
  const locale = await resolveLocale(request);
  const { entrance, ...walkIn } = parsed.data;
  const outcome = await registerWalkIn(
    context.db,
    { eventId, entrance, organizerId, deviceId, clientAddress: context.clientAddress },
    { ...walkIn, consentText: consentNotice(event, hostNames(event.hosts, locale), locale) },
    { items: await listOptionalConsentItems(context.db, eventId), locale },
  );
  if (outcome.result === "welcome") context.arrivals.announce(eventId);
  return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
}
