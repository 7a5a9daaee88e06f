import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInInvitee, undoCheckIn } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { enqueueEmails } from "../../app/domain/outbox.server";
import { mayReadMetrics, routeLabel, serverMetrics } from "../../app/web/metrics.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

/** The value of one sample line, e.g. `nanum_checkins 2`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("server metrics", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("reports the outbox by status, check-ins in force and request durations by route, read when scraped", async () => {
    const owner = await newOrganizer(test.db, "Owner");
    const eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "metrics" })))).id;
    const ids = await addInvitees(test.db, eventId, [sampleInvitee({ name: "김민지" }), sampleInvitee({ name: "박서준" }), sampleInvitee({ name: "이하은" })]);
    const metrics = serverMetrics(test.db);
    const before = (await metrics.scrape()).body;
    const checkinsBefore = sample(before, "nanum_checkins")!;
    const queuedBefore = sample(before, 'nanum_outbox_messages{status="queued"}') ?? 0;

    await enqueueEmails(
      test.db,
      [0, 1].map((i) => ({ eventId, inviteeId: ids[i]!, kind: "invitation", to: { address: `guest${i}@example.org` }, subject: "초대", text: "초대", html: "<p>초대</p>" })),
    );
    const by = { eventId, entrance: "정문", organizerId: owner.id };
    for (const id of ids) await checkInInvitee(test.db, by, id);
    const undone = await checkInInvitee(test.db, by, ids[2]!);
    expect(undone.result).toBe("already");
    if (undone.result === "already") expect(await undoCheckIn(test.db, { eventId, checkinId: undone.checkinId, organizerId: owner.id })).toBe(true);
    metrics.observeRequest("GET", `/admin/events/${eventId}/invitees`, 200, 0.042);
    metrics.observeRequest("POST", "/checkin/metrics/scan", 200, 0.003);
    metrics.observeRequest("GET", "/no/such/page", 404, 0.001);

    const { contentType, body } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(sample(body, "nanum_checkins")).toBe(checkinsBefore + 2);
    expect(sample(body, 'nanum_outbox_messages{status="queued"}')).toBe(queuedBefore + 2);
    expect(sample(body, 'nanum_outbox_oldest_age_seconds{status="queued"}')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'nanum_http_request_duration_seconds_count{route="/admin/events/:id/invitees",method="GET",status="2xx"}')).toBe(1);
    expect(sample(body, 'nanum_http_request_duration_seconds_count{route="/checkin/:slug/scan",method="POST",status="2xx"}')).toBe(1);
    expect(sample(body, 'nanum_http_request_duration_seconds_count{route="(not found)",method="GET",status="4xx"}')).toBe(1);
    expect(body).toContain("nodejs_eventloop_lag_p99_seconds");
    // Nothing personal reaches a label.
    expect(body).not.toMatch(/example\.org|김민지|guest0/);
  });
});

describe("metric labels and access", () => {
  it("labels routes with placeholders for ids, slugs and tokens", () => {
    const token = "Ab3_x-Z9".repeat(4);
    expect(routeLabel(`/i/${token}`, 200)).toBe("/i/:token");
    expect(routeLabel(`/i/${token}/ticket`, 200)).toBe("/i/:token/ticket");
    expect(routeLabel(`/door/${token}`, 200)).toBe("/door/:token");
    expect(routeLabel(`/reset-password/${token}`, 200)).toBe("/reset-password/:token");
    expect(routeLabel(`/e/paju-2026/register/${token}`, 200)).toBe("/e/:slug/register/:token");
    expect(routeLabel("/checkin/paju-2026/scan", 200)).toBe("/checkin/:slug/scan");
    expect(routeLabel("/admin/events/12/agenda/sessions/345.data", 200)).toBe("/admin/events/:id/agenda/sessions/:id");
    expect(routeLabel("/build/_shared/chunk-ABC.js", 200)).toBe("/build/*");
    expect(routeLabel("/wp-login.php", 404)).toBe("(not found)");
  });

  it("opens /metrics to this machine without a proxy, or to the token, and to nobody else", () => {
    const token = "a-metrics-token-of-some-length";
    expect(mayReadMetrics({ remoteAddress: "127.0.0.1", headers: {} }, undefined)).toBe(true);
    expect(mayReadMetrics({ remoteAddress: "::1", headers: {} }, undefined)).toBe(true);
    expect(mayReadMetrics({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "198.51.100.4" } }, undefined)).toBe(false);
    expect(mayReadMetrics({ remoteAddress: "203.0.113.9", headers: {} }, token)).toBe(false);
    expect(mayReadMetrics({ remoteAddress: "203.0.113.9", headers: { authorization: "Bearer wrong" } }, token)).toBe(false);
    expect(mayReadMetrics({ remoteAddress: "203.0.113.9", headers: { authorization: `Bearer ${token}` } }, token)).toBe(true);
    expect(mayReadMetrics({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "198.51.100.4", authorization: `Bearer ${token}` } }, token)).toBe(true);
  });
});
