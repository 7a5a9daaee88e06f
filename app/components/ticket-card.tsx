import { useT } from "~/i18n/i18n";

export interface TicketView {
  code: string;
  /** SVG markup made by the qrcode library from the signed payload (no user text in it). */
  qrSvg: string;
  holder: string;
  onBehalfOf: string | null;
  companions: number;
}

/** The ticket as the door sees it: a large QR code, the code to type in, and who it is for. */
export function TicketCard({ ticket, size = "normal" }: { ticket: TicketView; size?: "normal" | "large" }) {
  const t = useT();
  return (
    <section className={`ticket ticket--${size}`} aria-label={t("ticket.title")}>
      <div className="ticket__qr" role="img" aria-label={t("ticket.qrLabel", { code: ticket.code })} dangerouslySetInnerHTML={{ __html: ticket.qrSvg }} />
      <p className="ticket__code">
        <span className="visually-hidden">{t("ticket.code")}: </span>
        {ticket.code}
      </p>
      <p className="ticket__holder">
        {ticket.holder}
        {ticket.onBehalfOf ? <span className="muted"> ({t("ticket.onBehalfOf", { name: ticket.onBehalfOf })})</span> : null}
      </p>
      {ticket.companions > 0 ? <p className="muted">{t("ticket.companions", { count: ticket.companions })}</p> : null}
    </section>
  );
}
