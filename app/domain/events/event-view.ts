import type { EventKind, EventRole, EventStatus } from "../../../db/schema";
import { formatEventDate, formatShortDate, formatTimeRange, mapLinks } from "../../lib/format";
import { inLocale, type Locale, type MessageKey } from "../../i18n/i18n";

export const kindLabel: Record<EventKind, MessageKey> = {
  performance_sharing: "event.kind.performance_sharing",
  agreement_signing: "event.kind.agreement_signing",
  other: "event.kind.other",
};

export const statusLabel: Record<EventStatus, MessageKey> = {
  draft: "status.draft",
  published: "status.published",
  archived: "status.archived",
};

export const roleLabel: Record<EventRole, MessageKey> = {
  owner: "role.owner",
  organizer: "role.organizer",
  staff: "role.staff",
};

interface Timed {
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
}

/** Date and times as the reader sees them: in the event's zone, in the reader's language. */
export function eventWhen(event: Timed, locale: Locale) {
  return {
    date: formatEventDate(event.starts_at, event.time_zone, locale),
    shortDate: formatShortDate(event.starts_at, event.time_zone, locale),
    time: formatTimeRange(event.starts_at, event.ends_at, event.time_zone, locale),
    timeZone: event.time_zone,
    startsAtIso: event.starts_at.toISOString(),
  };
}

export function eventTitle(event: { title_ko: string; title_en: string }, locale: Locale): string {
  return inLocale(locale, { ko: event.title_ko, en: event.title_en });
}

export function hostNames(hosts: Array<{ name_ko: string; name_en: string }>, locale: Locale): string[] {
  return hosts.map((host) => inLocale(locale, { ko: host.name_ko, en: host.name_en }));
}

export function venueName(event: { venue_name: string; venue_name_en: string }, locale: Locale): string {
  return locale === "en" && event.venue_name_en ? event.venue_name_en : event.venue_name;
}

export function venueMapLinks(venueName: string, venueAddress: string) {
  return mapLinks(venueAddress || venueName);
}
