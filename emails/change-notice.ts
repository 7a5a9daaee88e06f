import { guestEventStrings, renderGuestEmail, whenText, type GuestEvent, type GuestInvitee, type RenderedGuestEmail } from "./guest-event";
import { personalLinkBlock } from "./invitation";
import { detailsTableHtml, escapeHtml, fillTemplate, oneLine, textDetails, type EmailLocale } from "./layout";

/** What the event was before the change; the props' event is how it is now. */
export interface PreviousEventFacts {
  start: Date;
  end: Date;
  venueName: string;
  venueAddress: string;
}

export interface ChangeNoticeProps {
  event: GuestEvent;
  previous: PreviousEventFacts;
  invitee: GuestInvitee;
  personalLink: string;
  senderName: string;
  stamp?: Date;
}

const ko = {
  subject: "[변경 안내] {title}",
  intro: "「{title}」의 일정이 아래와 같이 변경되었음을 알려 드립니다. 불편을 드려 죄송합니다.",
  changesHeading: "변경 내용",
  before: "변경 전",
  after: "변경 후",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더의 행사 일정이 새 일정으로 바뀝니다.",
};

type ChangeStringKey = keyof typeof ko;

const en: Record<ChangeStringKey, string> = {
  subject: "Change of plans: {title}",
  intro: "Please note that {title} has changed as shown below. We apologize for any inconvenience.",
  changesHeading: "What changed",
  before: "Before",
  after: "Now",
  calendarNote: "Open the attached calendar file (.ics) to move the event in your calendar to the new time and place.",
};

export const changeNoticeStrings: Record<EmailLocale, Record<ChangeStringKey, string>> = { ko, en };

/** The rows that changed (date and time, venue), each with before and after; plain text. */
export function describeChanges(event: GuestEvent, previous: PreviousEventFacts, locale: EmailLocale) {
  const labels = guestEventStrings[locale];
  const venue = (name: string, address: string) => [name, address].map(oneLine).filter(Boolean).join(", ");
  const rows: Array<{ label: string; before: string; after: string }> = [];
  if (event.start.getTime() !== previous.start.getTime() || event.end.getTime() !== previous.end.getTime()) {
    rows.push({
      label: labels.labelDate,
      before: whenText(previous.start, previous.end, event.timeZone, locale),
      after: whenText(event.start, event.end, event.timeZone, locale),
    });
  }
  const venueBefore = venue(previous.venueName, previous.venueAddress);
  const venueAfter = venue(event.venueName, event.venueAddress);
  if (venueBefore !== venueAfter) rows.push({ label: labels.labelVenue, before: venueBefore, after: venueAfter });
  return rows;
}

export function renderChangeNotice(props: ChangeNoticeProps, locale: EmailLocale): RenderedGuestEmail {
  const s = (key: ChangeStringKey) => fillTemplate(changeNoticeStrings[locale][key], { title: oneLine(props.event.title) });
  const changes = describeChanges(props.event, props.previous, locale);
  const text = [
    s("changesHeading"),
    textDetails(
      changes.flatMap((row) => [
        { label: `${row.label} (${s("before")})`, value: row.before },
        { label: `${row.label} (${s("after")})`, value: row.after },
      ]),
    ),
  ].join("\n");
  const html = detailsTableHtml(
    changes.map((row) => ({
      label: row.label,
      valueHtml: `<span style="color:#6b7280;text-decoration:line-through;">${escapeHtml(s("before"))}: ${escapeHtml(row.before)}</span><br><strong>${escapeHtml(s("after"))}: ${escapeHtml(row.after)}</strong>`,
    })),
  );
  return renderGuestEmail({
    event: props.event,
    invitee: props.invitee,
    locale,
    senderName: props.senderName,
    subject: s("subject"),
    intro: s("intro"),
    before: changes.length > 0 ? { text, html } : undefined,
    link: personalLinkBlock(locale, props.personalLink, props.invitee.name),
    calendarNote: s("calendarNote"),
    method: "REQUEST",
    stamp: props.stamp,
  });
}
