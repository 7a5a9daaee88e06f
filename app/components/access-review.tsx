import { Link } from "@remix-run/react";
import { ACCESS_ACTIONS, accessActionLabel, BULK_DAILY_LIMIT } from "~/domain/access-records/access-record-view";
import type { AccessReviewFilters, AccessReviewPage } from "~/domain/access-records/access-review.server";
import { useLocale, useT } from "~/i18n/i18n";
import { formatNumber } from "~/lib/format";

/** The review's filters, inside the page's filter form: who, what, whose, from and to. */
export function AccessFilterFields({ filters, actors }: { filters: Partial<AccessReviewFilters>; actors: AccessReviewPage["actors"] }) {
  const t = useT();
  return (
    <>
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
    </>
  );
}

/** Unusual activity for the monthly check: days with bulk downloads, and how night-time ones are marked. */
export function AccessFlags({ bulk }: { bulk: AccessReviewPage["bulk"] }) {
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <>
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
    </>
  );
}

/** The records, night-time downloads marked; `withEvent` adds the event of each (the review across events). */
export function AccessRecordTable({ records, withEvent = false }: { records: AccessReviewPage["records"]; withEvent?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const actorLabel = { guest: t("accessLog.actor.guest"), system: t("accessLog.actor.system"), organizer: "", door_device: "" };
  return (
    <div className="table-scroll">
      <table>
        <caption>{t("accessLog.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("accessLog.when")}</th>
            {withEvent ? <th scope="col">{t("accessLogAll.event")}</th> : null}
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
              {withEvent ? <td>{record.eventId === null ? t("accessLogAll.noEvent") : <Link to={`/admin/events/${record.eventId}/access-records`}>{record.event}</Link>}</td> : null}
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
                  : t("accessLog.people", { count: formatNumber(record.count, locale) })}
              </td>
              <td>{record.filter}</td>
              <td>{record.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
