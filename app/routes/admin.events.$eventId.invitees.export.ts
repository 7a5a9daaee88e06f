import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEvent } from "~/domain/events/events.server";
import { inviteeExportBatches } from "~/domain/invitations/invitations.server";
import { requireEventPermission } from "~/web/auth.server";
import { exportFormat, exportResponse } from "~/lib/export-stream.server";
import { resolveLocale } from "~/web/locale.server";

/** The invitee list as .xlsx or CSV (UTF-8 with BOM, formulas escaped), streamed as it is read. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  return exportResponse(format, `invitees-${event.slug}`, locale === "ko" ? "초청 명단" : "Invitees", inviteeExportBatches(context.db, eventId, locale));
}
