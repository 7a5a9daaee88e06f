import { formatEventDate, formatTimeRange } from "../app/lib/format";
import { buildEventIcs } from "../app/lib/ics";
import {
  buttonHtml,
  detailsTableHtml,
  escapeHtml,
  fillTemplate,
  linkHtml,
  mutedParagraphHtml,
  oneLine,
  paragraphHtml,
  renderHtmlEmail,
  textDetails,
  textParagraphs,
  textToHtml,
  type EmailLocale,
} from "./layout";

export interface InvitationProps {
  event: {
    /** Stable per event ("event-12@nanum") so calendars update one entry. */
    uid: string;
    sequence: number;
    title: string;
    /** Already in the email's language. */
    hosts: string[];
    start: Date;
    end: Date;
    timeZone: string;
    venueName: string;
    venueAddress: string;
    mapLinks: { naver: string; kakao: string };
    contact: { name: string; phone: string; email: string };
  };
  invitee: { name: string; organization: string; email: string };
  personalLink: string;
  customSubject?: string;
  /** Replaces the standard opening paragraph; plain text, line breaks kept. */
  introParagraph?: string;
  senderName: string;
  /** When the message is made (the calendar file's DTSTAMP); defaults to now. */
  stamp?: Date;
}

export interface RenderedInvitation {
  subject: string;
  text: string;
  html: string;
  /** iCalendar, METHOD:REQUEST; attach as text/calendar; method=REQUEST; charset=UTF-8. */
  ics: string;
}

// Emails are not app UI, so their words live here rather than in the app's catalogues.
const ko = {
  subject: "[초대] {title}",
  greeting: "{name} 님께",
  greetingWithOrganization: "{organization} {name} 님께",
  intro: "「{title}」에 귀하를 정중히 초대합니다. 바쁘시더라도 참석하시어 자리를 빛내 주시기 바랍니다.",
  detailsHeading: "- 아래 -",
  labelEvent: "행사명",
  labelDate: "일시",
  labelVenue: "장소",
  labelHosts: "주최",
  labelMap: "지도",
  labelContact: "문의",
  naverMap: "네이버 지도",
  kakaoMap: "카카오맵",
  button: "초대장 보기 및 참석 회신",
  replyRequest: "아래 링크에서 초대장을 보시고 참석 여부를 알려 주시기 바랍니다.",
  linkFallback: "버튼이 열리지 않으면 아래 주소를 복사하여 브라우저에 붙여 넣어 주십시오.",
  personalNote: "이 링크는 {name} 님만을 위한 것이오니 다른 분께 전달하지 말아 주십시오.",
  calendarNote: "첨부된 일정 파일(.ics)을 열면 캘린더에 행사 일정을 추가하실 수 있습니다.",
  closing: "{hosts} 드림",
  footer: "본 메일은 {sender} 명의로 나눔(Nanum)에서 발송되었습니다.",
  calendarLink: "초대장 보기 및 참석 회신: {link}",
};

type InvitationStringKey = keyof typeof ko;

const en: Record<InvitationStringKey, string> = {
  subject: "Invitation: {title}",
  greeting: "Dear {name},",
  // An English salutation names the person only.
  greetingWithOrganization: "Dear {name},",
  intro: "You are cordially invited to {title}. We would be honored by your presence.",
  detailsHeading: "Details",
  labelEvent: "Event",
  labelDate: "When",
  labelVenue: "Where",
  labelHosts: "Hosted by",
  labelMap: "Map",
  labelContact: "Contact",
  naverMap: "Naver Map",
  kakaoMap: "Kakao Map",
  button: "View your invitation and reply",
  replyRequest: "Please open your invitation and let us know whether you will attend.",
  linkFallback: "If the button does not work, copy this address into your browser:",
  personalNote: "This link is personal to {name}. Please do not forward it.",
  calendarNote: "Open the attached calendar file (.ics) to add the event to your calendar.",
  closing: "Sincerely,\n{hosts}",
  footer: "Sent on behalf of {sender} by Nanum.",
  calendarLink: "View your invitation and reply: {link}",
};

export const invitationStrings: Record<EmailLocale, Record<InvitationStringKey, string>> = { ko, en };

const listLocale: Record<EmailLocale, string> = { ko: "ko-KR", en: "en-US" };

