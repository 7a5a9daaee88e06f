import type { AppLoadContext } from "@remix-run/node";
import { getEvent } from "../domain/events/events.server";
import type { Permission } from "../domain/events/access.server";
import { translator } from "../i18n/i18n";
import { requireEventPermission } from "./auth.server";
import { resolveLocale } from "./locale.server";
import { notFound } from "./responses";

/**
 * The preamble of an event's admin page: the organizer may do `permission` on the event
 * (strangers get 404, members without the right 403), the event exists, and the reader's
 * language and translator.
 */
export async function requireEventPage(request: Request, context: AppLoadContext, eventIdParam: string | undefined, permission: Permission) {
  const access = await requireEventPermission(request, context, eventIdParam, permission);
  const event = await getEvent(context.db, access.eventId);
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  return { ...access, event, locale, t: translator(locale) };
}
