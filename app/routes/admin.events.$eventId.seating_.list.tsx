import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { eventTitle } from "~/domain/events/event-view";
import { seatList } from "~/domain/seating/seating.server";
import { useT } from "~/i18n/i18n";
import seatingStylesheet from "~/styles/seating-print.css";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { requireEventPage } from "~/web/event-page.server";
import { printPageHandle } from "~/web/page-handle";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: seatingStylesheet }];
export const handle = printPageHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);
export const headers = privatePageHeaders;

/** The reception desk's list: everyone seated, by name (가나다), with their seat. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "seat-list");
  const list = await seatList(context.db, eventId, locale);
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: list.rows.length,
    filter: accessFilter({ print: "seat-list" }),
    reason,
  });
  const title = eventTitle(event, locale);
  const rows = list.rows.map(({ name, companionIndex, organization, groupName, onBehalfOf, label }) => ({ name, companionIndex, organization, groupName, onBehalfOf, label }));
  return { eventId, title, rows, pageTitle: `${t("seating.listHeading")}: ${title} · ${t("app.name")}` };
}

export default function SeatListPrint() {
  const { eventId, title, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="seating-print">
      <div className="no-print">
        <p>
          <Link to={`/admin/events/${eventId}/seating`}>← {t("seating.title")}</Link>
        </p>
        <PrintButton />
      </div>
      <div className="seating-print__head">
        <h1>{t("seating.listHeading")}</h1>
        <span>{title}</span>
        <span>{t("seating.listCount", { count: rows.length })}</span>
      </div>
      {rows.length === 0 ? (
        <p>{t("seating.noneSeated")}</p>
      ) : (
        <table className="seat-list">
          <caption className="visually-hidden">{t("seating.listHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("invitee.name")}</th>
              <th scope="col">{t("seating.seat")}</th>
              <th scope="col">{t("invitee.organization")}</th>
              <th scope="col">{t("invitee.group")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.label}`}>
                <td>
                  {row.companionIndex > 0 ? t("seating.companionOf", { name: row.name, number: row.companionIndex }) : row.name}
                  {row.onBehalfOf && row.companionIndex === 0 ? <span className="seat-list__for">{t("signIn.onBehalfOf", { name: row.onBehalfOf })}</span> : null}
                </td>
                <td className="seat-list__seat">{row.label}</td>
                <td>{row.organization}</td>
                <td>{row.groupName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
