import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

/** After the event, to those who came: thanks, and the organizer's own words if any. */
export interface ThankYouProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  /** Plain text; replaces the standard paragraph when given. */
  message: string;
  senderName: string;
}

const ko = {
  subject: "[감사 인사] {title}",
  intro: "바쁘신 가운데 「{title}」에 함께해 주셔서 진심으로 감사드립니다. 보내 주신 관심과 격려를 바탕으로 더 나은 성과로 보답하겠습니다.",
};

type ThankYouStringKey = keyof typeof ko;

const en: Record<ThankYouStringKey, string> = {
  subject: "Thank you for joining us: {title}",
  intro: "Thank you for taking the time to join us at {title}. Your interest and encouragement mean a great deal to us.",
};

export const thankYouStrings: Record<EmailLocale, Record<ThankYouStringKey, string>> = { ko, en };

/** No calendar file and no link to answer: the event is over. */
export function renderThankYou(props: ThankYouProps, locale: EmailLocale): RenderedGuestEmail {
  const s = (key: ThankYouStringKey) => fillTemplate(thankYouStrings[locale][key], { title: oneLine(props.event.title) });
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: props.message.trim() || s("intro"),
    calendarNote: "",
    method: "PUBLISH",
  });
}
