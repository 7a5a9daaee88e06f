import type { LoaderFunctionArgs } from "@remix-run/node";
import { inviteeExportBatches } from "~/domain/invitations/invitations.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { requireEventPage } from "~/web/event-page.server";

/** The invitee list as .xlsx or CSV (UTF-8 with BOM, formulas escaped), streamed as it is read. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale } = await requireEventPage(request, context, params.eventId, "event.edit");
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  return exportResponse(format, `invitees-${event.slug}`, locale === "ko" ? "초청 명단" : "Invitees", inviteeExportBatches(context.db, eventId, locale));
}
