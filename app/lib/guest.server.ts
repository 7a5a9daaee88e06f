import type { AppLoadContext } from "@remix-run/node";
import { findInviteeByLinkToken, recordLinkFailure } from "../domain/invitations.server";
import { getEvent } from "../domain/events.server";

/**
 * The invitee behind a personal link, with their event, for every page under /i/<token>.
 * Unknown links are 404 (429 once an address has failed too often: only failures count, so
 * a valid link is never refused); links to an archived event are 410 with whom to ask.
 */
export async function requireGuest(context: AppLoadContext, token: string | undefined) {
  const found = await findInviteeByLinkToken(context.db, token ?? "");
  if (found.status === "not-found") {
    const { throttled } = await recordLinkFailure(context.db, context.clientAddress);
    throw new Response(throttled ? "Too many attempts" : "Unknown link", { status: throttled ? 429 : 404, headers: throttled ? { "Retry-After": "600" } : {} });
  }
  const event = await getEvent(context.db, found.eventId);
  const contact = event ? { name: event.contact_name, phone: event.contact_phone, email: event.contact_email } : null;
  if (found.status === "gone" || !event) throw Response.json({ contact }, { status: 410 });
  return { invitee: found.invitee, event };
}
