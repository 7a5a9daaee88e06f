import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeeExportRows } from "~/domain/attendees.server";
import { getEvent } from "~/domain/events.server";
import { requireEventPermission } from "~/lib/auth.server";
import { translate } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";
import { buildCsv } from "~/lib/spreadsheet.server";
import { buildXlsx } from "~/lib/xlsx.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const rows = await attendeeExportRows(context.db, eventId, locale);
  const format = new URL(request.url).searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const baseName = `attendees-${event.slug}`;
  // Personal data: never kept by a browser or proxy cache.
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "xlsx") {
    return new Response(Buffer.from(await buildXlsx(rows, translate(locale, "attendees.title"))), {
      headers: {
        ...headers,
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${baseName}.xlsx"`,
      },
    });
  }
  return new Response(Buffer.from(buildCsv(rows)), {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${baseName}.csv"` },
  });
}
