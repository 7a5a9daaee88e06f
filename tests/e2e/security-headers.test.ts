/**
 * The headers every page goes out with: a Content-Security-Policy that lets scripts run only
 * from this origin or with the response's own nonce, the camera only on the door's scanner,
 * no caching of personal pages, no HSTS over plain HTTP (tests/e2e/https.test.ts has it over
 * HTTPS). tests/e2e/accessibility.test.ts walks every page in Chromium and fails on any
 * violation of the policy.
 */
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "../../app/web/security-headers.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { attendingGuests, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { logIn } from "../helpers/http";

const app = withServerAndBrowser({
  prepare: async (db) => {
    const event = await pajuEvent(db);
    const [guest] = await attendingGuests(db, 1);
    const invitee = await db.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", guest!.inviteeId).executeTakeFirstOrThrow();
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const device = await createDoorDevice(db, { eventId: event.id, name: "정문 휴대폰", createdBy: organizer.id });
    return { slug: event.slug, eventId: event.id, personalToken: await personalLinkToken(db, invitee), doorToken: device.token };
  },
});

function directives(policy: string | null): Map<string, string> {
  return new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values.join(" ")]),
  );
}

describe("security headers", () => {
  it("sends a nonce-based script policy whose nonce, fresh each time, is on every inline script", async () => {
    const { cookie } = await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const nonces = new Set<string>();
    for (const path of ["/", "/admin", `/e/${app.prepared.slug}`, `/checkin/${app.prepared.slug}`]) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie! } });
      expect(response.status, path).toBe(200);
      const policy = directives(response.headers.get("content-security-policy"));
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy.get("script-src") ?? "")?.[1];
      expect(nonce, path).toBeDefined();
      expect(policy.get("script-src"), path).not.toContain("unsafe-inline");
      expect(policy.get("frame-ancestors"), path).toBe("'none'");
      expect(policy.get("connect-src"), path).toBe("'self'");
      expect(policy.get("object-src"), path).toBe("'none'");
      nonces.add(nonce!);
      const html = await response.text();
      // Every inline script the page holds carries that nonce (scripts with a src are 'self').
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]!);
      for (const attributes of inline) expect(attributes, path).toContain(`nonce="${nonce}"`);
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
    expect(nonces.size).toBe(4);
  });

  it("lets only the door's scanner ask for the camera, and keeps signed-in pages out of caches", async () => {
    const { cookie } = await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const headersOf = async (path: string) => (await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie! } })).headers;
    expect((await headersOf(`/checkin/${app.prepared.slug}`)).get("permissions-policy")).toMatch(/(^|, )camera=\(self\)/);
    for (const path of ["/", "/admin", `/e/${app.prepared.slug}`]) {
      const headers = await headersOf(path);
      expect(headers.get("permissions-policy"), path).toMatch(/(^|, )camera=\(\)/);
      expect(headers.get("permissions-policy"), path).toContain("microphone=()");
    }
    expect((await headersOf("/admin")).get("cache-control")).toBe("no-store");
  });

  it("keeps every signed-in and personal answer out of caches: pages, their data, exports and prints", async () => {
    const { cookie } = await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const { eventId, slug, personalToken, doorToken } = app.prepared;
    const paths = [
      "/admin",
      `/admin/events/${eventId}`,
      // Remix's data for client-side navigation: route `headers` exports never reach these.
      `/admin/events/${eventId}/invitees?_data=routes%2Fadmin.events.%24eventId.invitees._index`,
      `/admin/events/${eventId}/invitees/export?format=csv`,
      `/admin/events/${eventId}/attendees/sign-in-sheet`,
      `/checkin/${slug}`,
      `/checkin/${slug}/roster`,
      `/i/${personalToken}`,
      `/i/${personalToken}/ticket`,
      `/i/${personalToken}?_data=routes%2Fi.%24token`,
      `/door/${doorToken}`,
    ];
    for (const path of paths) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie! }, redirect: "manual" });
      expect(response.status, path).toBeLessThan(400);
      expect(response.headers.get("cache-control"), path).toMatch(/(^|,\s*)no-store(,|$)/);
      await response.body?.cancel();
    }
    // A route that chose its own caching keeps it (the event's public key, for door phones).
    const key = await fetch(`${app.baseUrl}/admin/events/${eventId}/ticket-key`, { headers: { Cookie: cookie! } });
    expect(key.headers.get("cache-control")).toBe("private, max-age=300");
  });

  it("reports a script the policy blocks (the page walk's check can fail)", async () => {
    const page = await app.newPage("ko-KR");
    const reported: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective}`));
    });
    page.on("console", (message) => {
      if (message.text().startsWith("CSP violation")) reported.push(message.text());
    });
    // A page of this origin under the app's own policy: one inline script with the nonce, one without.
    await page.route("**/planted", (route) =>
      route.fulfill({
        status: 200,
        headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": contentSecurityPolicy("cGxhbnRlZA==") },
        body: '<!doctype html><title>planted</title><script nonce="cGxhbnRlZA==">window.allowed = true</script><script>window.blocked = true</script>',
      }),
    );
    await page.goto("/planted");
    await expect.poll(() => reported.length).toBeGreaterThan(0);
    expect(reported[0]).toContain("script-src");
    expect(await page.evaluate(() => [(window as { allowed?: boolean }).allowed, (window as { blocked?: boolean }).blocked])).toEqual([true, undefined]);
  });
});
