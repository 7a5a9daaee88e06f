/**
 * The short notes about an answer: on the waitlist, a place offered, not attending. Each carries
 * the personal link, where the guest sees their answer and can change it.
 */
import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { personalLinkBlock } from "./invitation";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

export type RsvpNoteKind = "waitlisted" | "place-offer" | "declined";

export interface RsvpNoteProps {
  kind: RsvpNoteKind;
  event: GuestEvent;
  invitee: GuestInvitee;
  personalLink: string;
  /** Waitlisted: the position. */
  position?: number;
  /** Place offer: until when, formatted in the event's zone and the email's language. */
  offerExpires?: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  "waitlisted.subject": "[대기 등록] {title}",
  "waitlisted.intro": "참석 회신 감사합니다. 정원이 차서 대기자 명단 {position}번째로 등록했습니다. 자리가 나면 바로 메일로 알려 드리겠습니다.",
  "place-offer.subject": "[참석 가능] {title} — {expires}까지 확정해 주십시오",
  "place-offer.intro": "기다려 주셔서 감사합니다. 자리가 생겼습니다. {expires}까지 아래 링크에서 참석을 확정해 주십시오. 이 시각이 지나면 다음 대기자에게 기회가 넘어갑니다.",
  "declined.subject": "[회신 확인] {title}",
  "declined.intro": "불참으로 회신해 주셔서 감사합니다. 회신 마감 전이라면 아래 링크에서 언제든 바꾸실 수 있습니다.",
  "waitlisted.calendarNote": "첨부된 일정 파일(.ics)로 캘린더에 행사 일정을 넣어 둘 수 있습니다.",
  "place-offer.calendarNote": "첨부된 일정 파일(.ics)로 캘린더에 행사 일정을 넣어 둘 수 있습니다.",
};

type NoteStringKey = keyof typeof ko;

const en: Record<NoteStringKey, string> = {
  "waitlisted.subject": "On the waitlist: {title}",
  "waitlisted.intro": "Thank you for your reply. The event is full, so you are number {position} on the waitlist. We will email you as soon as a place frees up.",
  "place-offer.subject": "A place is yours: {title} — please confirm by {expires}",
  "place-offer.intro": "Thank you for waiting: a place has become free. Please confirm through the link below by {expires}; after that it passes to the next person on the waitlist.",
  "declined.subject": "Reply received: {title}",
  "declined.intro": "Thank you for letting us know you cannot attend. Until the reply deadline you can change your answer through the link below.",
  "waitlisted.calendarNote": "The attached calendar file (.ics) keeps the date in your calendar.",
  "place-offer.calendarNote": "The attached calendar file (.ics) keeps the date in your calendar.",
};

export const rsvpNoteStrings: Record<EmailLocale, Record<NoteStringKey, string>> = { ko, en };

/** The note; for "declined" the caller sends it without the calendar file. */
export function renderRsvpNote(props: RsvpNoteProps, locale: EmailLocale): RenderedGuestEmail {
  const values = { title: oneLine(props.event.title), position: String(props.position ?? ""), expires: oneLine(props.offerExpires ?? "") };
  const s = (key: NoteStringKey) => fillTemplate(rsvpNoteStrings[locale][key], values);
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s(`${props.kind}.subject`),
    intro: s(`${props.kind}.intro`),
    link: personalLinkBlock(locale, props.personalLink, props.invitee.name),
    // Someone not coming gets no calendar entry.
    calendarNote: props.kind === "declined" ? "" : s(`${props.kind}.calendarNote`),
    method: "REQUEST",
    stamp: props.stamp,
  });
}
