/**
 * What every email to a guest says about the event: the details table (event, date and time in
 * the event's zone, venue with map links, hosts, contact), the greeting and the calendar file.
 * The invitation, the reminder and the change and cancellation notices build on it, so a guest
 * reads the same facts in the same words in each of them.
 */
import { formatEventDate, formatTimeRange, timeZoneNote } from "../app/lib/format";
import { buildEventIcs, type IcsMethod } from "../app/lib/ics";
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

export interface GuestEvent {
  /** Stable per event ("event-12@nanum") so calendars update one entry. */
  uid: string;
  /** Raised with every change guests are told of; calendars ignore an update with a lower one. */
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
  /** The program in short, times and titles already in the email's language; empty when there is none. */
  program?: Array<{ time: string; title: string }>;
}

export interface GuestInvitee {
  name: string;
  organization: string;
  email: string;
}

const ko = {
  greeting: "{name} 님께",
  greetingWithOrganization: "{organization} {name} 님께",
  detailsHeading: "- 아래 -",
  labelEvent: "행사명",
  labelDate: "일시",
  labelVenue: "장소",
  labelHosts: "주최",
  labelContact: "문의",
  naverMap: "네이버 지도",
  kakaoMap: "카카오맵",
  closing: "{hosts} 드림",
  footer: "본 메일은 {sender} 명의로 나눔(Nanum)에서 발송되었습니다.",
  calendarLink: "초대장 보기 및 참석 회신: {link}",
  programHeading: "행사 순서",
};

type GuestEventStringKey = keyof typeof ko;

const en: Record<GuestEventStringKey, string> = {
  greeting: "Dear {name},",
  // An English salutation names the person only.
  greetingWithOrganization: "Dear {name},",
  detailsHeading: "Details",
  labelEvent: "Event",
  labelDate: "When",
  labelVenue: "Where",
  labelHosts: "Hosted by",
  labelContact: "Contact",
  naverMap: "Naver Map",
  kakaoMap: "Kakao Map",
  closing: "Sincerely,\n{hosts}",
  footer: "Sent on behalf of {sender} by Nanum.",
  calendarLink: "View your invitation and reply: {link}",
  programHeading: "Program",
};

export const guestEventStrings: Record<EmailLocale, Record<GuestEventStringKey, string>> = { ko, en };

const listLocale: Record<EmailLocale, string> = { ko: "ko-KR", en: "en-US" };

/** The event's facts as one email shows them, in its language; plain text, to escape as needed. */
export interface GuestEventFacts {
  title: string;
  hostList: string;
  /** The hosts, or the sender when there are none: who signs the letter. */
  signature: string;
  when: string;
  venue: string[];
  contact: string[];
  s: (key: GuestEventStringKey, values?: Record<string, string>) => string;
}

export function guestEventFacts(event: GuestEvent, locale: EmailLocale, senderName: string): GuestEventFacts {
  const hosts = event.hosts.map(oneLine).filter((host) => host !== "");
  const hostList = hosts.length > 0 ? new Intl.ListFormat(listLocale[locale], { type: "conjunction" }).format(hosts) : "";
  return {
    title: oneLine(event.title),
    hostList,
    signature: hostList || oneLine(senderName),
    when: whenText(event.start, event.end, event.timeZone, locale),
    venue: [event.venueName, event.venueAddress].map(oneLine).filter(Boolean),
    contact: [event.contact.name, event.contact.phone, event.contact.email].map(oneLine).filter(Boolean),
    s: (key, values = {}) => fillTemplate(guestEventStrings[locale][key], values),
  };
}

/** "2026년 12월 23일 수요일 14:00 ~ 17:00", with the zone named where a reader could mistake it. */
export function whenText(start: Date, end: Date, timeZone: string, locale: EmailLocale): string {
  const zone = timeZoneNote(start, timeZone, locale);
  return `${formatEventDate(start, timeZone, locale)} ${formatTimeRange(start, end, timeZone, locale)}${zone ? ` (${zone})` : ""}`;
}

