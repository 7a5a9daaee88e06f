import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSession, sessionFormSchema } from "../../app/domain/program/agenda.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { queueInvitations } from "../../app/domain/invitations/guest-mail.server";
import { addInvitees, findInviteeByLinkToken, listInvitees } from "../../app/domain/invitations/invitations.server";
import { deliverDueEmails } from "../../app/domain/outbox.server";
import { smtpTransport, type MailTransport } from "../../app/lib/mailer.server";
import * as listRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as invitationRoute from "../../app/routes/admin.events.$eventId.invitation";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

describe("sending invitations", () => {
  let test: TestDatabase;
  let sink: SmtpSink;
  let transport: MailTransport;
  let context: AppLoadContext;
  let eventId: number;
  let cookie: string;
  let nudges = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    sink = await createSmtpSink();
    await sink.start();
    transport = smtpTransport(sink.url);
    context = testContext(test.db, { mail: { nudge: () => void nudges++ } });
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
    const forms = Array.from({ length: 100 }, (_, i) =>
      sampleInvitee({
        name: `손님${i}`,
        email: i % 10 === 9 ? "" : `guest${i}@example.org`,
        organization: "파주시",
        language: i % 4 === 0 ? "en" : "ko",
      }),
    );
    await addInvitees(test.db, eventId, forms);
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
    await test.destroy();
  });

  it("sends one invitation to each invitee with an email, in their language, with a working personal link and an .ics", async () => {
    const result = await outcome(() =>
      listRoute.action({ request: postRequest(`/admin/events/${eventId}/invitees`, { mailing: "invite", scope: "all" }, { Cookie: cookie }), params: { eventId: String(eventId) }, context }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toContain("mailed=invite&count=90");
    expect(nudges).toBe(1);
    while ((await deliverDueEmails(test.db, { transport, fromAddress: "nanum@example.org", batchSize: 25 })) > 0);

    expect(sink.received).toHaveLength(90);
    const recipients = sink.received.map((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address);
    expect(new Set(recipients).size).toBe(90);
    for (const mail of sink.received) {
      const address = (mail.to as { value: Array<{ address: string }> }).value[0]!.address;
      const i = Number(/guest(\d+)@/.exec(address)![1]);
      const english = i % 4 === 0;
      expect(mail.subject).toBe(english ? "Invitation: 2026 Education Development Zone Performance Sharing Meeting" : "[초대] 2026 교육발전특구 성과공유회");
      expect(mail.text).toContain(`손님${i}`);
      const link = /http:\/\/localhost:3000\/i\/([A-Za-z0-9_-]{32})/.exec(mail.text ?? "")![1]!;
      const found = await findInviteeByLinkToken(test.db, link);
      expect(found.status === "found" && found.invitee.name).toBe(`손님${i}`);
      const ics = mail.attachments.find((a) => a.contentType.startsWith("text/calendar")) ?? null;
      const calendar = ics ? ics.content.toString("utf8") : String((mail as unknown as { headers: Map<string, unknown> }).headers.get("content-type"));
      expect(calendar).toContain("BEGIN:VCALENDAR");
      expect(calendar).toContain("DTSTART:20301223T050000Z");
      expect(calendar).toContain(`UID:event-${eventId}@nanum`);
    }

    const { invitees, deliveryCounts } = await listInvitees(test.db, eventId);
    expect(invitees.filter((invitee) => invitee.delivery.status === "sent")).toHaveLength(90);
    expect(deliveryCounts.total).toMatchObject({ sent: 90, "not-invited": 10, queued: 0, failed: 0 });
  });

  it("does not invite anyone twice when the button is pressed again, or twice at once", async () => {
    await addInvitees(
      test.db,
      eventId,
      Array.from({ length: 5 }, (_, i) => sampleInvitee({ name: `늦은손님${i}`, email: `late${i}@example.org` })),
    );
    const [a, b] = await Promise.all([
      queueInvitations(test.db, { eventId, origin: "http://localhost:3000", messageIdDomain: "example.org" }),
      queueInvitations(test.db, { eventId, origin: "http://localhost:3000", messageIdDomain: "example.org" }),
    ]);
    expect(a + b).toBe(5);
    expect(await queueInvitations(test.db, { eventId, origin: "http://localhost:3000", messageIdDomain: "example.org" })).toBe(0);
  });

  it("uses the organizer's own subject and opening, previewed exactly and escaped", async () => {
    const params = { eventId: String(eventId) };
    const saved = await outcome(() =>
      invitationRoute.action({
        request: postRequest(
          `/admin/events/${eventId}/invitation`,
          { subjectKo: "성과공유회에 모십니다", subjectEn: "", introKo: "올해도 <함께> 해 주셔서\n감사합니다.", introEn: "" },
          { Cookie: cookie },
        ),
        params,
        context,
      }),
    );
    expect(saved.status).toBe(302);
    const preview = await outcome(() => invitationRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitation`, { Cookie: cookie }), params, context }));
    expect(preview.data.ko.subject).toBe("성과공유회에 모십니다");
    expect(preview.data.en.subject).toBe("Invitation: 2026 Education Development Zone Performance Sharing Meeting");
    expect(preview.data.ko.html).toContain("올해도 &lt;함께&gt; 해 주셔서<br>");
    expect(preview.data.ko.text).toContain("올해도 <함께> 해 주셔서");

    await addInvitees(test.db, eventId, [sampleInvitee({ name: "새손님", email: "custom@example.org" })]);
    sink.received.length = 0;
    expect(await queueInvitations(test.db, { eventId, origin: "http://localhost:3000", messageIdDomain: "example.org" })).toBe(1);
    while ((await deliverDueEmails(test.db, { transport, fromAddress: "nanum@example.org" })) > 0);
    const mine = sink.received.filter((mail) => (mail.to as { value: Array<{ address: string }> }).value[0]!.address === "custom@example.org");
    expect(mine.map((mail) => mail.subject)).toEqual(["성과공유회에 모십니다"]);
    expect(mine[0]!.text).toContain("감사합니다.");
  });

  it("puts the program in short in the invitation once there is one, in the guest's language", async () => {
    const outboxOf = (id: number) =>
      test.db.selectFrom("email_outbox").select(["text_body", "html_body", "to_address"]).where("event_id", "=", id).where("kind", "=", "invitation").orderBy("to_address").execute();
    // The invitations above went out before the event had a program: no heading in them.
    for (const mail of await outboxOf(eventId)) expect(mail.text_body).not.toMatch(/행사 순서|Program/);

    const owner = await test.db.selectFrom("event_members").select("organizer_id").where("event_id", "=", eventId).executeTakeFirstOrThrow();
    const withProgram = (await createEvent(test.db, owner.organizer_id, eventFormSchema.parse(sampleEventForm({ slug: "with-program" })))).id;
    const session = (fields: Record<string, string>) => sessionFormSchema.parse({ partId: "", kind: "opening", descriptionKo: "", descriptionEn: "", room: "", cue: "", titleEn: "", ...fields });
    await saveSession(test.db, withProgram, session({ startTime: "14:00", endTime: "14:15", titleKo: "개회식", titleEn: "Opening <ceremony>" }));
    await saveSession(test.db, withProgram, session({ kind: "lecture", startTime: "16:00", endTime: "16:50", titleKo: "특강: 미래교육의 방향" }));
    await addInvitees(test.db, withProgram, [sampleInvitee({ name: "가", email: "a-program@example.org" }), sampleInvitee({ name: "B", email: "b-program@example.org", language: "en" })]);
    expect(await queueInvitations(test.db, { eventId: withProgram, origin: "http://localhost:3000", messageIdDomain: "example.org" })).toBe(2);
    const [korean, english] = await outboxOf(withProgram);
    expect(korean!.text_body).toMatch(/행사 순서\n14:00 ~ 14:15: 개회식\n16:00 ~ 16:50: 특강: 미래교육의 방향/u);
    expect(korean!.html_body).toContain("특강: 미래교육의 방향");
    // English: English titles where there are, Korean where there are not; HTML escaped.
    expect(english!.text_body).toMatch(/Program\n2:00\s–\s2:15\sPM: Opening <ceremony>\n4:00\s–\s4:50\sPM: 특강: 미래교육의 방향/u);
    expect(english!.html_body).toContain("Opening &lt;ceremony&gt;");
  });
});
