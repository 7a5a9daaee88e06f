import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DownloadReasonFields } from "~/components/download-reason-fields";
import { DOWNLOAD_TARGETS, isDownloadTarget } from "~/domain/access-records/download-reasons";
import { eventTitle } from "~/domain/events/event-view";
import { messageKey, useT, type MessageKey } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { notFound } from "~/web/responses";

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

/** Names the address carries for the form itself, not for the download. */
const OWN_PARAMS = new Set(["what", "invalid", "reason", "reason-text"]);

/**
 * Asks why a list is downloaded or printed (다운로드 사유) before it is: the form sends the reason
 * with the rest of the address to the download, which records it. Works without JavaScript.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const what = url.searchParams.get("what");
  // Who may ask comes first: a stranger is sent to sign in, whatever the address says.
  const permission = what === "access-records-export" ? "event.members" : "event.edit";
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, permission);
  if (!isDownloadTarget(what)) throw notFound();
  const carried = [...url.searchParams].filter(([name]) => !OWN_PARAMS.has(name)).slice(0, 1000);
  const back = what === "access-records-export" ? "access-records" : DOWNLOAD_TARGETS[what].split("/")[0]!;
  return {
    eventId,
    what,
    action: `/admin/events/${eventId}/${DOWNLOAD_TARGETS[what]}`,
    back: `/admin/events/${eventId}/${back}`,
    carried,
    invalid: url.searchParams.has("invalid"),
    pageTitle: `${t("download.title")}: ${eventTitle(event, locale)} · ${t("app.name")}`,
  };
}

const targetLabel: Record<keyof typeof DOWNLOAD_TARGETS, MessageKey> = {
  "invitees-export": messageKey("download.what.invitees-export"),
  "attendees-export": messageKey("download.what.attendees-export"),
  "arrivals-export": messageKey("download.what.arrivals-export"),
  "sign-in-sheet": messageKey("download.what.sign-in-sheet"),
  badges: messageKey("download.what.badges"),
  "name-plates": messageKey("download.what.name-plates"),
  "attendance-certificates": messageKey("download.what.attendance-certificates"),
  letters: messageKey("download.what.letters"),
  "access-records-export": messageKey("download.what.access-records-export"),
  "survey-export": messageKey("survey.downloadWhat"),
  "seating-plan": messageKey("download.what.seating-plan"),
  "seat-list": messageKey("download.what.seat-list"),
  "awards-list": messageKey("download.what.awards-list"),
  "award-certificates": messageKey("download.what.award-certificates"),
};

export default function DownloadReason() {
  const { what, action, back, carried, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <p>
        <Link to={back}>← {t("download.back")}</Link>
      </p>
      <h1>{t("download.title")}</h1>
      <p>{t("download.explain", { what: t(targetLabel[what]) })}</p>
      {invalid ? (
        <p className="notice notice--error" role="alert" id="reason-error">
          {t("download.invalid")}
        </p>
      ) : null}
      <form method="get" action={action}>
        {carried.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <DownloadReasonFields invalid={invalid} />
        <button type="submit" className="button">
          {t("download.submit")}
        </button>
      </form>
    </section>
  );
}