export function renderInvitation(props: InvitationProps, locale: EmailLocale): RenderedInvitation {
  const { event, invitee } = props;
  const s = (key: InvitationStringKey, values: Record<string, string> = {}) =>
    fillTemplate(invitationStrings[locale][key], values);

  const title = oneLine(event.title);
  const hosts = event.hosts.map(oneLine).filter((host) => host !== "");
  const hostList = hosts.length > 0 ? new Intl.ListFormat(listLocale[locale], { type: "conjunction" }).format(hosts) : "";
  const signature = hostList || oneLine(props.senderName);
  const name = oneLine(invitee.name);
  const organization = oneLine(invitee.organization);

  const subject = oneLine(props.customSubject ?? "") || s("subject", { title });
  const greeting = organization
    ? s("greetingWithOrganization", { name, organization })
    : s("greeting", { name });
  const intro = props.introParagraph?.trim() ? props.introParagraph : s("intro", { title });
  const date = formatEventDate(event.start, event.timeZone, locale);
  const when = `${date} ${formatTimeRange(event.start, event.end, event.timeZone, locale)}${zoneNote(event.start, event.timeZone, locale)}`;
  const venue = [event.venueName, event.venueAddress].map(oneLine).filter(Boolean);
  const contact = [event.contact.name, event.contact.phone, event.contact.email].map(oneLine).filter(Boolean);
  const closing = s("closing", { hosts: signature });
  const footer = s("footer", { sender: oneLine(props.senderName) });

  const text = textParagraphs([
    greeting,
    intro,
    [
      s("detailsHeading"),
      textDetails([
        { label: s("labelEvent"), value: title },
        { label: s("labelDate"), value: when },
        { label: s("labelVenue"), value: venue.join("\n") },
        hostList && { label: s("labelHosts"), value: hostList },
      ].filter(isRow)),
    ].join("\n"),
    textDetails([
      { label: s("naverMap"), value: event.mapLinks.naver },
      { label: s("kakaoMap"), value: event.mapLinks.kakao },
    ]),
    `${s("replyRequest")}\n${props.personalLink}`,
    s("personalNote", { name }),
    contact.length > 0 && textDetails([{ label: s("labelContact"), value: contact.join(" / ") }]),
    s("calendarNote"),
    closing,
    `--\n${footer}`,
  ]);

  const venueHtml = [
    venue.map(escapeHtml).join("<br>"),
    `${linkHtml(event.mapLinks.naver, escapeHtml(s("naverMap")))} · ${linkHtml(event.mapLinks.kakao, escapeHtml(s("kakaoMap")))}`,
  ].join("<br>");
  const contactHtml = [
    event.contact.name && escapeHtml(oneLine(event.contact.name)),
    event.contact.phone && linkHtml(`tel:${event.contact.phone.replace(/[^\d+]/gu, "")}`, escapeHtml(oneLine(event.contact.phone))),
    event.contact.email && linkHtml(`mailto:${event.contact.email.trim()}`, escapeHtml(event.contact.email.trim())),
  ]
    .filter(Boolean)
    .join(" / ");

  const bodyHtml = [
    paragraphHtml(escapeHtml(greeting)),
    paragraphHtml(textToHtml(intro)),
    detailsTableHtml(
      [
        { label: s("labelEvent"), valueHtml: `<strong>${escapeHtml(title)}</strong>` },
        { label: s("labelDate"), valueHtml: escapeHtml(when) },
        { label: s("labelVenue"), valueHtml: venueHtml },
        hostList && { label: s("labelHosts"), valueHtml: escapeHtml(hostList) },
        contactHtml && { label: s("labelContact"), valueHtml: contactHtml },
      ].filter(isRow),
    ),
    paragraphHtml(escapeHtml(s("replyRequest"))),
    buttonHtml(props.personalLink, s("button")),
    mutedParagraphHtml(`${escapeHtml(s("linkFallback"))}<br>${linkHtml(props.personalLink, escapeHtml(props.personalLink))}`),
    mutedParagraphHtml(escapeHtml(s("personalNote", { name }))),
    mutedParagraphHtml(escapeHtml(s("calendarNote"))),
    paragraphHtml(textToHtml(closing)),
  ].join("\n");

  const html = renderHtmlEmail({
    lang: locale,
    title: subject,
    preheader: [when, venue[0]].filter(Boolean).join(" · "),
    bodyHtml,
    footerHtml: escapeHtml(footer),
  });

  const organizerEmail = event.contact.email.trim();
  const ics = buildEventIcs({
    uid: event.uid,
    sequence: event.sequence,
    method: "REQUEST",
    start: event.start,
    end: event.end,
    timeZone: event.timeZone,
    summary: title,
    description: [
      s("calendarLink", { link: props.personalLink }),
      hostList && `${s("labelHosts")}: ${hostList}`,
      contact.length > 0 && `${s("labelContact")}: ${contact.join(" / ")}`,
    ]
      .filter(Boolean)
      .join("\n"),
    location: venue.join(", "),
    url: props.personalLink,
    organizer: organizerEmail ? { name: oneLine(event.contact.name) || signature, email: organizerEmail } : undefined,
    attendee: invitee.email.trim() ? { name, email: invitee.email.trim() } : undefined,
    stamp: props.stamp,
  });

  return { subject, text, html, ics };
}

function isRow<T extends object>(row: T | "" | false): row is T {
  return typeof row === "object";
}

// Korean readers in Korea assume Korean time; anyone else is told which clock the times are on.
function zoneNote(at: Date, timeZone: string, locale: EmailLocale): string {
  if (locale === "ko" && timeZone === "Asia/Seoul") return "";
  const zoneName = new Intl.DateTimeFormat(listLocale[locale], { timeZone, timeZoneName: "long" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  return zoneName ? ` (${zoneName})` : "";
}
