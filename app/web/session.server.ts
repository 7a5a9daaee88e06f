import { createCookie, type Cookie } from "@remix-run/node";
import { SESSION_DAYS } from "../domain/accounts/organizers.server";
import type { AppConfig } from "../lib/env.server";

const cookies = new Map<string, Cookie>();

/**
 * The organizer session cookie: a random token, signed, HttpOnly, SameSite=Lax, and
 * Secure when the app is served over https. The session itself lives in the database.
 */
export function sessionCookie(config: AppConfig): Cookie {
  const key = `${config.sessionSecret}|${config.secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(config.secureCookies ? "__Host-nanum_session" : "nanum_session", {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      secrets: [config.sessionSecret],
      maxAge: SESSION_DAYS * 86_400,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

export async function readSessionToken(request: Request, config: AppConfig): Promise<string | undefined> {
  const value = await sessionCookie(config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

const doorCookies = new Map<string, Cookie>();

/** A door phone's session (after its PIN): signed, HttpOnly, SameSite=Lax, Secure over https; two days at most. */
export function doorCookie(config: AppConfig): Cookie {
  const key = `${config.sessionSecret}|${config.secureCookies}`;
  let cookie = doorCookies.get(key);
  if (!cookie) {
    cookie = createCookie(config.secureCookies ? "__Host-nanum_door" : "nanum_door", {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      secrets: [config.sessionSecret],
      maxAge: 2 * 86_400,
    });
    doorCookies.set(key, cookie);
  }
  return cookie;
}
