import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttendanceCertificate } from "~/components/attendance-certificate";
import { PrintButton } from "~/components/invitation-letter";
import { certificateEvent, eventCertificates } from "~/domain/protocol/attendance-certificates.server";
import { formatEventDate } from "~/lib/format";
import { mailOrigin } from "~/lib/mail-origin.server";
import certificatesStylesheet from "~/styles/certificates.css";
import { useT } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";
import { accessFilter, recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireDownloadReason } from "~/web/download-reason.server";
import { printPageHandle } from "~/web/page-handle";
import { privatePageHeaders, privatePageMeta } from "~/web/private-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: certificatesStylesheet }];

export const handle = printPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => privatePageMeta(data?.pageTitle);

export const headers = privatePageHeaders;

/** Every certificate of attendance of the event (참석 확인서), one A4 page each, for those checked in. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const reason = requireDownloadReason(request, eventId, "attendance-certificates");
  const ended = event.ends_at <= new Date();
  const certificates = ended ? await eventCertificates(context.db, eventId) : [];
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "print",
    eventId,
    count: certificates.length,
    filter: accessFilter({ print: "attendance-certificates" }),
    reason,
  });
  const facts = certificateEvent(event, locale);
  const origin = mailOrigin(context.config).origin;
  return {
    eventId,
    ended,
    certificates: certificates.map((certificate) => ({
      name: certificate.name,
      code: certificate.code,
      verifyUrl: `${origin}/verify/${certificate.code}`,
      event: facts,
      issuedOn: formatEventDate(certificate.issuedAt, event.time_zone, locale),
    })),
    pageTitle: `${t("attendance.pageTitle")}: ${facts.title} · ${t("app.name")}`,
  };
}

export default function AttendanceCertificates() {
  const { eventId, ended, certificates } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="certificates">
      <div className="certificates-toolbar">
        <p>
          <Link to={`/admin/events/${eventId}/arrivals`}>← {t("arrivals.title")}</Link>
        </p>
        <h1>{t("attendance.pageTitle")}</h1>
        <p role="status">{ended ? t("attendance.count", { count: certificates.length }) : t("attendance.organizerNotYet")}</p>
        {certificates.length > 0 ? <PrintButton /> : null}
        <p className="field__hint">{t("attendance.printHint")}</p>
      </div>
      {certificates.map((certificate) => (
        <AttendanceCertificate key={certificate.code} {...certificate} />
      ))}
    </div>
  );
}
