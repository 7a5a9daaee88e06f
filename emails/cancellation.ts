import { renderGuestEmail, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { fillTemplate, oneLine, type EmailLocale } from "./layout";

export interface CancellationProps {
  event: GuestEvent;
  invitee: GuestInvitee;
  /** The organizer's own words (why, what next); plain text, may be empty. */
  note: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  subject: "[행사 취소 안내] {title}",
  intro: "「{title}」 행사가 부득이한 사정으로 취소되었음을 알려 드립니다. 참석을 준비해 주신 데 깊이 감사드리며, 불편을 드려 죄송합니다.",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더에서 이 일정이 취소로 표시됩니다. 문의는 아래 연락처로 해 주십시오.",
};

type CancellationStringKey = keyof typeof ko;

const en: Record<CancellationStringKey, string> = {
  subject: "Cancelled: {title}",
  intro: "We regret to inform you that {title} has been cancelled. Thank you for planning to join us, and we apologize for the inconvenience.",
  calendarNote: "Open the attached calendar file (.ics) to mark the event as cancelled in your calendar. For questions, please use the contact above.",
};

export const cancellationStrings: Record<EmailLocale, Record<CancellationStringKey, string>> = { ko, en };

/** The cancellation: METHOD:CANCEL with the event's UID and a raised SEQUENCE; nothing to answer. */
export function renderCancellation(props: CancellationProps, locale: EmailLocale): RenderedGuestEmail {
  const s = (key: CancellationStringKey) => fillTemplate(cancellationStrings[locale][key], { title: oneLine(props.event.title) });
  const note = props.note.trim();
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: note ? `${s("intro")}\n\n${note}` : s("intro"),
    calendarNote: s("calendarNote"),
    method: "CANCEL",
    stamp: props.stamp,
  });
}
