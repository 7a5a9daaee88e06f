import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { prettyLine, scrubPersonalData, serializeError } from "../../app/lib/logger.server";
import { REDACTED, redactPath, redactPathsIn, requestIdFor, routeIdMatcher } from "../../app/web/request-log.server";
import { collectingLogger } from "../helpers/log";

/** The app's routes as Remix builds them from app/routes (its own flat-routes convention), under the root. */
const routes = { root: { id: "root", path: "" }, ...flatRoutes(path.resolve(__dirname, "../../app"), ["**/.*", "**/*.test.*"]) };

/** Every route's address pattern, its ancestors' paths joined (e.g. /admin/events/:eventId/invitees). */
function pattern(id: string): string {
  const route = routes[id as keyof typeof routes] as { path?: string; parentId?: string };
  const own = route.path ?? "";
  return route.parentId ? `${pattern(route.parentId).replace(/\/$/, "")}/${own}`.replace(/\/+/g, "/") : `/${own}`;
}

/** A personal link's key as the app makes them (32 characters of base64url), and one that looks like a word. */
const TOKEN = "Zx9_kQ2-aB7cD4eF6gH8iJ0kL1mN3oP5";
const PLAIN_TOKEN = "abcdefghijklmnopqrstuvwxyzabcdef";
const SAMPLES: Record<string, string> = { eventId: "12", sessionId: "3", destructionId: "4", inviteeId: "56", slug: "paju-forum-2025" };

const leafRoutes = Object.values(routes).filter((route) => route.id !== "root" && !Object.values(routes).some((other) => "parentId" in other && other.parentId === route.id));

describe("path redaction", () => {
  it("knows every route parameter: a new one must be declared a key or not here", () => {
    const params = new Set(leafRoutes.flatMap((route) => [...pattern(route.id).matchAll(/:(\w+)/g)].map((match) => match[1]!)));
    expect([...params].sort()).toEqual([...Object.keys(SAMPLES), "token"].sort());
  });

  for (const token of [TOKEN, PLAIN_TOKEN]) {
    it(`takes the key out of every route that has one, and leaves the others' ids and slugs (${token === TOKEN ? "a mixed-case key" : "a key that looks like a word"})`, () => {
      const matchRoute = routeIdMatcher(routes);
      let keyed = 0;
      for (const route of leafRoutes) {
        const sample = pattern(route.id).replace(/:(\w+)/g, (_, name: string) => (name === "token" ? token : SAMPLES[name]!));
        for (const address of [sample, `${sample.replace(/\/$/, "") || "/_root"}.data`]) {
          const redacted = redactPath(address);
          expect(redacted, address).not.toContain(token);
          if (pattern(route.id).includes(":token")) expect(redacted, address).toContain(REDACTED);
          else expect(redacted, address).toBe(address);
          expect(matchRoute(address), address).toBe(route.id);
        }
        if (pattern(route.id).includes(":token")) keyed++;
      }
      // i, its ticket, calendar, certificate, my-data and survey pages, door, invite, reset-password,
      // the registration confirmation, and a certificate's verification code (it names its holder).
      expect(keyed).toBe(11);
    });
  }

  it("keeps .data on a data request and what follows the key", () => {
    expect(redactPath(`/i/${TOKEN}.data`)).toBe("/i/[redacted].data");
    expect(redactPath(`/i/${TOKEN}/calendar.ics`)).toBe("/i/[redacted]/calendar.ics");
    expect(redactPath(`/e/paju-forum-2025/register/${PLAIN_TOKEN}`)).toBe("/e/paju-forum-2025/register/[redacted]");
  });

  it("takes out whatever looks like a key, an address or a phone number on an address the app does not have", () => {
    expect(redactPath(`/no/such/${TOKEN}`)).toBe("/no/such/[redacted]");
    expect(redactPath("/admin/events/12/invitees/kim%40example.org")).toBe("/admin/events/12/invitees/[redacted]");
    expect(redactPath("/search/kim@example.org")).toBe("/search/[redacted]");
    expect(redactPath("/call/010-1234-5678")).toBe("/call/[redacted]");
    expect(redactPath("/admin/events/12/attendees/sign-in-sheet")).toBe("/admin/events/12/attendees/sign-in-sheet");
  });

  it("takes keys out of our paths quoted in free text", () => {
    expect(redactPathsIn(`No routes matched location "/i/${PLAIN_TOKEN}/nothing?lang=en"`)).toBe('No routes matched location "/i/[redacted]/nothing?lang=en"');
    expect(redactPathsIn(`at /e/forum/register/${PLAIN_TOKEN} and /door/${PLAIN_TOKEN}`)).toBe("at /e/forum/register/[redacted] and /door/[redacted]");
    expect(redactPathsIn("/work/nanum/build/index.js:12:3")).toBe("/work/nanum/build/index.js:12:3");
  });
});

