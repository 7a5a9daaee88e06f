/**
 * Awards presented at the event: categories in order, each with its recipients in call order.
 * A recipient marked as a minor is shown on public pages as 김○○: the full name never leaves
 * the server for those pages.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { requiredText, text } from "../lib/forms";

type Db = Kysely<Database>;

/** 김민지 → 김○○; Emily Park → E○○○○ ○○○○ (the first letter stays, the rest is hidden). */
export function maskName(name: string): string {
  const letters = [...name.trim()];
  return letters.map((letter, index) => (index === 0 || letter === " " ? letter : "○")).join("");
}

export const categoryFormSchema = z
  .object({ nameKo: text(200), nameEn: text(200), descriptionKo: text(2000), descriptionEn: text(2000), presenter: text(200) })
  .refine((form) => form.nameKo !== "" || form.nameEn !== "", { path: ["nameKo"], message: "error.titleRequired" });

export const recipientFormSchema = z.object({
  categoryId: z.coerce.number().int().positive("error.invalid"),
  name: requiredText(100),
  organization: text(200),
  grade: text(100),
  citation: text(2000),
  isMinor: z
    .string()
    .optional()
    .transform((value) => value === "on"),
});

export async function addAwardCategory(db: Db, eventId: number, form: z.output<typeof categoryFormSchema>): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
    const last = await trx.selectFrom("award_categories").select((eb) => eb.fn.max("position").as("position")).where("event_id", "=", eventId).executeTakeFirst();
    return trx
      .insertInto("award_categories")
      .values({ event_id: eventId, position: Number(last?.position ?? 0) + 1, name_ko: form.nameKo, name_en: form.nameEn, description_ko: form.descriptionKo, description_en: form.descriptionEn, presenter: form.presenter })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/** Adds a recipient at the end of the category's call order; a category of another event is refused (null). */
export async function addAwardRecipient(db: Db, eventId: number, form: z.output<typeof recipientFormSchema>): Promise<{ id: number } | null> {
  return db.transaction().execute(async (trx) => {
    const category = await trx.selectFrom("award_categories").select("id").where("id", "=", form.categoryId).where("event_id", "=", eventId).forUpdate().executeTakeFirst();
    if (!category) return null;
    const last = await trx.selectFrom("award_recipients").select((eb) => eb.fn.max("position").as("position")).where("category_id", "=", category.id).executeTakeFirst();
    return trx
      .insertInto("award_recipients")
      .values({ event_id: eventId, category_id: category.id, position: Number(last?.position ?? 0) + 1, name: form.name, organization: form.organization, grade: form.grade, citation: form.citation, is_minor: form.isMinor })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

/**
 * Categories with their recipients in order. `audience: "public"` masks minors' names here, on
 * the server, so the page (and its data) only ever holds the masked form.
 */
export async function listAwards(db: Db, eventId: number, audience: "organizer" | "public") {
  const categories = await db
    .selectFrom("award_categories")
    .select(["id", "name_ko", "name_en", "description_ko", "description_en", "presenter"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  const recipients = await db
    .selectFrom("award_recipients")
    .select(["id", "category_id", "name", "organization", "grade", "citation", "is_minor"])
    .where("event_id", "=", eventId)
    .orderBy("category_id")
    .orderBy("position")
    .execute();
  return categories.map((category) => ({
    ...category,
    recipients: recipients
      .filter((recipient) => recipient.category_id === category.id)
      .map(({ category_id: _category, ...recipient }) => (audience === "public" && recipient.is_minor ? { ...recipient, name: maskName(recipient.name) } : recipient)),
  }));
}
