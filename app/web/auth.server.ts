import { redirect, type AppLoadContext } from "@remix-run/node";
import type { EventRole } from "../../db/schema";
import { findEventRole, roleAllows, type Permission } from "../domain/events/access.server";
import { checkinAccess, type CheckinAccess } from "../domain/checkin/door-devices.server";
import { findSessionOrganizer, type OrganizerIdentity } from "../domain/accounts/organizers.server";
import { idParam } from "../lib/ids";
import { doorCookie, readSessionToken, sessionCookie } from "./session.server";
import { TtlCache } from "../lib/ttl-cache";
import { notFound } from "./responses";

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
  if (!role) throw notFound();
  if (!roleAllows(role, permission)) throw new Response("Forbidden", { status: 403 });
  return { ...signedIn, eventId, role };
}

// A door sends the same Cookie header with every scan; checking its signatures (WebCrypto, off
// the main thread and back) cost more than the rest of the authorization, so it is done once.
const doorCookieTokens = new TtlCache<{ sessionToken?: string; deviceToken?: string }>(60_000, 5_000);

/** A check-in request's standing, from its cookies alone: the organizer session, else the door phone's. */
export async function checkinAccessOf(context: Pick<AppLoadContext, "db" | "config">, slug: string | undefined, cookieHeader: string | null): Promise<CheckinAccess> {
  const cacheKey = `${context.config.sessionSecret}\u0000${cookieHeader ?? ""}`;
  let tokens = doorCookieTokens.get(cacheKey);
  if (!tokens) {
    const token = (value: unknown) => (typeof value === "string" && value ? value : undefined);
    tokens = { sessionToken: token(await sessionCookie(context.config).parse(cookieHeader)), deviceToken: token(await doorCookie(context.config).parse(cookieHeader)) };
    doorCookieTokens.set(cacheKey, tokens);
  }
  return checkinAccess(context.db, { slug: slug ?? "", ...tokens });
}

/**
 * Check-in pages find their event by slug and let in the event's organizers and door staff
 * (signed in, with the "checkin" right) or a door phone whose session is for this event. The
 * answer is worked out in one query and kept a few seconds (see checkinAccess).
 */
export async function requireCheckinAccess(request: Request, context: AppLoadContext, slug: string | undefined): Promise<{ eventId: number; organizerId: number | null; deviceId: number | null }> {
  const access = await checkinAccessOf(context, slug, request.headers.get("Cookie"));
  if (access.kind === "granted") return { eventId: access.eventId, organizerId: access.organizerId, deviceId: access.deviceId };
  throw refusalResponse(refusalOf(access, request.url));
}

/** A check-in request refused: the login page for nobody signed in, else 404 or 403. */
export interface CheckinRefusal {
  status: 302 | 403 | 404;
  location?: string;
}

export function refusalOf(access: Exclude<CheckinAccess, { kind: "granted" }>, requestUrl: string): CheckinRefusal {
  if (access.kind === "login") {
    const url = new URL(requestUrl, "http://localhost");
    return { status: 302, location: `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}` };
  }
  return { status: access.kind === "not-found" ? 404 : 403 };
}

function refusalResponse(refusal: CheckinRefusal): Response {
  if (refusal.location) return redirect(refusal.location);
  return new Response(refusal.status === 404 ? "Not found" : "Forbidden", { status: refusal.status });
}