describe("request ids", () => {
  it("makes a UUID unless a trusted proxy gave a well-formed id", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(requestIdFor(undefined, false)).toMatch(uuid);
    expect(requestIdFor("proxy-id-1", false)).toMatch(uuid);
    expect(requestIdFor("0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f", true)).toBe("0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f");
    expect(requestIdFor(["a1", "b2"], true)).toBe("a1");
    expect(requestIdFor('x" injected="1', true)).toMatch(uuid);
    expect(requestIdFor("a".repeat(129), true)).toMatch(uuid);
    expect(requestIdFor("", true)).toMatch(uuid);
  });
});

describe("scrubbing free text", () => {
  it("takes out email addresses, Korean phone numbers and keys", () => {
    const text = `duplicate key value: Key (event_id, email)=(3, Kim.Minji+rsvp@example.co.kr) already exists; 010-1234-5678, 02 123 4567, +82 10 9876 5432, 01055556666; link /i/${TOKEN}`;
    const scrubbed = scrubPersonalData(text);
    expect(scrubbed).toBe("duplicate key value: Key (event_id, email)=(3, [email]) already exists; [phone], [phone], [phone], [phone]; link /i/[redacted]");
  });

  it("leaves a stack trace, times and slugs readable", () => {
    const text =
      "Error: boom\n    at loader (file:///srv/nanum/build/index.js:1234:56)\n    at /srv/nanum/node_modules/@remix-run/server-runtime/dist/single-fetch.js:100:20 2026-12-04T15:00:00.000Z paju-education-forum-2025";
    expect(scrubPersonalData(text)).toBe(text);
  });

  it("logs an error's kind, code, message and stack, scrubbed, and none of its other fields", () => {
    const error = Object.assign(new Error("insert failed for kim@example.org"), { code: "23505", detail: "Key (email)=(kim@example.org) already exists.", parameters: ["kim@example.org"] });
    const logged = serializeError(error);
    expect(logged).toMatchObject({ type: "Error", code: "23505", message: "insert failed for [email]" });
    expect(JSON.stringify(logged)).not.toContain("kim@");
    expect(logged.stack).toMatch(/^Error: insert failed for \[email\]\n\s+at /);
  });
});

describe("the log's lines", () => {
  it("are JSON with a level name and an ISO time, and errors with their stack", () => {
    const { log, lines } = collectingLogger("info");
    log.debug("not shown at info");
    log.info({ requestId: "r1", status: 200 }, "request");
    log.error({ err: new Error("to 010-2222-3333") }, "failed");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "info", requestId: "r1", status: 200, msg: "request" });
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[1]).toMatchObject({ level: "error", msg: "failed", err: { type: "Error", message: "to [phone]" } });
    expect((lines[1]!.err as { stack: string }).stack).toContain("logs.test.ts");
  });

  it("read as one line each in the pretty form, a stack indented below", () => {
    const request = prettyLine(
      JSON.stringify({
        level: "info",
        time: "2026-12-04T15:00:00.123Z",
        pid: 1,
        hostname: "h",
        requestId: "r1",
        method: "GET",
        route: "routes/i.$token",
        path: "/i/[redacted]",
        status: 200,
        durationMs: 4.2,
        msg: "request",
      }),
    );
    expect(request).toBe("15:00:00.123 INFO  request GET /i/[redacted] → 200 in 4.2 ms requestId=r1 route=routes/i.$token\n");
    const failure = prettyLine(
      JSON.stringify({ level: "error", time: "2026-12-04T15:00:00.123Z", msg: "failed", outboxId: 7, err: { type: "Error", message: "x", stack: "Error: x\n    at f (a.js:1:1)" } }),
    );
    expect(failure).toBe("15:00:00.123 ERROR failed outboxId=7\n    Error: x\n        at f (a.js:1:1)\n");
  });
});
