import { recordAccess, type AccessBy } from "../access-records/access-records.server";
import crypto from "node:crypto";
import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, Language, OutboxStatus } from "../../../db/schema";
import { EXPORT_BATCH_ROWS } from "../../lib/export-stream.server";
import { containsPattern } from "../../lib/like-pattern";
import { choiceParam, groupParam, pageParam, searchParam } from "../../lib/list-params.server";
import { pageInfo } from "../../lib/paging";
import { optionalEmail, requiredText, text } from "../../lib/forms.server";
import { isUniqueViolation } from "../../lib/db-errors.server";
import { DELIVERY_STATUSES, type DeliveryStatus } from "./delivery";
import { RSVP_RESPONSES, type AnswerLabel, type RsvpResponse } from "../rsvp/rsvp-response";
import { translate } from "../../i18n/i18n";
import { databaseIdentity } from "../../lib/db-identity.server";
import { hashToken } from "../../lib/tokens.server";
import { openAppSecret, sealAppSecret } from "../stored-keys.server";

type Db = Kysely<Database>;

export const inviteeFormSchema = z.object({
  name: requiredText(100),
  email: optionalEmail.transform((value) => (value === "" ? null : value.toLowerCase())),
  phone: text(40).refine((value) => /^[0-9+()\-.\s]*$/.test(value), "error.phone"),
  organization: text(200),
  position: text(100),
  groupName: text(100),
  isVip: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  language: z.enum(["ko", "en"], "error.invalid"),
  notes: text(2000),
});

export type InviteeForm = z.output<typeof inviteeFormSchema>;

export class DuplicateInviteeEmailError extends Error {}

const PERSONAL_LINK_KEY = "personal-link-key";
const linkKeys = new WeakMap<object, Promise<Buffer>>();

/**
 * The key personal links are derived from. It lives in the database (made once, on first
 * use), so links keep working across restarts, deployments and a new SESSION_SECRET, sealed
 * under APP_KEY. Opened once per process.
 */
async function personalLinkKey(db: Db): Promise<Buffer> {
  const cacheKey = databaseIdentity(db);
  let key = linkKeys.get(cacheKey);
  if (!key) {
    key = (async () => {
      await db
        .insertInto("app_secrets")
        .values({ name: PERSONAL_LINK_KEY, value: sealAppSecret(db, PERSONAL_LINK_KEY, crypto.randomBytes(32).toString("base64url")) })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      const row = await db.selectFrom("app_secrets").select("value").where("name", "=", PERSONAL_LINK_KEY).executeTakeFirstOrThrow();
      return Buffer.from(openAppSecret(db, PERSONAL_LINK_KEY, row.value), "base64url");
    })();
    linkKeys.set(cacheKey, key);
    key.catch(() => linkKeys.delete(cacheKey));
  }
  return key;
}

/**
 * An invitee's personal link token: 192 bits derived from the key, the invitee and the
 * link's version. Reminders carry the same link as the first email; revoking the link
 * raises the version, which makes a new token and kills the old one.
 */
function deriveLinkToken(key: Buffer, inviteeId: number, version: number): string {
  return crypto.createHmac("sha256", key).update(`invitee:${inviteeId}:v${version}`).digest("base64url").slice(0, 32);
}

export async function personalLinkToken(db: Db, invitee: { id: number; link_version: number }): Promise<string> {
  return deriveLinkToken(await personalLinkKey(db), invitee.id, invitee.link_version);
}

/** Makes personal links for many invitees with one key lookup (a mailing to the whole list). */
export async function personalLinkMaker(db: Db, origin: string): Promise<(invitee: { id: number; link_version: number }) => string> {
  const key = await personalLinkKey(db);
  return (invitee) => `${origin}/i/${deriveLinkToken(key, invitee.id, invitee.link_version)}`;
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, "");
}

function toRow(form: InviteeForm) {
  return {
    name: form.name,
    email: form.email,
    phone: form.phone,
    phone_digits: phoneDigits(form.phone),
    organization: form.organization,
    position: form.position,
    group_name: form.groupName,
    is_vip: form.isVip,
    language: form.language,
    notes: form.notes,
  };
}

/**
 * Adds one invitee; joins the caller's transaction when there is one (a confirmed registration).
 * With `by`, an organizer's addition, its access record is written in the same transaction.
 */
