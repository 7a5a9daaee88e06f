import type { AppLoadContext } from "@remix-run/node";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { mailingCounts, queueInvitations, queueReminders } from "../../app/domain/invitations/guest-mail.server";
import { addInvitees, inviteeExportRows } from "../../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { addRsvpQuestion, questionFormSchema } from "../../app/domain/rsvp/rsvp-settings.server";
import { listRsvpQuestions, recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import * as attendeesRoute from "../../app/routes/admin.events.$eventId.attendees._index";
import * as exportRoute from "../../app/routes/admin.events.$eventId.attendees.export";
import * as sheetRoute from "../../app/routes/admin.events.$eventId.attendees.sign-in-sheet";
import * as inviteesRoute from "../../app/routes/admin.events.$eventId.invitees._index";
import * as settingsRoute from "../../app/routes/admin.events.$eventId.rsvp";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const mail = { origin: "http://localhost:3000", messageIdDomain: "example.org" };
const FORMULA = '=HYPERLINK("http://evil.example","클릭")';

interface Row {
  id: number;
  name: string;
  answer: string;
  proxy: { name: string; position: string } | null;
  companions: number | null;
  answers: string[];
  consentAt: string | null;
  overCapacity: boolean;
  waitlistPosition: number | null;
  ticketCode: string | null;
}

describe("the attendee list, its exports and the sign-in sheet", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let cookie: string;
  let otherCookie: string;
  let staffCookie: string;
  let eventId: number;
  let otherEventId: number;
  let strangerInviteeId: number;
  const id: Record<string, number> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    const other = await newOrganizer(test.db, "Other");
    const staff = await newOrganizer(test.db, "Staff");
    cookie = await signedInCookie(context, owner.id);
    otherCookie = await signedInCookie(context, other.id);
    staffCookie = await signedInCookie(context, staff.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "attendees-main", capacity: "5" })))).id;
    otherEventId = (await createEvent(test.db, other.id, eventFormSchema.parse(sampleEventForm({ slug: "attendees-other", titleEn: "Other" })))).id;
    await grantEventAccess(test.db, { eventId, email: staff.email, role: "staff", invitedBy: owner.id }, { ...mail, locale: "ko" });
    await test.db.updateTable("events").set({ max_companions: 2 }).where("id", "=", eventId).execute();
    for (const question of [
      { kind: "choice", labelKo: "점심 식사", labelEn: "Lunch", optionsKo: "한식\n양식", optionsEn: "Korean\nWestern" },
      { kind: "yesno", labelKo: "주차 필요", labelEn: "Parking needed", optionsKo: "", optionsEn: "" },
      { kind: "text", labelKo: "차량 번호", labelEn: "Car number", optionsKo: "", optionsEn: "" },
    ]) {
      await addRsvpQuestion(test.db, eventId, questionFormSchema.parse(question));
    }
    const people = [
      { key: "minji", name: "김민지", organization: "파주시", position: "국장", groupName: "내빈" },
      { key: "seojun", name: "박서준", organization: "파주교육지원청", position: "교육장", groupName: "내빈" },
      { key: "jiwoo", name: "최지우", organization: "운정초 학부모회", position: "대표", groupName: "학부모" },
      { key: "hana", name: "강하나", organization: "문산중 학부모회", position: "위원", groupName: "학부모" },
      { key: "dana", name: "가다나", organization: "교하고 학부모회", position: "위원", groupName: "학부모" },
      { key: "first", name: "윤첫째", organization: "파주시의회", position: "의원", groupName: "내빈" },
      { key: "second", name: "임둘째", organization: "파주시의회", position: "의원", groupName: "내빈" },
      { key: "silent", name: "오조용", organization: "금촌초", position: "교장", groupName: "학교장" },
    ];
    const ids = await addInvitees(
      test.db,
      eventId,
      people.map((person, i) =>
        sampleInvitee({ name: person.name, email: `guest${i}@example.org`, phone: `010-0000-000${i}`, organization: person.organization, position: person.position, groupName: person.groupName }),
      ),
    );
    people.forEach((person, i) => (id[person.key] = ids[i]!));
    [strangerInviteeId] = await addInvitees(test.db, otherEventId, [sampleInvitee({ name: "남의손님" })]);

    const questions = await listRsvpQuestions(test.db, eventId);
    const [lunch, parking, car] = questions.map((q) => `q${q.id}`);
    const answer = (key: string, fields: Record<string, string>) =>
      recordRsvp(test.db, { eventId, inviteeId: id[key]!, form: rsvpFormSchema(questions, 2).parse(fields), consentText: "동의 문구", mail });
    // Five places: 김민지 and a companion, 박서준's proxy, 강하나, 가다나; then the waitlist.
    await answer("minji", { answer: "attending", companions: "1", consent: "on", [lunch!]: "1", [parking!]: "yes", [car!]: "12가 3456" });
    await answer("seojun", { answer: "proxy", proxyName: "이대리", proxyPosition: "과장", consent: "on", [lunch!]: "0", [parking!]: "no" });
    await answer("jiwoo", { answer: "declined" });
    await answer("hana", { answer: "attending", consent: "on", [car!]: FORMULA });
    await answer("dana", { answer: "attending", consent: "on" });
    expect((await answer("first", { answer: "attending", consent: "on" })).status).toBe("waitlisted");
    expect((await answer("second", { answer: "attending", consent: "on" })).status).toBe("waitlisted");
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const list = async (query = "", headers: Record<string, string> = {}) => {
    const result = await outcome(() => attendeesRoute.loader({ request: getRequest(`/admin/events/${eventId}/attendees${query}`, { Cookie: cookie, ...headers }), params: params(), context }));
    expect(result.status).toBe(200);
    return result.data as {
      attendees: Row[];
      questions: Array<{ label: string }>;
      total: Record<string, number>;
      byGroup: Array<{ name: string; counts: Record<string, number> }>;
      capacity: { held: number; capacity: number | null; offered: number };
    };
  };
  const byName = (rows: Row[], name: string) => rows.find((row) => row.name === name)!;
  const act = (fields: Record<string, string>, as = cookie) =>
    outcome(() => attendeesRoute.action({ request: postRequest(`/admin/events/${eventId}/attendees`, fields, { Cookie: as }), params: params(), context }));
  const ticketEmails = (inviteeId: number) => test.db.selectFrom("email_outbox").select("id").where("invitee_id", "=", inviteeId).where("kind", "=", "ticket").execute();

  it("shows each invitee's answer, proxy, companions, question answers, consent time, waitlist place and ticket code", async () => {
    const { attendees, questions } = await list();
    expect(questions.map((q) => q.label)).toEqual(["점심 식사", "주차 필요", "차량 번호"]);
    const minji = byName(attendees, "김민지");
    expect(minji).toMatchObject({ answer: "attending", proxy: null, companions: 1, answers: ["양식", "예", "12가 3456"], overCapacity: false, waitlistPosition: null });
    expect(minji.ticketCode).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
    expect(minji.consentAt).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}/);
    expect(byName(attendees, "박서준")).toMatchObject({ answer: "proxy", proxy: { name: "이대리", position: "과장" }, companions: 0, answers: ["한식", "아니요", ""] });
    expect(byName(attendees, "최지우")).toMatchObject({ answer: "declined", companions: null, consentAt: null, ticketCode: null, answers: ["", "", ""] });
    expect(byName(attendees, "강하나").answers).toEqual(["", "", FORMULA]);
    expect(byName(attendees, "윤첫째")).toMatchObject({ answer: "waitlisted", waitlistPosition: 1, ticketCode: null });
    expect(byName(attendees, "임둘째")).toMatchObject({ answer: "waitlisted", waitlistPosition: 2 });
    expect(byName(attendees, "오조용")).toMatchObject({ answer: "no-answer", companions: null, consentAt: null, waitlistPosition: null });

    // In English: the questions' English labels and options, Yes/No.
    const english = await list("", { "Accept-Language": "en" });
    expect(english.questions.map((q) => q.label)).toEqual(["Lunch", "Parking needed", "Car number"]);
    expect(byName(english.attendees, "김민지").answers).toEqual(["Western", "Yes", "12가 3456"]);
  });

  it("counts people by group and answer, and places against capacity", async () => {
    const { total, byGroup, capacity } = await list();
    expect(total).toEqual({ invited: 8, attending: 4, companions: 1, places: 5, declined: 1, waitlisted: 2, offered: 0, noAnswer: 1 });
    expect(byGroup.map((group) => group.name)).toEqual(["내빈", "학교장", "학부모"]);
    expect(byGroup.find((group) => group.name === "내빈")!.counts).toEqual({ invited: 4, attending: 2, companions: 1, places: 3, declined: 0, waitlisted: 2, offered: 0, noAnswer: 0 });
    expect(byGroup.find((group) => group.name === "학부모")!.counts).toMatchObject({ invited: 3, attending: 2, places: 2, declined: 1 });
    expect(capacity).toEqual({ held: 5, offered: 0, capacity: 5 });
  });

  it("filters by answer and group and finds people by name, organization or proxy", async () => {
    const names = async (query: string) => (await list(query)).attendees.map((row) => row.name);
    expect(await names("?response=waitlisted")).toEqual(["윤첫째", "임둘째"]);
    expect(await names("?response=attending")).toEqual(["김민지", "박서준", "가다나", "강하나"]);
    expect(await names("?response=no-answer")).toEqual(["오조용"]);
    expect(await names("?response=declined&group=학부모")).toEqual(["최지우"]);
    expect(await names("?group=학교장")).toEqual(["오조용"]);
    expect(await names("?q=이대리")).toEqual(["박서준"]);
    expect(await names("?q=학부모회&response=attending")).toEqual(["가다나", "강하나"]);
    expect(await names("?q=%25")).toEqual([]);
    // An unknown answer filter shows everyone rather than failing.
    expect(await names("?response=maybe")).toHaveLength(8);
  });

  it("admits a waitlisted guest over capacity from the list, once, with a ticket", async () => {
    const admitted = await act({ intent: "admit", inviteeId: String(id.second), response: "waitlisted", group: "*", q: "" });
    expect(admitted.status).toBe(302);
    expect(admitted.location).toBe(`/admin/events/${eventId}/attendees?q=&group=*&response=waitlisted&done=admitted`);
    const row = byName((await list()).attendees, "임둘째");
    expect(row).toMatchObject({ answer: "attending", overCapacity: true, waitlistPosition: null });
    expect(row.ticketCode).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
    expect(byName((await list()).attendees, "윤첫째").waitlistPosition).toBe(1);
    expect(await ticketEmails(id.second!)).toHaveLength(1);

    // A second press (a double click) changes nothing and sends nothing more.
    const again = await act({ intent: "admit", inviteeId: String(id.second) });
    expect(again.location).toContain("done=already-attending");
    expect(await ticketEmails(id.second!)).toHaveLength(1);

    // Someone who has not answered can be let in too; the places now exceed capacity.
    expect((await act({ intent: "admit", inviteeId: String(id.silent) })).location).toContain("done=admitted");
    const { capacity, total } = await list();
    expect(capacity).toMatchObject({ held: 7, capacity: 5 });
    expect(total).toMatchObject({ attending: 6, waitlisted: 1, noAnswer: 0 });
  });

  it("re-issues an attending guest's ticket from the list, and refuses for someone not attending", async () => {
    const before = await test.db.selectFrom("tickets").select(["version", "code"]).where("invitee_id", "=", id.minji!).executeTakeFirstOrThrow();
    const emailsBefore = (await ticketEmails(id.minji!)).length;
    const reissued = await act({ intent: "reissue", inviteeId: String(id.minji) });
    expect(reissued.status).toBe(302);
    expect(reissued.location).toContain("done=reissued");
    const after = await test.db.selectFrom("tickets").select(["version", "code", "status"]).where("invitee_id", "=", id.minji!).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ version: before.version + 1, status: "active" });
    // The printed entry code goes with the old QR code.
    expect(after.code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    expect(after.code).not.toBe(before.code);
    expect(await ticketEmails(id.minji!)).toHaveLength(emailsBefore + 1);

    const refused = await act({ intent: "reissue", inviteeId: String(id.jiwoo) });
    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ error: "attendees.notAttending" });
    expect((await act({ intent: "frobnicate", inviteeId: String(id.jiwoo) })).status).toBe(400);
  });

  it("acts only on this event's invitees, and only for its organizers", async () => {
    expect((await act({ intent: "admit", inviteeId: String(strangerInviteeId) })).status).toBe(404);
    expect(await test.db.selectFrom("rsvps").select("status").where("invitee_id", "=", strangerInviteeId).executeTakeFirst()).toBeUndefined();
    for (const [as, status] of [
      [otherCookie, 404],
      [staffCookie, 403],
    ] as const) {
      expect((await act({ intent: "admit", inviteeId: String(id.first) }, as)).status).toBe(status);
      for (const [route, path] of [
        [attendeesRoute, "attendees"],
        [exportRoute, "attendees/export?format=csv&reason=reception"],
        [sheetRoute, "attendees/sign-in-sheet?reason=reception"],
        [settingsRoute, "rsvp"],
      ] as const) {
        const page = await outcome(() => route.loader({ request: getRequest(`/admin/events/${eventId}/${path}`, { Cookie: as }), params: params(), context }));
        expect(page.status, path).toBe(status);
      }
      const settings = await outcome(() =>
        settingsRoute.action({ request: postRequest(`/admin/events/${eventId}/rsvp`, { intent: "settings", maxCompanions: "10" }, { Cookie: as }), params: params(), context }),
      );
      expect(settings.status).toBe(status);
    }
    expect(byName((await list()).attendees, "윤첫째").answer).toBe("waitlisted");
    const event = await test.db.selectFrom("events").select("max_companions").where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event.max_companions).toBe(2);
  });

  async function download(format: "csv" | "xlsx") {
    const result = await exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/attendees/export?format=${format}&reason=reception`, { Cookie: cookie }), params: params(), context });
    expect(result.status).toBe(200);
    expect(result.headers.get("Cache-Control")).toBe("no-store");
    return { type: result.headers.get("Content-Type"), disposition: result.headers.get("Content-Disposition"), bytes: new Uint8Array(await result.arrayBuffer()) };
  }

  it("exports the list as CSV with a BOM, Hangul, a column per question and formulas made harmless", async () => {
    const csv = await download("csv");
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toBe('attachment; filename="attendees-attendees-main.csv"');
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(csv.bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("이름,소속,직위,그룹,이메일,휴대전화,회신,대리 참석자,동반 인원,점심 식사,주차 필요,차량 번호,동의 시각,입장 코드,대기 순번");
    const minji = lines.find((line) => line.startsWith("김민지,"))!;
    expect(minji).toMatch(/^김민지,파주시,국장,내빈,guest0@example\.org,010-0000-0000,참석,,1,양식,예,12가 3456,\d{4}-\d{2}-\d{2} \d{2}:\d{2},[23456789A-HJ-NP-Z]{8},$/);
    expect(lines.find((line) => line.startsWith("박서준,"))).toContain(",대리 참석,이대리 (과장),0,한식,아니요,");
    expect(lines.find((line) => line.startsWith("윤첫째,"))).toMatch(/,대기,,0,,,,.*,,1$/);
    expect(lines.find((line) => line.startsWith("임둘째,"))).toContain(",참석 (정원 외),");
    // Admitted without having answered: no consent time, no questions answered.
    expect(lines.find((line) => line.startsWith("오조용,"))).toMatch(/,참석 \(정원 외\),,0,,,,,[23456789A-HJ-NP-Z]{8},$/);
    expect(lines.find((line) => line.startsWith("최지우,"))).toMatch(/,불참,,,,,,,,$/);
    // The guest's typed formula is text, not a live link.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""클릭"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("exports the same list as an Excel workbook, formulas as text", async () => {
    const xlsx = await download("xlsx");
    expect(xlsx.disposition).toBe('attachment; filename="attendees-attendees-main.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("참석자 명단");
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? "" : String(value)))));
    expect(rows[0]!.slice(9, 12)).toEqual(["점심 식사", "주차 필요", "차량 번호"]);
    const hana = rows.find((row) => row[0] === "강하나")!;
    expect(hana[11]).toBe(`'${FORMULA}`);
    expect(sheet.getCell(`L${rows.indexOf(hana) + 1}`).formula).toBeUndefined();
  });

  it("prints a sign-in sheet of those attending only, by group then name, a proxy under their own name", async () => {
    const sheet = async (query = "") => {
      const result = await outcome(() =>
        sheetRoute.loader({ request: getRequest(`/admin/events/${eventId}/attendees/sign-in-sheet${query}${query ? "&" : "?"}reason=reception`, { Cookie: cookie }), params: params(), context }),
      );
      expect(result.status).toBe(200);
      return result.data as { event: { title: string; date: string }; rows: Array<{ name: string; onBehalfOf: string | null; organization: string; position: string; group: string }> };
    };
    const all = await sheet();
    expect(all.event.title).toBe("2026 교육발전특구 성과공유회");
    expect(all.event.date).toContain("2030년 12월 23일");
    // Attending now: 김민지, 박서준 (by proxy), 강하나, 가다나, and 임둘째 and 오조용 admitted over capacity.
    expect(all.rows.map((row) => [row.group, row.name])).toEqual([
      ["내빈", "김민지"],
      ["내빈", "이대리"],
      ["내빈", "임둘째"],
      ["학교장", "오조용"],
      ["학부모", "가다나"],
      ["학부모", "강하나"],
    ]);
    expect(all.rows[1]).toEqual({ name: "이대리", onBehalfOf: "박서준", organization: "파주교육지원청", position: "과장", group: "내빈" });
    expect((await sheet("?group=학부모")).rows.map((row) => row.name)).toEqual(["가다나", "강하나"]);
    expect((await sheet("?group=없는그룹")).rows).toEqual([]);
  });

  it("shows the answer on the invitee list, filters by it, and exports it beside the delivery status", async () => {
    const invitees = async (query: string) => {
      const result = await outcome(() => inviteesRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees${query}`, { Cookie: cookie }), params: params(), context }));
      return result.data.invitees as Array<{ name: string; response: string; delivery: { status: string } }>;
    };
    const all = await invitees("");
    expect(Object.fromEntries(all.map((row) => [row.name, row.response]))).toEqual({
      김민지: "attending",
      박서준: "proxy",
      최지우: "declined",
      강하나: "attending",
      가다나: "attending",
      윤첫째: "waitlisted",
      임둘째: "attending",
      오조용: "attending",
    });
    expect(all.every((row) => row.delivery.status === "not-invited")).toBe(true);
    expect((await invitees("?response=attending")).map((row) => row.name)).toEqual(["김민지", "박서준", "임둘째", "오조용", "가다나", "강하나"]);
    expect((await invitees("?response=waitlisted")).map((row) => row.name)).toEqual(["윤첫째"]);
    expect((await invitees("?response=declined&delivery=not-invited")).map((row) => row.name)).toEqual(["최지우"]);
    expect(await invitees("?response=no-answer")).toEqual([]);

    const rows = await inviteeExportRows(test.db, eventId, "ko");
    expect(rows[0]!.slice(-2)).toEqual(["회신", "초청장 발송"]);
    expect(rows.find((row) => row[0] === "박서준")!.slice(-2)).toEqual(["대리 참석", "보내지 않음"]);
    expect(rows.find((row) => row[0] === "윤첫째")!.slice(-2)).toEqual(["대기", "보내지 않음"]);
  });

  it("reminds only invitees who have not answered: not those attending, declining, waiting or holding an offer", async () => {
    const slug = "attendees-remind";
    const owner = await newOrganizer(test.db, "Reminder");
    const remindEvent = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug, capacity: "1" })))).id;
    const names = ["참석자", "불참자", "대기자", "제안자", "무응답1", "무응답2"];
    const ids = await addInvitees(
      test.db,
      remindEvent,
      names.map((name, i) => sampleInvitee({ name, email: `remind${i}@example.org` })),
    );
    expect(await queueInvitations(test.db, { ...mail, eventId: remindEvent })).toBe(6);
    // As if the worker had handed every invitation to the mail server.
    await test.db.updateTable("email_outbox").set({ status: "sent" }).where("event_id", "=", remindEvent).execute();
    expect((await mailingCounts(test.db, remindEvent)).remindable).toBe(6);

    const answer = (i: number, fields: Record<string, string>) =>
      recordRsvp(test.db, { eventId: remindEvent, inviteeId: ids[i]!, form: rsvpFormSchema([], 0).parse(fields), consentText: "동의", mail });
    await answer(0, { answer: "attending", consent: "on" });
    await answer(1, { answer: "declined" });
    expect((await answer(2, { answer: "attending", consent: "on" })).status).toBe("waitlisted");
    expect((await answer(3, { answer: "attending", consent: "on" })).status).toBe("waitlisted");
    // The one attending leaves: the first in line is offered the place, the next keeps waiting.
    await answer(0, { answer: "declined" });
    const statuses = await test.db.selectFrom("rsvps").select(["invitee_id", "status"]).where("event_id", "=", remindEvent).execute();
    expect(Object.fromEntries(statuses.map((row) => [row.invitee_id, row.status]))).toEqual({ [ids[0]!]: "declined", [ids[1]!]: "declined", [ids[2]!]: "offered", [ids[3]!]: "waitlisted" });

    expect((await mailingCounts(test.db, remindEvent)).remindable).toBe(2);
    expect(await queueReminders(test.db, { ...mail, eventId: remindEvent })).toBe(2);
    const reminded = await test.db.selectFrom("email_outbox").select("to_address").where("event_id", "=", remindEvent).where("kind", "=", "reminder").orderBy("to_address").execute();
    expect(reminded.map((row) => row.to_address)).toEqual(["remind4@example.org", "remind5@example.org"]);
  });
});
