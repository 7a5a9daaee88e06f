import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEvent } from "~/domain/events.server";
import { inviteeExportRows } from "~/domain/invitations.server";
import { requireEventPermission } from "~/lib/auth.server";
import { resolveLocale } from "~/lib/locale.server";
import { buildCsv } from "~/lib/spreadsheet.server";
import { buildXlsx } from "~/lib/xlsx.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const rows = await inviteeExportRows(context.db, eventId, locale);
  const format = new URL(request.url).searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const baseName = `invitees-${event.slug}`;
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "xlsx") {
    return new Response(Buffer.from(await buildXlsx(rows, locale === "ko" ? "초청 명단" : "Invitees")), {
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