export async function addInvitee(db: Db, eventId: number, form: InviteeForm, by?: AccessBy): Promise<{ id: number }> {
  const key = await personalLinkKey(db);
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  try {
    return await inTransaction(async (trx) => {
      const row = await trx
        .insertInto("invitees")
        .values({ event_id: eventId, ...toRow(form) })
        .returning(["id", "link_version"])
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("invitees")
        .set({ link_token_hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) })
        .where("id", "=", row.id)
        .execute();
      if (by) await recordAccess(trx, { ...by, action: "create", eventId, subjectIds: [row.id] });
      return { id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError(form.email ?? "");
    throw error;
  }
}

/**
 * Adds many invitees in one transaction (an import, the demo list): all or none.
 * Their personal-link hashes are set in one statement rather than one per person.
 */
export async function addInvitees(db: Db, eventId: number, forms: InviteeForm[]): Promise<number[]> {
  if (forms.length === 0) return [];
  const key = await personalLinkKey(db);
  // Joins the caller's transaction when there is one (a confirmed import), else opens its own.
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  try {
    return await inTransaction(async (trx) => {
      const rows = await trx
        .insertInto("invitees")
        .values(forms.map((form) => ({ event_id: eventId, ...toRow(form) })))
        .returning(["id", "link_version"])
        .execute();
      const hashes = rows.map((row) => ({ id: row.id, hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) }));
      await trx
        .updateTable("invitees")
        .set({ link_token_hash: sql<string>`hashes.hash` })
        .from(sql<{ id: number; hash: string }>`(values ${sql.join(hashes.map((h) => sql`(${h.id}::int, ${h.hash}::text)`))})`.as(sql`hashes(id, hash)`))
        .whereRef("invitees.id", "=", sql.ref("hashes.id"))
        .execute();
      return rows.map((row) => row.id);
    });
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError("");
    throw error;
  }
}

export async function updateInvitee(db: Db, eventId: number, inviteeId: number, form: InviteeForm): Promise<boolean> {
  try {
    const result = await db
      .updateTable("invitees")
      .set({ ...toRow(form), updated_at: sql<Date>`now()` })
      .where("event_id", "=", eventId)
      .where("id", "=", inviteeId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  } catch (error) {
    if (isUniqueViolation(error, "invitees_event_email")) throw new DuplicateInviteeEmailError(form.email ?? "");
    throw error;
  }
}

export async function removeInvitee(db: Db, eventId: number, inviteeId: number): Promise<boolean> {
  const result = await db.deleteFrom("invitees").where("event_id", "=", eventId).where("id", "=", inviteeId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Revokes the invitee's link and issues a new one (a lost or forwarded link). */
export async function reissuePersonalLink(db: Db, eventId: number, inviteeId: number, by?: AccessBy): Promise<boolean> {
  const key = await personalLinkKey(db);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("invitees")
      .set((eb) => ({ link_version: eb("link_version", "+", 1), updated_at: sql<Date>`now()` }))
      .where("event_id", "=", eventId)
      .where("id", "=", inviteeId)
      .returning(["id", "link_version"])
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable("invitees")
      .set({ link_token_hash: hashToken(deriveLinkToken(key, row.id, row.link_version)) })
      .where("id", "=", row.id)
      .execute();
    if (by) await recordAccess(trx, { ...by, action: "update", eventId, subjectIds: [row.id], filter: { change: "link-reissue" } });
    return true;
  });
}

function toDeliveryStatus(status: OutboxStatus | null): DeliveryStatus {
  return status === null ? "not-invited" : status === "sending" ? "queued" : status;
}

/** The invitee's latest invitation in the outbox, as a subquery correlated with `invitees`. */
function latestInvitation(eb: ExpressionBuilder<Database, "invitees">) {
  return eb.selectFrom("email_outbox as o").whereRef("o.invitee_id", "=", "invitees.id").where("o.kind", "=", "invitation").orderBy("o.id", "desc").limit(1);
}

export function latestInvitationStatus(eb: ExpressionBuilder<Database, "invitees">) {
  return latestInvitation(eb).select("o.status");
}

/**
 * Every invitee's latest invitation in the event (one row per invitee who has had one), as a
 * table to join where a whole list is counted or chosen from: one pass over the event's outbox,
 * where the correlated lookup above, made for each of 10,000 invitees, took most of the invitee
 * page's time. (An invitation always carries its invitee's event.)
 */
export function latestInvitations(db: Db, eventId: number) {
  return db
    .selectFrom("email_outbox as o")
    .distinctOn("o.invitee_id")
    .select(["o.invitee_id", "o.status"])
    .where("o.event_id", "=", eventId)
    .where("o.kind", "=", "invitation")
    .where("o.invitee_id", "is not", null)
    .orderBy("o.invitee_id")
    .orderBy("o.id", "desc");
}

function hasDelivery(eb: ExpressionBuilder<Database, "invitees">, status: DeliveryStatus) {
  const latest = latestInvitationStatus(eb);
  if (status === "not-invited") return eb(latest, "is", null);
  if (status === "queued") return eb(latest, "in", ["queued", "sending"]);
  return eb(latest, "=", status);
}

/** The invitee's answer, as a correlated subquery: "proxy" for attending by proxy, null when none yet. */
function answerOf(eb: ExpressionBuilder<Database, "invitees">) {
  return eb
    .selectFrom("rsvps as rr")
    .select(sql<AnswerLabel>`case when rr.status = 'attending' and rr.proxy_name <> '' then 'proxy' else rr.status end`.as("answer"))
    .whereRef("rr.invitee_id", "=", "invitees.id");
}

function hasResponse(eb: ExpressionBuilder<Database, "invitees">, response: RsvpResponse) {
  const answered = eb.selectFrom("rsvps as rr").select("rr.invitee_id").whereRef("rr.invitee_id", "=", "invitees.id");
  if (response === "no-answer") return eb.not(eb.exists(answered));
  return eb.exists(answered.where("rr.status", "=", response));
}

export interface InviteeFilters {
  q?: string;
  group?: string;
  vip?: boolean;
  delivery?: DeliveryStatus;
  /** Their answer (attending includes by proxy); a separate fact from the invitation's delivery. */
  response?: RsvpResponse;
  /** Only these invitees (a selection on the list); ids of other events match nothing. */
  ids?: number[];
}

/** The invitee list's address: search, filters and page (see list-params.server.ts: nothing in it fails the page). */
export const inviteeListParams = z.object({
  q: searchParam,
  group: groupParam,
  vip: z.literal("1").optional().catch(undefined),
  delivery: choiceParam(DELIVERY_STATUSES),
  response: choiceParam(RSVP_RESPONSES),
  page: pageParam,
});

/** The event's invitees matching the filters; the caller picks the columns. */
function matchingInvitees(db: Db, eventId: number, filters: InviteeFilters) {
  const q = filters.q?.trim() ?? "";
  const digits = phoneDigits(q);
  return db
    .selectFrom("invitees")
    .where("event_id", "=", eventId)
    .$if(q !== "", (qb) =>
      qb.where((eb) => {
        const pattern = containsPattern(q);
        const matches = [eb("name", "ilike", pattern), eb("organization", "ilike", pattern), eb("email", "ilike", pattern)];
        if (digits.length >= 3) matches.push(eb("phone_digits", "like", `%${digits}%`));
        return eb.or(matches);
      }),
    )
    .$if(filters.group !== undefined, (qb) => qb.where("group_name", "=", filters.group!))
    .$if(filters.vip !== undefined, (qb) => qb.where("is_vip", "=", filters.vip!))
    .$if(filters.delivery !== undefined, (qb) => qb.where((eb) => hasDelivery(eb, filters.delivery!)))
    .$if(filters.response !== undefined, (qb) => qb.where((eb) => hasResponse(eb, filters.response!)))
    .$if(filters.ids !== undefined, (qb) => qb.where("id", "in", filters.ids!.length ? filters.ids! : [0]));
}

const listColumns = ["id", "name", "email", "phone", "organization", "position", "group_name", "is_vip", "language"] as const;

/**
 * One page of the event's invitees matching the filters (100 by default; `page` is clamped to the
 * pages there are), how many match in all, and the event's head counts.
 */
export async function listInvitees(db: Db, eventId: number, filters: InviteeFilters = {}, requested = 1) {
  const { matching } = await matchingInvitees(db, eventId, filters)
    .select((eb) => eb.fn.countAll<number>().as("matching"))
    .executeTakeFirstOrThrow();
  const page = pageInfo(Number(matching), requested);
  const rows = await matchingInvitees(db, eventId, filters)
    .select(listColumns)
    .select(sql<boolean>`erased_at is not null or deletion_requested_at is not null`.as("deleted_by_guest"))
    .select((eb) => [latestInvitationStatus(eb).as("invitation_status"), latestInvitation(eb).select("o.last_error").as("invitation_error"), answerOf(eb).as("answer")])
    .orderBy("group_name")
    .orderBy("name")
    .orderBy("id")
    .limit(page.pageSize)
    .offset(page.offset)
    .execute();
  const invitees = rows.map(({ invitation_status, invitation_error, answer, ...invitee }) => {
    const status = toDeliveryStatus(invitation_status);
    return { ...invitee, delivery: { status, error: status === "failed" || status === "uncertain" ? invitation_error : null }, response: answer ?? "no-answer" };
  });
  const { groups, deliveryCounts } = await inviteeCounts(db, eventId);
  return { invitees, page, groups, deliveryCounts };
}

/** The ids a bulk action on the list applies to: a selection, or everyone the filters show. */
export async function matchingInviteeIds(db: Db, eventId: number, filters: InviteeFilters): Promise<number[]> {
  const rows = await matchingInvitees(db, eventId, filters).select("id").orderBy("id").execute();
  return rows.map((row) => row.id);
}

export type DeliveryCounts = Record<DeliveryStatus, number>;

const noDeliveries = (): DeliveryCounts => Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as DeliveryCounts;

/** Head counts at a glance: per group (as organizers named them) and, within each, per invitation delivery status. */
export async function inviteeCounts(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("invitees as i")
    .leftJoin(latestInvitations(db, eventId).as("latest"), "latest.invitee_id", "i.id")
    .select(["i.group_name", "latest.status", (eb) => eb.fn.countAll<number>().as("count")])
    .where("i.event_id", "=", eventId)
    .groupBy(["i.group_name", "latest.status"])
    .orderBy("i.group_name")
    .execute();
  const byGroup = new Map<string, DeliveryCounts>();
  const total = noDeliveries();
  for (const row of rows) {
    const counts = byGroup.get(row.group_name) ?? noDeliveries();
    const status = toDeliveryStatus(row.status);
    counts[status] += Number(row.count);
    total[status] += Number(row.count);
    byGroup.set(row.group_name, counts);
  }
  const sum = (counts: DeliveryCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    groups: [...byGroup].map(([name, counts]) => ({ name, count: sum(counts) })),
    deliveryCounts: { total, byGroup: [...byGroup].map(([name, counts]) => ({ name, counts })) },
  };
}

/** The event's groups (as organizers named them) with how many invitees each holds. */
export async function inviteeGroups(db: Db, eventId: number): Promise<Array<{ name: string; count: number }>> {
  return (await inviteeCounts(db, eventId)).groups;
}

export async function getInvitee(db: Db, eventId: number, inviteeId: number) {
  return db
    .selectFrom("invitees")
    .select([...listColumns, "notes", "link_version"])
    .where("event_id", "=", eventId)
    .where("id", "=", inviteeId)
    .executeTakeFirst();
}

export function inviteeToFormValues(invitee: NonNullable<Awaited<ReturnType<typeof getInvitee>>>): Record<string, string> {
  return {
    name: invitee.name,
    email: invitee.email ?? "",
    phone: invitee.phone,
    organization: invitee.organization,
    position: invitee.position,
    groupName: invitee.group_name,
    ...(invitee.is_vip ? { isVip: "on" } : {}),
    language: invitee.language,
    notes: invitee.notes,
  };
}

export type PersonalLinkLookup =
  | { status: "found"; invitee: { id: number; name: string; organization: string; position: string; language: Language }; eventId: number }
  | { status: "not-found" }
  | { status: "gone"; eventId: number };

/** What an invitee is looked up by for a personal link's token; null for anything that cannot be one. */
export function linkTokenHash(token: string): string | null {
  return /^[A-Za-z0-9_-]{32}$/.test(token) ? hashToken(token) : null;
}

/** Whether the invitee found by the token's hash has that very token: recomputed and compared in constant time. */
export async function isInviteesLinkToken(db: Db, token: string, invitee: { id: number; link_version: number }): Promise<boolean> {
  const expected = deriveLinkToken(await personalLinkKey(db), invitee.id, invitee.link_version);
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(token));
}

/**
 * The invitee behind a personal link. The lookup is by the token's hash, and the token is
 * then recomputed and compared in constant time. A link to an archived event is gone (410).
 */
export async function findInviteeByLinkToken(db: Db, token: string): Promise<PersonalLinkLookup> {
  const hash = linkTokenHash(token);
  if (!hash) return { status: "not-found" };
  const row = await db
    .selectFrom("invitees as i")
    .innerJoin("events as e", "e.id", "i.event_id")
    .select(["i.id", "i.name", "i.organization", "i.position", "i.language", "i.link_version", "i.event_id", "e.status"])
    .where("i.link_token_hash", "=", hash)
    .executeTakeFirst();
  if (!row || !(await isInviteesLinkToken(db, token, row))) return { status: "not-found" };
  if (row.status === "archived") return { status: "gone", eventId: row.event_id };
  return {
    status: "found",
    eventId: row.event_id,
    invitee: { id: row.id, name: row.name, organization: row.organization, position: row.position, language: row.language },
  };
}

/** Failed personal-link lookups allowed per client address in the window; a whole venue may share one address. */
export const LINK_FAILURE_LIMIT = { windowMinutes: 10, perAddress: 500 } as const;

/**
 * Counts a failed lookup and tells whether the address is now over the limit. Only failures
 * count and only failures are refused, so a valid link is never throttled.
 */
export async function recordLinkFailure(db: Db, clientAddress: string): Promise<{ throttled: boolean }> {
  await db
    .deleteFrom("link_lookup_failures")
    .where("failed_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
  await db.insertInto("link_lookup_failures").values({ client_address: clientAddress }).execute();
  const row = await db
    .selectFrom("link_lookup_failures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_address", "=", clientAddress)
    .where("failed_at", ">", sql<Date>`now() - make_interval(mins => ${LINK_FAILURE_LIMIT.windowMinutes})`)
    .executeTakeFirstOrThrow();
  return { throttled: Number(row.n) > LINK_FAILURE_LIMIT.perAddress };
}

/**
 * The invitee list as spreadsheet rows, with headers that the import recognises (a round trip
 * works; the import ignores the invitation column, which it does not know).
 */
/**
 * The invitee list as a spreadsheet, header first, read in keyset batches ordered by group, name
 * and id, so a list of any size streams out with bounded memory.
 */
export async function* inviteeExportBatches(db: Db, eventId: number, locale: Language, batchRows = EXPORT_BATCH_ROWS): AsyncGenerator<string[][]> {
  yield [
    locale === "ko"
      ? ["이름", "이메일", "연락처", "소속", "직위", "그룹", "VIP", "언어", "비고", "회신", "초청장 발송"]
      : ["Name", "Email", "Phone", "Organization", "Position", "Group", "VIP", "Language", "Notes", "Response", "Invitation"],
  ];
  type Key = { group: string; name: string; id: number };
  let after: Key | null = null;
  for (;;) {
    const from: Key | null = after;
    const rows = await db
      .selectFrom("invitees")
      .select(["id", "name", "email", "phone", "organization", "position", "group_name", "is_vip", "language", "notes"])
      .select((eb) => [latestInvitationStatus(eb).as("invitation_status"), answerOf(eb).as("answer")])
      .where("event_id", "=", eventId)
      .$if(from !== null, (qb) => qb.where((eb) => eb(eb.refTuple("group_name", "name", "id"), ">", eb.tuple(from!.group, from!.name, from!.id))))
      .orderBy("group_name")
      .orderBy("name")
      .orderBy("id")
      .limit(batchRows)
      .execute();
    if (rows.length > 0) {
      yield rows.map((row) => [
        row.name,
        row.email ?? "",
        row.phone,
        row.organization,
        row.position,
        row.group_name,
        row.is_vip ? "Y" : "N",
        row.language,
        row.notes,
        translate(locale, `attendees.response.${row.answer ?? "no-answer"}`),
        translate(locale, `delivery.${toDeliveryStatus(row.invitation_status)}`),
      ]);
    }
    if (rows.length < batchRows) return;
    const last: { group_name: string; name: string; id: number } = rows.at(-1)!;
    after = { group: last.group_name, name: last.name, id: last.id };
  }
}

/** The whole export in memory, header first (for small lists and tests). */
export async function inviteeExportRows(db: Db, eventId: number, locale: Language): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of inviteeExportBatches(db, eventId, locale)) rows.push(...batch);
  return rows;
}
