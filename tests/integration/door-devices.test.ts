import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { recordRsvp } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import * as scanRoute from "../../app/routes/checkin.$slug.scan";
import * as devicesPage from "../../app/routes/admin.events.$eventId.devices";
import * as doorPage from "../../app/routes/door.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("door phones with a link and a PIN", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let eventId: number;
  let payload: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "door-event" })))).id;
    await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "another-door-event" })));
    const [inviteeId] = await addInvitees(test.db, eventId, [sampleInvitee({ name: "손님" })]);
    await recordRsvp(test.db, { eventId, inviteeId: inviteeId!, form: { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} }, consentText: "c", mail });
    payload = (await activeTicket(test.db, inviteeId!))!.payload;
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const makeDevice = async (name: string) => {
    const made = await outcome(() => devicesPage.action({ request: postRequest(`/admin/events/${eventId}/devices`, { name }, { Cookie: cookie }), params: params(), context }));
    const token = (made.data.link as string).split("/door/")[1]!;
    return { token, pin: made.data.pin as string };
  };
  const enterPin = (token: string, pin: string) => outcome(() => doorPage.action({ request: postRequest(`/door/${token}`, { pin }), params: { token }, context }));
  const scan = (slug: string, deviceCookie: string) =>
    outcome(() =>
      scanRoute.action({
        request: new Request(new URL(`/checkin/${slug}/scan`, BASE), {
          method: "POST",
          body: JSON.stringify({ payload, entrance: "정문" }),
          headers: { "Content-Type": "application/json", Cookie: deviceCookie },
        }),
        params: { slug },
        context,
      }),
    );

  it("makes a link with a 6-digit PIN that turns a phone into this event's scanner, and only this event's", async () => {
    const { token, pin } = await makeDevice("정문 1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pin).toMatch(/^\d{6}$/);
    const page = await outcome(() => doorPage.loader({ request: getRequest(`/door/${token}`), params: { token }, context }));
    expect(page.data.name).toBe("정문 1");
    const entered = await enterPin(token, pin);
    expect(entered.status).toBe(302);
    expect(entered.location).toBe("/checkin/door-event");
    const deviceCookie = entered.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(entered.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect((await scan("door-event", deviceCookie)).data).toMatchObject({ result: "welcome" });
    expect((await scan("another-door-event", deviceCookie)).status).toBe(404);
    // The organizer's pages stay closed to it.
    const admin = await outcome(() => devicesPage.loader({ request: getRequest(`/admin/events/${eventId}/devices`, { Cookie: deviceCookie }), params: params(), context }));
    expect(admin.status).toBe(302);

    // Revoked: refused at once.
    const list = await outcome(() => devicesPage.loader({ request: getRequest(`/admin/events/${eventId}/devices`, { Cookie: cookie }), params: params(), context }));
    const deviceId = list.data.devices.find((device: { name: string }) => device.name === "정문 1").id;
    await outcome(() =>
      devicesPage.action({ request: postRequest(`/admin/events/${eventId}/devices`, { intent: "revoke", deviceId: String(deviceId) }, { Cookie: cookie }), params: params(), context }),
    );
    expect((await scan("door-event", deviceCookie)).status).toBe(302);
    expect((await outcome(() => doorPage.loader({ request: getRequest(`/door/${token}`), params: { token }, context }))).status).toBe(404);
  });

  it("locks the link after five wrong PINs, even with the right one after", async () => {
    const { token, pin } = await makeDevice("후문");
    const wrong = pin === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      const attempt = await enterPin(token, wrong);
      expect(attempt.status).toBe(400);
      expect(attempt.data.attemptsLeft).toBe(left);
    }
    expect((await enterPin(token, wrong)).status).toBe(423);
    expect((await enterPin(token, pin)).status).toBe(404);
  });

  it("ends access hours after the event", async () => {
    const { token, pin } = await makeDevice("옆문");
    const entered = await enterPin(token, pin);
    const deviceCookie = entered.headers.get("Set-Cookie")!.split(";")[0]!;
    await test.db
      .updateTable("events")
      .set({ starts_at: new Date(Date.now() - 20 * 3_600_000), ends_at: new Date(Date.now() - 13 * 3_600_000) })
      .where("id", "=", eventId)
      .execute();
    expect((await scan("door-event", deviceCookie)).status).toBe(302);
  });

  it("needs a name for a device and refuses junk", async () => {
    const empty = await outcome(() => devicesPage.action({ request: postRequest(`/admin/events/${eventId}/devices`, { name: " " }, { Cookie: cookie }), params: params(), context }));
    expect(empty.status).toBe(400);
    expect(empty.data.errors.name).toBe("error.required");
    expect((await enterPin("nonsense", "123456")).status).toBe(404);
  });
});
