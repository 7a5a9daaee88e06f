/// <reference types="vite/client" />
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSession, sessionFormSchema } from "../../app/domain/program/agenda.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee } from "../../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { recordDestruction } from "../../app/domain/events/destruction-register.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";

interface RouteModule {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}

// Every admin route module, found by file name, so a new admin page is walked without editing this test.
const adminRoutes = import.meta.glob<RouteModule>("../../app/routes/admin*.{ts,tsx}", { eager: true });

/** The ids in a route's path (`$eventId`, `$inviteeId`, `$sessionId`…) by parameter name. */
function routePath(file: string, ids: Record<string, string>): string {
  const name = file.replace(/^.*\/routes\//, "").replace(/\.tsx?$/, "");
  return (
    "/" +
    name
      .split(".")
      .filter((part) => part !== "_index")
      .map((part) => (part.startsWith("$") ? (ids[part.slice(1).replace(/_$/, "")] ?? part) : part))
      .join("/")
  );
}

describe("admin routes", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let inviteeId: number;
  let sessionId: number;
  let destructionId: number;
  const cookies: Record<"owner" | "organizer" | "other" | "staff", string> = { owner: "", organizer: "", other: "", staff: "" };

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const coOrganizer = await newOrganizer(test.db, "Co");
    const other = await newOrganizer(test.db, "Other");
    const staff = await newOrganizer(test.db, "Staff");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
    await createEvent(test.db, other.id, eventFormSchema.parse(sampleEventForm({ titleEn: "Someone else's event" })));
    inviteeId = (await addInvitee(test.db, eventId, sampleInvitee({ name: "김민지" }))).id;
    sessionId = (
      await saveSession(
        test.db,
        eventId,
        sessionFormSchema.parse({ partId: "", kind: "opening", startTime: "14:00", endTime: "14:10", titleKo: "개회", titleEn: "", descriptionKo: "", descriptionEn: "", room: "", cue: "" }),
      )
    ).id;
    // A row of the destruction register for its confirmation page, written without a purge so the
    // event keeps its invitee (the last tests check that refused requests changed nothing).
    const counts = { invitees: 1, rsvps: 0, registrations: 0, emails: 0, awardStandIns: 0, inviteeUploads: 0, awardUploads: 0, surveyAnswers: 0 };
    destructionId = await recordDestruction(test.db, { eventId, actor: { kind: "organizer", organizerId: owner.id }, counts });
    const mail = { origin: "http://localhost:3000", locale: "ko", messageIdDomain: "example.org" } as const;
    await grantEventAccess(test.db, { eventId, email: coOrganizer.email, role: "organizer", invitedBy: owner.id }, mail);
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, mail);
    cookies.owner = await signedInCookie(context, owner.id);
    cookies.organizer = await signedInCookie(context, coOrganizer.id);
    cookies.other = await signedInCookie(context, other.id);
    cookies.staff = await signedInCookie(context, staff.id);
  });
  afterAll(() => test.destroy());

  const files = Object.keys(adminRoutes).sort();
  /** Routes that door staff use (check-in only); every other event page refuses them. */
  const STAFF_ROUTES = new Set(["admin.events.$eventId.ticket-key.ts"]);

  it("finds the admin routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  async function call(file: string, kind: "loader" | "action", cookie?: string) {
    const module = adminRoutes[file]!;
    const ids = { eventId: String(eventId), inviteeId: String(inviteeId), sessionId: String(sessionId), destructionId: String(destructionId) };
    // Exports and printed lists ask for a reason first (다운로드 사유), and the reason form for what is downloaded.
    const path = kind === "loader" ? `${routePath(file, ids)}?reason=reception&what=invitees-export` : routePath(file, ids);
    const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
    const request = kind === "loader" ? getRequest(path, headers) : postRequest(path, { intent: "archive" }, headers);
    const handler = module[kind]!;
    return outcome(() => handler({ request, params: ids, context }));
  }

  for (const file of Object.keys(adminRoutes).sort()) {
    const module = adminRoutes[file]!;
    const kinds = (["loader", "action"] as const).filter((kind) => module[kind]);
    const eventScoped = file.includes("$eventId");

    for (const kind of kinds) {
      it(`${file.replace(/^.*\/routes\//, "")} ${kind}: a stranger is sent to the login page`, async () => {
        const result = await call(file, kind);
        expect(result.status).toBe(302);
        expect(result.location).toMatch(/^\/login\?redirectTo=/);
      });

      if (!eventScoped) continue;

      it(`${file.replace(/^.*\/routes\//, "")} ${kind}: another organizer gets 404 and changes nothing`, async () => {
        const result = await call(file, kind, cookies.other);
        expect(result.status).toBe(404);
      });

      const forStaff = STAFF_ROUTES.has(file.replace(/^.*\/routes\//, ""));
      it(`${file.replace(/^.*\/routes\//, "")} ${kind}: staff get ${forStaff ? "it (check-in needs it)" : "403"}`, async () => {
        const result = await call(file, kind, cookies.staff);
        expect(result.status).toBe(forStaff ? 200 : 403);
      });
    }

    if (eventScoped && module.loader) {
      it(`${file.replace(/^.*\/routes\//, "")} loader: the owner gets the page`, async () => {
        const result = await call(file, "loader", cookies.owner);
        expect(result.status).toBe(200);
      });
    }
  }

  it("lets a co-organizer edit but not manage who has access", async () => {
    const edit = adminRoutes["../../app/routes/admin.events.$eventId.edit.tsx"]!;
    const access = adminRoutes["../../app/routes/admin.events.$eventId.access.tsx"]!;
    const params = { eventId: String(eventId) };
    const editPage = await outcome(() => edit.loader!({ request: getRequest(`/admin/events/${eventId}/edit`, { Cookie: cookies.organizer }), params, context }));
    expect(editPage.status).toBe(200);
    const accessPage = await outcome(() => access.loader!({ request: getRequest(`/admin/events/${eventId}/access`, { Cookie: cookies.organizer }), params, context }));
    expect(accessPage.status).toBe(403);
  });

  it("leaves the event untouched after the refused requests", async () => {
    const event = await test.db.selectFrom("events").select(["status", "title_en"]).where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event.status).toBe("draft");
    const members = await test.db.selectFrom("event_members").select("role").where("event_id", "=", eventId).execute();
    expect(members.map((m) => m.role).sort()).toEqual(["organizer", "owner", "staff"]);
    const invitees = await test.db.selectFrom("invitees").select("name").where("event_id", "=", eventId).execute();
    expect(invitees).toEqual([{ name: "김민지" }]);
  });

  it("refuses a malformed event id with 404 rather than an error", async () => {
    const overview = adminRoutes["../../app/routes/admin.events.$eventId._index.tsx"]!;
    for (const bad of ["abc", "1.5", "-1", "99999999999999999999"]) {
      const result = await outcome(() => overview.loader!({ request: getRequest(`/admin/events/${bad}`, { Cookie: cookies.owner }), params: { eventId: bad }, context }));
      expect(result.status).toBe(404);
    }
  });
});
