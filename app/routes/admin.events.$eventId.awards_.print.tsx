import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { prepareAwardsList } from "~/domain/program/awards.server";
import { requireEventPermission } from "~/web/auth.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { answerLabelKey } from "~/domain/rsvp/rsvp-response";
import listStylesheet from "~/styles/awards-list.css";
import { notFound } from "~/web/responses";
import { printPageHandle } from "~/web/page-handle";
import { requireDownloadReason } from "~/web/download-reason.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: listStylesheet }];

export const handle = printPageHandle;

// Minors' full names, for staff only: never indexed or cached.
export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const locale = await resolveLocale(request);
  const list = await prepareAwardsList(context.db, eventId, locale);
  if (!list) throw notFound();
  // Unlike the public awards page it names minors in full and who receives for whom: a printed list of people, so its reason is asked.
  const reason = requireDownloadReason(request, eventId, "awards-list");
  const count = list.categories.reduce((sum, category) => sum + category.recipients.length, 0);
  await recordAccess(context.db, { ...organizerAccess(context, organizer.id), action: "print", eventId, count, filter: accessFilter({ print: "awards-list" }), reason });
  const t = translator(locale);
  return { eventId, ...list, pageTitle: `${t("awards.list.title")}: ${list.event.title} · ${t("app.name")}` };
}

export default function AwardsListPrint() {
  const { eventId, event, categories } = useLoaderData<typeof loader>();
  const t = useT();
  const count = categories.reduce((sum, category) => sum + category.recipients.length, 0);
  return (
    <div className="awards-list">
      <div className="awards-list-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/awards`}>← {t("awards.title")}</Link>
        </p>
        <h1>{t("awards.list.title")}</h1>
        <p role="status">{t("awards.list.count", { categories: categories.length, count })}</p>
        {categories.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("awards.list.hint")}</p>
      </div>
      {categories.length === 0 ? (
        <p className="notice notice--info">{t("awards.list.none")}</p>
      ) : (
        <table className="awards-list__table">
          <caption className="visually-hidden">{t("awards.list.title")}</caption>
          <colgroup>
            <col className="awards-list__number" />
            <col className="awards-list__name" />
            <col className="awards-list__organization" />
            <col className="awards-list__grade" />
            <col />
          </colgroup>
          <thead>
            <tr className="awards-list__title">
              <th colSpan={5} scope="colgroup">
                <span className="awards-list__event">{event.title}</span>
                <span className="awards-list__when">
                  {event.date} {event.time} · {event.venue}
                </span>
                <span className="awards-list__heading">{t("awards.list.title")}</span>
              </th>
            </tr>
            <tr>
              <th scope="col">{t("awards.column.number")}</th>
              <th scope="col">{t("awards.column.name")}</th>
              <th scope="col">{t("awards.field.organization")}</th>
              <th scope="col">{t("awards.field.grade")}</th>
              <th scope="col">{t("awards.list.attendanceOrProxy")}</th>
            </tr>
          </thead>
          {categories.map((category) => (
            <tbody key={category.id}>
              <tr className="awards-list__category">
                <th colSpan={5} scope="rowgroup">
                  {category.name}
                  {category.presenter ? <span className="awards-list__presenter">{t("awards.list.presenter", { name: category.presenter })}</span> : null}
                  {category.session ? <span className="awards-list__presenter">{t("awards.inSession", { session: category.session })}</span> : null}
                </th>
              </tr>
              {category.recipients.map((recipient) => (
                <tr key={recipient.id}>
                  <td className="awards-list__n">{recipient.number}</td>
                  <td>{recipient.name}</td>
                  <td>{recipient.organization}</td>
                  <td>{recipient.grade}</td>
                  <td>
                    {recipient.attendance ? t(answerLabelKey[recipient.attendance]) : ""}
                    {recipient.standIn ? (
                      <span className="awards-list__note">
                        {t("awards.standInFor", { name: [recipient.standIn.name, recipient.standIn.position && `(${recipient.standIn.position})`].filter(Boolean).join(" ") })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </div>
  );
}
