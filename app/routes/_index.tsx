import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublicEvents } from "~/domain/events/events.server";
import { eventTitle, eventWhen, kindLabel, venueName } from "~/domain/events/event-view";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title ?? "Nanum" }, { name: "description", content: data?.meta.description ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const { upcoming, past } = await listPublicEvents(context.db);
  const present = (rows: typeof upcoming) =>
    rows.map((event) => ({
      slug: event.slug,
      title: eventTitle(event, locale),
      kind: kindLabel[event.kind],
      venue: venueName(event, locale),
      when: eventWhen(event, locale),
      isSample: event.is_sample,
    }));
  return {
    upcoming: present(upcoming),
    past: present(past),
    meta: { title: `${t("app.name")} · ${t("home.title")}`, description: t("app.tagline") },
  };
}

type EventCard = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function EventList({ events }: { events: EventCard[] }) {
  const t = useT();
  return (
    <ul className="event-list">
      {events.map((event) => (
        <li key={event.slug} className="event-card">
          <p className="event-card__kind">
            {t(event.kind)}
            {event.isSample ? <span className="badge">{t("event.sampleBadge")}</span> : null}
          </p>
          <h3>
            <Link to={`/e/${event.slug}`}>{event.title}</Link>
          </h3>
          <p>
            <time dateTime={event.when.startsAtIso}>
              {event.when.date} {event.when.time}
            </time>
          </p>
          <p>{event.venue}</p>
        </li>
      ))}
    </ul>
  );
}

export default function Home() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <section className="intro">
        <h1>{t("home.title")}</h1>
        <p>{t("app.tagline")}</p>
      </section>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("home.upcoming")}</h2>
        {upcoming.length ? <EventList events={upcoming} /> : <p>{t("home.noUpcoming")}</p>}
      </section>
      {past.length ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t("home.past")}</h2>
          <EventList events={past} />
        </section>
      ) : null}
    </>
  );
}
