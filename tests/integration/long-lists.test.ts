/**
 * Lists at a real size: the invitee list, the attendee list and the outbox a page at a time
 * (filters kept, counts over the whole filter, "all shown" acting on every page), and exports
 * streamed in batches that add up to exactly the whole list, on both engines.
 */
import type { AppLoadContext } from "@remix-run/node";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendeeExportBatches } from "../../app/domain/rsvp/attendees.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees, inviteeExportBatches, listInvitees } from "../../app/domain/invitations/invitations.server";
import { PAGE_SIZE, pageInfo, pagerItems } from "../../app/lib/paging";
import * as attendeesRoute from "../../app/routes/admin.events.$eventId.attendees._index";
import * as attendeesExport from "../../app/routes/admin.events.$eventId.attendees.export";
import * as inviteesRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as inviteesExport from "../../app/routes/admin.events.$eventId.invitees.export";
import * as outboxRoute from "../../app/routes/admin.events.$eventId.outbox";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const PEOPLE = 1_234;

async function collect(batches: AsyncIterable<string[][]>): Promise<{ rows: string[][]; batches: number }> {
  const rows: string[][] = [];
  let count = 0;
  for await (const batch of batches) {
    rows.push(...batch);
    count += 1;
  }
  return { rows, batches: count };
}

describe("paging arithmetic", () => {
  it("clamps a page past the end to the last one", () => {
    expect(pageInfo(250, 3)).toMatchObject({ page: 3, pageCount: 3, first: 201, last: 250, offset: 200 });
    expect(pageInfo(250, 9)).toMatchObject({ page: 3, first: 201, last: 250 });
    expect(pageInfo(0, 2)).toMatchObject({ page: 1, pageCount: 1, first: 0, last: 0 });
    expect(pagerItems(7, 20)).toEqual([1, null, 5, 6, 7, 8, 9, null, 20]);
    expect(pagerItems(1, 3)).toEqual([1, 2, 3]);
  });
});

