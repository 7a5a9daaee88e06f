/**
 * The day-before notice to everyone attending: "see you tomorrow", with the ticket again (so
 * nobody has to dig out last month's email at the door), when in the event's zone, how to get
 * there and park, whom to call, and the calendar file.
 */
import { renderGuestEmail, whenText, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";
import { ticketBlock, type TicketFacts } from "./ticket";

export interface AttendeeNoticeProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  /** The invitee's personal link; the ticket page is under it. */
  personalLink: string;
  ticket: TicketFacts;
  /** The event's parking directions in the email's language; empty when there are none. */
  parking?: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  subject: "[내일 행사 안내] {title}",
  intro: "내일 열리는 「{title}」에 참석해 주셔서 감사합니다. 행사는 {when}에 {venue}에서 열립니다.",
  proxyIntro: "내일 열리는 「{title}」에 {onBehalfOf} 님을 대신하여 {holder} 님이 참석하십니다. 행사는 {when}에 {venue}에서 열립니다.",
  ticketNote: "입구에서 아래 QR 코드(또는 입장 코드)를 보여 주십시오. 오시는 길과 주차 안내, 문의처는 아래에 있습니다.",
  button: "입장권 보기",
  request: "입장권은 아래 링크에서도 볼 수 있습니다. 참석이 어려워지셨다면 같은 곳에서 알려 주십시오.",
  fallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  personalNote: "이 입장권은 {name} 님만을 위한 것입니다. 다른 분께 전달하지 말아 주십시오.",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더에 행사 일정을 추가하실 수 있습니다.",
};

type NoticeStringKey = keyof typeof ko;

const en: Record<NoticeStringKey, string> = {
  subject: "See you tomorrow: {title}",
  intro: "Thank you for attending {title} tomorrow. It takes place {when} at {venue}.",
  proxyIntro: "{holder} attends {title} tomorrow on behalf of {onBehalfOf}. It takes place {when} at {venue}.",
  ticketNote: "Please show the QR code below (or the entry code) at the entrance. Directions, parking and whom to contact follow.",
  button: "View my ticket",
  request: "Your ticket is also at the link below. If you can no longer come, please let us know there.",
  fallback: "If the button does not work, copy this address into your browser:",
  personalNote: "This ticket is for {name} only. Please do not forward it.",
  calendarNote: "Open the attached calendar file (.ics) to add the event to your calendar.",
};

export const attendeeNoticeStrings: Record<EmailLocale, Record<NoticeStringKey, string>> = { ko, en };

/** The notice; attach the ticket's QR code as an inline PNG with TICKET_QR_CID. */
export function renderAttendeeNotice(props: AttendeeNoticeProps, locale: EmailLocale): RenderedGuestEmail {
  const { event, ticket } = props;
  const values = {
    title: oneLine(event.title),
    when: whenText(event.start, event.end, event.timeZone, locale),
    venue: oneLine(event.venueName),
    holder: oneLine(ticket.holder),
    onBehalfOf: oneLine(ticket.onBehalfOf ?? ""),
    name: oneLine(props.invitee.name),
  };
  const s = (key: NoticeStringKey) => fillTemplate(attendeeNoticeStrings[locale][key], values);
  return renderGuestEmail({
    event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: `${ticket.onBehalfOf ? s("proxyIntro") : s("intro")}\n${s("ticketNote")}`,
    before: ticketBlock(ticket, props.parking, locale),
    link: { href: `${props.personalLink}/ticket`, request: s("request"), button: s("button"), fallback: s("fallback"), personalNote: s("personalNote") },
    calendarNote: s("calendarNote"),
    withProgram: true,
    method: "REQUEST",
    stamp: props.stamp,
  });
}
