import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInInvitee, undoCheckIn } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import * as pageRoute from "../../app/routes/checkin.$slug._index";
import * as searchRoute from "../../app/routes/checkin.$slug.search";
import * as undoRoute from "../../app/routes/checkin.$slug.undo";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("the door's search and undo routes", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let otherEventId: number;
  let staffId: number;
  const ids: Record<"minji" | "minho" | "seojun" | "elsewhere", number> = { minji: 0, minho: 0, seojun: 0, elsewhere: 0 };
  const cookies: Record<"owner" | "staff" | "other", string> = { owner: "", staff: "", other: "" };

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    const other = await newOrganizer(test.db, "Other");
    staffId = staff.id;
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "door-search" })))).id;
    otherEventId = (await createEvent(test.db, other.id, eventFormSchema.parse(sampleEventForm({ slug: "elsewhere" })))).id;
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    [ids.minji, ids.minho, ids.seojun] = await addInvitees(test.db, eventId, [
      sampleInvitee({ name: "김민지", organization: "파주시청", groupName: "내빈", phone: "010-1234-5678", email: "minji@example.org" }),
      sampleInvitee({ name: "이민호", organization: "문산고등학교", groupName: "학생" }),
      sampleInvitee({ name: "박서준", organization: "파주시의회", groupName: "내빈" }),
    ]);
    // Someone with the same name at another organizer's event.
    [ids.elsewhere] = await addInvitees(test.db, otherEventId, [sampleInvitee({ name: "김민지", organization: "파주시청" })]);
    await recordRsvp(test.db, { eventId, inviteeId: ids.minji, form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "c", mail });
    cookies.owner = await signedInCookie(context, owner.id);
    cookies.staff = await signedInCookie(context, staff.id);
    cookies.other = await signedInCookie(context, other.id);
  });
  afterAll(() => test.destroy());

  const search = (slug: string, q: string, cookie?: string) =>
    outcome(() => searchRoute.loader({ request: getRequest(`/checkin/${slug}/search?q=${encodeURIComponent(q)}`, cookie ? { Cookie: cookie } : {}), params: { slug }, context }));
  const undo = (slug: string, body: unknown, cookie?: string) =>
    outcome(() =>
      undoRoute.action({
        request: new Request(new URL(`/checkin/${slug}/undo`, BASE), {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
        }),
        params: { slug },
        context,
      }),
    );

  describe("the scanner page", () => {
    it("gives door staff the event, its public ticket key and the entrances used so far, and no guest data", async () => {
      const earlier = await checkInInvitee(test.db, { eventId, entrance: "후문", organizerId: staffId }, ids.seojun);
      const page = await outcome(() => pageRoute.loader({ request: getRequest("/checkin/door-search", { Cookie: cookies.staff }), params: { slug: "door-search" }, context }));
      expect(page.status).toBe(200);
      expect(page.data.event).toMatchObject({ id: eventId, slug: "door-search", timeZone: "Asia/Seoul" });
      expect(page.data.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(page.data.entrances).toEqual(["후문"]);
      expect(JSON.stringify(page.data)).not.toMatch(/김민지|박서준|example\.org/);
      await undoCheckIn(test.db, { eventId, checkinId: earlier.result === "welcome" ? earlier.checkinId : 0, organizerId: staffId });
    });

    it("is closed to other organizers (404) and strangers (login)", async () => {
      const load = (slug: string, cookie?: string) => outcome(() => pageRoute.loader({ request: getRequest(`/checkin/${slug}`, cookie ? { Cookie: cookie } : {}), params: { slug }, context }));
      expect((await load("door-search", cookies.other)).status).toBe(404);
      expect((await load("elsewhere", cookies.staff)).status).toBe(404);
      expect((await load("no-such-event", cookies.staff)).status).toBe(404);
      const stranger = await load("door-search");
      expect(stranger.status).toBe(302);
      expect(stranger.location).toBe("/login?redirectTo=%2Fcheckin%2Fdoor-search");
    });
  });

  describe("search", () => {
    it("finds guests of this event by name, organization or phone digits, with only what the door needs", async () => {
      const byName = await search("door-search", "민지", cookies.staff);
      expect(byName.status).toBe(200);
      expect(byName.data.guests).toEqual([{ inviteeId: ids.minji, name: "김민지", organization: "파주시청", group: "내빈", phone: "010-****-5678", ticket: "active", checkedIn: false }]);
      const byOrganization = await search("door-search", "파주시", cookies.staff);
      expect(byOrganization.data.guests.map((g: { name: string }) => g.name)).toEqual(["김민지", "박서준"]);
      const byPhone = await search("door-search", "5678", cookies.owner);
      expect(byPhone.data.guests.map((g: { inviteeId: number }) => g.inviteeId)).toEqual([ids.minji]);
      expect(JSON.stringify(byName.data)).not.toMatch(/example\.org|1234/);
    });

    it("says who has no ticket and who is already in", async () => {
      await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: staffId }, ids.minho);
      const { data } = await search("door-search", "이민호", cookies.staff);
      expect(data.guests).toEqual([expect.objectContaining({ name: "이민호", ticket: "none", checkedIn: true })]);
    });

    it("refuses queries under two characters and treats wildcards as text", async () => {
      expect((await search("door-search", "김", cookies.staff)).status).toBe(400);
      expect((await search("door-search", "  김 ", cookies.staff)).status).toBe(400);
      expect((await search("door-search", "%%", cookies.staff)).data.guests).toEqual([]);
      expect((await search("door-search", "__", cookies.staff)).data.guests).toEqual([]);
    });

    it("shows at most 20", async () => {
      await addInvitees(
        test.db,
        eventId,
        Array.from({ length: 25 }, (_, i) => sampleInvitee({ name: `단체손님${String(i).padStart(2, "0")}` })),
      );
      const { data } = await search("door-search", "단체손님", cookies.staff);
      expect(data.guests).toHaveLength(20);
      expect(data.guests[0].name).toBe("단체손님00");
    });

    it("is closed to other organizers (404) and strangers (login)", async () => {
      expect((await search("door-search", "김민지", cookies.other)).status).toBe(404);
      const other = await search("elsewhere", "김민지", cookies.other);
      expect(other.data.guests.map((g: { inviteeId: number }) => g.inviteeId)).toEqual([ids.elsewhere]);
      expect((await search("elsewhere", "김민지", cookies.staff)).status).toBe(404);
      const stranger = await search("door-search", "김민지");
      expect(stranger.status).toBe(302);
      expect(stranger.location).toMatch(/^\/login/);
    });
  });

  describe("undo", () => {
    it("takes back a check-in within five minutes, recorded as undone by whom", async () => {
      const checkin = await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: staffId }, ids.seojun);
      expect(checkin.result).toBe("welcome");
      const checkinId = checkin.result === "welcome" ? checkin.checkinId : 0;
      const undone = await undo("door-search", { checkinId }, cookies.staff);
      expect(undone).toMatchObject({ status: 200, data: { undone: true } });
      const row = await test.db.selectFrom("checkins").select(["undone_at", "undone_by"]).where("id", "=", checkinId).executeTakeFirstOrThrow();
      expect(row.undone_by).toBe(staffId);
      expect(row.undone_at).toBeInstanceOf(Date);
      // Twice is once.
      expect(await undo("door-search", { checkinId }, cookies.staff)).toMatchObject({ status: 409, data: { undone: false } });
      // And the guest can be checked in again.
      expect((await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: staffId }, ids.seojun)).result).toBe("welcome");
    });

    it("refuses after five minutes and leaves the check-in standing", async () => {
      const checkin = await checkInInvitee(test.db, { eventId, entrance: "정문", organizerId: staffId }, ids.minji);
      const checkinId = checkin.result === "welcome" ? checkin.checkinId : 0;
      await test.db
        .updateTable("checkins")
        .set({ recorded_at: sql<Date>`now() - interval '6 minutes'` })
        .where("id", "=", checkinId)
        .execute();
      expect(await undo("door-search", { checkinId }, cookies.staff)).toMatchObject({ status: 409, data: { undone: false } });
      const row = await test.db.selectFrom("checkins").select("undone_at").where("id", "=", checkinId).executeTakeFirstOrThrow();
      expect(row.undone_at).toBeNull();
    });

    it("touches only this event's check-ins, for its own staff", async () => {
      const [guest] = await addInvitees(test.db, otherEventId, [sampleInvitee({ name: "남의손님" })]);
      const theirs = await checkInInvitee(test.db, { eventId: otherEventId, entrance: "", organizerId: null }, guest!);
      const theirId = theirs.result === "welcome" ? theirs.checkinId : 0;
      expect((await undo("door-search", { checkinId: theirId }, cookies.staff)).status).toBe(409);
      expect((await undo("elsewhere", { checkinId: theirId }, cookies.staff)).status).toBe(404);
      expect((await undo("door-search", { checkinId: theirId }, cookies.other)).status).toBe(404);
      const stranger = await undo("door-search", { checkinId: theirId });
      expect(stranger.status).toBe(302);
      const row = await test.db.selectFrom("checkins").select("undone_at").where("id", "=", theirId).executeTakeFirstOrThrow();
      expect(row.undone_at).toBeNull();
    });

    it("answers malformed requests with 400", async () => {
      for (const body of [null, {}, { checkinId: "1" }, { checkinId: -3 }]) {
        expect((await undo("door-search", body, cookies.staff)).status, JSON.stringify(body)).toBe(400);
      }
    });
  });
});
