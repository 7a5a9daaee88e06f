import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttendanceCertificate } from "~/components/attendance-certificate";
import { PrintButton } from "~/components/invitation-letter";
import { certificateEvent, guestCertificate } from "~/domain/protocol/attendance-certificates.server";
import { translate, useT } from "~/i18n/i18n";
import { formatEventDate } from "~/lib/format";
import { mailOrigin } from "~/lib/mail-origin.server";
import certificatesStylesheet from "~/styles/certificates.css";
import { requireGuest } from "~/web/guest.server";
import { resolveLocale } from "~/web/locale.server";
import { printPageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";
import { personalPageMeta } from "~/web/meta";

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: certificatesStylesheet }];

export const handle = printPageHandle;

export const headers = privatePageHeaders;

export const meta = personalPageMeta;

/** A guest's own certificate of attendance (참석 확인서), after the event, if they were checked in. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const locale = await resolveLocale(request);
  const certificate = await guestCertificate(context.db, event.id, invitee.id);
  const pageTitle = `${translate(locale, "attendance.heading")} · ${translate(locale, "app.name")}`;
  if (certificate.status !== "issued") return { token: params.token!, status: certificate.status, certificate: null, pageTitle };
  return {
    token: params.token!,
    status: certificate.status,
    certificate: {
      name: certificate.name,
      code: certificate.code,
      verifyUrl: `${mailOrigin(context.config).origin}/verify/${certificate.code}`,
      event: certificateEvent(event, locale),
      issuedOn: formatEventDate(certificate.issuedAt, event.time_zone, locale),
    },
    pageTitle,
  };
}

export default function GuestCertificate() {
  const { token, status, certificate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="certificates">
      <div className="certificates-toolbar">
        <p>
          <Link to={`/i/${token}`}>← {t("attendance.back")}</Link>
        </p>
        <h1>{t("attendance.heading")}</h1>
        {certificate ? <PrintButton /> : <p className="notice notice--info">{t(status === "not-yet" ? "attendance.notYet" : "attendance.notAttended")}</p>}
      </div>
      {certificate ? <AttendanceCertificate {...certificate} /> : null}
    </div>
  );
}
