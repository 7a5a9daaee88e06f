/**
 * The invitee page's head counts and its mailing buttons count each invitee by their latest
 * invitation (an invitation sent again after a failure counts as sent), and the buttons reach
 * exactly the people they count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxStatus } from "../../db/schema";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { mailingCounts, queueInvitations, queueReminders } from "../../app/domain/invitations/guest-mail.server";
import { addInvitees, inviteeCounts } from "../../app/domain/invitations/invitations.server";
import { enqueueEmails } from "../../app/domain/outbox.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { newOrganizer } from "../helpers/routes";

const origin = { origin: "http://localhost:3000", messageIdDomain: "example.org" };

describe("counting invitees by their latest invitation", () => {
  let test: TestDatabase;
  let eventId: number;
  let otherEventId: number;
  const id: Record<string, number> = {};

  /** Invitations to `inviteeId`, oldest first, each left in the given status. */
  async function invitations(event: number, inviteeId: number, statuses: OutboxStatus[]) {
    for (const status of statuses) {
      const [outboxId] = await enqueueEmails(test.db, [{ eventId: event, inviteeId, kind: "invitation", to: { address: "x@example.org" }, subject: "초대", text: "초대", html: "<p>초대</p>" }]);
      await test.db.updateTable("email_outbox").set({ status }).where("id", "=", outboxId!).execute();
    }
  }

  beforeAll(async () => {
    test = await createTestDatabase();
    const owner = await newOrganizer(test.db, "Owner");
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "counts", capacity: "" })))).id;
    otherEventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "counts-other", capacity: "" })))).id;
    const people = ["never", "failed", "failedThenSent", "uncertainThenFailed", "noEmail", "answered", "reminded"] as const;
    const ids = await addInvitees(
      test.db,
      eventId,
      people.map((name) => sampleInvitee({ name, email: name === "noEmail" ? "" : `${name}@example.org`, groupName: name === "never" ? "" : "내빈" })),
    );
    people.forEach((name, i) => (id[name] = ids[i]!));
    await invitations(eventId, id.failed!, ["failed"]);
    await invitations(eventId, id.failedThenSent!, ["failed", "sent"]);
    await invitations(eventId, id.uncertainThenFailed!, ["uncertain", "failed"]);
    await invitations(eventId, id.answered!, ["sent"]);
    await invitations(eventId, id.reminded!, ["stored"]);
    await test.db.insertInto("rsvps").values({ invitee_id: id.answered!, event_id: eventId, status: "declined", consent_at: new Date(), consent_text: "c", answers: "{}" }).execute();
    await enqueueEmails(test.db, [{ eventId, inviteeId: id.reminded!, kind: "reminder", to: { address: "x@example.org" }, subject: "회신", text: "회신", html: "<p>회신</p>" }]);
    // Another event's list, invited and failed, counts there only.
    const [other] = await addInvitees(test.db, otherEventId, [sampleInvitee({ name: "other", email: "other@example.org" })]);
    await invitations(otherEventId, other!, ["failed"]);
  });
  afterAll(() => test.destroy());

  it("counts the head-count table by the latest invitation, per group", async () => {
    const { deliveryCounts, groups } = await inviteeCounts(test.db, eventId);
    expect(deliveryCounts.total).toMatchObject({ "not-invited": 2, failed: 2, sent: 2, stored: 1, uncertain: 0, queued: 0 });
    expect(groups).toEqual([
      { name: "", count: 1 },
      { name: "내빈", count: 6 },
    ]);
  });

  it("counts for each mailing button exactly the people that button reaches", async () => {
    expect(await mailingCounts(test.db, eventId)).toEqual({ notInvited: 1, failed: 2, remindable: 1 });
    expect(await queueReminders(test.db, { eventId, ...origin })).toBe(1);
    expect(await queueInvitations(test.db, { eventId, audience: "failed", ...origin })).toBe(2);
    const retried = await test.db.selectFrom("email_outbox").select("invitee_id").where("event_id", "=", eventId).where("status", "=", "queued").where("kind", "=", "invitation").execute();
    expect(retried.map((row) => row.invitee_id).sort()).toEqual([id.failed, id.uncertainThenFailed].sort());
    expect(await queueInvitations(test.db, { eventId, ...origin })).toBe(1);
    expect(await mailingCounts(test.db, eventId)).toEqual({ notInvited: 0, failed: 0, remindable: 0 });
    expect(await mailingCounts(test.db, otherEventId)).toEqual({ notInvited: 0, failed: 1, remindable: 0 });
  });
});
