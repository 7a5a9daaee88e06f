import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyEvent, createEvent, eventFormSchema, getEvent, listPublicEvents, setEventStatus } from "../../app/domain/events/events.server";
import * as newEventRoute from "../../app/routes/admin.events.new";
import * as editEventRoute from "../../app/routes/admin.events.$eventId.edit";
import * as overviewRoute from "../../app/routes/admin.events.$eventId._index";
import * as publicEventRoute from "../../app/routes/e.$slug";
import * as homeRoute from "../../app/routes/_index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

describe("events", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    cookie = await signedInCookie(context, owner.id);
  });
  afterAll(() => test.destroy());

  function submitNew(fields: Record<string, string>) {
    return outcome(() => newEventRoute.action({ request: postRequest("/admin/events/new", fields, { Cookie: cookie }), params: {}, context }));
  }

  it("shows field errors and keeps what was typed when the form is wrong", async () => {
    const result = await submitNew(sampleEventForm({ endTime: "13:00", capacity: "lots", contactEmail: "not-an-email", titleKo: "우리 행사" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ endTime: "error.endBeforeStart", capacity: "error.capacity", contactEmail: "error.email" });
    expect(result.data.values).toMatchObject({ titleKo: "우리 행사", endTime: "13:00", capacity: "lots" });
    expect(await test.db.selectFrom("events").select("id").execute()).toHaveLength(0);
  });

  it("needs a title in one language and at least one host", async () => {
    const result = await submitNew(sampleEventForm({ titleKo: "", titleEn: "  ", "hosts.0.ko": "", "hosts.0.en": "" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ titleKo: "error.titleRequired", "hosts.0.ko": "error.hostRequired" });
  });

  it("rejects impossible dates, unknown time zones and a deadline after the start without a 500", async () => {
    const result = await submitNew(sampleEventForm({ date: "2030-02-30", timeZone: "Mars/Olympus", rsvpDeadlineDate: "2031-01-01", rsvpDeadlineTime: "10:00" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ date: "error.date", timeZone: "error.timeZone" });
    const late = await submitNew(sampleEventForm({ rsvpDeadlineDate: "2030-12-23", rsvpDeadlineTime: "15:00" }));
    expect(late.data.errors).toMatchObject({ rsvpDeadlineDate: "error.deadlineAfterStart" });
  });

  it("creates a draft owned by its creator, with times stored as instants in the event's zone", async () => {
    const result = await submitNew(sampleEventForm({ "hosts.1.ko": "파주교육지원청", "hosts.1.en": "Paju Office of Education" }));
    expect(result.status).toBe(302);
    const eventId = Number(result.location!.split("/").pop());
    const event = await getEvent(test.db, eventId);
    expect(event).toMatchObject({ status: "draft", slug: "2026-education-development-zone-performance-sharing-meeting", capacity: 100 });
    expect(event!.starts_at.toISOString()).toBe("2030-12-23T05:00:00.000Z");
    expect(event!.ends_at.toISOString()).toBe("2030-12-23T08:00:00.000Z");
    expect(event!.hosts).toEqual([
      { name_ko: "파주시", name_en: "Paju City" },
      { name_ko: "파주교육지원청", name_en: "Paju Office of Education" },
    ]);
    const member = await test.db.selectFrom("event_members").select("role").where("event_id", "=", eventId).where("organizer_id", "=", ownerId).executeTakeFirst();
    expect(member?.role).toBe("owner");
  });

  it("refuses a slug another event uses, as a field error", async () => {
    await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: "taken-slug" })));
    const result = await submitNew(sampleEventForm({ slug: "Taken-Slug" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ slug: "error.slugTaken" });
    expect(result.data.values.slug).toBe("Taken-Slug");
  });

  it("gives generated slugs a number when the title repeats", async () => {
    const a = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: "Signing Ceremony" })));
    const b = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: "Signing Ceremony" })));
    expect(a.slug).toBe("signing-ceremony");
    expect(b.slug).toBe("signing-ceremony-2");
  });

  it("keeps drafts and archived events off the public pages, and shows published ones", async () => {
    const { id, slug } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: "Public Soon", titleKo: "곧 공개" })));
    const page = (lang: string) => outcome(() => publicEventRoute.loader({ request: getRequest(`/e/${slug}`, { "Accept-Language": lang }), params: { slug }, context }));
    expect((await page("en")).status).toBe(404);

    const publish = await outcome(() => overviewRoute.action({ request: postRequest(`/admin/events/${id}`, { intent: "publish" }, { Cookie: cookie }), params: { eventId: String(id) }, context }));
    expect(publish.status).toBe(302);
    const english = await page("en-US,en;q=0.9");
    expect(english.status).toBe(200);
    expect(english.data.title).toBe("Public Soon");
    expect(english.data.when.time.replace(/\s/gu, " ")).toBe("2:00 – 5:00 PM");
    expect(english.data.venue.name).toBe("Daekyo Media Center");
    const korean = await page("ko-KR");
    expect(korean.data.title).toBe("곧 공개");
    expect(korean.data.venue.name).toBe("대교 미디어센터");
    expect(korean.data.meta.url).toBe(`http://localhost:3000/e/${slug}`);

    const home = await outcome(() => homeRoute.loader({ request: getRequest("/"), params: {}, context }));
    expect(home.data.upcoming.map((e: { slug: string }) => e.slug)).toContain(slug);

    await setEventStatus(test.db, id, "archived");
    expect((await page("en")).status).toBe(404);
  });

  it("lists upcoming events soonest first, then past ones latest first, and leaves unlisted ones out", async () => {
    const make = async (date: string, visibility = "public") => {
      const { id, slug } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: `Listing ${date} ${visibility}`, date, visibility })));
      await setEventStatus(test.db, id, "published");
      return slug;
    };
    const past1 = await make("2020-03-01");
    const past2 = await make("2021-03-01");
    const next1 = await make("2031-01-10");
    const next2 = await make("2031-01-05");
    const hidden = await make("2031-01-07", "unlisted");
    const { upcoming, past } = await listPublicEvents(test.db, new Date("2026-11-23T00:00:00Z"));
    const upcomingSlugs = upcoming.map((e) => e.slug);
    expect(upcomingSlugs.indexOf(next2)).toBeLessThan(upcomingSlugs.indexOf(next1));
    expect(upcomingSlugs).not.toContain(hidden);
    expect(past.map((e) => e.slug)).toEqual([past2, past1]);
    // Unlisted still opens by its link.
    const page = await outcome(() => publicEventRoute.loader({ request: getRequest(`/e/${hidden}`), params: { slug: hidden }, context }));
    expect(page.status).toBe(200);
  });

  it("edits an event through its form, keeping the local times in the chosen zone", async () => {
    const { id } = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: "To edit" })));
    const params = { eventId: String(id) };
    const form = await outcome(() => editEventRoute.loader({ request: getRequest(`/admin/events/${id}/edit`, { Cookie: cookie }), params, context }));
    expect(form.data.values).toMatchObject({ titleEn: "To edit", date: "2030-12-23", startTime: "14:00", "hosts.0.ko": "파주시" });
    const saved = await outcome(() =>
      editEventRoute.action({
        request: postRequest(`/admin/events/${id}/edit`, { ...form.data.values, timeZone: "Europe/Berlin", startTime: "09:30", endTime: "12:00" }, { Cookie: cookie }),
        params,
        context,
      }),
    );
    expect(saved.status).toBe(302);
    const event = await getEvent(test.db, id);
    expect(event!.starts_at.toISOString()).toBe("2030-12-23T08:30:00.000Z");
    expect(event!.time_zone).toBe("Europe/Berlin");
  });

  it("copies an event as a new draft with its hosts, owned by whoever copied it", async () => {
    const source = await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ titleEn: "Annual Meeting", titleKo: "연례 회의" })));
    await setEventStatus(test.db, source.id, "published");
    const copier = await newOrganizer(test.db, "Copier");
    const copy = await copyEvent(test.db, source.id, copier.id);
    const event = await getEvent(test.db, copy.id);
    expect(event).toMatchObject({ status: "draft", title_en: "Annual Meeting (copy)", title_ko: "연례 회의 (사본)" });
    expect(event!.slug).not.toBe(source.slug);
    expect(event!.hosts).toHaveLength(1);
    const owner = await test.db.selectFrom("event_members").select("organizer_id").where("event_id", "=", copy.id).where("role", "=", "owner").executeTakeFirst();
    expect(owner?.organizer_id).toBe(copier.id);
  });

  it("answers an unknown public slug with 404", async () => {
    const result = await outcome(() => publicEventRoute.loader({ request: getRequest("/e/nope"), params: { slug: "nope" }, context }));
    expect(result.status).toBe(404);
  });
});
