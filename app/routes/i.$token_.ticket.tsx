import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AgendaOutline } from "~/components/agenda-outline";
import { EventFacts } from "~/components/event-facts";
import { TicketCard } from "~/components/ticket-card";
import { agendaOutline } from "~/domain/program/agenda.server";
import { getRsvp } from "~/domain/rsvp/rsvp.server";
import { activeTicket } from "~/domain/rsvp/tickets.server";
import { ticketSeatsOf } from "~/domain/seating/seats.server";
import { eventTitle, eventWhen, hostNames, venueMapLinks, venueName } from "~/domain/events/event-view";
import { requireGuest } from "~/web/guest.server";
import { translate, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { qrSvg } from "~/lib/qr.server";
import type { PageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";
import { personalPageMeta } from "~/web/meta";
import { guestSurvey } from "~/domain/survey/survey.server";

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";

export const headers = privatePageHeaders;

// The ticket is shown at the door, often on a weak connection: HTML only, no JavaScript.
export const handle: PageHandle = { hydrate: false };

export const meta = personalPageMeta;

/** The ticket alone, large and printable: what the guest shows at the door or keeps as a screenshot. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const locale = await resolveLocale(request);
  const [rsvp, ticket, agenda] = await Promise.all([getRsvp(context.db, invitee.id), activeTicket(context.db, invitee.id), agendaOutline(context.db, event, locale)]);
  const title = eventTitle(event, locale);
  const attending = ticket && rsvp?.status === "attending" ? { ticket, rsvp } : null;
  const seats = attending ? await ticketSeatsOf(context.db, { eventId: event.id, inviteeId: invitee.id, language: locale }) : null;
  return {
    token: params.token!,
    title,
    event: {
      when: eventWhen(event, locale),
      hosts: hostNames(event.hosts, locale),
      venue: { name: venueName(event, locale), address: event.venue_address, maps: venueMapLinks(event.venue_name, event.venue_address) },
      contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
    },
    ticket:
      attending && seats
        ? {
            code: attending.ticket.code,
            qrSvg: await qrSvg(attending.ticket.payload),
            holder: attending.rsvp.proxy_name || invitee.name,
            onBehalfOf: attending.rsvp.proxy_name ? invitee.name : null,
            companions: attending.rsvp.companions,
            ...seats,
          }
        : null,
    agenda,
    // After the event, those who came get their certificate of attendance from here.
    ended: event.ends_at <= new Date(),
    // …and, while it is open, the survey (only those checked in get it).
    surveyOpen: event.ends_at <= new Date() && (await guestSurvey(context.db, event.id, invitee.id)).status === "open",
    pageTitle: `${translate(locale, "ticket.title")} · ${title}`,
  };
}

export default function TicketPage() {
  const { token, title, event, ticket, agenda, ended, surveyOpen } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="ticket-page">
      <p className="no-print">
        <Link to={`/i/${token}`}>← {t("ticket.back")}</Link>
      </p>
      <h1>{title}</h1>
      {ended ? (
        <p>
          <Link to={`/i/${token}/certificate`} className="button">
            {t("attendance.guestLink")}
          </Link>
          {surveyOpen ? (
            <>
              {" "}
              <Link to={`/i/${token}/survey`} className="button">
                {t("survey.guest.link")}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {ticket ? (
        <>
          <TicketCard ticket={ticket} size="large" />
          <p className="muted">{t("ticket.hint")}</p>
        </>
      ) : (
        <p className="notice notice--info" role="status">
          {t("ticket.none")}
        </p>
      )}
      <EventFacts hosts={event.hosts} when={event.when} venue={event.venue} contact={event.contact} />
      <AgendaOutline items={agenda} />
    </article>
  );
}
