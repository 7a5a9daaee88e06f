import type { LoaderFunctionArgs } from "@remix-run/node";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { accessRecordExportRows, accessReviewParams, countAccessRecords } from "~/domain/access-records/access-review.server";
import { translate } from "~/i18n/i18n";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { readListParams } from "~/lib/list-params.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { requireEventPage } from "~/web/event-page.server";

/** The review's records as CSV or .xlsx, for the owner's check; the export is itself recorded. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, organizer } = await requireEventPage(request, context, params.eventId, "event.members");
  const reason = requireDownloadReason(request, eventId, "access-records-export");
  const url = new URL(request.url);
  const { page: _page, ...filters } = readListParams(accessReviewParams, url.searchParams);
  const format = exportFormat(url.searchParams.get("format"));
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId,
    count: await countAccessRecords(context.db, eventId, filters),
    filter: accessFilter({ list: "access-records", format, ...filters }),
    reason,
  });
  return exportResponse(format, `access-records-${event.slug}`, translate(locale, "accessLog.title"), accessRecordExportRows(context.db, eventId, filters, locale));
}