export function greeting(invitee: Pick<GuestInvitee, "name" | "organization">, facts: GuestEventFacts): string {
  const name = oneLine(invitee.name);
  const organization = oneLine(invitee.organization);
  return organization ? facts.s("greetingWithOrganization", { name, organization }) : facts.s("greeting", { name });
}

/** "- 아래 -" and the label: value lines, then the map links, as plain text. */
export function detailsText(event: GuestEvent, facts: GuestEventFacts): string {
  const { s } = facts;
  return [
    [
      s("detailsHeading"),
      textDetails(
        [
          { label: s("labelEvent"), value: facts.title },
          { label: s("labelDate"), value: facts.when },
          { label: s("labelVenue"), value: facts.venue.join("\n") },
          facts.hostList && { label: s("labelHosts"), value: facts.hostList },
        ].filter(isRow),
      ),
    ].join("\n"),
    textDetails([
      { label: s("naverMap"), value: event.mapLinks.naver },
      { label: s("kakaoMap"), value: event.mapLinks.kakao },
    ]),
  ].join("\n\n");
}

export function contactText(facts: GuestEventFacts): string {
  return facts.contact.length > 0 ? textDetails([{ label: facts.s("labelContact"), value: facts.contact.join(" / ") }]) : "";
}

export function detailsHtml(event: GuestEvent, facts: GuestEventFacts): string {
  const { s } = facts;
  const venueHtml = [facts.venue.map(escapeHtml).join("<br>"), `${linkHtml(event.mapLinks.naver, escapeHtml(s("naverMap")))} · ${linkHtml(event.mapLinks.kakao, escapeHtml(s("kakaoMap")))}`].join(
    "<br>",
  );
  const contactHtml = [
    event.contact.name && escapeHtml(oneLine(event.contact.name)),
    event.contact.phone && linkHtml(`tel:${event.contact.phone.replace(/[^\d+]/gu, "")}`, escapeHtml(oneLine(event.contact.phone))),
    event.contact.email && linkHtml(`mailto:${event.contact.email.trim()}`, escapeHtml(event.contact.email.trim())),
  ]
    .filter(Boolean)
    .join(" / ");
  return detailsTableHtml(
    [
      { label: s("labelEvent"), valueHtml: `<strong>${escapeHtml(facts.title)}</strong>` },
      { label: s("labelDate"), valueHtml: escapeHtml(facts.when) },
      { label: s("labelVenue"), valueHtml: venueHtml },
      facts.hostList && { label: s("labelHosts"), valueHtml: escapeHtml(facts.hostList) },
      contactHtml && { label: s("labelContact"), valueHtml: contactHtml },
    ].filter(isRow),
  );
}

/**
 * The calendar file: one UID per event, so a change (same UID, higher SEQUENCE, REQUEST) moves
 * the entry already in the guest's calendar and a cancellation (METHOD:CANCEL) removes it.
 */
/** The program in short (time and title per session), or nothing when there is none yet. */
export function programText(event: GuestEvent, facts: GuestEventFacts): string {
  if (!event.program?.length) return "";
  return [facts.s("programHeading"), textDetails(event.program.map((item) => ({ label: item.time, value: oneLine(item.title) })))].join("\n");
}

export function programHtml(event: GuestEvent, facts: GuestEventFacts): string {
  if (!event.program?.length) return "";
  return [
    paragraphHtml(`<strong>${escapeHtml(facts.s("programHeading"))}</strong>`),
    detailsTableHtml(event.program.map((item) => ({ label: item.time, valueHtml: escapeHtml(oneLine(item.title)) }))),
  ].join("\n");
}

