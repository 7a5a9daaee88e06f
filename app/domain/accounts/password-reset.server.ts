import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { renderPasswordReset } from "../../../emails/password-reset";
import type { Locale } from "../../i18n/i18n";
import { hashPassword } from "../../lib/passwords.server";
import { hashToken, randomToken } from "../../lib/tokens.server";
import { normalizeEmail, revokeOpenResets } from "./organizers.server";
import { enqueueEmails } from "../outbox.server";

type Db = Kysely<Database>;

/** Reset emails allowed per account, and requests per client address, within the window. */
export const RESET_LIMITS = { windowMinutes: 60, perAccount: 3, perAddress: 20 } as const;
export const RESET_VALID_HOURS = 1;

export type ResetRequestOutcome = "queued" | "no-account" | "throttled";

/**
 * Queues a reset link for the account with this email, if there is one and it is not
 * throttled. The caller shows the same answer whatever the outcome, so the page tells
 * nobody which addresses have accounts.
 */
export async function requestPasswordReset(db: Db, input: { email: string; clientAddress: string; origin: string; locale: Locale; messageIdDomain: string }): Promise<ResetRequestOutcome> {
  const since = sql<Date>`now() - make_interval(mins => ${RESET_LIMITS.windowMinutes})`;
  return db.transaction().execute(async (trx) => {
    // Rows older than a day count for nothing; dropping them here keeps the table small.
    await trx
      .deleteFrom("password_reset_requests")
      .where("requested_at", "<", sql<Date>`now() - interval '1 day'`)
      .execute();
    await trx.insertInto("password_reset_requests").values({ client_address: input.clientAddress }).execute();
    const byAddress = await trx
      .selectFrom("password_reset_requests")
      .select((eb) => eb.fn.countAll<number>().as("requests"))
      .where("client_address", "=", input.clientAddress)
      .where("requested_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(byAddress.requests) > RESET_LIMITS.perAddress) return "throttled";

    // Locking the account makes two requests at once count one after the other.
    const organizer = await trx.selectFrom("organizers").select(["id", "email", "name"]).where("email", "=", normalizeEmail(input.email)).forUpdate().executeTakeFirst();
    if (!organizer) return "no-account";
    const byAccount = await trx
      .selectFrom("password_resets")
      .select((eb) => eb.fn.countAll<number>().as("sent"))
      .where("organizer_id", "=", organizer.id)
      .where("created_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(byAccount.sent) >= RESET_LIMITS.perAccount) return "throttled";

    const token = randomToken();
    await trx
      .insertInto("password_resets")
      .values({
        organizer_id: organizer.id,
        token_hash: hashToken(token),
        expires_at: sql<Date>`now() + make_interval(hours => ${RESET_VALID_HOURS})`,
        requested_address: input.clientAddress,
      })
      .execute();
    const email = renderPasswordReset({ name: organizer.name, resetLink: `${input.origin}/reset-password/${token}`, validHours: RESET_VALID_HOURS }, input.locale);
    await enqueueEmails(trx, [{ kind: "password-reset", to: { address: organizer.email, name: organizer.name }, ...email }], input.messageIdDomain);
    return "queued";
  });
}

export type ResetLinkState = { status: "open"; email: string } | { status: LinkProblem };
type LinkProblem = "unknown" | "spent" | "expired";

function linkProblem(reset: { used_at: Date | null; revoked_at: Date | null; expired: boolean } | undefined): LinkProblem | null {
  if (!reset) return "unknown";
  if (reset.used_at || reset.revoked_at) return "spent";
  return reset.expired ? "expired" : null;
}

/** What a reset link is worth right now, for the page that sets the new password. */
export async function findPasswordReset(db: Db, token: string): Promise<ResetLinkState> {
  const reset = await db
    .selectFrom("password_resets as r")
    .innerJoin("organizers as o", "o.id", "r.organizer_id")
    .select(["o.email", "r.used_at", "r.revoked_at", sql<boolean>`r.expires_at <= now()`.as("expired")])
    .where("r.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  const problem = linkProblem(reset);
  return problem || !reset ? { status: problem ?? "unknown" } : { status: "open", email: reset.email };
}

export type PasswordResetResult = { ok: true; organizerId: number } | { ok: false; reason: LinkProblem };

/**
 * Sets a new password with a reset link, once: the link's row is locked, so of two submits at
 * once only the first succeeds. Every session of the account ends (whoever knew the old
 * password is logged out) and the account's other open links stop working.
 */
export async function resetPassword(db: Db, input: { token: string; newPassword: string; clientAddress: string }): Promise<PasswordResetResult> {
  // Hashed before the transaction, so the lock is not held through scrypt.
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom("password_resets as r")
      .innerJoin("organizers as o", "o.id", "r.organizer_id")
      .select(["r.id", "r.organizer_id", "o.email", "r.used_at", "r.revoked_at", sql<boolean>`r.expires_at <= now()`.as("expired")])
      .where("r.token_hash", "=", hashToken(input.token))
      .forUpdate("r")
      .executeTakeFirst();
    const problem = linkProblem(reset);
    if (problem || !reset) return { ok: false, reason: problem ?? "unknown" };

    await trx
      .updateTable("organizers")
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where("id", "=", reset.organizer_id)
      .execute();
    await trx.deleteFrom("organizer_sessions").where("organizer_id", "=", reset.organizer_id).execute();
    await trx
      .updateTable("password_resets")
      .set({ used_at: sql<Date>`now()` })
      .where("id", "=", reset.id)
      .execute();
    await revokeOpenResets(trx, reset.organizer_id);
    // Proving control of the mailbox clears the account's failed logins, as a login would:
    // someone locked out by wrong guesses can log in with the new password at once.
    await trx.insertInto("login_attempts").values({ email: reset.email, client_address: input.clientAddress, succeeded: true }).execute();
    return { ok: true, organizerId: reset.organizer_id };
  });
}
