import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess } from "~/domain/access-records/access-records.server";
import { surveyExportRows } from "~/domain/survey/survey.server";
import { translate } from "~/i18n/i18n";
import { exportResponse, inOneBatch } from "~/lib/export-stream.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { requireEventPage } from "~/web/event-page.server";

/** The survey's answers as .xlsx, one row per answer sheet; without names when it is anonymous. Never cached. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "survey-export");
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const { rows, count, anonymous } = await surveyExportRows(context.db, eventId, locale, { name: t("invitee.name"), organization: t("invitee.organization"), group: t("survey.groupColumn") });
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "export",
    eventId,
    count: anonymous ? 0 : count,
    filter: { list: "survey", format: "xlsx", anonymous },
    reason,
  });
  return exportResponse("xlsx", `survey-${event.slug}`, t("survey.title"), inOneBatch(rows));
}
