import type { LoaderFunctionArgs } from "@remix-run/node";
import { guestCalendar } from "~/domain/invitations/guest-mail.server";
import { requireGuest } from "~/web/guest.server";
import { resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";

/** The event for the guest's calendar, with a link back to their page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const personalLink = `${mailOrigin(context.config).origin}/i/${params.token}`;
  const ics = await guestCalendar(context.db, { eventId: event.id, invitee: { name: invitee.name, organization: invitee.organization, email: null }, personalLink }, await resolveLocale(request));
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
