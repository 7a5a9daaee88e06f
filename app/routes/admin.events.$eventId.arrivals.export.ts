import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceExportRows } from "~/domain/checkin/arrivals.server";
import { getEvent } from "~/domain/events/events.server";
import { requireEventPermission } from "~/web/auth.server";
import { exportFormat, exportResponse, inOneBatch } from "~/lib/export-stream.server";
import { resolveLocale } from "~/web/locale.server";

/** Attendance with check-in time and entrance, as .xlsx or CSV (UTF-8 with BOM, formulas escaped). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const format = exportFormat(new URL(request.url).searchParams.get("format"));
  const rows = await attendanceExportRows(context.db, eventId, locale);
  return exportResponse(format, `attendance-${event.slug}`, locale === "ko" ? "출석" : "Attendance", inOneBatch(rows));
}
