import { sql, type Kysely } from "kysely";
import type { Database, EventRole } from "../../../db/schema";
import { renderOrganizerInvitation } from "../../../emails/organizer-invitation";
import { inLocale, type Locale } from "../../i18n/i18n";
import { hashToken, randomToken } from "../../lib/tokens.server";
import { createOrganizer, normalizeEmail, type OrganizerIdentity } from "../accounts/organizers.server";
import { enqueueEmails } from "../outbox.server";

type Db = Kysely<Database>;
export type GrantableRole = Exclude<EventRole, "owner">;

export const INVITATION_DAYS = 7;

export async function listEventAccess(db: Db, eventId: number) {
  const members = await db
    .selectFrom("event_members as m")
    .innerJoin("organizers as o", "o.id", "m.organizer_id")
    .select(["o.id", "o.email", "o.name", "m.role"])
    .where("m.event_id", "=", eventId)
    .orderBy(sql`case m.role when 'owner' then 0 when 'organizer' then 1 else 2 end`)
    .orderBy("o.name")
    .execute();
  const invitations = await db
    .selectFrom("event_invitations")
    .select(["id", "email", "role", "expires_at"])
    .where("event_id", "=", eventId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .orderBy("created_at")
    .execute();
  return { members, invitations };
}

export type GrantResult = { kind: "added"; organizer: OrganizerIdentity } | { kind: "already-member" } | { kind: "invited"; token: string };

/** What the invitation email needs from the page that sends it. */
export interface InvitationMailOptions {
  /** Where /invite/<token> is served, e.g. https://nanum.example.go.kr. */
  origin: string;
  /** The inviter's page language; the email is written in it. */
  locale: Locale;
  messageIdDomain: string;
}

/**
 * Gives someone access to an event by email: an existing account joins at once;
 * anyone else gets an invitation link, emailed to them (in the same transaction) and
 * shown to the owner to pass on another way.
 */
export async function grantEventAccess(db: Db, input: { eventId: number; email: string; role: GrantableRole; invitedBy: number }, mail: InvitationMailOptions): Promise<GrantResult> {
  const email = normalizeEmail(input.email);
  return db.transaction().execute(async (trx) => {
    const organizer = await trx.selectFrom("organizers").select(["id", "email", "name"]).where("email", "=", email).executeTakeFirst();
    if (organizer) {
      const added = await trx
        .insertInto("event_members")
        .values({ event_id: input.eventId, organizer_id: organizer.id, role: input.role })
        .onConflict((oc) => oc.columns(["event_id", "organizer_id"]).doNothing())
        .returning("organizer_id")
        .executeTakeFirst();
      return added ? { kind: "added", organizer } : { kind: "already-member" };
    }
    const token = randomToken();
    await trx
      .insertInto("event_invitations")
      .values({
        event_id: input.eventId,
        email,
        role: input.role,
        token_hash: hashToken(token),
        invited_by: input.invitedBy,
        expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      })
      .execute();
    const event = await trx.selectFrom("events").select(["title_ko", "title_en"]).where("id", "=", input.eventId).executeTakeFirstOrThrow();
    const inviter = await trx.selectFrom("organizers").select(["name", "email"]).where("id", "=", input.invitedBy).executeTakeFirstOrThrow();
    const rendered = renderOrganizerInvitation(
      {
        inviterName: inviter.name,
        eventTitle: inLocale(mail.locale, { ko: event.title_ko, en: event.title_en }),
        role: input.role,
        inviteLink: `${mail.origin}/invite/${token}`,
        validDays: INVITATION_DAYS,
      },
      mail.locale,
    );
    // Replies reach the person who invited them, not the sending address.
    await enqueueEmails(trx, [{ eventId: input.eventId, kind: "organizer-invitation", to: { address: email }, fromName: inviter.name, replyTo: inviter.email, ...rendered }], mail.messageIdDomain);
    return { kind: "invited", token };
  });
}

/** Removes someone's access; the owner cannot be removed. */
export async function revokeEventAccess(db: Db, eventId: number, organizerId: number): Promise<boolean> {
  const result = await db.deleteFrom("event_members").where("event_id", "=", eventId).where("organizer_id", "=", organizerId).where("role", "<>", "owner").executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function revokeInvitation(db: Db, eventId: number, invitationId: number): Promise<void> {
  await db
    .updateTable("event_invitations")
    .set({ revoked_at: sql<Date>`now()` })
    .where("event_id", "=", eventId)
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .execute();
}

export async function findOpenInvitation(db: Db, token: string) {
  return db
    .selectFrom("event_invitations as i")
    .innerJoin("events as e", "e.id", "i.event_id")
    .select(["i.id", "i.email", "i.role", "i.event_id", "e.title_ko", "e.title_en"])
    .where("i.token_hash", "=", hashToken(token))
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export type InvitationAcceptance = { ok: true; eventId: number; organizerId: number; role: EventRole } | { ok: false; reason: "invalid" | "email-taken" };

/**
 * Uses an invitation once: for the signed-in organizer, or for a new account created
 * with the invited email. The invitation row is locked so it cannot be used twice.
 */
export async function acceptInvitation(db: Db, token: string, who: { organizerId: number } | { name: string; password: string }): Promise<InvitationAcceptance> {
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom("event_invitations")
      .select(["id", "email", "role", "event_id"])
      .where("token_hash", "=", hashToken(token))
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return { ok: false, reason: "invalid" } as const;
    let organizerId: number;
    if ("organizerId" in who) {
      organizerId = who.organizerId;
    } else {
      const existing = await trx.selectFrom("organizers").select("id").where("email", "=", invitation.email).executeTakeFirst();
      if (existing) return { ok: false, reason: "email-taken" } as const;
      organizerId = (await createOrganizer(trx, { email: invitation.email, name: who.name, password: who.password })).id;
    }
    await trx
      .insertInto("event_members")
      .values({ event_id: invitation.event_id, organizer_id: organizerId, role: invitation.role })
      .onConflict((oc) => oc.columns(["event_id", "organizer_id"]).doNothing())
      .execute();
    await trx
      .updateTable("event_invitations")
      .set({ accepted_at: sql<Date>`now()` })
      .where("id", "=", invitation.id)
      .execute();
    // Someone already on the event keeps the role they had; say which one they hold now.
    const member = await trx.selectFrom("event_members").select("role").where("event_id", "=", invitation.event_id).where("organizer_id", "=", organizerId).executeTakeFirstOrThrow();
    return { ok: true, eventId: invitation.event_id, organizerId, role: member.role } as const;
  });
}
