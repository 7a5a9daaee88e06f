import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { resultsSummary } from "~/domain/checkin/arrivals.server";
import { eventTitle, eventWhen, venueName } from "~/domain/events/event-view";
import { useT } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** One printable page of results for the meeting's report: invited, answered, attended, by group. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.view");
  const title = eventTitle(event, locale);
  return { eventId, title, when: eventWhen(event, locale), venue: venueName(event, locale), ...(await resultsSummary(context.db, eventId)), pageTitle: `${t("arrivals.report")} · ${title}` };
}

export default function Report() {
  const { eventId, title, when, venue, groups, total } = useLoaderData<typeof loader>();
  const t = useT();
  const rate = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : "–");
  return (
    <article className="report">
      <p className="no-print">
        <Link to={`/admin/events/${eventId}/arrivals`}>← {t("arrivals.title")}</Link>
      </p>
      <h1>{t("arrivals.report")}</h1>
      <p>
        <strong>{title}</strong>
        <br />
        {when.date} {when.time} · {venue}
      </p>
      <table className="table report__table">
        <caption className="visually-hidden">{t("arrivals.report")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("invitee.group")}</th>
            <th scope="col">{t("arrivals.invited")}</th>
            <th scope="col">{t("arrivals.answered")}</th>
            <th scope="col">{t("arrivals.status.attending")}</th>
            <th scope="col">{t("arrivals.status.declined")}</th>
            <th scope="col">{t("arrivals.arrived")}</th>
            <th scope="col">{t("arrivals.companions")}</th>
            <th scope="col">{t("arrivals.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.name}>
              <th scope="row">{group.name || t("invitee.noGroup")}</th>
              <td>{group.invited}</td>
              <td>{group.answered}</td>
              <td>{group.attending}</td>
              <td>{group.declined}</td>
              <td>{group.arrived}</td>
              <td>{group.companions}</td>
              <td>{rate(group.arrived, group.invited)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("invitee.allGroups")}</th>
            <td>{total.invited}</td>
            <td>{total.answered}</td>
            <td>{total.attending}</td>
            <td>{total.declined}</td>
            <td>{total.arrived}</td>
            <td>{total.companions}</td>
            <td>{rate(total.arrived, total.invited)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted">{t("arrivals.reportNote")}</p>
    </article>
  );
}
