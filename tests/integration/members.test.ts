import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findEventRole } from "../../app/domain/events/access.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { acceptInvitation, grantEventAccess, revokeEventAccess } from "../../app/domain/events/members.server";
import { authenticateOrganizer } from "../../app/domain/accounts/organizers.server";
import * as accessRoute from "../../app/routes/admin.events.$eventId.access";
import * as inviteRoute from "../../app/routes/invite.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", locale: "ko", messageIdDomain: "example.org" } as const;

describe("co-organizers and invitations", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let ownerId: number;
  let ownerCookie: string;
  let ownerEmail: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    ownerId = owner.id;
    ownerEmail = owner.email;
    ownerCookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
  });
  afterAll(() => test.destroy());

  const grant = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    outcome(() =>
      accessRoute.action({
        request: postRequest(`/admin/events/${eventId}/access`, { intent: "grant", ...fields }, { Cookie: ownerCookie, ...headers }),
        params: { eventId: String(eventId) },
        context,
      }),
    );

  it("gives an existing account access at once", async () => {
    const colleague = await newOrganizer(test.db, "Colleague");
    const result = await grant({ email: colleague.email.toUpperCase(), role: "organizer" });
    expect(result.data.done).toBe("access.added");
    expect(await findEventRole(test.db, colleague.id, eventId)).toBe("organizer");
    const again = await grant({ email: colleague.email, role: "staff" });
    expect(again.data.done).toBe("access.alreadyMember");
    expect(await findEventRole(test.db, colleague.id, eventId)).toBe("organizer");
  });

  it("shows an invitation link for someone without an account, which creates the account once", async () => {
    const result = await grant({ email: "new.person@example.org", role: "staff" });
    expect(result.data.done).toBe("access.invited");
    const link: string = result.data.inviteLink;
    expect(link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = link.split("/").pop()!;

    const page = await outcome(() => inviteRoute.loader({ request: getRequest(`/invite/${token}`), params: { token }, context }));
    expect(page.status).toBe(200);
    expect(page.data.email).toBe("new.person@example.org");

    const short = await outcome(() => inviteRoute.action({ request: postRequest(`/invite/${token}`, { name: "New", password: "short" }), params: { token }, context }));
    expect(short.status).toBe(400);
    expect(short.data.errors).toEqual({ password: "error.passwordShort" });
    expect(short.data.values).toEqual({ name: "New" });

    const accepted = await outcome(() => inviteRoute.action({ request: postRequest(`/invite/${token}`, { name: "New Person", password: "a good long password" }), params: { token }, context }));
    expect(accepted.status).toBe(302);
    // Door staff land on their dashboard (the event's admin pages are closed to them), with its scanner link.
    expect(accepted.location).toBe("/admin");
    expect(accepted.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    const login = await authenticateOrganizer(test.db, { email: "new.person@example.org", password: "a good long password", clientAddress: "x" });
    expect(login.ok).toBe(true);
    if (login.ok) expect(await findEventRole(test.db, login.organizer.id, eventId)).toBe("staff");

    const reused = await outcome(() => inviteRoute.loader({ request: getRequest(`/invite/${token}`), params: { token }, context }));
    expect(reused.status).toBe(404);
  });

  it("emails the invitation link to someone without an account, in the inviter's language, from the inviter", async () => {
    const result = await grant({ email: "Mailed.Person@example.org", role: "organizer" }, { "Accept-Language": "en-US,en;q=0.9" });
    expect(result.data.done).toBe("access.invited");
    const link: string = result.data.inviteLink;
    const emails = await test.db
      .selectFrom("email_outbox")
      .select(["kind", "event_id", "to_address", "reply_to", "from_name", "subject", "text_body", "html_body", "status"])
      .where("to_address", "=", "mailed.person@example.org")
      .execute();
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email).toMatchObject({ kind: "organizer-invitation", event_id: eventId, reply_to: ownerEmail, from_name: "Owner", status: "queued" });
    expect(email.subject).toBe("Owner invited you to help run 2026 Education Development Zone Performance Sharing Meeting");
    expect(email.text_body).toContain(`\n${link}\n`);
    expect(email.text_body).toContain("Co-organizer");
    expect(email.text_body).toContain("7 days");
    expect(email.html_body).toContain(`href="${link}"`);

    // The emailed link is the working one.
    const token = link.split("/").pop()!;
    const page = await outcome(() => inviteRoute.loader({ request: getRequest(`/invite/${token}`), params: { token }, context }));
    expect(page.status).toBe(200);
    expect(page.data.email).toBe("mailed.person@example.org");
  });

  it("writes the invitation email in Korean for an organizer reading in Korean, with the event's Korean title", async () => {
    await grant({ email: "staff.ko@example.org", role: "staff" }, { "Accept-Language": "ko-KR" });
    const email = await test.db.selectFrom("email_outbox").select(["subject", "text_body"]).where("to_address", "=", "staff.ko@example.org").executeTakeFirstOrThrow();
    expect(email.subject).toBe("[나눔] Owner 님이 「2026 교육발전특구 성과공유회」 운영에 초대했습니다");
    expect(email.text_body).toContain("현장 스태프");
    expect(email.text_body).toContain("7일");
  });

  it("gives an existing account access without an invitation link or email", async () => {
    const colleague = await newOrganizer(test.db, "NoMail");
    const result = await grant({ email: colleague.email, role: "staff" });
    expect(result.data.done).toBe("access.added");
    expect(result.data.inviteLink).toBeUndefined();
    const emails = await test.db.selectFrom("email_outbox").select("id").where("to_address", "=", colleague.email).execute();
    expect(emails).toHaveLength(0);
    const invitations = await test.db.selectFrom("event_invitations").select("id").where("email", "=", colleague.email).execute();
    expect(invitations).toHaveLength(0);
  });

  it("lets one invitation be used only once even when two people race for it", async () => {
    const granted = await grantEventAccess(test.db, { eventId, email: "race@example.org", role: "organizer", invitedBy: ownerId }, mail);
    if (granted.kind !== "invited") throw new Error("expected an invitation");
    const a = await newOrganizer(test.db, "RaceA");
    const b = await newOrganizer(test.db, "RaceB");
    const results = await Promise.all([acceptInvitation(test.db, granted.token, { organizerId: a.id }), acceptInvitation(test.db, granted.token, { organizerId: b.id })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const roles = [await findEventRole(test.db, a.id, eventId), await findEventRole(test.db, b.id, eventId)];
    expect(roles.filter(Boolean)).toEqual(["organizer"]);
  });

  it("removes a member but never the owner", async () => {
    const temp = await newOrganizer(test.db, "Temp");
    await grantEventAccess(test.db, { eventId, email: temp.email, role: "staff", invitedBy: ownerId }, mail);
    expect(await revokeEventAccess(test.db, eventId, temp.id)).toBe(true);
    expect(await findEventRole(test.db, temp.id, eventId)).toBeUndefined();
    expect(await revokeEventAccess(test.db, eventId, ownerId)).toBe(false);
    expect(await findEventRole(test.db, ownerId, eventId)).toBe("owner");
  });

  it("answers an unknown invitation with 404", async () => {
    const result = await outcome(() => inviteRoute.loader({ request: getRequest("/invite/nope"), params: { token: "nope" }, context }));
    expect(result.status).toBe(404);
  });

  it("keeps at most one owner per event in the database", async () => {
    const other = await newOrganizer(test.db, "Usurper");
    await expect(test.db.insertInto("event_members").values({ event_id: eventId, organizer_id: other.id, role: "owner" }).execute()).rejects.toThrow();
  });
});
