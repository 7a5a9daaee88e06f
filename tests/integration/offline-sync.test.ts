import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { addInvitees, inviteeFormSchema } from "../../app/domain/invitations/invitations.server";
import { TICKET_CODE_ALPHABET } from "../../app/domain/rsvp/ticket-payload";
import * as syncRoute from "../../app/routes/checkin.$slug.sync";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { BASE, newOrganizer, outcome, signedInCookie, testContext } from "../helpers/routes";

const GUESTS = 1_000;

/** The i-th eight-character code of the ticket alphabet. */
const ticketCode = (i: number) => Array.from({ length: 8 }, (_, place) => TICKET_CODE_ALPHABET[Math.floor(i / TICKET_CODE_ALPHABET.length ** place) % TICKET_CODE_ALPHABET.length]).join("");

describe("a phone's offline queue, sent back whole to /checkin/<slug>/sync", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;
  let items: Array<{ clientId: string; inviteeId: number; ticketId: number; checkedInAt: string; entrance: string }>;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    ({ id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "offline-sync" }))));
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { origin: BASE, messageIdDomain: "example.org", locale: "ko" });
    const forms = Array.from({ length: GUESTS }, (_, i) =>
      inviteeFormSchema.parse({ name: `손님${i}`, email: `guest${i}@example.org`, phone: "", organization: "", position: "", groupName: "", language: "ko", notes: "" }),
    );
    const inviteeIds = await addInvitees(test.db, eventId, forms);
    await test.db
      .insertInto("rsvps")
      .values(inviteeIds.map((id) => ({ invitee_id: id, event_id: eventId, status: "attending" as const, answers: "{}", consent_at: new Date(), consent_text: "c" })))
      .execute();
    const tickets = await test.db
      .insertInto("tickets")
      .values(inviteeIds.map((id, i) => ({ event_id: eventId, invitee_id: id, code: ticketCode(i) })))
      .returning(["id", "invitee_id"])
      .execute();
    await test.db
      .updateTable("events")
      .set({ door_roster_issued_at: new Date(Date.now() - 3_600_000) })
      .where("id", "=", eventId)
      .execute();
    items = tickets.map((ticket, i) => ({
      clientId: crypto.randomUUID(),
      inviteeId: ticket.invitee_id,
      ticketId: ticket.id,
      checkedInAt: new Date(Date.now() - 600_000 + i).toISOString(),
      entrance: "정문",
    }));
    cookie = await signedInCookie(context, staff.id);
  });
  afterAll(() => test.destroy());

  const sync = (body: unknown) =>
    outcome(() =>
      syncRoute.action({
        request: new Request(new URL("/checkin/offline-sync/sync", BASE), { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", Cookie: cookie } }),
        params: { slug: "offline-sync" },
        context,
      }),
    );
  const active = async () => {
    const row = await test.db
      .selectFrom("checkins")
      .select((eb) => [eb.fn.countAll().as("n"), eb.fn.count("invitee_id").distinct().as("guests")])
      .where("event_id", "=", eventId)
      .where("undone_at", "is", null)
      .executeTakeFirstOrThrow();
    return { n: Number(row.n), guests: Number(row.guests) };
  };

  it("records a thousand check-ins in one request, and the same request again changes nothing", async () => {
    const first = await sync({ items });
    expect(first.status).toBe(200);
    expect(first.data.results).toHaveLength(GUESTS);
    expect(first.data.results.every((r: { result: string }) => r.result === "recorded")).toBe(true);
    expect(first.data.results.map((r: { clientId: string }) => r.clientId)).toEqual(items.map((item) => item.clientId));
    expect(await active()).toEqual({ n: GUESTS, guests: GUESTS });

    const again = await sync({ items });
    expect(again.data.results.every((r: { result: string }) => r.result === "recorded")).toBe(true);
    expect(await active()).toEqual({ n: GUESTS, guests: GUESTS });
    expect(
      Number(
        (
          await test.db
            .selectFrom("checkin_conflicts")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
  });

  it("keeps a second phone's check-in of someone already in as one conflict, and an item sent twice in one queue once", async () => {
    const secondPhone = { ...items[0]!, clientId: crypto.randomUUID(), entrance: "후문" };
    const result = await sync({ items: [secondPhone, secondPhone] });
    expect(result.data.results.map((r: { result: string }) => r.result)).toEqual(["conflict", "conflict"]);
    const conflicts = await test.db.selectFrom("checkin_conflicts").select(["client_id", "checkin_id", "entrance"]).where("event_id", "=", eventId).execute();
    const holder = await test.db.selectFrom("checkins").select("id").where("client_id", "=", items[0]!.clientId).executeTakeFirstOrThrow();
    expect(conflicts).toEqual([{ client_id: secondPhone.clientId, checkin_id: holder.id, entrance: "후문" }]);
    expect(await active()).toEqual({ n: GUESTS, guests: GUESTS });
  });

  it("refuses a queue of more than a thousand with 400", async () => {
    const tooMany = await sync({ items: [...items, { ...items[0]!, clientId: crypto.randomUUID() }] });
    expect(tooMany.status).toBe(400);
  });
});
