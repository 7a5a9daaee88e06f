import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listOrganizerEvents } from "~/domain/events/events.server";
import { requireOrganizer } from "~/web/auth.server";
import { eventTitle, eventWhen, statusLabel } from "~/domain/events/event-view";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const locale = await resolveLocale(request);
  const rows = await listOrganizerEvents(context.db, organizer.id);
  const events = rows.map((event) => ({
    id: event.id,
    slug: event.slug,
    title: eventTitle(event, locale),
    when: eventWhen(event, locale),
    status: event.status,
    role: event.role,
  }));
  const t = translator(locale);
  return { events, pageTitle: `${t("admin.dashboard")} · ${t("app.name")}` };
}

export default function Dashboard() {
  const { events } = useLoaderData<typeof loader>();
  const t = useT();
  const managed = events.filter((event) => event.role !== "staff");
  const staffOnly = events.filter((event) => event.role === "staff");
  return (
    <section>
      <div className="page-head">
        <h1>{t("admin.dashboard")}</h1>
        <Link to="/admin/events/new" className="button button--primary">
          {t("admin.newEvent")}
        </Link>
      </div>
      {managed.length === 0 ? (
        <p>{t("admin.noEvents")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("admin.myEvents")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("field.title")}</th>
              <th scope="col">{t("event.when")}</th>
              <th scope="col">{t("field.status")}</th>
            </tr>
          </thead>
          <tbody>
            {managed.map((event) => (
              <tr key={event.id}>
                <td>
                  <Link to={`/admin/events/${event.id}`}>{event.title}</Link>
                </td>
                <td>
                  <time dateTime={event.when.startsAtIso}>{event.when.shortDate}</time>
                </td>
                <td>
                  <span className={`status status--${event.status}`}>{t(statusLabel[event.status])}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {staffOnly.length ? (
        <>
          <h2>{t("admin.staffEvents")}</h2>
          <ul>
            {staffOnly.map((event) => (
              <li key={event.id}>
                {event.title} · {event.when.shortDate}{" "}
                {event.status !== "archived" ? (
                  <Link reloadDocument to={`/checkin/${event.slug}`} className="button button--small" aria-label={`${t("scanner.open")}: ${event.title}`}>
                    {t("scanner.open")}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
