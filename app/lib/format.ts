// The one function of date-fns-tz in use, by its own path: the package as a whole brings all of
// date-fns's formatting (about 20 MB of a server's memory).
import { fromZonedTime } from "date-fns-tz/fromZonedTime";
import type { Locale } from "../i18n/i18n";

const intlLocale: Record<Locale, string> = { ko: "ko-KR", en: "en-US" };

// Building an Intl.DateTimeFormat costs far more than using one (ICU loads locale and zone
// data), and a page formats the same few styles over and over: keep each one made.
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale[locale], options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "2026년 12월 23일 수요일" / "Wednesday, December 23, 2026", in the event's zone. */
export function formatEventDate(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale, { dateStyle: "full", timeZone }).format(at);
}

// Korean official documents write times on the 24-hour clock ("14:00~17:00").
const clock: Record<Locale, Intl.DateTimeFormatOptions> = {
  ko: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  en: { hour: "numeric", minute: "2-digit" },
};

const ranges = new Map<string, string>();

/** "14:00 ~ 17:00" / "2:00 – 5:00 PM", in the event's zone. */
export function formatTimeRange(start: Date, end: Date, timeZone: string, locale: Locale): string {
  // formatRange builds an ICU interval formatter on every call; an event's range is asked for on every page.
  const key = `${locale}|${timeZone}|${start.getTime()}|${end.getTime()}`;
  let range = ranges.get(key);
  if (range === undefined) {
    if (ranges.size > 1000) ranges.clear();
    range = dateTimeFormat(locale, { ...clock[locale], timeZone }).formatRange(start, end);
    ranges.set(key, range);
  }
  return range;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** "10,000": a count as the reader writes it (Korean and English both group thousands). */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale[locale]);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * The zone's name where a reader could mistake the clock, else null: Korean readers of an
 * event in Korea assume Korean time; anyone else is told which clock the times are on.
 */
export function timeZoneNote(at: Date, timeZone: string, locale: Locale): string | null {
  if (locale === "ko" && timeZone === "Asia/Seoul") return null;
  const parts = dateTimeFormat(locale, { timeZone, timeZoneName: "long" }).formatToParts(at);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? null;
}

export function formatDateTime(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(locale === "ko" ? { hourCycle: "h23" as const } : {}),
    timeZone,
  }).format(at);
}

export function formatShortDate(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(at);
}

/** "2026년 12월 23일" / "December 23, 2026" (no weekday, as certificates date), in the event's zone. */
export function formatLongDate(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale, { dateStyle: "long", timeZone }).format(at);
}

/** "14:03" / "2:03 PM", in the event's zone: when someone came in, as the door tells it. */
export function formatClock(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale, { ...clock[locale], timeZone }).format(at);
}

/**
 * "2026-12-23 14:03" in a zone, as spreadsheets sort and read it: one formatter for a whole
 * export (date-fns-tz worked the zone's offset out again for every row, 15% of a 5,000-row export).
 */
export function spreadsheetDateTime(timeZone: string): (at: Date) => string {
  const parts = wallClockParts(timeZone);
  return (at) => {
    const part = parts(at);
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
  };
}

/** An instant's year, month, day, hour and minute on a zone's clocks, two digits (the year four), 24-hour. */
function wallClockParts(timeZone: string): (at: Date) => Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (at) => {
    const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const { type, value } of formatter.formatToParts(at)) part[type] = value;
    part.year = part.year?.padStart(4, "0");
    return part;
  };
}

/** Wall-clock parts of an instant in a zone, as form inputs want them. */
export function toZonedInputs(at: Date, timeZone: string): { date: string; time: string } {
  const part = wallClockParts(timeZone)(at);
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/** The instant at which a zone's clocks show the given date and time. */
export function fromZonedInputs(date: string, time: string, timeZone: string): Date {
  return fromZonedTime(`${date}T${time}:00`, timeZone);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function mapLinks(address: string): { naver: string; kakao: string } {
  const query = encodeURIComponent(address);
  return {
    naver: `https://map.naver.com/p/search/${query}`,
    kakao: `https://map.kakao.com/link/search/${query}`,
  };
}

/**
 * A phone number as those who only need to tell two people apart see it: the area or mobile
 * prefix and the last four digits, the middle starred ("010-****-1234"). Too short to mask
 * safely, it is all stars; empty stays empty.
 */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, "");
  if (digits === "") return "";
  // +82 10-… is 010-… at home.
  if (digits.startsWith("82") && phone.trim().startsWith("+")) digits = `0${digits.slice(2)}`;
  if (digits.length < 8) return "****";
  const last = digits.slice(-4);
  if (!digits.startsWith("0")) return `****-${last}`;
  const prefix = digits.startsWith("02") ? "02" : digits.slice(0, 3);
  return `${prefix}-****-${last}`;
}
