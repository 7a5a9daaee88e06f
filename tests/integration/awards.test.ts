import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskName } from "../../app/domain/awards.server";
import { createEvent, eventFormSchema, setEventStatus } from "../../app/domain/events.server";
import * as adminAwards from "../../app/routes/admin.events.$eventId.awards";
import * as publicAwards from "../../app/routes/e.$slug_.awards";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

describe("awards", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "awards" })))).id;
    await setEventStatus(test.db, eventId, "published");
  });
  afterAll(() => test.destroy());

  const post = (fields: Record<string, string>) =>
    outcome(() => adminAwards.action({ request: postRequest(`/admin/events/${eventId}/awards`, fields, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));

  it("masks a name but its first letter", () => {
    expect(maskName("김민지")).toBe("김○○");
    expect(maskName("남궁 민수")).toBe("남○ ○○");
    expect(maskName(" Emily Park ")).toBe("E○○○○ ○○○○");
  });

  it("lists categories and recipients in call order, and never lets a minor's name reach the public page", async () => {
    expect((await post({ intent: "category", nameKo: "우수기자상", nameEn: "Outstanding Reporter Award", descriptionKo: "", descriptionEn: "", presenter: "교육장" })).status).toBe(302);
    const admin = await outcome(() => adminAwards.loader({ request: getRequest(`/admin/events/${eventId}/awards`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    const categoryId = String(admin.data.categories[0].id);
    await post({ intent: "recipient", categoryId, name: "김민지", organization: "문산중학교", grade: "2학년", citation: "학교 소식을 성실히 취재함", isMinor: "on" });
    await post({ intent: "recipient", categoryId, name: "박선생", organization: "문산중학교", grade: "지도교사", citation: "" });
    const page = await outcome(() => publicAwards.loader({ request: getRequest("/e/awards/awards", { "Accept-Language": "ko" }), params: { slug: "awards" }, context }));
    expect(page.data.categories[0].recipients.map((r: { name: string }) => r.name)).toEqual(["김○○", "박선생"]);
    expect(JSON.stringify(page.data)).not.toContain("김민지");
    const organizer = await outcome(() => adminAwards.loader({ request: getRequest(`/admin/events/${eventId}/awards`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));
    expect(organizer.data.categories[0].recipients.map((r: { name: string }) => r.name)).toEqual(["김민지", "박선생"]);
  });

  it("refuses a recipient without a name or for another event's category, with field errors", async () => {
    const noName = await post({ intent: "recipient", categoryId: "1", name: " ", organization: "", grade: "", citation: "" });
    expect(noName.status).toBe(400);
    expect(noName.data.errors.name).toBe("error.required");
    const foreign = await post({ intent: "recipient", categoryId: "999999", name: "누구", organization: "", grade: "", citation: "" });
    expect(foreign.status).toBe(400);
    expect(foreign.data.errors.categoryId).toBe("error.invalid");
    const noCategoryName = await post({ intent: "category", nameKo: "", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "" });
    expect(noCategoryName.data.errors.nameKo).toBe("error.titleRequired");
  });
});
