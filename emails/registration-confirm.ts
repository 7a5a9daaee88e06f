/**
 * Emails to someone who registered on an event's public page: the link that confirms the
 * registration (so nobody can sign up another person's address), or, when the address is
 * already on the guest list, that guest's own personal link instead of a second place.
 */
import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

export type RegistrationEmailKind = "confirm" | "known";

export interface RegistrationEmailProps {
  kind: RegistrationEmailKind;
  event: GuestEvent;
  registrant: GuestInvitee;
  /** Confirm: the confirmation link. Known: the guest's personal link. */
  link: string;
  /** How long the confirmation link works. */
  validHours: number;
  senderName: string;
  stamp?: Date;
}

const ko = {
  "confirm.subject": "[참석 신청 확인] {title}",
  "confirm.intro": "「{title}」 참석 신청을 받았습니다. 아래 버튼을 눌러 신청을 확정해 주십시오. 확정하시면 입장권이나 대기 순번을 바로 보실 수 있습니다.",
  "confirm.request": "신청을 확정하려면 {hours}시간 안에 아래 링크를 열어 주십시오.",
  "confirm.button": "참석 신청 확정하기",
  "confirm.note": "직접 신청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 확정하지 않은 신청은 처리되지 않습니다.",
  "known.subject": "[초청 링크 안내] {title}",
  "known.intro": "「{title}」 참석 신청을 받았습니다. 이 이메일 주소는 이미 초청 명단에 있으므로 새로 신청하실 필요가 없습니다. 아래 개인 링크에서 초대장을 보시고 참석 여부를 알려 주십시오.",
  "known.request": "초청장에 있던 것과 같은 개인 링크입니다.",
  "known.button": "초대장 보기 및 참석 회신",
  "known.note": "이 링크는 {name} 님만을 위한 것이오니 다른 분께 전달하지 말아 주십시오.",
  fallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
};

type RegistrationStringKey = keyof typeof ko;

const en: Record<RegistrationStringKey, string> = {
  "confirm.subject": "Please confirm your registration: {title}",
  "confirm.intro": "We have received your registration for {title}. Please confirm it with the button below; you will then see your ticket or your place on the waitlist straight away.",
  "confirm.request": "To confirm, open the link below within {hours} hours.",
  "confirm.button": "Confirm my registration",
  "confirm.note": "If you did not register, you can ignore this email: nothing happens without your confirmation.",
  "known.subject": "Your invitation link: {title}",
  "known.intro":
    "We have received your registration for {title}. This email address is already on the guest list, so there is no need to register again. Please open your invitation through your personal link below and let us know whether you will attend.",
  "known.request": "This is the same personal link as in your invitation.",
  "known.button": "View your invitation and reply",
  "known.note": "This link is personal to {name}. Please do not forward it.",
  fallback: "If the button does not work, copy this address into your browser:",
};

export const registrationEmailStrings: Record<EmailLocale, Record<RegistrationStringKey, string>> = { ko, en };

/** Sent without the calendar file: nothing is confirmed yet. */
export function renderRegistrationEmail(props: RegistrationEmailProps, locale: EmailLocale): Omit<RenderedGuestEmail, "ics"> {
  const values = { title: oneLine(props.event.title), hours: String(props.validHours), name: oneLine(props.registrant.name) };
  const s = (key: RegistrationStringKey) => fillTemplate(registrationEmailStrings[locale][key], values);
  const { kind } = props;
  const { subject, text, html } = renderGuestEmail({
    event: props.event,
    invitee: props.registrant,
    locale,
    senderName: props.senderName,
    subject: s(`${kind}.subject`),
    intro: s(`${kind}.intro`),
    link: { href: props.link, request: s(`${kind}.request`), button: s(`${kind}.button`), fallback: s("fallback"), personalNote: s(`${kind}.note`) },
    calendarNote: "",
    method: "REQUEST",
    stamp: props.stamp,
  });
  return { subject, text, html };
}
