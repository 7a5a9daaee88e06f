import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceExportRows } from "~/domain/arrivals.server";
import { getEvent } from "~/domain/events.server";
import { requireEventPermission } from "~/lib/auth.server";
import { resolveLocale } from "~/lib/locale.server";
import { buildCsv } from "~/lib/spreadsheet.server";
import { buildXlsx } from "~/lib/xlsx.server";

/** Attendance with check-in time and entrance, as .xlsx or CSV (UTF-8 with BOM, formulas escaped). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const rows = await attendanceExportRows(context.db, eventId, locale);
  const xlsx = new URL(request.url).searchParams.get("format") === "xlsx";
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (xlsx) {
    return new Response(Buffer.from(await buildXlsx(rows, locale === "ko" ? "출석" : "Attendance")), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="attendance-${event.slug}.xlsx"` },
    });
  }
  return new Response(Buffer.from(buildCsv(rows)), {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="attendance-${event.slug}.csv"` },
  });
}
