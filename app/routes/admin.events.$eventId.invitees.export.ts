import type { LoaderFunctionArgs } from "@remix-run/node";
import { inviteeExportBatches } from "~/domain/invitations/invitations.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { requireEventPage } from "~/web/event-page.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { eventInviteeCount, recordAccess } from "~/domain/access-records/access-records.server";

/** The invitee list as .xlsx or CSV (UTF-8 with BOM, formulas escaped), streamed as it is read. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "invitees-export");
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId,
    count: await eventInviteeCount(context.db, eventId),
    filter: { list: "invitees", format },
    reason,
  });
  return exportResponse(format, `invitees-${event.slug}`, locale === "ko" ? "초청 명단" : "Invitees", inviteeExportBatches(context.db, eventId, locale));
}