describe("long lists a page at a time, and exports streamed", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "long-lists", capacity: "" })))).id;
    // Many share a name, so ordering (and the exports' keyset batches) must break ties by id.
    ids = await addInvitees(
      test.db,
      eventId,
      Array.from({ length: PEOPLE }, (_, i) =>
        sampleInvitee({
          name: i % 3 === 0 ? "김민지" : `손님${String(i).padStart(4, "0")}`,
          email: i % 4 === 0 ? "" : `guest${i}@example.org`,
          organization: i % 2 ? "파주시청" : "교육청",
          groupName: ["내빈", "학생", "학부모"][i % 3],
          notes: i === 5 ? "=SUM(A1)" : "",
        }),
      ),
    );
    const attending = ids.filter((_, i) => i % 2 === 0);
    await test.db
      .insertInto("rsvps")
      .values(attending.map((id) => ({ invitee_id: id, event_id: eventId, status: "attending" as const, consent_at: new Date(), consent_text: "c", answers: "{}" })))
      .execute();
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const get = (route: { loader: (args: any) => Promise<unknown> }, path: string) =>
    outcome(() => route.loader({ request: getRequest(`/admin/events/${eventId}${path}`, { Cookie: cookie }), params: params(), context }));

  it("shows the invitee list 100 at a time, every invitee exactly once across the pages, in order", async () => {
    const first = await listInvitees(test.db, eventId, {}, 1);
    expect(first.page).toMatchObject({ page: 1, total: PEOPLE, pageCount: Math.ceil(PEOPLE / PAGE_SIZE) });
    expect(first.invitees).toHaveLength(PAGE_SIZE);
    const seen: number[] = [];
    for (let page = 1; page <= first.page.pageCount; page++) seen.push(...(await listInvitees(test.db, eventId, {}, page)).invitees.map((i) => i.id));
    expect(seen).toHaveLength(PEOPLE);
    expect(new Set(seen).size).toBe(PEOPLE);
    const past = await listInvitees(test.db, eventId, {}, 999);
    expect(past.page.page).toBe(first.page.pageCount);
    expect(past.invitees).toHaveLength(PEOPLE % PAGE_SIZE);
  });

  it("keeps the search and filters in the page's links and counts what matches on all pages", async () => {
    const page = await get(inviteesRoute, "/invitees?group=%EB%82%B4%EB%B9%88&q=%EA%B9%80%EB%AF%BC%EC%A7%80&page=2");
    expect(page.status).toBe(200);
    // Every third is 김민지 and in 내빈: i % 3 === 0.
    const matching = Math.ceil(PEOPLE / 3);
    expect(page.data.page).toMatchObject({ page: 2, total: matching, first: 101, last: 200 });
    expect(page.data.invitees.every((i: { name: string; group_name: string }) => i.name === "김민지" && i.group_name === "내빈")).toBe(true);
    // The head counts stay the whole event's.
    expect(page.data.groups.reduce((sum: number, g: { count: number }) => sum + g.count, 0)).toBe(PEOPLE);
  });

  it("sends 'all shown' to everyone matching on every page, not just the one on screen", async () => {
    const result = await outcome(() =>
      inviteesRoute.action({
        request: postRequest(`/admin/events/${eventId}/invitees`, { mailing: "invite", scope: "filtered", q: "김민지", group: "*", delivery: "", response: "" }, { Cookie: cookie }),
        params: params(),
        context,
      }),
    );
    expect(result.status).toBe(302);
    // 김민지 are i % 3 === 0; those with an email are also i % 4 !== 0.
    const withEmail = Array.from({ length: PEOPLE }, (_, i) => i).filter((i) => i % 3 === 0 && i % 4 !== 0).length;
    expect(withEmail).toBeGreaterThan(PAGE_SIZE);
    expect(result.location).toContain(`count=${withEmail}`);
    const queued = await test.db
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(Number(queued.n)).toBe(withEmail);
  });

  it("pages the attendee list and the outbox the same way", async () => {
    const attendees = await get(attendeesRoute, "/attendees?response=attending&page=3");
    expect(attendees.status).toBe(200);
    expect(attendees.data.page).toMatchObject({ page: 3, total: Math.ceil(PEOPLE / 2), first: 201, last: 300 });
    expect(attendees.data.attendees).toHaveLength(PAGE_SIZE);
    expect(attendees.data.total.attending).toBe(Math.ceil(PEOPLE / 2));
    const outbox = await get(outboxRoute, "/outbox?page=2&status=queued");
    expect(outbox.status).toBe(200);
    expect(outbox.data.shownStatus).toBe("queued");
    expect(outbox.data.page.total).toBe(outbox.data.counts.queued);
    expect(outbox.data.emails).toHaveLength(Math.min(PAGE_SIZE, outbox.data.counts.queued - PAGE_SIZE));
    expect((await get(outboxRoute, "/outbox?page=banana&status=nonsense")).data.page.page).toBe(1);
  });

  it("streams exports in batches that add up to the whole list, in the list's order, ties broken by id", async () => {
    const whole = await collect(inviteeExportBatches(test.db, eventId, "ko", 100_000));
    const small = await collect(inviteeExportBatches(test.db, eventId, "ko", 7));
    expect(whole.rows).toHaveLength(PEOPLE + 1);
    expect(small.batches).toBe(1 + Math.ceil(PEOPLE / 7));
    expect(small.rows).toEqual(whole.rows);
    const attendees = await collect(attendeeExportBatches(test.db, eventId, "en", 100));
    expect(attendees.rows).toEqual((await collect(attendeeExportBatches(test.db, eventId, "en", 100_000))).rows);
    expect(attendees.rows).toHaveLength(PEOPLE + 1);
  });

  it("sends the CSV and the workbook through the routes, read back whole", async () => {
    const expected = (await collect(inviteeExportBatches(test.db, eventId, "ko"))).rows;
    const csv = await inviteesExport.loader({
      request: getRequest(`/admin/events/${eventId}/invitees/export?format=csv&reason=reception`, { Cookie: cookie, "Accept-Language": "ko" }),
      params: params(),
      context,
    });
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Cache-Control")).toBe("no-store");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed: string[][] = parseCsv(new TextDecoder().decode(bytes.subarray(3)));
    expect(parsed).toEqual(expected.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell))));

    const xlsx = await attendeesExport.loader({
      request: getRequest(`/admin/events/${eventId}/attendees/export?format=xlsx&reason=reception`, { Cookie: cookie, "Accept-Language": "en" }),
      params: params(),
      context,
    });
    expect(xlsx.headers.get("Content-Disposition")).toBe('attachment; filename="attendees-long-lists.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(PEOPLE + 1);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const attendeeRows = (await collect(attendeeExportBatches(test.db, eventId, "en"))).rows;
    for (const n of [1, 2, 617, PEOPLE + 1]) {
      const expectedRow = attendeeRows[n - 1]!.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));
      const values = sheet.getRow(n).values as Array<string | undefined>;
      // Empty cells are not written; what is there must be text, in place.
      expect(expectedRow.map((_, i) => values[i + 1] ?? "")).toEqual(expectedRow);
    }
  });
});
