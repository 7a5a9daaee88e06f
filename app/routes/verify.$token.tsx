import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { verifyCertificate } from "~/domain/protocol/attendance-certificates.server";
import { eventTitle, eventWhen } from "~/domain/events/event-view";
import { translate, useT } from "~/i18n/i18n";
import { formatEventDate } from "~/lib/format";
import { resolveLocale } from "~/web/locale.server";
import type { PageHandle } from "~/web/page-handle";
import { notFound } from "~/web/responses";

export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];

/**
 * Checks a certificate of attendance by its code, for anyone holding the paper: whether it is
 * genuine, whose it is (masked once the event's personal data is deleted) and for which event.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  const found = await verifyCertificate(context.db, params.token ?? "");
  if (!found) throw notFound();
  const title = eventTitle(found.event, locale);
  return {
    code: found.code,
    name: found.name,
    masked: found.masked,
    event: { title, date: eventWhen(found.event, locale).date },
    issuedOn: formatEventDate(found.issuedAt, found.event.time_zone, locale),
    pageTitle: `${translate(locale, "verify.title")} · ${translate(locale, "app.name")}`,
  };
}

export default function VerifyCertificate() {
  const { code, name, masked, event, issuedOn } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="verify">
      <h1>{t("verify.title")}</h1>
      <p className="notice notice--success" role="status">
        {t("verify.genuine")}
      </p>
      <dl className="event__facts">
        <dt>{t("verify.code")}</dt>
        <dd>{code}</dd>
        <dt>{t("verify.issuedTo")}</dt>
        <dd>{name}</dd>
        <dt>{t("attendance.event")}</dt>
        <dd>
          {event.title} ({event.date})
        </dd>
        <dt>{t("verify.issuedOn")}</dt>
        <dd>{issuedOn}</dd>
      </dl>
      {masked ? <p className="muted">{t("verify.masked")}</p> : null}
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  return (
    <article className="verify">
      <h1>{t("verify.title")}</h1>
      <p className="notice notice--error" role="alert">
        {isRouteErrorResponse(error) && error.status === 404 ? t("verify.unknown") : t("verify.failed")}
      </p>
    </article>
  );
}
