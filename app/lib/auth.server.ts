import { redirect, type AppLoadContext } from "@remix-run/node";
import type { EventRole } from "../../db/schema";
import { findEventRole, roleAllows, type Permission } from "../domain/access.server";
import { checkinStillOpen, findDeviceSession } from "../domain/door-devices.server";
import { findEventIdBySlug } from "../domain/events.server";
import { findSessionOrganizer, type OrganizerIdentity } from "../domain/organizers.server";
import { idParam } from "./ids";
import { doorCookie, readSessionToken } from "./session.server";

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

// Any fixed origin will do: a target is ours when resolving it against an origin keeps that origin.
const SAME_SITE_PROBE = "http://nanum.invalid";

/**
 * Only a path on this site may be a redirect target (no open redirects). Browsers drop tabs and
 * newlines and read "\\" as "/", so "/\t/evil.example" would leave the site: control characters
 * and backslashes are refused outright, and what remains must resolve to this origin. The answer
 * is the parsed path, percent-encoded, so it is always a valid Location header.
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/admin"): string {
  if (typeof target !== "string" || !target.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, SAME_SITE_PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_SITE_PROBE) return fallback;
  return url.pathname + url.search + url.hash;
}

export async function requireOrganizer(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await getSignedIn(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return signedIn;
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
  const eventId = idParam(eventIdParam);
  const role = await findEventRole(context.db, signedIn.organizer.id, eventId);
  if (!role) throw new Response("Not found", { status: 404 });
  if (!roleAllows(role, permission)) throw new Response("Forbidden", { status: 403 });
  return { ...signedIn, eventId, role };
}

/**
 * Check-in pages find their event by slug and let in the event's organizers and door staff
 * (signed in, with the "checkin" right) or a door phone whose session is for this event.
 */
export async function requireCheckinAccess(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
): Promise<{ eventId: number; organizerId: number | null; deviceId: number | null }> {
  const eventId = slug ? await findEventIdBySlug(context.db, slug) : undefined;
  if (!(await getSignedIn(request, context))) {
    const token = await doorCookie(context.config).parse(request.headers.get("Cookie"));
    const device = typeof token === "string" && token ? await findDeviceSession(context.db, token) : undefined;
    if (device) {
      if (device.eventId !== eventId) throw new Response("Not found", { status: 404 });
      return { eventId, organizerId: null, deviceId: device.deviceId };
    }
  }
  if (eventId === undefined) {
    await requireOrganizer(request, context);
    throw new Response("Not found", { status: 404 });
  }
  const { organizer, role } = await requireEventPermission(request, context, String(eventId), "checkin");
  // Door staff's access ends some hours after the event, as door phones' does; organizers keep theirs.
  if (role === "staff" && !(await checkinStillOpen(context.db, eventId))) throw new Response("Forbidden", { status: 403 });
  return { eventId, organizerId: organizer.id, deviceId: null };
}
