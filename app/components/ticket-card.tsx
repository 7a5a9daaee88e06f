import { useT } from "~/i18n/i18n";

export interface TicketView {
  code: string;
  /** SVG markup made by the qrcode library from the signed payload (no user text in it). */
  qrSvg: string;
  holder: string;
  onBehalfOf: string | null;
  companions: number;
  /** "내빈석 A-3" in the reader's language, once the organizer has seated the guest. */
  seat: string | null;
  /** The companions' seats, labelled the same way. */
  companionSeats: string[];
}

/** The ticket as the door sees it: a large QR code, the code to type in, who it is for and where they sit. */
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
      {ticket.seat ? <p className="ticket__seat">{t("seatShow.seatLine", { seat: ticket.seat })}</p> : null}
      {ticket.companionSeats.length > 0 ? <p className="ticket__seat ticket__seat--companions">{t("seatShow.companionSeats", { seats: ticket.companionSeats.join(", ") })}</p> : null}
    </section>
  );
}
