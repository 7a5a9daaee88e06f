/**
 * iCalendar (RFC 5545) for one event, written by hand: a calendar file is a few lines of text and
 * the rules that matter (CRLF, 75-octet folding, TEXT escaping, UTC times) fit on one screen.
 */

export interface IcsPerson {
  name: string;
  email: string;
}

export type IcsMethod = "REQUEST" | "CANCEL" | "PUBLISH";

export interface EventIcsInput {
  /** Stable for the event, so an update or cancellation replaces the entry already in a calendar. */
  uid: string;
  /** Raised on every change the guest should see; calendars ignore a lower or equal one. */
  sequence: number;
  method: IcsMethod;
  start: Date;
  end: Date;
  /** The event's IANA zone; times are written in UTC, the zone is a hint for display. */
  timeZone: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer?: IcsPerson;
  attendee?: IcsPerson;
  /** When the file was made (DTSTAMP); defaults to now. Pass it to get the same file twice. */
  stamp?: Date;
}

export const ICS_PRODID = "-//Nanum//Nanum Events//KO";

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;

export function buildEventIcs(input: EventIcsInput): string {
  return buildCalendar(input.method, input.timeZone, [veventLines(input)]);
}

/** Several events in one file (the program's sessions), each with its own UID. */
export function buildCalendarIcs(method: IcsMethod, timeZone: string, events: Array<Omit<EventIcsInput, "method" | "timeZone">>): string {
  return buildCalendar(
    method,
    timeZone,
    events.map((event) => veventLines({ ...event, method, timeZone })),
  );
}

function buildCalendar(method: IcsMethod, timeZone: string, vevents: string[][]): string {
  const lines = ["BEGIN:VCALENDAR", `PRODID:${ICS_PRODID}`, "VERSION:2.0", "CALSCALE:GREGORIAN", `METHOD:${method}`, `X-WR-TIMEZONE:${escapeIcsText(timeZone)}`, ...vevents.flat(), "END:VCALENDAR"];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

function veventLines(input: EventIcsInput): string[] {
  const cancelled = input.method === "CANCEL";
  const lines: string[] = [
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(input.uid)}`,
    `SEQUENCE:${sequenceNumber(input.sequence)}`,
    `DTSTAMP:${formatIcsUtc(input.stamp ?? new Date())}`,
    `DTSTART:${formatIcsUtc(input.start)}`,
    `DTEND:${formatIcsUtc(input.end)}`,
    `SUMMARY:${escapeIcsText(input.summary)}`,
  ];
  if (input.description) lines.push(`DESCRIPTION:${escapeIcsText(input.description)}`);
  if (input.location) lines.push(`LOCATION:${escapeIcsText(input.location)}`);
  if (input.url) lines.push(`URL:${uriValue(input.url)}`);
  if (input.organizer?.email) {
    lines.push(`ORGANIZER;CN=${quotedParam(input.organizer.name)}:mailto:${uriValue(input.organizer.email)}`);
  }
  if (input.attendee?.email) {
    // RSVP=FALSE: guests answer through their personal link, not by a calendar reply to the organizer.
    lines.push(`ATTENDEE;CN=${quotedParam(input.attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;` + `PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${uriValue(input.attendee.email)}`);
  }
  lines.push(`STATUS:${cancelled ? "CANCELLED" : "CONFIRMED"}`, `TRANSP:${cancelled ? "TRANSPARENT" : "OPAQUE"}`);
  lines.push("END:VEVENT");
  return lines;
}

/** `20261223T050000Z`: the DATE-TIME form in UTC, which needs no VTIMEZONE. */
export function formatIcsUtc(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError("An iCalendar time must be a valid date");
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/u, "Z")
    .replace(/[-:]/gu, "");
}

/** A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeIcsText(value: string): string {
  return stripControls(
    value
      .replace(/\\/gu, "\\\\")
      .replace(/;/gu, "\\;")
      .replace(/,/gu, "\\,")
      .replace(/\r\n|\r|\n/gu, "\\n"),
  );
}

/**
 * Splits a content line into lines of at most 75 octets of UTF-8, each continuation starting with a
 * space (which counts towards its 75). Cuts fall between code points, never inside a character.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function utf8Length(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

// TEXT may hold horizontal tabs but no other control characters; a stray one would break the line.
function stripControls(value: string): string {
  return value.replace(/[\u0000-\u0008\u000A-\u001F\u007F]/gu, "");
}

// A parameter value in quotes may hold anything but control characters and DQUOTE.
function quotedParam(value: string): string {
  return `"${value.replace(/[\u0000-\u001F\u007F]+/gu, " ").replace(/"/gu, "'")}"`;
}

// URIs are not TEXT (their commas stay as they are) but must not smuggle in a line break.
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u0020\u007F]/gu, "");
}

function sequenceNumber(sequence: number): number {
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError("An iCalendar SEQUENCE is a whole number ≥ 0");
  return sequence;
}
