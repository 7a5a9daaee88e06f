import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { purgePersonalData } from "../../app/domain/events/retention.server";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { eventCertificates, guestCertificate, maskName, newCertificateCode, normalizeCertificateCode, verifyCertificate } from "../../app/domain/protocol/attendance-certificates.server";
import { recordRsvp, type RsvpForm } from "../../app/domain/rsvp/rsvp.server";
import * as verifyPage from "../../app/routes/verify.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const attending: RsvpForm = { answer: "attending", companions: 0, proxyName: "", proxyPosition: "", consent: true, answers: {} };

describe("certificates of attendance (참석 확인서)", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let ownerId: number;
  let eventId: number;
  let ids: number[];

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    ownerId = (await newOrganizer(test.db, "Owner")).id;
    eventId = (await createEvent(test.db, ownerId, eventFormSchema.parse(sampleEventForm({ slug: "certificates" })))).id;
    ids = await addInvitees(
      test.db,
      eventId,
      ["홍길동", "김철수", "이영희"].map((name) => sampleInvitee({ name })),
    );
    for (const id of ids) await recordRsvp(test.db, { eventId, inviteeId: id, form: attending, consentText: "c", mail });
    await recordRsvp(test.db, { eventId, inviteeId: ids[1]!, form: { ...attending, answer: "proxy", proxyName: "박대리", proxyPosition: "과장" }, consentText: "c", mail });
    const by = { eventId, entrance: "정문", organizerId: ownerId };
    await checkInInvitee(test.db, by, ids[0]!);
    await checkInInvitee(test.db, by, ids[1]!);
  });
  afterAll(() => test.destroy());

  const endEvent = () =>
    test.db
      .updateTable("events")
      .set({ starts_at: sql<Date>`now() - interval '3 hours'`, ends_at: sql<Date>`now() - interval '1 hour'` })
      .where("id", "=", eventId)
      .execute();

  it("makes unguessable codes that survive being read aloud or typed with look-alikes", () => {
    const codes = new Set(Array.from({ length: 1000 }, newCertificateCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const code = [...codes][0]!;
    expect(normalizeCertificateCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
    expect(normalizeCertificateCode("0O1I-L000-0000-0000")).toBe("0011-1000-0000-0000");
    expect(normalizeCertificateCode("short")).toBeNull();
    expect(maskName("홍길동")).toBe("홍○○");
    expect(maskName("Jane Kim")).toBe("J○○○ K○○");
  });

  it("is issued only after the event, and only to those checked in", async () => {
    expect(await guestCertificate(test.db, eventId, ids[0]!)).toEqual({ status: "not-yet" });
    await endEvent();
    const first = await guestCertificate(test.db, eventId, ids[0]!);
    expect(first).toMatchObject({ status: "issued", name: "홍길동" });
    // Asked again: the same certificate, not a second one.
    expect(await guestCertificate(test.db, eventId, ids[0]!)).toEqual(first);
    expect(await guestCertificate(test.db, eventId, ids[2]!)).toEqual({ status: "not-attended" });
    // The proxy who came is the one named.
    expect(await guestCertificate(test.db, eventId, ids[1]!)).toMatchObject({ status: "issued", name: "박대리" });
    expect((await eventCertificates(test.db, eventId)).map((certificate) => certificate.name)).toEqual(["박대리", "홍길동"]);
    const rows = await test.db.selectFrom("attendance_certificates").select("invitee_id").where("event_id", "=", eventId).execute();
    expect(rows).toHaveLength(2);
  });

  it("verifies by code with the name and the event only, and after the purge only the masked name", async () => {
    const issued = await guestCertificate(test.db, eventId, ids[0]!);
    if (issued.status !== "issued") throw new Error("not issued");
    const before = await verifyCertificate(test.db, issued.code.toLowerCase());
    expect(before).toMatchObject({ code: issued.code, name: "홍길동", masked: false });
    expect(Object.keys(before!).sort()).toEqual(["code", "event", "issuedAt", "masked", "name"]);

    const page = await outcome(() => verifyPage.loader({ request: getRequest(`/verify/${issued.code}`), params: { token: issued.code }, context }));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ name: "홍길동", masked: false });
    const unknown = await outcome(() => verifyPage.loader({ request: getRequest("/verify/0000-0000-0000-0000"), params: { token: "0000-0000-0000-0000" }, context }));
    expect(unknown.status).toBe(404);

    await purgePersonalData(test.db, eventId, { kind: "retention" });
    expect(await verifyCertificate(test.db, issued.code)).toMatchObject({ name: "홍○○", masked: true });
    const proxy = (await test.db.selectFrom("attendance_certificates").select("code").where("invitee_id", "=", ids[1]!).executeTakeFirstOrThrow()).code;
    expect(await verifyCertificate(test.db, proxy)).toMatchObject({ name: "박○○", masked: true });
    // No full name is left anywhere in the certificates.
    const stored = await test.db.selectFrom("attendance_certificates").selectAll().execute();
    expect(JSON.stringify(stored)).not.toMatch(/홍길동|박대리/);
  });
});
