/**
 * A long list's address as people and old bookmarks send it: whatever `?page=`, `?status=` or
 * `?group=` holds, the list answers with a page (a value it cannot use counts as not given), and
 * a printed list answers 400; never a 500.
 */
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { enqueueEmails } from "../../app/domain/outbox.server";
import { pageParam } from "../../app/lib/list-params.server";
import { PAGE_SIZE } from "../../app/lib/paging";
import * as attendeesRoute from "../../app/routes/admin.events.$eventId.attendees._index";
import * as badgesRoute from "../../app/routes/admin.events.$eventId.attendees.badges";
import * as namePlatesRoute from "../../app/routes/admin.events.$eventId.attendees.name-plates";
import * as signInSheetRoute from "../../app/routes/admin.events.$eventId.attendees.sign-in-sheet";
import * as inviteesRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as lettersRoute from "../../app/routes/admin.events.$eventId.invitees.letters";
import * as outboxRoute from "../../app/routes/admin.events.$eventId.outbox";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const PEOPLE = 250;

type Loader = { loader: (args: any) => Promise<unknown> };

describe("a list's address", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "list-addresses", capacity: "" })))).id;
    const ids = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: PEOPLE }, (_, i) => sampleInvitee({ name: `손님${i}`, email: `guest${i}@example.org`, groupName: i % 2 ? "내빈" : "학생" })),
    );
    await enqueueEmails(
      test.db,
      ids.slice(0, 3).map((id, i) => ({ eventId, inviteeId: id, kind: "invitation", to: { address: `guest${i}@example.org` }, subject: "초대", text: "초대", html: "<p>초대</p>" })),
    );
  });
  afterAll(() => test.destroy());

  const get = (route: Loader, path: string) =>
    outcome(() => route.loader({ request: getRequest(`/admin/events/${eventId}${path}`, { Cookie: cookie }), params: { eventId: String(eventId) }, context }));

  it("reads ?page= as a whole number from 1, anything else as the first page", () => {
    expect(pageParam.parse("3")).toBe(3);
    expect(pageParam.parse("0")).toBe(1);
    for (const typed of [undefined, "", "-1", "abc", "1.5", "1e3", " 2", "9".repeat(16)]) expect(pageParam.parse(typed)).toBe(1);
    expect(pageParam.parse("99999999")).toBe(99_999_999);
  });

  it("shows the last page for a page past the end, and the first for a malformed one", async () => {
    const last = Math.ceil(PEOPLE / PAGE_SIZE);
    for (const [query, page] of [
      ["?page=99999999", last],
      ["?page=abc", 1],
      ["?page=-2", 1],
      ["?page=2&page=9", 2],
    ] as const) {
      const list = await get(inviteesRoute, `/invitees${query}`);
      expect(list.status).toBe(200);
      expect(list.data.page.page).toBe(page);
    }
    const attendees = await get(attendeesRoute, "/attendees?page=123456789012");
    expect(attendees.status).toBe(200);
    expect(attendees.data.page).toMatchObject({ page: last, first: (last - 1) * PAGE_SIZE + 1, last: PEOPLE });
  });

  it("shows every message for an outbox status it does not know, even one named like an object's property", async () => {
    for (const status of ["constructor", "__proto__", "toString", "hasOwnProperty", "bogus", ""]) {
      const outbox = await get(outboxRoute, `/outbox?status=${status}&page=2`);
      expect(outbox.status).toBe(200);
      expect(outbox.data.shownStatus).toBeNull();
      expect(outbox.data.page).toMatchObject({ page: 1, total: 3 });
    }
    const queued = await get(outboxRoute, "/outbox?status=queued");
    expect(queued.data.shownStatus).toBe("queued");
    expect(queued.data.emails).toHaveLength(3);
  });

  it("shows every group for a group no one can be in, and ignores filters it does not know", async () => {
    for (const path of ["/invitees?group=%00", "/invitees?group=a%00b&q=%00", `/invitees?group=${"가".repeat(101)}`, "/invitees?delivery=constructor&response=__proto__&vip=yes"]) {
      const list = await get(inviteesRoute, path);
      expect(list.status).toBe(200);
      expect(list.data.page.total).toBe(PEOPLE);
      expect(list.data.filtered).toBe(false);
    }
    const attendees = await get(attendeesRoute, "/attendees?group=%00&response=toString");
    expect(attendees.status).toBe(200);
    expect(attendees.data.page.total).toBe(PEOPLE);
    const oneGroup = await get(inviteesRoute, "/invitees?group=%ED%95%99%EC%83%9D");
    expect(oneGroup.data.page.total).toBe(PEOPLE / 2);
    expect(oneGroup.data.filters.group).toBe("학생");
  });

  it("refuses a printed list for a group no one can be in with 400", async () => {
    for (const [route, path] of [
      [signInSheetRoute, "/attendees/sign-in-sheet?group=%00"],
      [badgesRoute, "/attendees/badges?group=%00"],
      [namePlatesRoute, "/attendees/name-plates?group=%00"],
      [lettersRoute, "/invitees/letters?group=%00"],
    ] as const) {
      expect((await get(route, path)).status).toBe(400);
    }
  });

  it("brings a row action back to the same page of the same filtered list", async () => {
    const [invitee] = await test.db.selectFrom("invitees").select("id").where("event_id", "=", eventId).orderBy("id").limit(1).execute();
    const result = await outcome(() =>
      attendeesRoute.action({
        request: postRequest(`/admin/events/${eventId}/attendees`, { intent: "admit", inviteeId: String(invitee!.id), q: "손님", group: "학생", response: "no-answer", page: "2" }, { Cookie: cookie }),
        params: { eventId: String(eventId) },
        context,
      }),
    );
    expect(result.status).toBe(302);
    const back = new URL(result.location!, "http://localhost");
    expect(Object.fromEntries(back.searchParams)).toEqual({ q: "손님", group: "학생", response: "no-answer", page: "2", done: "admitted" });
  });
});
