import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createOrganizer, openSession, type OrganizerIdentity } from "../../app/domain/accounts/organizers.server";
import { generateAppKey } from "../../app/lib/app-key.server";
import type { AppConfig } from "../../app/lib/env.server";
import { createArrivalsFeed } from "../../app/domain/checkin/arrivals-feed.server";
import { sessionCookie } from "../../app/web/session.server";

export const BASE = "http://localhost:3000";

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl: undefined,
    dataDir: "/nonexistent",
    port: 3000,
    host: "127.0.0.1",
    appUrl: undefined,
    sessionSecret: crypto.randomBytes(32).toString("hex"),
    // Routes never read it: domain code takes the key its database was opened with (tests/helpers/db.ts).
    appKey: generateAppKey("APP_KEY").key,
    secureCookies: false,
    trustProxy: false,
    smtpUrl: undefined,
    smtpFrom: "nanum@example.org",
    accessibilityContact: undefined,
    metricsToken: undefined,
    accessLogRetentionDays: 730,
    nodeEnv: "test",
    https: undefined,
    ...overrides,
    publicOrigin: overrides.publicOrigin ?? overrides.appUrl ?? BASE,
  };
}

export function testContext(db: Kysely<Database>, overrides: Partial<AppLoadContext> = {}): AppLoadContext {
  return {
    db,
    engine: "embedded",
    config: testConfig(),
    clientAddress: "203.0.113.7",
    mail: { nudge: () => {} },
    lifecycle: { draining: false },
    cspNonce: "",
    arrivals: createArrivalsFeed(),
    ...overrides,
  };
}

let organizerCount = 0;

export async function newOrganizer(db: Kysely<Database>, name = "Organizer"): Promise<OrganizerIdentity & { password: string }> {
  const password = "correct horse battery";
  organizerCount += 1;
  const organizer = await createOrganizer(db, {
    email: `${name.toLowerCase().replace(/\W+/g, ".")}.${organizerCount}.${crypto.randomBytes(3).toString("hex")}@example.org`,
    name,
    password,
  });
  return { ...organizer, password };
}

/** The Cookie header of a signed-in organizer, exactly as the browser would send it. */
export async function signedInCookie(context: AppLoadContext, organizerId: number): Promise<string> {
  const { token } = await openSession(context.db, organizerId, { userAgent: "vitest", clientAddress: context.clientAddress });
  const setCookie = await sessionCookie(context.config).serialize(token);
  return setCookie.split(";")[0]!;
}

export function getRequest(path: string, headers: Record<string, string> = {}): Request {
  return new Request(new URL(path, BASE), { headers });
}

export function postRequest(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(new URL(path, BASE), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

export interface RouteOutcome {
  status: number;
  location: string | null;
  headers: Headers;
  data: any;
}

function isDataWithInit(value: unknown): value is { type: string; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}

/** Runs a loader or action and tells what the user would get: status, redirect target, data. */
export async function outcome(run: () => Promise<unknown>): Promise<RouteOutcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (value instanceof Response) {
    // An event stream stays open: what the user gets is its status and headers.
    if (value.headers.get("Content-Type")?.startsWith("text/event-stream")) {
      await value.body?.cancel();
      return { status: value.status, location: null, headers: value.headers, data: null };
    }
    const isJson = value.headers.get("Content-Type")?.includes("json");
    return {
      status: value.status,
      location: value.headers.get("Location"),
      headers: value.headers,
      data: isJson ? await value.json() : await value.text(),
    };
  }
  if (isDataWithInit(value)) {
    return { status: value.init?.status ?? 200, location: null, headers: new Headers(value.init?.headers), data: value.data };
  }
  return { status: 200, location: null, headers: new Headers(), data: value };
}
