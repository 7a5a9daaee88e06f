import type { LoaderFunctionArgs } from "@remix-run/node";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { accessRecordBatches, accessReviewParams, countAccessRecords } from "~/domain/access-records/access-review.server";
import { accessActionLabel, filterText } from "~/domain/access-records/access-record-view";
import { translate } from "~/i18n/i18n";
import { exportFormat, exportResponse, type RowBatches } from "~/lib/export-stream.server";
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
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  async function* rows(): RowBatches {
    yield [
      [
        t("accessLog.number"),
        t("accessLog.when"),
        t("accessLog.action"),
        t("accessLog.who"),
        t("accessLog.address"),
        t("accessLog.whose"),
        t("accessLog.count"),
        t("accessLog.filterColumn"),
        t("accessLog.reason"),
      ],
    ];
    for await (const batch of accessRecordBatches(context.db, eventId, filters)) {
      yield batch.map((row) => [
        String(row.id),
        row.occurred_at.toISOString(),
        t(accessActionLabel[row.action]),
        row.actor_kind === "organizer" ? `${row.organizer_name ?? ""} <${row.organizer_email ?? ""}>` : row.actor_kind === "door_device" ? (row.device_name ?? "") : row.actor_kind,
        row.client_address ?? "",
        row.subject_ids.join(" "),
        String(row.subject_count),
        filterText(row.filter),
        row.reason ?? "",
      ]);
    }
  }
  return exportResponse(format, `access-records-${event.slug}`, t("accessLog.title"), rows());
}
