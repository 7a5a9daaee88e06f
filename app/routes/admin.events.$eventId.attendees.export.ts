import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeeExportBatches } from "~/domain/rsvp/attendees.server";
import { getEvent } from "~/domain/events/events.server";
import { requireEventPermission } from "~/web/auth.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { translate } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";

/** The attendee list as .xlsx or CSV, streamed as it is read; personal data, never cached. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  return exportResponse(format, `attendees-${event.slug}`, translate(locale, "attendees.title"), attendeeExportBatches(context.db, eventId, locale));
}
