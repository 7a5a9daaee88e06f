import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import type { listAttendees } from "~/domain/rsvp/attendees.server";
import { answerLabelKey } from "~/domain/rsvp/rsvp-response";
import { useLocale, useT, type MessageKey } from "~/i18n/i18n";
import { formatNumber } from "~/lib/format";
import { TableScroll } from "../table-scroll";

/* The attendee list's parts: the head-count table, a row with its admit or re-issue button, the print forms. */

type AttendeeList = NonNullable<Awaited<ReturnType<typeof listAttendees>>>;

const COUNT_COLUMNS: Array<{ key: "invited" | "attending" | "companions" | "places" | "declined" | "waitlisted" | "offered" | "noAnswer"; label: MessageKey }> = [
  { key: "invited", label: "attendees.count.invited" },
  { key: "attending", label: "attendees.count.attending" },
  { key: "companions", label: "attendees.count.companions" },
  { key: "places", label: "attendees.count.places" },
  { key: "declined", label: "attendees.count.declined" },
  { key: "waitlisted", label: "attendees.count.waitlisted" },
  { key: "offered", label: "attendees.count.offered" },
  { key: "noAnswer", label: "attendees.count.noAnswer" },
];

/** Head counts by group; "offered" only while someone holds an offer. */
export function AttendeeCountsTable({ byGroup, total }: { byGroup: AttendeeList["byGroup"]; total: AttendeeList["total"] }) {
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const countColumns = COUNT_COLUMNS.filter((column) => column.key !== "offered" || total.offered > 0);
  return (
    <TableScroll label={t("attendees.counts")}>
      <table className="table table--counts">
        <caption>{t("attendees.counts")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("invitee.group")}</th>
            {countColumns.map((column) => (
              <th scope="col" key={column.key}>
                {t(column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {byGroup.map((group) => (
            <tr key={group.name}>
              <th scope="row">{group.name || t("invitee.noGroup")}</th>
              {countColumns.map((column) => (
                <td key={column.key}>{n(group.counts[column.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("invitee.allGroups")}</th>
            {countColumns.map((column) => (
              <td key={column.key}>{n(total[column.key])}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

/** One attendee; `keepFilters` carries the list's address through the row's buttons. */
export function AttendeeRow({
  eventId,
  attendee,
  questionIds,
  cancelled,
  keepFilters,
}: {
  eventId: number;
  attendee: AttendeeList["attendees"][number];
  questionIds: number[];
  cancelled: boolean;
  keepFilters: ReactNode;
}) {
  const t = useT();
  return (
    <tr>
      <td>
        <Link to={`/admin/events/${eventId}/invitees/${attendee.id}`}>{attendee.name}</Link>
        {attendee.isVip ? <span className="vip"> VIP</span> : null}
        <br />
        <span className="muted">{[attendee.organization, attendee.position, attendee.group].filter(Boolean).join(" · ")}</span>
      </td>
      <td>
        <span className={`status status--${attendee.answer}`}>{t(answerLabelKey[attendee.answer])}</span>
        {attendee.overCapacity ? <span className="badge badge--over">{t("attendees.overCapacity")}</span> : null}
        {attendee.proxy ? (
          <p className="field__hint">
            {t("attendees.proxyIs", { name: attendee.proxy.name })}
            {attendee.proxy.position ? ` · ${attendee.proxy.position}` : ""}
          </p>
        ) : null}
        {attendee.waitlistPosition !== null ? <p className="field__hint">{t("attendees.waitlistAt", { n: attendee.waitlistPosition })}</p> : null}
        {attendee.offerExpires ? <p className="field__hint">{t("attendees.offeredUntil", { until: attendee.offerExpires })}</p> : null}
      </td>
      <td>{attendee.companions ?? ""}</td>
      {attendee.answers.map((answer, i) => (
        <td key={questionIds[i]}>{answer}</td>
      ))}
      <td>{attendee.consentAt ?? ""}</td>
      <td>{attendee.ticketCode ? <span className="ticket-code">{attendee.ticketCode}</span> : null}</td>
      <td>
        {attendee.answer === "attending" || attendee.answer === "proxy" ? (
          <Form method="post" className="inline-form">
            {keepFilters}
            <input type="hidden" name="inviteeId" value={attendee.id} />
            <button type="submit" name="intent" value="reissue" className="button button--small" aria-label={t("attendees.reissueFor", { name: attendee.name })}>
              {t("attendees.reissue")}
            </button>
          </Form>
        ) : attendee.answer !== "offered" && !cancelled ? (
          <Form method="post" className="inline-form">
            {keepFilters}
            <input type="hidden" name="inviteeId" value={attendee.id} />
            <button type="submit" name="intent" value="admit" className="button button--small" aria-label={t("attendees.admitFor", { name: attendee.name })}>
              {t("attendees.admit")}
            </button>
          </Form>
        ) : null}
      </td>
    </tr>
  );
}

/** A printable page for everyone attending or one group: the sign-in sheet, the name badges. */
export function PrintForGroup({ action, id, label, button, groups, children }: { action: string; id: string; label: string; button: string; groups: string[]; children?: ReactNode }) {
  const t = useT();
  return (
    <Form method="get" action={action} reloadDocument className="inline-form letters-form">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} name="group" defaultValue="*">
        <option value="*">{t("invitee.allGroups")}</option>
        {groups.map((group) => (
          <option key={group} value={group}>
            {group || t("invitee.noGroup")}
          </option>
        ))}
      </select>
      {children}
      <button type="submit" className="button">
        {button}
      </button>
    </Form>
  );
}
