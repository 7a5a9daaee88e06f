import { Form, Link } from "@remix-run/react";
import { DELIVERY_STATUSES, type DeliveryStatus } from "~/domain/invitations/delivery";
import type { listInvitees } from "~/domain/invitations/invitations.server";
import { answerLabelKey } from "~/domain/rsvp/rsvp-response";
import { useLocale, useT } from "~/i18n/i18n";
import { GroupFilter, ResponseFilter, SearchFilter } from "~/components/list-filters";
import { formatNumber } from "~/lib/format";

/* The invitee list's parts: the mailing's progress, the letters form, the head-count table, the filters and a row. */

type InviteeList = Awaited<ReturnType<typeof listInvitees>>;

/** The filter form's values as the list's address gave them. */
export interface InviteeFilterValues {
  q: string;
  group: string;
  vip: boolean;
  delivery: string;
  response: string;
}

/** The columns of the head-count table: the statuses an organizer acts on. */
const COUNT_COLUMNS: DeliveryStatus[] = ["not-invited", "queued", "sent", "stored", "failed", "uncertain", "withdrawn"];

/** How far the mailing under way has got; the page reloads itself meanwhile, the link is for pages without JavaScript. */
export function MailingProgress({ progress }: { progress: { done: number; total: number; failed: number } }) {
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <div className="notice notice--info" role="status" aria-live="polite">
      <label htmlFor="mailing-progress">{t("invitee.progress", { done: n(progress.done), total: n(progress.total) })}</label>{" "}
      <progress id="mailing-progress" max={progress.total} value={progress.done} />
      {progress.failed > 0 ? <span> {t("invitee.progressFailed", { count: n(progress.failed) })}</span> : null} <Link to=".">{t("invitee.refresh")}</Link>
    </div>
  );
}

/** Print invitation letters: everyone, one group, or only those without an email address. */
export function LettersForm({ eventId, groups }: { eventId: number; groups: InviteeList["groups"] }) {
  const t = useT();
  return (
    <Form method="get" action={`/admin/events/${eventId}/invitees/letters`} reloadDocument className="inline-form letters-form">
      <label htmlFor="letters-group" className="visually-hidden">
        {t("letter.who")}
      </label>
      <select id="letters-group" name="group" defaultValue="*">
        <option value="*">{t("letter.everyone")}</option>
        {groups.map((group) => (
          <option key={group.name} value={group.name}>
            {group.name || t("invitee.noGroup")}
          </option>
        ))}
      </select>
      <label>
        <input type="checkbox" name="without-email" value="1" /> {t("letter.withoutEmailOnly")}
      </label>
      <button type="submit" className="button">
        {t("letter.printMany")}
      </button>
    </Form>
  );
}

/** How many invitees each group has, by where their invitation stands; statuses no one is in are left out (but the two everyone looks for). */
export function DeliveryCountsTable({ deliveryCounts, total }: { deliveryCounts: InviteeList["deliveryCounts"]; total: number }) {
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const columns = COUNT_COLUMNS.filter((status) => status === "not-invited" || status === "sent" || deliveryCounts.total[status] > 0);
  return (
    <table className="table table--counts">
      <caption>{t("invitee.byGroup")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("invitee.group")}</th>
          <th scope="col">{t("invitee.headCount")}</th>
          {columns.map((status) => (
            <th scope="col" key={status}>
              {t(`delivery.${status}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {deliveryCounts.byGroup.map((group) => (
          <tr key={group.name}>
            <th scope="row">{group.name || t("invitee.noGroup")}</th>
            <td>{n(Object.values(group.counts).reduce((a, b) => a + b, 0))}</td>
            {columns.map((status) => (
              <td key={status}>{n(group.counts[status])}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("invitee.allGroups")}</th>
          <td>{n(total)}</td>
          {columns.map((status) => (
            <td key={status}>{n(deliveryCounts.total[status])}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}

/** Search and filters; a plain GET form, so the list's address says what is shown. */
export function InviteeFilterForm({ filters, groups }: { filters: InviteeFilterValues; groups: InviteeList["groups"] }) {
  const t = useT();
  return (
    <Form method="get" className="filters" role="search">
      <SearchFilter defaultValue={filters.q} placeholder={t("invitee.searchHint")} />
      <GroupFilter groups={groups} defaultValue={filters.group} />
      <div className="field">
        <label htmlFor="filter-delivery">{t("invitee.filterDelivery")}</label>
        <select id="filter-delivery" name="delivery" defaultValue={filters.delivery}>
          <option value="">{t("invitee.allDeliveries")}</option>
          {DELIVERY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`delivery.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <ResponseFilter defaultValue={filters.response} />
      <div className="field field--check">
        <input type="checkbox" id="filter-vip" name="vip" value="1" defaultChecked={filters.vip} />
        <label htmlFor="filter-vip">{t("invitee.vipOnly")}</label>
      </div>
      <button type="submit" className="button">
        {t("invitee.filter")}
      </button>
    </Form>
  );
}

export function InviteeRow({ eventId, invitee }: { eventId: number; invitee: InviteeList["invitees"][number] }) {
  const t = useT();
  return (
    <tr>
      <td>
        <input type="checkbox" name="ids" value={invitee.id} aria-label={t("invitee.selectOne", { name: invitee.name })} />
      </td>
      <td>
        <Link to={`/admin/events/${eventId}/invitees/${invitee.id}`}>{invitee.name}</Link>
        {invitee.is_vip ? <span className="vip"> VIP</span> : null}
        {invitee.deleted_by_guest ? <span className="badge">{t("guestRequests.badge")}</span> : null}
      </td>
      <td>
        {invitee.organization}
        {invitee.position ? ` · ${invitee.position}` : ""}
      </td>
      <td>{invitee.group_name}</td>
      <td>{invitee.email ?? invitee.phone}</td>
      <td>
        <span className={`status status--${invitee.delivery.status}`}>{t(`delivery.${invitee.delivery.status}`)}</span>
        {invitee.delivery.error ? <p className="field__hint">{invitee.delivery.error}</p> : null}
      </td>
      <td>
        <span className={`status status--${invitee.response}`}>{t(answerLabelKey[invitee.response])}</span>
      </td>
    </tr>
  );
}
