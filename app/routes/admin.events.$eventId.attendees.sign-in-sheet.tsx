import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { prepareSignInSheet, printGroupSchema } from "~/domain/rsvp/attendees.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import sheetStylesheet from "~/styles/sign-in-sheet.css";
import { notFound } from "~/web/responses";
import { printPageHandle } from "~/web/page-handle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: sheetStylesheet }];

export const handle = printPageHandle;

// A list of names and organizations: never indexed or cached.
export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const group = printGroupSchema.safeParse(new URL(request.url).searchParams.get("group"));
  if (!group.success) throw new Response("Bad request", { status: 400 });
  const reason = requireDownloadReason(request, eventId, "sign-in-sheet");
  const locale = await resolveLocale(request);
  const sheet = await prepareSignInSheet(context.db, { eventId, group: group.data, locale });
  if (!sheet) throw notFound();
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: sheet.rows.length,
    filter: accessFilter({ print: "sign-in-sheet", group: group.data }),
    reason,
  });
  const t = translator(locale);
  return { eventId, ...sheet, pageTitle: `${t("signIn.title")}: ${sheet.event.title} · ${t("app.name")}` };
}

export default function SignInSheet() {
  const { eventId, event, group, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="sign-in">
      <div className="sign-in-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/attendees`}>← {t("attendees.title")}</Link>
        </p>
        <h1>{t("signIn.title")}</h1>
        <p role="status">{t("signIn.count", { count: rows.length })}</p>
        {rows.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("signIn.printHint")}</p>
      </div>
      {rows.length === 0 ? (
        <p className="notice notice--info">{t("signIn.none")}</p>
      ) : (
        <table className="sign-in-sheet">
          <caption className="visually-hidden">{t("signIn.title")}</caption>
          <colgroup>
            <col className="sign-in-sheet__number" />
            <col className="sign-in-sheet__name" />
            <col className="sign-in-sheet__organization" />
            <col className="sign-in-sheet__position" />
            <col className="sign-in-sheet__group" />
            <col className="sign-in-sheet__signature" />
          </colgroup>
          <thead>
            <tr className="sign-in-sheet__title">
              <th colSpan={6} scope="colgroup">
                <span className="sign-in-sheet__event">{event.title}</span>
                <span className="sign-in-sheet__when">
                  {event.date} {event.time} · {event.venue}
                </span>
                <span className="sign-in-sheet__heading">
                  {t("signIn.title")}
                  {group !== null ? ` (${group || t("invitee.noGroup")})` : ""}
                </span>
              </th>
            </tr>
            <tr>
              <th scope="col">{t("signIn.number")}</th>
              <th scope="col">{t("invitee.name")}</th>
              <th scope="col">{t("invitee.organization")}</th>
              <th scope="col">{t("invitee.position")}</th>
              <th scope="col">{t("invitee.group")}</th>
              <th scope="col">{t("signIn.signature")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td className="sign-in-sheet__n">{i + 1}</td>
                <td>
                  {row.name}
                  {row.onBehalfOf ? <span className="sign-in-sheet__for">{t("signIn.onBehalfOf", { name: row.onBehalfOf })}</span> : null}
                </td>
                <td>{row.organization}</td>
                <td>{row.position}</td>
                <td>{row.group}</td>
                <td aria-label={t("signIn.signature")} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
