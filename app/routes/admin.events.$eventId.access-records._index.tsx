import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { ACCESS_ACTIONS, accessActionLabel, BULK_DAILY_LIMIT, filterText } from "~/domain/access-records/access-record-view";
import { accessRecordActors, accessReviewParams, bulkDownloadDays, listAccessRecords } from "~/domain/access-records/access-review.server";
import { eventTitle } from "~/domain/events/event-view";
import { useLocale, useT } from "~/i18n/i18n";
import { formatDateTime, formatNumber } from "~/lib/format";
import { readListParams } from "~/lib/list-params.server";
import { requireEventPage } from "~/web/event-page.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

const FILTER_PARAMS = ["action", "actor", "invitee", "from", "to"] as const;

/** The event's access records for its owner's monthly check (월 1회 이상 점검), unusual activity flagged. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.members");
  const { page: requested, ...filters } = readListParams(accessReviewParams, new URL(request.url).searchParams);
  const { rows, page } = await listAccessRecords(context.db, eventId, filters, requested);
  const zone = event.time_zone;
  return {
    eventId,
    title: eventTitle(event, locale),
    filters,
    page,
    actors: await accessRecordActors(context.db, eventId),
    bulk: (await bulkDownloadDays(context.db, eventId, filters)).map((row) => ({
      day: row.day,
      who: row.organizer_name ?? row.device_name ?? row.actor_kind,
      people: row.people,
    })),
    records: rows.map((row) => ({
      id: row.id,
      at: formatDateTime(row.occurred_at, zone, locale),
      action: row.action,
      who:
        row.actor_kind === "organizer"
          ? { kind: "organizer" as const, label: row.organizer_name ? `${row.organizer_name} (${row.organizer_email})` : `#${row.organizer_id}` }
          : row.actor_kind === "door_device"
            ? { kind: "door_device" as const, label: row.device_name ?? `#${row.door_device_id}` }
            : { kind: row.actor_kind, label: "" },
      from: row.client_address ?? "",
      subjects: row.subject_ids.length <= 10 ? row.subject_ids : [],
      count: row.subject_count,
      filter: filterText(row.filter),
      reason: row.reason ?? "",
      atNight: row.at_night,
    })),
    pageTitle: `${t("accessLog.title")}: ${eventTitle(event, locale)} · ${t("app.name")}`,
  };
}

export default function AccessRecords() {
  const { eventId, title, filters, page, actors, bulk, records } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const exportQuery = new URLSearchParams({ what: "access-records-export", format: "csv" });
  for (const name of FILTER_PARAMS) if (filters[name] !== undefined) exportQuery.set(name, String(filters[name]));
  const actorLabel = { guest: t("accessLog.actor.guest"), system: t("accessLog.actor.system"), organizer: "", door_device: "" };
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("accessLog.title")}</h1>
      <p>{t("accessLog.explain")}</p>
      <form method="get" className="filters">
        <div className="field">
          <label htmlFor="filter-actor">{t("accessLog.who")}</label>
          <select id="filter-actor" name="actor" defaultValue={filters.actor ?? ""}>
            <option value="">{t("accessLog.anyone")}</option>
            {actors.map((actor) => (
              <option key={actor.value} value={actor.value}>
                {actor.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-action">{t("accessLog.action")}</label>
          <select id="filter-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("accessLog.anyAction")}</option>
            {ACCESS_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(accessActionLabel[action])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-invitee">{t("accessLog.invitee")}</label>
          <input id="filter-invitee" name="invitee" inputMode="numeric" defaultValue={filters.invitee ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="filter-from">{t("accessLog.from")}</label>
          <input id="filter-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("accessLog.to")}</label>
          <input id="filter-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("accessLog.filter")}
        </button>
      </form>
      <p>
        <a href={`/admin/events/${eventId}/download?${exportQuery.toString()}`} className="button">
          {t("accessLog.export")}
        </a>
      </p>
      <h2>{t("accessLog.flagsTitle")}</h2>
      {bulk.length === 0 ? (
        <p>{t("accessLog.noBulk", { limit: n(BULK_DAILY_LIMIT) })}</p>
      ) : (
        <ul className="notice notice--error" aria-label={t("accessLog.flagsTitle")}>
          {bulk.map((row) => (
            <li key={`${row.day}-${row.who}`}>{t("accessLog.bulk", { day: row.day, who: row.who, count: n(row.people) })}</li>
          ))}
        </ul>
      )}
      <p className="field__hint">{t("accessLog.nightHint")}</p>
      <div className="table-scroll">
        <table>
          <caption>{t("accessLog.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("accessLog.when")}</th>
              <th scope="col">{t("accessLog.who")}</th>
              <th scope="col">{t("accessLog.address")}</th>
              <th scope="col">{t("accessLog.action")}</th>
              <th scope="col">{t("accessLog.whose")}</th>
              <th scope="col">{t("accessLog.filterColumn")}</th>
              <th scope="col">{t("accessLog.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={record.id} className={record.atNight ? "access-record--flagged" : undefined}>
                <td>
                  {record.at}
                  {record.atNight ? <strong> {t("accessLog.night")}</strong> : null}
                </td>
                <td>{record.who.label || actorLabel[record.who.kind]}</td>
                <td>{record.from}</td>
                <td>{t(accessActionLabel[record.action])}</td>
                <td>
                  {record.subjects.length > 0
                    ? record.subjects.map((id, i) => (
                        <span key={id}>
                          {i > 0 ? ", " : null}
                          <Link to={`/admin/events/${eventId}/invitees/${id}`}>#{id}</Link>
                        </span>
                      ))
                    : t("accessLog.people", { count: n(record.count) })}
                </td>
                <td>{record.filter}</td>
                <td>{record.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination info={page} keep={FILTER_PARAMS} label={t("accessLog.pages")} />
    </section>
  );
}
