import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { personalLinkBlock } from "./invitation";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

/** A reminder to an invitee who has not answered: the same personal link as the invitation. */
export interface ReminderProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  personalLink: string;
  /** The RSVP deadline, already formatted in the event's zone and the email's language. */
  deadline?: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  subject: "[회신 요청] {title}",
  intro: "앞서 초대드린 「{title}」의 참석 여부를 아직 알려 주지 않으셨습니다. 행사 준비를 위해 아래 링크에서 회신해 주시면 감사하겠습니다.",
  deadline: "회신 마감: {deadline}",
  calendarNote: "첨부된 일정 파일(.ics)로 캘린더에 행사 일정을 추가하실 수 있습니다. 이미 답하셨다면 이 메일은 무시해 주십시오.",
};

type ReminderStringKey = keyof typeof ko;

const en: Record<ReminderStringKey, string> = {
  subject: "Reminder: please reply – {title}",
  intro: "We have not yet heard whether you will attend {title}. To help us prepare, please let us know through the link below.",
  deadline: "Please reply by {deadline}.",
  calendarNote: "The attached calendar file (.ics) adds the event to your calendar. If you have already replied, please disregard this email.",
};

export const reminderStrings: Record<EmailLocale, Record<ReminderStringKey, string>> = { ko, en };

export function renderReminder(props: ReminderProps, locale: EmailLocale): RenderedGuestEmail {
  const values = { title: oneLine(props.event.title), deadline: oneLine(props.deadline ?? "") };
  const s = (key: ReminderStringKey) => fillTemplate(reminderStrings[locale][key], values);
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: props.deadline ? `${s("intro")}\n${s("deadline")}` : s("intro"),
    link: personalLinkBlock(locale, props.personalLink, props.invitee.name),
    calendarNote: s("calendarNote"),
    method: "REQUEST",
    stamp: props.stamp,
  });
}
