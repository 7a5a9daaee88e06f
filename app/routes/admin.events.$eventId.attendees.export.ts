import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeeExportBatches } from "~/domain/rsvp/attendees.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { translate } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";

/** The attendee list as .xlsx or CSV, streamed as it is read; personal data, never cached. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale } = await requireEventPage(request, context, params.eventId, "event.edit");
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  return exportResponse(format, `attendees-${event.slug}`, translate(locale, "attendees.title"), attendeeExportBatches(context.db, eventId, locale));
}
