import { useLocale, useT } from "~/i18n/i18n";

export interface AttendanceCertificateProps {
  name: string;
  code: string;
  /** Where anyone can check it: the app's address + /verify/<code>. */
  verifyUrl: string;
  event: { title: string; date: string; time: string; venue: string; hosts: string[] };
  issuedOn: string;
}

/** A certificate of attendance (참석 확인서) on one A4 page, set as the award certificates are. */
export function AttendanceCertificate({ name, code, verifyUrl, event, issuedOn }: AttendanceCertificateProps) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="certificate attendance-certificate" lang={locale}>
      <h2 className="certificate__heading">{t("attendance.heading")}</h2>
      <dl className="certificate__who attendance-certificate__facts">
        <dt>{t("certificate.name")}</dt>
        <dd className="certificate__name">{name}</dd>
        <dt>{t("attendance.event")}</dt>
        <dd>{event.title}</dd>
        <dt>{t("attendance.when")}</dt>
        <dd>
          {event.date} {event.time}
        </dd>
        <dt>{t("attendance.venue")}</dt>
        <dd>{event.venue}</dd>
      </dl>
      <p className="certificate__citation">{t("attendance.statement")}</p>
      <div className="certificate__closing">
        <p className="certificate__date">{issuedOn}</p>
        <div className="certificate__hosts">
          {event.hosts.map((host, index) => (
            <p key={index}>{host}</p>
          ))}
        </div>
        <p className="attendance-certificate__verify">
          {t("attendance.verifyCode")}: <strong>{code}</strong>
          <br />
          {verifyUrl}
        </p>
      </div>
    </article>
  );
}
