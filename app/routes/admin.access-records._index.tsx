import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { ACCESS_ACTIONS, accessActionLabel, BULK_DAILY_LIMIT, filterText } from "~/domain/access-records/access-record-view";
import { accessRecordActors, accessReviewAcrossParams, bulkDownloadDays, listAccessRecords, ownedEvents, ownerScope } from "~/domain/access-records/access-review.server";
import { DOWNLOAD_REASONS, REASON_TEXT_MAX } from "~/domain/access-records/download-reasons";
import { inLocale, messageKey, translator, useLocale, useT, type MessageKey } from "~/i18n/i18n";
import { formatDateTime, formatNumber } from "~/lib/format";
import { readListParams } from "~/lib/list-params.server";
import { requireOrganizer } from "~/web/auth.server";
import { resolveLocale } from "~/web/locale.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

const FILTER_PARAMS = ["event", "action", "actor", "invitee", "from", "to"] as const;

/**
 * The access records of every event the organizer owns, in one list (the review's "by event"
 * filter across events): the same filters and flags as an event's own page. Reading it writes
 * nothing (the records hold no guest's personal data); its export is recorded with its reason.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const url = new URL(request.url);
  const { page: requested, event, ...filters } = readListParams(accessReviewAcrossParams, url.searchParams);
  const owned = await ownedEvents(context.db, organizer.id);
  const scope = ownerScope(organizer.id, owned, event);
  const { rows, page } = await listAccessRecords(context.db, scope, filters, requested);
  return {
    events: owned.map((row) => ({ id: row.id, title: inLocale(locale, { ko: row.title_ko, en: row.title_en }) })),
    filters: { ...filters, event: typeof scope === "number" ? scope : undefined },
    exportInvalid: url.searchParams.has("export-invalid"),
    page,
    actors: await accessRecordActors(context.db, scope),
    bulk: (await bulkDownloadDays(context.db, scope, filters)).map((row) => ({ day: row.day, who: row.organizer_name ?? row.device_name ?? row.actor_kind, people: row.people })),
    records: rows.map((row) => ({
      id: row.id,
      at: formatDateTime(row.occurred_at, row.time_zone ?? "Asia/Seoul", locale),
      eventId: row.event_id,
      event: row.event_title_ko === null ? "" : inLocale(locale, { ko: row.event_title_ko, en: row.event_title_en ?? "" }),
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
    pageTitle: `${t("accessLogAll.title")} · ${t("app.name")}`,
  };
}

const reasonLabel: Record<(typeof DOWNLOAD_REASONS)[number], MessageKey> = {
  "event-operations": messageKey("download.reason.event-operations"),
  reception: messageKey("download.reason.reception"),
  "results-report": messageKey("download.reason.results-report"),
  mailing: messageKey("download.reason.mailing"),
  other: messageKey("download.reason.other"),
};

export default function AccessRecordsAcrossEvents() {
  const { events, filters, exportInvalid, page, actors, bulk, records } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const actorLabel = { guest: t("accessLog.actor.guest"), system: t("accessLog.actor.system"), organizer: "", door_device: "" };
  return (
    <section>
      <p>
        <Link to="/admin/account">← {t("admin.account")}</Link>
      </p>
      <h1>{t("accessLogAll.title")}</h1>
      <p>{t("accessLogAll.explain")}</p>
      <form method="get" className="filters">
        <div className="field">
          <label htmlFor="filter-event">{t("accessLogAll.event")}</label>
          <select id="filter-event" name="event" defaultValue={filters.event ?? ""}>
            <option value="">{t("accessLogAll.allEvents")}</option>
            {events.map((event) => (
              <option key={event.id} value={event.id}>
                {event.title}
              </option>
            ))}
          </select>
        </div>
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
      <h2 id="export">{t("accessLog.export")}</h2>
      {exportInvalid ? (
        <p className="notice notice--error" role="alert" id="reason-error">
          {t("download.invalid")}
        </p>
      ) : null}
      {/* The download asks its reason here (다운로드 사유): the form carries the filters shown. */}
      <form method="get" action="/admin/access-records/export">
        {FILTER_PARAMS.map((name) => (filters[name] !== undefined ? <input key={name} type="hidden" name={name} value={String(filters[name])} /> : null))}
        <input type="hidden" name="format" value="csv" />
        <fieldset aria-describedby={exportInvalid ? "reason-error" : undefined}>
          <legend>{t("download.reasonLegend")}</legend>
          {DOWNLOAD_REASONS.map((reason, i) => (
            <div className="field field--check" key={reason}>
              <input type="radio" id={`reason-${reason}`} name="reason" value={reason} required defaultChecked={i === 0} />
              <label htmlFor={`reason-${reason}`}>{t(reasonLabel[reason])}</label>
            </div>
          ))}
          <div className="field">
            <label htmlFor="reason-text">{t("download.reasonText")}</label>
            <input type="text" id="reason-text" name="reason-text" maxLength={REASON_TEXT_MAX} aria-describedby="reason-text-hint" />
            <p className="field__hint" id="reason-text-hint">
              {t("download.reasonTextHint")}
            </p>
          </div>
        </fieldset>
        <button type="submit" className="button">
          {t("accessLog.export")}
        </button>
      </form>
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
              <th scope="col">{t("accessLogAll.event")}</th>
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
                <td>{record.eventId === null ? t("accessLogAll.noEvent") : <Link to={`/admin/events/${record.eventId}/access-records`}>{record.event}</Link>}</td>
                <td>{record.who.label || actorLabel[record.who.kind]}</td>
                <td>{record.from}</td>
                <td>{t(accessActionLabel[record.action])}</td>
                <td>
                  {record.subjects.length > 0 && record.eventId !== null
                    ? record.subjects.map((id, i) => (
                        <span key={id}>
                          {i > 0 ? ", " : null}
                          <Link to={`/admin/events/${record.eventId}/invitees/${id}`}>#{id}</Link>
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
