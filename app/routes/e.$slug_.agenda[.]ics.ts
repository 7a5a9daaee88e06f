import type { LoaderFunctionArgs } from "@remix-run/node";
import { agendaCalendar } from "~/domain/program/agenda.server";
import { getPublishedEventBySlug } from "~/domain/events/events.server";
import { resolveLocale } from "~/web/locale.server";
import { notFound } from "~/web/responses";

/** The public program as a calendar file (one entry per session). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const event = await getPublishedEventBySlug(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const ics = await agendaCalendar(context.db, event, await resolveLocale(request));
  return new Response(ics, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="${event.slug}-program.ics"` } });
}
