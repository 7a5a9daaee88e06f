import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { accessRecordExportRows, accessReviewAcrossParams, countAccessRecords, ownedEvents, ownerScope } from "~/domain/access-records/access-review.server";
import { readDownloadReason } from "~/domain/access-records/download-reasons";
import { translate } from "~/i18n/i18n";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { readListParams } from "~/lib/list-params.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireOrganizer } from "~/web/auth.server";
import { resolveLocale } from "~/web/locale.server";

/**
 * The records of the owner's events as CSV or .xlsx. The reason is asked on the review page
 * itself (a bare or invalid link goes back to it); the export is recorded under the one event
 * chosen, or under none when it spans them (the review across events shows those too).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const url = new URL(request.url);
  const { page: _page, event, ...filters } = readListParams(accessReviewAcrossParams, url.searchParams);
  const reason = readDownloadReason(url.searchParams);
  if (!reason) {
    const back = new URLSearchParams(url.searchParams);
    for (const name of ["reason", "reason-text", "format"]) back.delete(name);
    back.set("export-invalid", "1");
    throw redirect(`/admin/access-records?${back.toString()}#export`);
  }
  const scope = ownerScope(organizer.id, await ownedEvents(context.db, organizer.id), event);
  const format = exportFormat(url.searchParams.get("format"));
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId: typeof scope === "number" ? scope : null,
    count: await countAccessRecords(context.db, scope, filters),
    filter: accessFilter({ list: "access-records", events: typeof scope === "number" ? "one" : "all", format, ...filters }),
    reason,
  });
  const locale = await resolveLocale(request);
  return exportResponse(format, "access-records", translate(locale, "accessLog.title"), accessRecordExportRows(context.db, scope, filters, locale));
}
