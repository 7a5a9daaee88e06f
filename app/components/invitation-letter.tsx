import { useEffect, useState } from "react";
import type { InvitationLetter, LetterEvent } from "~/domain/invitations/invitation-letters.server";
import { translator, useT } from "~/i18n/i18n";

/** The event as one letter states it (worked out on the server, in the letter's language). */
export type LetterEventView = LetterEvent;

/** One letter's addressee and link; its QR code is an SVG made on the server by `qrcode` from the link (no text of ours inside). */
export type LetterView = Omit<InvitationLetter, "id">;

/** "파주교육지원청 교육장 박서준" in Korean; "Emily Park, Director, Seoul Office" in English. */
function addressee(letter: LetterView): string {
  const parts = letter.language === "ko" ? [letter.organization, letter.position, letter.name] : [letter.name, letter.position, letter.organization];
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join(letter.language === "ko" ? " " : ", ");
}

/** One printed A4 invitation (초청장), in the invitee's language whatever the page's. */
export function InvitationLetter({ letter, event }: { letter: LetterView; event: LetterEventView }) {
  const t = translator(letter.language);
  const contact = [event.contact.name, event.contact.phone, event.contact.email].map((part) => part.trim()).filter(Boolean);
  const signature = event.hosts.length > 0 ? event.hosts.join(" · ") : event.contact.name;
  return (
    <article className="letter" lang={letter.language}>
      <h2 className="letter__heading">{t("letter.heading")}</h2>
      <p className="letter__addressee">{t("letter.addressee", { who: addressee(letter) })}</p>
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
        <div className="letter__qr" role="img" aria-label={t("letter.qrLabel", { link: letter.link })} dangerouslySetInnerHTML={{ __html: letter.qrSvg }} />
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

/** Shown once scripts run; without them the browser's own Print (Ctrl+P) does the same. */
export function PrintButton() {
  const t = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(typeof window.print === "function"), []);
  return ready ? (
    <button type="button" className="button button--primary" onClick={() => window.print()}>
      {t("letter.print")}
    </button>
  ) : null;
}
