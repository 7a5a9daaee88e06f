import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceExportRows } from "~/domain/checkin/arrivals.server";
import { exportFormat, exportResponse, inOneBatch } from "~/lib/export-stream.server";
import { requireEventPage } from "~/web/event-page.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { eventInviteeCount, recordAccess } from "~/domain/access-records/access-records.server";

/** Attendance with check-in time and entrance, as .xlsx or CSV (UTF-8 with BOM, formulas escaped). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "arrivals-export");
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId,
    count: await eventInviteeCount(context.db, eventId),
    filter: { list: "arrivals", format },
    reason,
  });
  const rows = await attendanceExportRows(context.db, eventId, locale);
  return exportResponse(format, `attendance-${event.slug}`, locale === "ko" ? "출석" : "Attendance", inOneBatch(rows));
}
