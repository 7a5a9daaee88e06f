/**
 * Optional consents (선택 동의): items an organizer asks for beside the required privacy notice,
 * such as publishing photos taken at the event or an invitation to next year's meeting. Each has
 * its own tick, never ticked in advance, and attending never depends on one.
 *
 * Each item states the four disclosures 개인정보 보호법 제15조 and 제22조 ask for: purpose, items
 * collected, retention, and the right to refuse with what refusing means. A consent stores the
 * item's version and the SHA-256 of the exact text the guest read in their language, so what was
 * agreed to can be shown later; editing an item's text raises its version.
 */
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language } from "../../../db/schema";
import { inLocale, translate } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";
import { text } from "../../lib/forms.server";

type Db = Kysely<Database>;

const itemTextColumns = ["title_ko", "title_en", "purpose_ko", "purpose_en", "items_ko", "items_en", "retention_ko", "retention_en", "refusal_ko", "refusal_en"] as const;

export type OptionalConsentText = Record<(typeof itemTextColumns)[number], string>;
export interface OptionalConsentItem extends OptionalConsentText {
  id: number;
  version: number;
}

/** The disclosure exactly as the guest reads it; its SHA-256 is what a consent keeps. */
export function optionalConsentText(item: OptionalConsentText, locale: Language): string {
  const pick = (ko: string, en: string) => inLocale(locale, { ko, en }).trim();
  return [
    `${translate(locale, "optionalConsent.optionalMark")} ${pick(item.title_ko, item.title_en)}`,
    `1. ${translate(locale, "optionalConsent.purpose")}: ${pick(item.purpose_ko, item.purpose_en)}`,
    `2. ${translate(locale, "optionalConsent.items")}: ${pick(item.items_ko, item.items_en)}`,
    `3. ${translate(locale, "optionalConsent.retention")}: ${pick(item.retention_ko, item.retention_en)}`,
    `4. ${translate(locale, "optionalConsent.refusal")} ${pick(item.refusal_ko, item.refusal_en)}`.trimEnd(),
  ].join("\n");
}

export function optionalConsentTitle(item: Pick<OptionalConsentText, "title_ko" | "title_en">, locale: Language): string {
  return inLocale(locale, { ko: item.title_ko, en: item.title_en });
}

export const sha256Hex = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest("hex");

/** The form field of an item's tick: `optional-<id>`. */
export const optionalConsentField = (itemId: number) => `optional-${itemId}`;

/** An item as the organizer's editor posts it: each disclosure in Korean, English or both. */
export const optionalConsentItemSchema = z
  .object({
    titleKo: text(200),
    titleEn: text(200),
    purposeKo: text(1000),
    purposeEn: text(1000),
    itemsKo: text(1000),
    itemsEn: text(1000),
    retentionKo: text(500),
    retentionEn: text(500),
    refusalKo: text(1000),
    refusalEn: text(1000),
  })
  .superRefine((form, ctx) => {
    for (const [name, message] of [
      ["title", "optionalConsent.error.title"],
      ["purpose", "optionalConsent.error.purpose"],
      ["items", "optionalConsent.error.items"],
      ["retention", "optionalConsent.error.retention"],
    ] as const) {
      if (form[`${name}Ko`] === "" && form[`${name}En`] === "") ctx.addIssue({ code: "custom", path: [`${name}Ko`], message });
    }
  })
  .transform((form): OptionalConsentText => ({
    title_ko: form.titleKo,
    title_en: form.titleEn,
    purpose_ko: form.purposeKo,
    purpose_en: form.purposeEn,
    items_ko: form.itemsKo,
    items_en: form.itemsEn,
    retention_ko: form.retentionKo,
    retention_en: form.retentionEn,
    refusal_ko: form.refusalKo,
    refusal_en: form.refusalEn,
  }));

