import { redirect, type AppLoadContext } from "@remix-run/node";
import type { EventRole } from "../../db/schema";
import { findEventRole, roleAllows, type Permission } from "../domain/access.server";
import { findEventIdBySlug } from "../domain/events.server";
import { findSessionOrganizer, type OrganizerIdentity } from "../domain/organizers.server";
import { readSessionToken } from "./session.server";

export interface SignedIn {
  organizer: OrganizerIdentity;
  sessionToken: string;
}

export async function getSignedIn(request: Request, context: AppLoadContext): Promise<SignedIn | undefined> {
  const token = await readSessionToken(request, context.config);
  if (!token) return undefined;
  const organizer = await findSessionOrganizer(context.db, token);
  return organizer ? { organizer, sessionToken: token } : undefined;
}

/** Only a path on this site may be a redirect target (no open redirects). */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/admin"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}

export async function requireOrganizer(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await getSignedIn(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return signedIn;
}

export function parseEventId(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== value) throw new Response("Not found", { status: 404 });
  return id;
}

/**
 * The one gate for every event-scoped admin page: signed in, a member of the event,
 * with a role that grants the permission. Strangers to the event get 404, so event ids
 * reveal nothing; members without the right get 403.
 */
export async function requireEventPermission(
  request: Request,
  context: AppLoadContext,
  eventIdParam: string | undefined,
  permission: Permission,
): Promise<SignedIn & { eventId: number; role: EventRole }> {
  const signedIn = await requireOrganizer(request, context);
  const eventId = parseEventId(eventIdParam);
  const role = await findEventRole(context.db, signedIn.organizer.id, eventId);
  if (!role) throw new Response("Not found", { status: 404 });
  if (!roleAllows(role, permission)) throw new Response("Forbidden", { status: 403 });
  return { ...signedIn, eventId, role };
}

/** Check-in pages find their event by slug; the same gate as every event page, for the "checkin" right. */
export async function requireCheckinAccess(request: Request, context: AppLoadContext, slug: string | undefined) {
  const eventId = slug ? await findEventIdBySlug(context.db, slug) : undefined;
  if (eventId === undefined) {
    await requireOrganizer(request, context);
    throw new Response("Not found", { status: 404 });
  }
  return requireEventPermission(request, context, String(eventId), "checkin");
}
