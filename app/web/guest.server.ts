import type { AppLoadContext } from "@remix-run/node";
import { recordLinkFailure } from "../domain/invitations/invitations.server";
import { findGuestByLinkToken, findGuestPage, type GuestLookup } from "../domain/rsvp/rsvp.server";

/**
 * The invitee behind a personal link, with their event, for every page under /i/<token>.
 * Unknown links are 404 (429 once an address has failed too often: only failures count, so
 * a valid link is never refused); links to an archived event are 410 with whom to ask.
 */
export async function requireGuest(context: AppLoadContext, token: string | undefined) {
  return found(context, await findGuestByLinkToken(context.db, token ?? ""));
}

/** As requireGuest, with everything the guest's own page shows (one query). */
export async function requireGuestPage(context: AppLoadContext, token: string | undefined) {
  return found(context, await findGuestPage(context.db, token ?? ""));
}

async function found<Extra>(context: AppLoadContext, lookup: GuestLookup<Extra>) {
  if (lookup.status === "not-found") {
    const { throttled } = await recordLinkFailure(context.db, context.clientAddress);
    throw new Response(throttled ? "Too many attempts" : "Unknown link", { status: throttled ? 429 : 404, headers: throttled ? { "Retry-After": "600" } : {} });
  }
  if (lookup.status === "deleted") {
    // Not an unknown link: the guest's own deletion, said plainly (see PersonalLinkError).
    throw Response.json({ deleted: { queued: lookup.queued } }, { status: 410 });
  }
  if (lookup.status === "gone") {
    const { event } = lookup;
    throw Response.json({ contact: { name: event.contact_name, phone: event.contact_phone, email: event.contact_email } }, { status: 410 });
  }
  return lookup;
}
