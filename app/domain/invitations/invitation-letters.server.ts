import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language } from "../../../db/schema";
import { eventTitle, eventWhen, hostNames, venueName } from "../events/event-view";
import { timeZoneNote } from "../../lib/format";
import { personalLinkMaker } from "./invitations.server";

type Db = Kysely<Database>;

/**
 * Whom to print letters for, from the letters page's query: given invitees (`id`, repeatable),
 * a group (`group`; "*" or absent means every group, "" those without one), only people
 * without email (`without-email=1`). The conditions combine; none means everyone.
 */
export const letterSelectionSchema = z.object({
  ids: z
    .array(
      z
        .string()
        .regex(/^[1-9]\d{0,9}$/)
        .transform(Number),
    )
    .max(1000),
  group: z
    .string()
    .max(100)
    // No group name holds a NUL, and PostgreSQL refuses to compare with one (a 500, not a 400).
    .refine((value) => !value.includes("\0"))
    .optional()
    .transform((value) => (value === "*" ? undefined : value)),
  withoutEmail: z
    .enum(["1", "0", ""])
    .optional()
    .transform((value) => value === "1"),
});

export type LetterSelection = z.output<typeof letterSelectionSchema>;

/** The event as one letter states it, in one language. */
export interface LetterEvent {
  title: string;
  when: { date: string; time: string; zone: string | null };
  venue: string;
  address: string;
  hosts: string[];
  contact: { name: string; phone: string; email: string };
  /** The organizer's own opening paragraph for this language, or null for the standard one. */
  intro: string | null;
  /** The letter's date (today in the event's zone), as an official letter writes it. */
  date: string;
}

export interface InvitationLetter {
  id: number;
  language: Language;
  name: string;
  /** Whom the letter is addressed to, as the letter's language writes it. */
  addressee: string;
  link: string;
}

/**
 * One letter per selected invitee, in their language, carrying their personal link (printed as
 * text and as a QR code); the event's facts in both languages. Undefined when the event is unknown.
 */
export async function prepareInvitationLetters(
  db: Db,
  input: { eventId: number; selection: LetterSelection; origin: string; now?: Date },
): Promise<{ event: Record<Language, LetterEvent>; letters: InvitationLetter[] } | undefined> {
  const { selection } = input;
  const event = await db
    .selectFrom("events")
    .select([
      "title_ko",
      "title_en",
      "starts_at",
      "ends_at",
      "time_zone",
      "venue_name",
      "venue_name_en",
      "venue_address",
      "contact_name",
      "contact_phone",
      "contact_email",
      "invitation_intro_ko",
      "invitation_intro_en",
    ])
    .where("id", "=", input.eventId)
    .executeTakeFirst();
  if (!event) return undefined;
  const hosts = await db.selectFrom("event_hosts").select(["name_ko", "name_en"]).where("event_id", "=", input.eventId).orderBy("position").execute();
  const invitees = await db
    .selectFrom("invitees")
    .select(["id", "name", "organization", "position", "language", "link_version"])
    .where("event_id", "=", input.eventId)
    .$if(selection.ids.length > 0, (qb) => qb.where("id", "in", selection.ids))
    .$if(selection.group !== undefined, (qb) => qb.where("group_name", "=", selection.group!))
    .$if(selection.withoutEmail, (qb) => qb.where((eb) => eb.or([eb("email", "is", null), eb("email", "=", "")])))
    .orderBy("group_name")
    .orderBy("name")
    .orderBy("id")
    .execute();

  const now = input.now ?? new Date();
  const side = (locale: Language): LetterEvent => {
    const when = eventWhen(event, locale);
    const intro = (locale === "en" ? event.invitation_intro_en : event.invitation_intro_ko).trim();
    return {
      title: eventTitle(event, locale),
      when: { date: when.date, time: when.time, zone: timeZoneNote(event.starts_at, event.time_zone, locale) },
      venue: venueName(event, locale),
      address: event.venue_address,
      hosts: hostNames(hosts, locale).filter((name) => name.trim() !== ""),
      contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email },
      intro: intro === "" ? null : intro,
      date: letterDate(now, event.time_zone, locale),
    };
  };

  const makeLink = await personalLinkMaker(db, input.origin);
  const letters = invitees.map((invitee): InvitationLetter => {
    const link = makeLink(invitee);
    return {
      id: invitee.id,
      language: invitee.language,
      name: invitee.name,
      addressee: addressee(invitee),
      link,
    };
  });
  return { event: { ko: side("ko"), en: side("en") }, letters };
}

/** "파주교육지원청 교육장 박서준" in Korean; "Emily Park, Director, Seoul Office" in English. */
function addressee(invitee: { language: Language; name: string; organization: string; position: string }): string {
  const parts = invitee.language === "ko" ? [invitee.organization, invitee.position, invitee.name] : [invitee.name, invitee.position, invitee.organization];
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join(invitee.language === "ko" ? " " : ", ");
}

const intlLocale: Record<Language, string> = { ko: "ko-KR", en: "en-US" };

// Korean official letters are dated "2026. 12. 1."; English ones "December 1, 2026".
function letterDate(at: Date, timeZone: string, locale: Language): string {
  const options: Intl.DateTimeFormatOptions = locale === "ko" ? { year: "numeric", month: "numeric", day: "numeric", timeZone } : { dateStyle: "long", timeZone };
  return new Intl.DateTimeFormat(intlLocale[locale], options).format(at);
}
