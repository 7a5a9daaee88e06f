import type { InvitationLetter, LetterEvent } from "~/domain/invitations/invitation-letters.server";
import type { QrDrawing } from "~/lib/qr.server";
import { translator, useT } from "~/i18n/i18n";
import { QrCode } from "./qr-code";

/** The event as one letter states it (worked out on the server, in the letter's language). */
export type LetterEventView = LetterEvent;

/** One letter's addressee and personal link, with the link's QR code (drawn on the server by `qrcode`). */
export type LetterView = Omit<InvitationLetter, "id"> & { qr: QrDrawing };

/** One printed A4 invitation (초청장), in the invitee's language whatever the page's. */
export function InvitationLetter({ letter, event }: { letter: LetterView; event: LetterEventView }) {
  const t = translator(letter.language);
  const contact = [event.contact.name, event.contact.phone, event.contact.email].map((part) => part.trim()).filter(Boolean);
  const signature = event.hosts.length > 0 ? event.hosts.join(" · ") : event.contact.name;
  return (
    <article className="letter" lang={letter.language}>
      <h2 className="letter__heading">{t("letter.heading")}</h2>
      <p className="letter__addressee">{t("letter.addressee", { who: letter.addressee })}</p>
      <p className="letter__intro">{event.intro ?? t("letter.intro", { title: event.title })}</p>
      <p className="letter__details-heading">{t("letter.details")}</p>
      <dl className="letter__details">
        <dt>{t("letter.event")}</dt>
        <dd>{event.title}</dd>
        <dt>{t("letter.when")}</dt>
        <dd>
          {event.when.date} {event.when.time}
          {event.when.zone ? ` (${event.when.zone})` : ""}
        </dd>
        <dt>{t("letter.venue")}</dt>
        <dd>
          {event.venue}
          {event.address ? (
            <>
              <br />
              {event.address}
            </>
          ) : null}
        </dd>
        {event.hosts.length > 0 ? (
          <>
            <dt>{t("letter.hosts")}</dt>
            <dd>{event.hosts.join(" · ")}</dd>
          </>
        ) : null}
      </dl>
      <section className="letter__reply">
        <div className="letter__qr" role="img" aria-label={t("letter.qrLabel", { link: letter.link })}>
          <QrCode drawing={letter.qr} />
        </div>
        <div className="letter__reply-text">
          <h3>{t("letter.replyTitle")}</h3>
          <p>{t("letter.replyHow")}</p>
          <p className="letter__link">{letter.link}</p>
          <p className="letter__note">{t("letter.personalNote", { name: letter.name })}</p>
        </div>
      </section>
      {contact.length > 0 ? (
        <p className="letter__contact">
          {t("letter.contact")}: {contact.join(" · ")}
        </p>
      ) : null}
      <footer className="letter__closing">
        <p>{event.date}</p>
        <p className="letter__signature">{signature}</p>
      </footer>
    </article>
  );
}

/**
 * Hidden until public/print-button.js (which print pages load, see `printPageHandle`) shows it
 * and makes it open the print dialog; without scripts the browser's own Print does the same.
 */
export function PrintButton() {
  const t = useT();
  return (
    <button type="button" className="button button--primary" data-print hidden>
      {t("letter.print")}
    </button>
  );
}
