import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AgendaOutline } from "~/components/agenda-outline";
import { CancellationNotice, EventFacts } from "~/components/event-facts";
import { agendaOutline } from "~/domain/program/agenda.server";
import { getPublishedEventBySlug } from "~/domain/events/events.server";
import { registrationOpen } from "~/domain/rsvp/registration.server";
import { eventTitle, eventWhen, hostNames, kindLabel, venueMapLinks, venueName } from "~/domain/events/event-view";
import { inLocale, translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { notFound } from "~/web/responses";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Nanum" }];
  const { title, description, url, locale, siteName } = data.meta;
  return [
    { title: `${title} · ${siteName}` },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: siteName },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: url },
    { property: "og:locale", content: locale === "ko" ? "ko_KR" : "en_US" },
    { name: "twitter:card", content: "summary" },
    { tagName: "link", rel: "canonical", href: url },
  ];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const event = await getPublishedEventBySlug(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const title = eventTitle(event, locale);
  const when = eventWhen(event, locale);
  const hosts = hostNames(event.hosts, locale);
  const description = inLocale(locale, { ko: event.description_ko, en: event.description_en });
  const venue = venueName(event, locale);
  const origin = context.config.publicOrigin;
  return {
    slug: event.slug,
    title,
    kind: kindLabel[event.kind],
    when,
    hosts,
    description,
    venue: { name: venue, address: event.venue_address, maps: venueMapLinks(event.venue_name, event.venue_address) },
    contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
    isSample: event.is_sample,
    agenda: await agendaOutline(context.db, event, locale),
    registrationOpen: registrationOpen(event),
    cancellation: event.cancelled_at ? { note: inLocale(locale, { ko: event.cancellation_note_ko, en: event.cancellation_note_en }) } : null,
    meta: {
      title,
      description: `${when.date} ${when.time} · ${venue} · ${hosts.join(", ")}`.slice(0, 300),
      url: `${origin}/e/${event.slug}`,
      locale,
      siteName: t("app.name"),
    },
  };
}

export default function EventPage() {
  const event = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="event">
      {event.isSample ? (
        <p className="notice notice--info" role="note">
          {t("event.sampleNotice")}
        </p>
      ) : null}
      <p className="event__kind">{t(event.kind)}</p>
      <h1>{event.title}</h1>
      <CancellationNotice cancellation={event.cancellation} />
      <EventFacts hosts={event.hosts} when={event.when} venue={event.venue} contact={event.contact} />
      {event.registrationOpen ? (
        <p className="actions">
          <Link to={`/e/${event.slug}/register`} className="button button--primary">
            {t("registration.publicLink")}
          </Link>
        </p>
      ) : null}
      {event.description ? <div className="event__description">{event.description}</div> : null}
      <AgendaOutline items={event.agenda} />
      {event.agenda.length > 0 ? (
        <p>
          <Link to={`/e/${event.slug}/agenda`}>{t("agenda.public")}</Link>
        </p>
      ) : null}
    </article>
  );
}
