import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/invitation-letter";
import { certificateSelectionSchema, prepareCertificates } from "~/domain/program/awards.server";
import { requireEventPermission } from "~/web/auth.server";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";
import { translator, useLocale, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import certificatesStylesheet from "~/styles/certificates.css";
import { notFound } from "~/web/responses";
import { printPageHandle } from "~/web/page-handle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: certificatesStylesheet }];

export const handle = printPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

/** Certificates (상장): every recipient's, one category's (?category=) or one recipient's (?recipient=). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const selection = certificateSelectionSchema.safeParse({ category: url.searchParams.get("category") ?? undefined, recipient: url.searchParams.get("recipient") ?? undefined });
  if (!selection.success) throw new Response("Bad request", { status: 400 });
  // Each names its recipient in full, minors too: asked for a reason like every print of people.
  const reason = requireDownloadReason(request, eventId, "award-certificates");
  const locale = await resolveLocale(request);
  const prepared = await prepareCertificates(context.db, eventId, selection.data, locale);
  if (!prepared) throw notFound();
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: prepared.certificates.length,
    filter: accessFilter({ print: "award-certificates", category: selection.data.category, recipient: selection.data.recipient }),
    reason,
  });
  const t = translator(locale);
  return { eventId, ...prepared, pageTitle: `${t("certificate.pageTitle")}: ${prepared.event.title} · ${t("app.name")}` };
}

export default function Certificates() {
  const { eventId, event, certificates } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="certificates">
      <div className="certificates-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/awards`}>← {t("awards.title")}</Link>
        </p>
        <h1>{t("certificate.pageTitle")}</h1>
        <p role="status">{t("certificate.count", { count: certificates.length })}</p>
        {certificates.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("certificate.printHint")}</p>
      </div>
      {certificates.length === 0 ? <p className="notice notice--info">{t("certificate.none")}</p> : null}
      {certificates.map((certificate) => (
        <article key={certificate.id} className="certificate" lang={locale}>
          <p className="certificate__event">{event.title}</p>
          <h2 className="certificate__heading">{t("certificate.heading")}</h2>
          <p className="certificate__category">{certificate.category}</p>
          <dl className="certificate__who">
            {certificate.organization ? (
              <>
                <dt>{t("certificate.organization")}</dt>
                <dd>{certificate.organization}</dd>
              </>
            ) : null}
            {certificate.grade ? (
              <>
                <dt>{t("certificate.grade")}</dt>
                <dd>{certificate.grade}</dd>
              </>
            ) : null}
            <dt>{t("certificate.name")}</dt>
            <dd className="certificate__name">{certificate.name}</dd>
          </dl>
          <p className="certificate__citation">{certificate.citation || t("certificate.defaultCitation", { event: event.title })}</p>
          <div className="certificate__closing">
            <p className="certificate__date">{event.date}</p>
            <div className="certificate__hosts">
              {event.hosts.map((host, index) => (
                <p key={index}>{host}</p>
              ))}
            </div>
          </div>
        </article>
      ))}
    </div>
  );
}
