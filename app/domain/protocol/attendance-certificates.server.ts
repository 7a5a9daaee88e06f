/**
 * Certificates of attendance (참석 확인서): for each person checked in at an event that has ended,
 * a code that /verify/<code> confirms. The holder's name is read from the invitee (or the proxy
 * who came in their place) while the event's personal data lasts; after the purge, or the guest's
 * own deletion, the certificate still verifies, as "issued to 김○○".
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Language } from "../../../db/schema";
import { eventTitle, eventWhen, hostNames, venueName } from "../events/event-view";
import { PURGED_NAME } from "../events/retention.server";

type Db = Kysely<Database>;

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 80 random bits as 16 characters in groups of four: XXXX-XXXX-XXXX-XXXX. */
export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code.match(/.{4}/g)!.join("-");
}

/** What a person typed or scanned, as stored: capitals, dashes where they belong, look-alikes read as digits. */
export function normalizeCertificateCode(text: string): string | null {
  const plain = text.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(plain)) return null;
  return plain.match(/.{4}/g)!.join("-");
}

/** The first letter of each word, the rest as circles: 김○○, J○○○ K○○. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const [first, ...rest] = [...word];
      return (first ?? "") + "○".repeat(rest.length);
    })
    .join(" ");
}

/** Those checked in (not undone) at the event, with the name they came under. */
function attendedQuery(db: Db, eventId: number) {
  return db
    .selectFrom("checkins as c")
    .innerJoin("invitees as i", "i.id", "c.invitee_id")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .where("c.event_id", "=", eventId)
    .where("c.undone_at", "is", null)
    .select(["i.id as inviteeId", "i.name", "r.proxy_name"]);
}

const holderName = (row: { name: string; proxy_name: string | null }) => (row.proxy_name ? row.proxy_name : row.name);

/**
 * Issues the missing certificates of those checked in (all, or the one invitee), once the event
 * has ended. Issuing twice gives the same code (one certificate per invitee, a unique index).
 */
export async function issueCertificates(db: Db, eventId: number, options: { inviteeId?: number; now?: Date } = {}): Promise<number> {
  const event = await db.selectFrom("events").select(["ends_at", "personal_data_purged_at"]).where("id", "=", eventId).executeTakeFirst();
  if (!event || event.personal_data_purged_at || event.ends_at > (options.now ?? new Date())) return 0;
  const attended = await attendedQuery(db, eventId)
    .$if(options.inviteeId !== undefined, (qb) => qb.where("i.id", "=", options.inviteeId!))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("attendance_certificates as a").select("a.id").whereRef("a.invitee_id", "=", "i.id"))))
    .execute();
  if (attended.length === 0) return 0;
  const inserted = await db
    .insertInto("attendance_certificates")
    .values(attended.map((row) => ({ event_id: eventId, invitee_id: row.inviteeId, code: newCertificateCode(), masked_name: maskName(holderName(row)) })))
    .onConflict((oc) => oc.column("invitee_id").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/** The event's certificates with the name each holder goes by now (the invitee, or their proxy). */
function certificatesWithHolders(db: Db, eventId: number) {
  return db
    .selectFrom("attendance_certificates as a")
    .innerJoin("invitees as i", "i.id", "a.invitee_id")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .select(["a.code", "a.issued_at", "i.name", "r.proxy_name"])
    .where("a.event_id", "=", eventId);
}

export type GuestCertificate = { status: "not-yet" } | { status: "not-attended" } | { status: "issued"; code: string; name: string; issuedAt: Date };

/** A guest's own certificate, issued on first asking: only after the event, only if they were checked in. */
export async function guestCertificate(db: Db, eventId: number, inviteeId: number, now = new Date()): Promise<GuestCertificate> {
  const event = await db.selectFrom("events").select("ends_at").where("id", "=", eventId).executeTakeFirstOrThrow();
  if (event.ends_at > now) return { status: "not-yet" };
  await issueCertificates(db, eventId, { inviteeId, now });
  const row = await certificatesWithHolders(db, eventId).where("a.invitee_id", "=", inviteeId).executeTakeFirst();
  if (!row) return { status: "not-attended" };
  return { status: "issued", code: row.code, name: holderName(row), issuedAt: row.issued_at };
}

/** Every certificate of the event (issuing the missing ones), in 가나다 order, for printing them all. */
export async function eventCertificates(db: Db, eventId: number, now = new Date()) {
  await issueCertificates(db, eventId, { now });
  const rows = await certificatesWithHolders(db, eventId).execute();
  const collator = new Intl.Collator("ko");
  return rows.map((row) => ({ code: row.code, name: holderName(row), issuedAt: row.issued_at })).sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * What /verify/<code> may say: to whom (in full while the event's personal data lasts, masked
 * after) and for which event. Nothing else of the person.
 */
export async function verifyCertificate(db: Db, code: string) {
  const normalized = normalizeCertificateCode(code);
  if (!normalized) return null;
  const row = await db
    .selectFrom("attendance_certificates as a")
    .innerJoin("events as e", "e.id", "a.event_id")
    .innerJoin("invitees as i", "i.id", "a.invitee_id")
    .leftJoin("rsvps as r", "r.invitee_id", "i.id")
    .select(["a.code", "a.masked_name", "a.issued_at", "i.name", "r.proxy_name", "e.id as eventId", "e.title_ko", "e.title_en", "e.starts_at", "e.ends_at", "e.time_zone", "e.personal_data_purged_at"])
    .where("a.code", "=", normalized)
    .executeTakeFirst();
  if (!row) return null;
  const name = holderName(row);
  const gone = row.personal_data_purged_at !== null || !name || name === PURGED_NAME;
  return {
    code: row.code,
    name: gone ? row.masked_name : name,
    masked: gone,
    issuedAt: row.issued_at,
    event: { title_ko: row.title_ko, title_en: row.title_en, starts_at: row.starts_at, ends_at: row.ends_at, time_zone: row.time_zone },
  };
}

/** The event as a certificate states it, in the reader's language. */
export function certificateEvent(
  event: { title_ko: string; title_en: string; starts_at: Date; ends_at: Date; time_zone: string; venue_name: string; venue_name_en: string; hosts: Array<{ name_ko: string; name_en: string }> },
  locale: Language,
) {
  const when = eventWhen(event, locale);
  return { title: eventTitle(event, locale), date: when.date, time: when.time, venue: venueName(event, locale), hosts: hostNames(event.hosts, locale) };
}
