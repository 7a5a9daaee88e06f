import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { escapeHtml, fillTemplate, oneLine, textDetails, textToHtml, type EmailLocale } from "./layout";

/** The Content-ID of the QR image inside the HTML. */
export const TICKET_QR_CID = "ticket-qr@nanum";

export interface TicketEmailProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  /** The invitee's personal link; the ticket page is under it. */
  personalLink: string;
  ticket: {
    code: string;
    /** Who comes: the invitee, or their proxy. */
    holder: string;
    /** Set when a proxy comes in the invitee's place. */
    onBehalfOf?: string;
    companions: number;
    /** The holder's seat, "내빈석 A-3", in the email's language; absent until the organizer seats them. */
    seat?: string;
    /** The companions' seats, labelled the same way. */
    companionSeats?: string[];
  };
  parking?: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  subject: "[참석 확인] {title}",
  intro: "참석 회신을 받았습니다. 행사 당일 입구에서 아래 QR 코드(또는 입장 코드)를 보여 주십시오.",
  proxyIntro: "{onBehalfOf} 님을 대신하여 {holder} 님이 참석하시는 것으로 회신을 받았습니다. 행사 당일 입구에서 아래 QR 코드(또는 입장 코드)를 보여 주십시오.",
  labelHolder: "참석자",
  labelCode: "입장 코드",
  labelCompanions: "동반 인원",
  companions: "{count}명",
  labelSeat: "좌석",
  labelCompanionSeats: "동반자 좌석",
  labelParking: "주차",
  qrAlt: "입장 QR 코드",
  button: "입장권 보기",
  request: "입장권은 아래 링크에서도 언제든 볼 수 있고, 회신을 바꿀 수도 있습니다.",
  fallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  personalNote: "이 입장권은 {name} 님만을 위한 것입니다. 회신을 바꾸거나 다시 발급하면 이전 QR 코드는 쓸 수 없습니다.",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더에 행사 일정을 추가하실 수 있습니다.",
};

type TicketStringKey = keyof typeof ko;

const en: Record<TicketStringKey, string> = {
  subject: "You're attending: {title}",
  intro: "Thank you for your reply. Please show the QR code below (or the entry code) at the entrance on the day.",
  proxyIntro: "We have noted that {holder} will attend on behalf of {onBehalfOf}. Please show the QR code below (or the entry code) at the entrance on the day.",
  labelHolder: "Attendee",
  labelCode: "Entry code",
  labelCompanions: "Companions",
  companions: "{count}",
  labelSeat: "Seat",
  labelCompanionSeats: "Companions' seats",
  labelParking: "Parking",
  qrAlt: "Entry QR code",
  button: "View my ticket",
  request: "Your ticket is always at the link below, where you can also change your reply.",
  fallback: "If the button does not work, copy this address into your browser:",
  personalNote: "This ticket is for {name} only. Changing your reply or re-issuing the ticket makes earlier QR codes invalid.",
  calendarNote: "Open the attached calendar file (.ics) to add the event to your calendar.",
};

export const ticketStrings: Record<EmailLocale, Record<TicketStringKey, string>> = { ko, en };

export type TicketFacts = TicketEmailProps["ticket"];

/**
 * The ticket itself as an email shows it: the QR code as an inline image (attach it with
 * TICKET_QR_CID), the entry code under it, then who comes, where they sit, the companions (and
 * their seats) and parking.
 * Shared by the ticket email and the day-before notice, so the door sees the same ticket.
 */
export function ticketBlock(ticket: TicketFacts, parking: string | undefined, locale: EmailLocale): { text: string; html: string } {
  const s = (key: TicketStringKey) => fillTemplate(ticketStrings[locale][key], { count: String(ticket.companions) });
  const rows = [
    { label: s("labelHolder"), value: oneLine(ticket.holder) },
    { label: s("labelCode"), value: ticket.code },
    ...(ticket.seat?.trim() ? [{ label: s("labelSeat"), value: oneLine(ticket.seat) }] : []),
    ...(ticket.companions > 0 ? [{ label: s("labelCompanions"), value: s("companions") }] : []),
    ...(ticket.companionSeats?.length ? [{ label: s("labelCompanionSeats"), value: oneLine(ticket.companionSeats.join(", ")) }] : []),
    ...(parking?.trim() ? [{ label: s("labelParking"), value: parking.trim() }] : []),
  ];
  const html = [
    `<table role="presentation" border="0" cellspacing="0" cellpadding="0" width="100%" style="margin:0 0 24px 0;"><tr><td align="center">`,
    `<img src="cid:${TICKET_QR_CID}" width="245" height="245" alt="${escapeHtml(s("qrAlt"))}" style="display:block;width:245px;height:245px;border:0;">`,
    `<p style="margin:8px 0 0 0;font-family:monospace;font-size:24px;letter-spacing:4px;font-weight:bold;">${escapeHtml(ticket.code)}</p>`,
    `</td></tr></table>`,
    `<table role="presentation" border="0" cellspacing="0" cellpadding="0" width="100%" style="margin:0 0 16px 0;">`,
    // Parking directions often run to several lines ("B2 entrance…\nfree for 2 hours"): keep the breaks.
    ...rows.map(
      (row) => `<tr><th align="left" valign="top" style="padding:4px 12px 4px 0;white-space:nowrap;">${escapeHtml(row.label)}</th><td style="padding:4px 0;">${textToHtml(row.value)}</td></tr>`,
    ),
    `</table>`,
  ].join("\n");
  return { text: textDetails(rows), html };
}

/** The ticket: the QR code as an inline image (attach it with TICKET_QR_CID), the code, the .ics. */
export function renderTicketEmail(props: TicketEmailProps, locale: EmailLocale): RenderedGuestEmail {
  const { ticket } = props;
  const values = {
    title: oneLine(props.event.title),
    holder: oneLine(ticket.holder),
    onBehalfOf: oneLine(ticket.onBehalfOf ?? ""),
    name: oneLine(props.invitee.name),
  };
  const s = (key: TicketStringKey) => fillTemplate(ticketStrings[locale][key], values);
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: ticket.onBehalfOf ? s("proxyIntro") : s("intro"),
    before: ticketBlock(ticket, props.parking, locale),
    link: { href: `${props.personalLink}/ticket`, request: s("request"), button: s("button"), fallback: s("fallback"), personalNote: s("personalNote") },
    calendarNote: s("calendarNote"),
    method: "REQUEST",
    stamp: props.stamp,
  });
}
