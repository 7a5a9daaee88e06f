import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeeExportBatches } from "~/domain/rsvp/attendees.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { translate } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { eventInviteeCount, recordAccess } from "~/domain/access-records/access-records.server";

/** The attendee list as .xlsx or CSV, streamed as it is read; personal data, never cached. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "attendees-export");
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId,
    count: await eventInviteeCount(context.db, eventId),
    filter: { list: "attendees", format },
    reason,
  });
  return exportResponse(format, `attendees-${event.slug}`, translate(locale, "attendees.title"), attendeeExportBatches(context.db, eventId, locale));
}
