import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

export interface InvitationProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  personalLink: string;
  customSubject?: string;
  /** Replaces the standard opening paragraph; plain text, line breaks kept. */
  introParagraph?: string;
  senderName: string;
  /** When the message is made (the calendar file's DTSTAMP); defaults to now. */
  stamp?: Date;
}

/** The calendar part is METHOD:REQUEST; attach as text/calendar; method=REQUEST; charset=UTF-8. */
export type RenderedInvitation = RenderedGuestEmail;

// Emails are not app UI, so their words live here rather than in the app's catalogues.
const ko = {
  subject: "[초대] {title}",
  intro: "「{title}」에 귀하를 정중히 초대합니다. 바쁘시더라도 참석하시어 자리를 빛내 주시기 바랍니다.",
  button: "초대장 보기 및 참석 회신",
  replyRequest: "아래 링크에서 초대장을 보시고 참석 여부를 알려 주시기 바랍니다.",
  linkFallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  personalNote: "이 링크는 {name} 님만을 위한 것이오니 다른 분께 전달하지 말아 주십시오.",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더에 행사 일정을 추가하실 수 있습니다.",
};

type InvitationStringKey = keyof typeof ko;

const en: Record<InvitationStringKey, string> = {
  subject: "Invitation: {title}",
  intro: "You are cordially invited to {title}. We would be honored by your presence.",
  button: "View your invitation and reply",
  replyRequest: "Please open your invitation and let us know whether you will attend.",
  linkFallback: "If the button does not work, copy this address into your browser:",
  personalNote: "This link is personal to {name}. Please do not forward it.",
  calendarNote: "Open the attached calendar file (.ics) to add the event to your calendar.",
};

export const invitationStrings: Record<EmailLocale, Record<InvitationStringKey, string>> = { ko, en };

/** The words around the personal link, shared with the reminder and the change notice. */
export function personalLinkBlock(locale: EmailLocale, href: string, inviteeName: string) {
  const s = invitationStrings[locale];
  return {
    href,
    request: s.replyRequest,
    button: s.button,
    fallback: s.linkFallback,
    personalNote: fillTemplate(s.personalNote, { name: oneLine(inviteeName) }),
  };
}

export function renderInvitation(props: InvitationProps, locale: EmailLocale): RenderedInvitation {
  const s = (key: InvitationStringKey) => fillTemplate(invitationStrings[locale][key], { title: oneLine(props.event.title) });
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: oneLine(props.customSubject ?? "") || s("subject"),
    intro: props.introParagraph?.trim() ? props.introParagraph : s("intro"),
    link: personalLinkBlock(locale, props.personalLink, props.invitee.name),
    calendarNote: s("calendarNote"),
    withProgram: true,
    method: "REQUEST",
    stamp: props.stamp,
  });
}