export function guestEventIcs(input: { event: GuestEvent; facts: GuestEventFacts; method: IcsMethod; invitee: GuestInvitee; personalLink?: string; stamp?: Date }): string {
  const { event, facts } = input;
  const organizerEmail = event.contact.email.trim();
  return buildEventIcs({
    uid: event.uid,
    sequence: event.sequence,
    method: input.method,
    start: event.start,
    end: event.end,
    timeZone: event.timeZone,
    summary: facts.title,
    description: [
      input.personalLink && facts.s("calendarLink", { link: input.personalLink }),
      facts.hostList && `${facts.s("labelHosts")}: ${facts.hostList}`,
      facts.contact.length > 0 && `${facts.s("labelContact")}: ${facts.contact.join(" / ")}`,
    ]
      .filter(Boolean)
      .join("\n"),
    location: facts.venue.join(", "),
    url: input.personalLink,
    organizer: organizerEmail ? { name: oneLine(event.contact.name) || facts.signature, email: organizerEmail } : undefined,
    attendee: input.invitee.email.trim() ? { name: oneLine(input.invitee.name), email: input.invitee.email.trim() } : undefined,
    stamp: input.stamp,
  });
}

export function isRow<T extends object>(row: T | "" | false): row is T {
  return typeof row === "object";
}

/** What a guest email says around the shared details: its own words, already in its language. */
export interface GuestEmailInput {
  event: GuestEvent;
  invitee: GuestInvitee;
  locale: EmailLocale;
  senderName: string;
  subject: string;
  /** The opening paragraph(s); plain text, line breaks kept. */
  intro: string;
  /** Shown between the opening and the details (e.g. what changed); plain text and its HTML. */
  before?: { text: string; html: string };
  /** The personal link and the words around it; left out where there is nothing to answer. */
  link?: { href: string; request: string; button: string; fallback: string; personalNote: string };
  /** What the attached calendar file does; empty when the message goes without one. */
  calendarNote: string;
  /** Adds the program in short after the details (the invitation and the day-before notice). */
  withProgram?: boolean;
  method: IcsMethod;
  stamp?: Date;
}

export interface RenderedGuestEmail {
  subject: string;
  text: string;
  html: string;
  /** iCalendar with the METHOD given; attach as text/calendar. */
  ics: string;
}

export function renderGuestEmail(input: GuestEmailInput): RenderedGuestEmail {
  const { event, invitee, locale, link } = input;
  const facts = guestEventFacts(event, locale, input.senderName);
  const subject = oneLine(input.subject);
  const hello = greeting(invitee, facts);
  const closing = facts.s("closing", { hosts: facts.signature });
  const footer = facts.s("footer", { sender: oneLine(input.senderName) });

  const text = textParagraphs([
    hello,
    input.intro,
    input.before?.text,
    detailsText(event, facts),
    input.withProgram && programText(event, facts),
    link && `${link.request}\n${link.href}`,
    link?.personalNote,
    contactText(facts),
    input.calendarNote,
    closing,
    `--\n${footer}`,
  ]);

  const bodyHtml = [
    paragraphHtml(escapeHtml(hello)),
    paragraphHtml(textToHtml(input.intro)),
    input.before?.html ?? "",
    detailsHtml(event, facts),
    input.withProgram ? programHtml(event, facts) : "",
    ...(link
      ? [
          paragraphHtml(escapeHtml(link.request)),
          buttonHtml(link.href, link.button),
          mutedParagraphHtml(`${escapeHtml(link.fallback)}<br>${linkHtml(link.href, escapeHtml(link.href))}`),
          mutedParagraphHtml(escapeHtml(link.personalNote)),
        ]
      : []),
    input.calendarNote ? mutedParagraphHtml(escapeHtml(input.calendarNote)) : "",
    paragraphHtml(textToHtml(closing)),
  ]
    .filter(Boolean)
    .join("\n");

  const html = renderHtmlEmail({
    lang: locale,
    title: subject,
    preheader: [facts.when, facts.venue[0]].filter(Boolean).join(" · "),
    bodyHtml,
    footerHtml: escapeHtml(footer),
  });
  const ics = guestEventIcs({ event, facts, method: input.method, invitee, personalLink: link?.href, stamp: input.stamp });
  return { subject, text, html, ics };
}
