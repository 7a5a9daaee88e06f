import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDoorDevice, enterDevicePin } from "../../app/domain/checkin/door-devices.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { addInvitee } from "../../app/domain/invitations/invitations.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as pageRoute from "../../app/routes/checkin.$slug._index";
import * as rosterRoute from "../../app/routes/checkin.$slug.roster";
import * as scanRoute from "../../app/routes/checkin.$slug.scan";
import * as searchRoute from "../../app/routes/checkin.$slug.search";
import { doorCookie } from "../../app/web/session.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, testContext, signedInCookie } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

/** What the offline roster holds of each ticket: what the door decides with, and nothing more. */
// Seats (issue 18) too: where the guest sits is shown at the door, and is no contact detail.
const ROSTER_TICKET_FIELDS = [
  "checkedInAt",
  "code",
  "companionSeats",
  "companions",
  "group",
  "inviteeId",
  "isVip",
  "name",
  "organization",
  "proxyName",
  "retiredCodes",
  "seat",
  "status",
  "ticketId",
  "version",
];

describe("what the door sees of guests", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  const cookies: Record<"staff" | "phone", string> = { staff: "", phone: "" };
  let code = "";

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const staff = await newOrganizer(test.db, "Staff");
    const { id: eventId } = await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "door-privacy" })));
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    for (const [name, email, phone] of [
      ["김민수", "minsu.kim@example.org", "010-2345-6789"],
      ["김민수", "other.minsu@example.org", "+82 10-9876-5432"],
      ["박서울", "seoul.park@example.org", "02-123-4567"],
    ]) {
      const { id } = await addInvitee(test.db, eventId, sampleInvitee({ name: name!, email, phone }));
      await recordRsvp(test.db, { eventId, inviteeId: id, form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "c", mail });
      code ||= (await activeTicket(test.db, id))!.code;
    }
    const device = await createDoorDevice(test.db, { eventId, name: "정문", createdBy: owner.id });
    const pin = await enterDevicePin(test.db, device.token, device.pin);
    if (!pin.ok) throw new Error("the PIN was refused");
    cookies.phone = (await doorCookie(context.config).serialize(pin.sessionToken)).split(";")[0]!;
    cookies.staff = await signedInCookie(context, staff.id);
  });
  afterAll(() => test.destroy());

  const params = { slug: "door-privacy" };
  const json = async (response: Promise<{ data: unknown }>) => JSON.stringify((await response).data);
  const noGuestContacts = (text: string) => {
    expect(text).not.toMatch(/minsu|seoul\.park|@example\.org/);
    for (const digits of ["2345-6789", "23456789", "9876-5432", "98765432", "123-4567", "1234567"]) expect(text).not.toContain(digits);
  };

  it.each(["staff", "phone"] as const)("gives %s searching by name or phone only masked phones and no email", async (who) => {
    const search = (q: string) => outcome(() => searchRoute.loader({ request: getRequest(`/checkin/door-privacy/search?q=${encodeURIComponent(q)}`, { Cookie: cookies[who] }), params, context }));
    const byName = await search("김민수");
    expect(byName.status).toBe(200);
    expect(byName.data.guests.map((guest: { phone: string }) => guest.phone).sort()).toEqual(["010-****-5432", "010-****-6789"]);
    noGuestContacts(JSON.stringify(byName.data));
    const byPhone = await search("123-4567");
    expect(byPhone.data.guests).toEqual([expect.objectContaining({ name: "박서울", phone: "02-****-4567" })]);
    expect(Object.keys(byPhone.data.guests[0]).sort()).toEqual(["checkedIn", "group", "inviteeId", "name", "organization", "phone", "ticket"]);
  });

  it.each(["staff", "phone"] as const)("gives %s an offline roster of only the fields the door decides with", async (who) => {
    const roster = await outcome(() => rosterRoute.loader({ request: getRequest("/checkin/door-privacy/roster", { Cookie: cookies[who] }), params, context }));
    expect(roster.status).toBe(200);
    expect(roster.data.tickets).toHaveLength(3);
    for (const ticket of roster.data.tickets) expect(Object.keys(ticket).sort()).toEqual(ROSTER_TICKET_FIELDS);
    noGuestContacts(JSON.stringify(roster.data));
  });

  it("shows neither contacts on the scanner's page nor in a check-in's answer", async () => {
    noGuestContacts(await json(outcome(() => pageRoute.loader({ request: getRequest("/checkin/door-privacy", { Cookie: cookies.phone }), params, context }))));
    const scanned = outcome(() =>
      scanRoute.action({
        request: new Request(new URL("/checkin/door-privacy/scan", BASE), { method: "POST", body: JSON.stringify({ code }), headers: { "Content-Type": "application/json", Cookie: cookies.phone } }),
        params,
        context,
      }),
    );
    const answer = await json(scanned);
    expect(answer).toContain('"result":"welcome"');
    noGuestContacts(answer);
  });
});
