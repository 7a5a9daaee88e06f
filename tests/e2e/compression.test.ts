import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { personalLinkMaker } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { withServer } from "../helpers/e2e";
import { getRaw, logIn } from "../helpers/http";
import { repoRoot } from "../helpers/server";

const app = withServer({
  async prepare(db) {
    const event = await db.selectFrom("events").select(["id", "slug"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const invitees = await db.selectFrom("invitees").select(["id", "link_version"]).where("event_id", "=", event.id).where("language", "=", "ko").orderBy("id").execute();
    const guestPath = (await personalLinkMaker(db, ""))(invitees[0]!);
    // Thirty tickets, so the door's offline roster is a JSON answer of a few KB.
    const mail = { origin: "http://localhost:3000", messageIdDomain: "nanum.local" };
    for (const invitee of invitees.slice(1, 31)) {
      await recordRsvp(db, { eventId: event.id, inviteeId: invitee.id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail });
    }
    const doorPath = `/door/${(await createDoorDevice(db, { eventId: event.id, name: "정문", createdBy: organizer.id })).token}`;
    return { eventId: event.id, slug: event.slug, guestPath, doorPath };
  },
});
let cookie: string;

beforeAll(async () => {
  cookie = (await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password)).cookie!;
});

const vary = (headers: Record<string, unknown>) => String(headers.vary ?? "").toLowerCase();

describe("compressed answers", () => {
  it("sends a page gzip- or brotli-compressed when the client asks, and as it is when not", async () => {
    const { guestPath, eventId } = app.prepared;
    const plain = await getRaw(`${app.baseUrl}${guestPath}`);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const html = plain.body.toString("utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    for (const encoding of ["gzip", "br"]) {
      const packed = await getRaw(`${app.baseUrl}${guestPath}`, { "Accept-Encoding": `${encoding}` });
      expect(packed.headers["content-encoding"], encoding).toBe(encoding);
      expect(vary(packed.headers)).toContain("accept-encoding");
      expect(packed.body.toString("utf8")).toBe(html);
      expect(packed.wire.length).toBeLessThan(plain.body.length / 2);
    }
    const admin = await getRaw(`${app.baseUrl}/admin/events/${eventId}/invitees`, { Cookie: cookie, "Accept-Encoding": "gzip, deflate, br" });
    expect(admin.status).toBe(200);
    expect(admin.headers["content-encoding"]).toBe("br");
  });

  it("compresses a large JSON answer, and leaves a small one as it is", async () => {
    const { slug } = app.prepared;
    const roster = await getRaw(`${app.baseUrl}/checkin/${slug}/roster`, { Cookie: cookie, "Accept-Encoding": "gzip" });
    expect(roster.status).toBe(200);
    expect(roster.headers["content-type"]).toMatch(/^application\/json/);
    expect(roster.body.length).toBeGreaterThan(2048);
    expect(roster.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(roster.body.toString("utf8"))).toHaveProperty("publicKey");
    expect(roster.headers["cache-control"]).toBe("private, no-store");

    const health = await getRaw(`${app.baseUrl}/healthz`, { "Accept-Encoding": "gzip, br" });
    expect(health.status).toBe(200);
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(health.body.toString("utf8"))).toMatchObject({ status: "ok" });
  });

  it("sends built scripts and styles compressed and cacheable for a year, unchanged when not asked to compress", async () => {
    const { slug } = app.prepared;
    const page = (await getRaw(`${app.baseUrl}/checkin/${slug}`, { Cookie: cookie })).body.toString("utf8");
    const script = /<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/.exec(page)?.[1];
    const style = /<link rel="stylesheet" href="(\/build\/[^"]+\.css)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    for (const asset of [script!, style!]) {
      const onDisk = fs.readFileSync(path.join(repoRoot, "public", asset));
      const plain = await getRaw(`${app.baseUrl}${asset}`);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(plain.wire.equals(onDisk)).toBe(true);
      for (const encoding of onDisk.length >= 1024 ? ["gzip", "br"] : []) {
        const packed = await getRaw(`${app.baseUrl}${asset}`, { "Accept-Encoding": encoding });
        expect(packed.headers["content-encoding"], `${asset} ${encoding}`).toBe(encoding);
        expect(packed.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
        expect(packed.body.equals(onDisk)).toBe(true);
      }
    }
  });

  it("leaves spreadsheets as they are: .xlsx is a zip already", async () => {
    const { eventId } = app.prepared;
    const xlsx = await getRaw(`${app.baseUrl}/admin/events/${eventId}/invitees/export?format=xlsx&reason=reception`, { Cookie: cookie, "Accept-Encoding": "gzip, br" });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers["content-encoding"]).toBeUndefined();
    expect(xlsx.wire.subarray(0, 2).toString("latin1")).toBe("PK");
  });
});

describe("caching of personal pages", () => {
  it("marks a guest's, a door phone's and signed-in pages no-store, compressed or not", async () => {
    const { guestPath, doorPath, slug, eventId } = app.prepared;
    const pages: Array<[string, Record<string, string>]> = [
      [guestPath, {}],
      [`${guestPath}/ticket`, {}],
      // The page's data as the browser's router fetches it on a client-side navigation.
      [`${guestPath}.data`, {}],
      [doorPath, {}],
      [`/checkin/${slug}`, { Cookie: cookie }],
      ["/admin", { Cookie: cookie }],
      [`/admin/events/${eventId}`, { Cookie: cookie }],
      [`/admin/events/${eventId}/invitees`, { Cookie: cookie }],
    ];
    for (const [target, headers] of pages) {
      for (const encoding of ["identity", "gzip"]) {
        const response = await getRaw(`${app.baseUrl}${target}`, { ...headers, "Accept-Encoding": encoding });
        expect(response.status, target).toBe(200);
        expect(response.headers["cache-control"], `${target} (${encoding})`).toBe("no-store");
      }
    }
    // Public pages too: their header says who is signed in, and nothing is gained by a shared copy.
    const home = await getRaw(`${app.baseUrl}/`, { "Accept-Encoding": "gzip" });
    expect(home.headers["cache-control"]).toBe("no-store");
  });
});