/** The event's items guests are asked now, in order (removed ones are not). */
export async function listOptionalConsentItems(db: Db, eventId: number): Promise<OptionalConsentItem[]> {
  return db
    .selectFrom("optional_consent_items")
    .select(["id", "version", ...itemTextColumns])
    .where("event_id", "=", eventId)
    .where("removed_at", "is", null)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** The items as the organizer's editor fills its forms, with how many guests consent now. */
export async function listOptionalConsentItemsForEditing(db: Db, eventId: number) {
  const items = await db
    .selectFrom("optional_consent_items as o")
    .select(["o.id", "o.version", ...itemTextColumns.map((column) => `o.${column}` as const)])
    .select((eb) =>
      eb
        .selectFrom("optional_consents as c")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("c.item_id", "=", "o.id")
        .where("c.withdrawn_at", "is", null)
        .as("consenting"),
    )
    .where("o.event_id", "=", eventId)
    .where("o.removed_at", "is", null)
    .orderBy("o.position")
    .orderBy("o.id")
    .execute();
  return items.map((item) => ({
    id: item.id,
    version: item.version,
    consenting: Number(item.consenting ?? 0),
    values: {
      titleKo: item.title_ko,
      titleEn: item.title_en,
      purposeKo: item.purpose_ko,
      purposeEn: item.purpose_en,
      itemsKo: item.items_ko,
      itemsEn: item.items_en,
      retentionKo: item.retention_ko,
      retentionEn: item.retention_en,
      refusalKo: item.refusal_ko,
      refusalEn: item.refusal_en,
    },
  }));
}

export async function addOptionalConsentItem(db: Db, eventId: number, form: OptionalConsentText): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const last = await trx
      .selectFrom("optional_consent_items")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    return trx
      .insertInto("optional_consent_items")
      .values({ event_id: eventId, position: Number(last?.position ?? 0) + 1, ...form })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/**
 * Saves an edited item. A changed text is a new version: consents given to the old one keep
 * their version and hash, and the guest's page asks again in the new words.
 */
export async function updateOptionalConsentItem(db: Db, eventId: number, itemId: number, form: OptionalConsentText): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("optional_consent_items")
      .select([...itemTextColumns])
      .where("id", "=", itemId)
      .where("event_id", "=", eventId)
      .where("removed_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return false;
    const changed = itemTextColumns.some((column) => current[column] !== form[column]);
    if (!changed) return true;
    await trx
      .updateTable("optional_consent_items")
      .set({ ...form, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where("id", "=", itemId)
      .execute();
    return true;
  });
}

/** Stops asking for an item. The consents given to it stay, as the record of what was agreed. */
export async function removeOptionalConsentItem(db: Db, eventId: number, itemId: number): Promise<boolean> {
  const result = await db
    .updateTable("optional_consent_items")
    .set({ removed_at: sql<Date>`now()` })
    .where("id", "=", itemId)
    .where("event_id", "=", eventId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Which items' boxes were ticked in a submitted form (any other field is ignored). */
export function tickedOptionalConsents(formData: FormData, items: Pick<OptionalConsentItem, "id">[]): Set<number> {
  return new Set(items.filter((item) => formData.get(optionalConsentField(item.id)) === "on").map((item) => item.id));
}

/**
 * Records the guest's ticks on the event's current items: a tick on an item not yet consented to
 * (or consented to in older words, or withdrawn) gives consent to the text shown now; an empty
 * box on an item consented to withdraws it. Nothing else about the answer depends on them.
 */
export async function recordOptionalConsents(db: Db, input: { eventId: number; inviteeId: number; items: OptionalConsentItem[]; ticked: Set<number>; locale: Language; now?: Date }): Promise<void> {
  if (input.items.length === 0) return;
  const now = input.now ?? new Date();
  const current = await db.selectFrom("optional_consents").select(["item_id", "version", "withdrawn_at"]).where("invitee_id", "=", input.inviteeId).execute();
  const byItem = new Map(current.map((row) => [row.item_id, row]));
  for (const item of input.items) {
    const given = byItem.get(item.id);
    const holds = given !== undefined && given.withdrawn_at === null;
    if (input.ticked.has(item.id)) {
      if (holds && given.version === item.version) continue;
      const values = { version: item.version, language: input.locale, text_sha256: sha256Hex(optionalConsentText(item, input.locale)), given_at: now, withdrawn_at: null };
      await db
        .insertInto("optional_consents")
        .values({ invitee_id: input.inviteeId, item_id: item.id, event_id: input.eventId, ...values })
        .onConflict((oc) => oc.columns(["invitee_id", "item_id"]).doUpdateSet(values))
        .execute();
    } else if (holds) {
      await withdrawOptionalConsent(db, { inviteeId: input.inviteeId, itemId: item.id, now });
    }
  }
}

/** The guest withdraws one consent (from their personal link); false when none was held. */
export async function withdrawOptionalConsent(db: Db, input: { inviteeId: number; itemId: number; now?: Date }): Promise<boolean> {
  const result = await db
    .updateTable("optional_consents")
    .set({ withdrawn_at: input.now ?? new Date() })
    .where("invitee_id", "=", input.inviteeId)
    .where("item_id", "=", input.itemId)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The guest's consents, given and withdrawn, on every item of the event (removed items too). */
export async function guestOptionalConsents(db: Db, inviteeId: number) {
  return db
    .selectFrom("optional_consents as c")
    .innerJoin("optional_consent_items as o", "o.id", "c.item_id")
    .select(["c.item_id", "c.version", "c.language", "c.text_sha256", "c.given_at", "c.withdrawn_at", "o.version as current_version", "o.title_ko", "o.title_en", "o.removed_at"])
    .where("c.invitee_id", "=", inviteeId)
    .orderBy("o.position")
    .orderBy("o.id")
    .execute();
}

/**
 * The export's columns: every item anyone has answered or that is asked now, in order, with each
 * invitee's state as a cell ("동의 2026-12-04 10:00 (v2)", "철회 …", or empty).
 */
export async function optionalConsentColumns(db: Db, eventId: number) {
  return db
    .selectFrom("optional_consent_items as o")
    .select(["o.id", "o.title_ko", "o.title_en"])
    .where("o.event_id", "=", eventId)
    .where((eb) => eb.or([eb("o.removed_at", "is", null), eb.exists(eb.selectFrom("optional_consents as c").select("c.item_id").whereRef("c.item_id", "=", "o.id"))]))
    .orderBy("o.position")
    .orderBy("o.id")
    .execute();
}

/** invitee id → item id → consent, for the invitees of one export batch. */
export async function optionalConsentsOf(db: Db, inviteeIds: number[]) {
  const byInvitee = new Map<number, Map<number, { version: number; given_at: Date; withdrawn_at: Date | null }>>();
  if (inviteeIds.length === 0) return byInvitee;
  const rows = await db.selectFrom("optional_consents").select(["invitee_id", "item_id", "version", "given_at", "withdrawn_at"]).where("invitee_id", "in", inviteeIds).execute();
  for (const row of rows) {
    const map = byInvitee.get(row.invitee_id) ?? new Map();
    map.set(row.item_id, row);
    byInvitee.set(row.invitee_id, map);
  }
  return byInvitee;
}

/**
 * What the guest's page shows of optional consents: the items with their text in the reader's
 * language, the boxes the guest has ticked before (for the current wording only: a new version is
 * asked afresh), and the consents held, each of which can be withdrawn.
 */
export async function guestOptionalConsentView(db: Db, input: { eventId: number; inviteeId: number; locale: Language; timeZone: string }) {
  const items = await listOptionalConsentItems(db, input.eventId);
  const consents = await guestOptionalConsents(db, input.inviteeId);
  const held = consents.filter((consent) => consent.withdrawn_at === null);
  const ticked = Object.fromEntries(
    held.filter((consent) => consent.removed_at === null && consent.version === consent.current_version).map((consent) => [optionalConsentField(consent.item_id), "on"]),
  );
  return {
    items: items.map((item) => ({ id: item.id, title: optionalConsentTitle(item, input.locale), text: optionalConsentText(item, input.locale) })),
    ticked,
    held: held.map((consent) => ({
      itemId: consent.item_id,
      title: optionalConsentTitle(consent, input.locale),
      version: consent.version,
      givenAt: formatDateTime(consent.given_at, input.timeZone, input.locale),
    })),
  };
}
