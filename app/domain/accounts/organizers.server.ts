import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { hashPassword, verifyPassword } from "../../lib/passwords.server";
import { hashToken, randomToken } from "../../lib/tokens.server";

type Db = Kysely<Database>;

export const SESSION_DAYS = 30;
/** Failed logins allowed per account, and per client address, within the window. */
export const LOGIN_LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 100, knownAddressDays: 90, knownAddressDelayMs: 2_000 } as const;

export interface OrganizerIdentity {
  id: number;
  email: string;
  name: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class EmailTakenError extends Error {}

export async function createOrganizer(db: Db, input: { email: string; name: string; password: string }): Promise<OrganizerIdentity> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const row = await db
    .insertInto("organizers")
    .values({ email, name: input.name.trim(), password_hash: passwordHash })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning(["id", "email", "name"])
    .executeTakeFirst();
  if (!row) throw new EmailTakenError(`An organizer with the email ${email} already exists`);
  return row;
}

export async function findOrganizerByEmail(db: Db, email: string): Promise<OrganizerIdentity | undefined> {
  return db.selectFrom("organizers").select(["id", "email", "name"]).where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export type LoginResult = { ok: true; organizer: OrganizerIdentity } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterMinutes: number };

async function recentFailures(db: Db, column: "email" | "client_address", value: string) {
  const since = sql<Date>`now() - make_interval(mins => ${LOGIN_LIMITS.windowMinutes})`;
  // Failures count only after the account's last success: logging in clears the slate.
  const lastSuccess = db
    .selectFrom("login_attempts as s")
    .select((eb) => eb.fn.max("s.attempted_at").as("at"))
    .where("s.succeeded", "=", true)
    .where(`s.${column}`, "=", value);
  const row = await db
    .selectFrom("login_attempts")
    .select((eb) => [eb.fn.countAll<number>().as("failures"), eb.fn.min("attempted_at").as("oldest")])
    .where(column, "=", value)
    .where("succeeded", "=", false)
    .where("attempted_at", ">", since)
    .where((eb) => (column === "email" ? eb.or([eb(lastSuccess, "is", null), eb("attempted_at", ">", lastSuccess)]) : eb.lit(true)))
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), oldest: row.oldest as Date | null };
}

/** Whether the account has logged in from this address within the last `knownAddressDays`. */
async function isKnownAddress(db: Db, email: string, clientAddress: string): Promise<boolean> {
  const row = await db
    .selectFrom("organizer_known_addresses as k")
    .innerJoin("organizers as o", "o.id", "k.organizer_id")
    .select("k.organizer_id")
    .where("o.email", "=", email)
    .where("k.client_address", "=", clientAddress)
    .where("k.last_success_at", ">", sql<Date>`now() - make_interval(days => ${LOGIN_LIMITS.knownAddressDays})`)
    .executeTakeFirst();
  return row !== undefined;
}

function minutesUntilWindowFrees(oldest: Date | null): number {
  if (!oldest) return LOGIN_LIMITS.windowMinutes;
  const freesAt = oldest.getTime() + LOGIN_LIMITS.windowMinutes * 60_000;
  return Math.max(1, Math.ceil((freesAt - Date.now()) / 60_000));
}

/**
 * Checks a password, counting failures per account and per client address in the
 * database. Throttling is decided before the password is looked at, so guessing on
 * stops even with the right password.
 */
export async function authenticateOrganizer(db: Db, input: { email: string; password: string; clientAddress: string }): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  await db
    .deleteFrom("login_attempts")
    .where("attempted_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();

  const byAccount = await recentFailures(db, "email", email);
  const byAddress = await recentFailures(db, "client_address", input.clientAddress);
  if (byAddress.failures >= LOGIN_LIMITS.perAddress) {
    return { ok: false, reason: "throttled", retryAfterMinutes: minutesUntilWindowFrees(byAddress.oldest) };
  }
  if (byAccount.failures >= LOGIN_LIMITS.perAccount) {
    // Anyone can type five wrong passwords for someone else's account. The owner, at an address
    // they have logged in from before, may still try, slowed down; everyone else waits.
    if (!(await isKnownAddress(db, email, input.clientAddress))) {
      return { ok: false, reason: "throttled", retryAfterMinutes: minutesUntilWindowFrees(byAccount.oldest) };
    }
    await new Promise((resolve) => setTimeout(resolve, LOGIN_LIMITS.knownAddressDelayMs));
  }

  const organizer = await db.selectFrom("organizers").select(["id", "email", "name", "password_hash"]).where("email", "=", email).executeTakeFirst();
  // Without an account, still spend the time of a hash so timing does not reveal which emails exist.
  const valid = organizer ? await verifyPassword(input.password, organizer.password_hash) : await verifyPassword(input.password, DUMMY_HASH).then(() => false);
  await db.insertInto("login_attempts").values({ email, client_address: input.clientAddress, succeeded: valid }).execute();
  if (!organizer || !valid) return { ok: false, reason: "invalid" };
  await db
    .insertInto("organizer_known_addresses")
    .values({ organizer_id: organizer.id, client_address: input.clientAddress })
    .onConflict((oc) => oc.columns(["organizer_id", "client_address"]).doUpdateSet({ last_success_at: sql<Date>`now()` }))
    .execute();
  return { ok: true, organizer: { id: organizer.id, email: organizer.email, name: organizer.name } };
}

const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function openSession(db: Db, organizerId: number, meta: { userAgent: string | null; clientAddress: string | null }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto("organizer_sessions")
    .values({
      id_hash: hashToken(token),
      organizer_id: organizerId,
      expires_at: expiresAt,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      client_address: meta.clientAddress,
    })
    .execute();
  return { token, expiresAt };
}

export async function findSessionOrganizer(db: Db, token: string): Promise<OrganizerIdentity | undefined> {
  return db
    .selectFrom("organizer_sessions as s")
    .innerJoin("organizers as o", "o.id", "s.organizer_id")
    .select(["o.id", "o.email", "o.name"])
    .where("s.id_hash", "=", hashToken(token))
    .where("s.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export async function closeSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("organizer_sessions").where("id_hash", "=", hashToken(token)).execute();
}

export type PasswordChangeResult = { ok: true } | { ok: false; reason: "wrong-current" };

/** Changes the password and ends every other session of the account (a stolen cookie stops working). */
export async function changePassword(db: Db, input: { organizerId: number; currentPassword: string; newPassword: string; keepSessionToken: string }): Promise<PasswordChangeResult> {
  const organizer = await db.selectFrom("organizers").select("password_hash").where("id", "=", input.organizerId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, organizer.password_hash))) {
    return { ok: false, reason: "wrong-current" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("organizers")
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where("id", "=", input.organizerId)
      .execute();
    await trx.deleteFrom("organizer_sessions").where("organizer_id", "=", input.organizerId).where("id_hash", "<>", hashToken(input.keepSessionToken)).execute();
    await revokeOpenResets(trx, input.organizerId);
  });
  return { ok: true };
}

/** Retires the account's reset links not used yet: the password changed, by another link or on the account page. */
export async function revokeOpenResets(db: Db, organizerId: number): Promise<void> {
  await db
    .updateTable("password_resets")
    .set({ revoked_at: sql<Date>`now()` })
    .where("organizer_id", "=", organizerId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}
