import { useT } from "~/i18n/i18n";

export interface EventFactsProps {
  hosts: string[];
  when: { date: string; time: string; timeZone: string; startsAtIso: string };
  venue: { name: string; address: string; maps: { naver: string; kakao: string } };
  contact: { name: string; phone: string; email: string } | null;
}

/** Hosts, date and time, venue with map links, and whom to ask: the facts every event page shows. */
export function EventFacts({ hosts, when, venue, contact }: EventFactsProps) {
  const t = useT();
  return (
    <dl className="event__facts">
      <dt>{t("event.hosts")}</dt>
      <dd>{hosts.join(" · ")}</dd>
      <dt>{t("event.when")}</dt>
      <dd>
        <time dateTime={when.startsAtIso}>{when.date}</time>
        <br />
        {when.time} <span className="muted">({when.timeZone})</span>
      </dd>
      <dt>{t("event.venue")}</dt>
      <dd>
        {venue.name}
        {venue.address ? (
          <>
            <br />
            {venue.address}
          </>
        ) : null}
        <br />
        <a href={venue.maps.naver} rel="noopener noreferrer" target="_blank">
          {t("event.naverMap")}
        </a>{" "}
        ·{" "}
        <a href={venue.maps.kakao} rel="noopener noreferrer" target="_blank">
          {t("event.kakaoMap")}
        </a>
      </dd>
      {contact && (contact.name || contact.phone || contact.email) ? (
        <>
          <dt>{t("event.contact")}</dt>
          <dd>
            {contact.name}
            {contact.phone ? (
              <>
                {" "}
                <a href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`}>{contact.phone}</a>
              </>
            ) : null}
            {contact.email ? (
              <>
                {" "}
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </>
            ) : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A cancelled event says so first, with the organizer's words. */
export function CancellationNotice({ cancellation }: { cancellation: { note: string } | null }) {
  const t = useT();
  if (!cancellation) return null;
  return (
    <div className="notice notice--error" role="status">
      <p>
        <strong>{t("event.cancelled")}</strong>
      </p>
      {cancellation.note ? <p className="event__description">{cancellation.note}</p> : null}
    </div>
  );
}
