import type { AppLoadContext } from "@remix-run/node";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAwardCategory } from "../../app/domain/program/awards.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee } from "../../app/domain/invitations/invitations.server";
import * as importRoute from "../../app/routes/admin.events.$eventId.awards_.import";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

function csvOf(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")).join("\r\n");
}

describe("importing award recipients", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let cookie: string;
  let reporters: number;
  let service: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
    const category = (nameKo: string, nameEn: string) => addAwardCategory(test.db, eventId, { nameKo, nameEn, descriptionKo: "", descriptionEn: "", presenter: "", sessionId: null });
    reporters = (await category("우수기자상", "Outstanding Reporter Award")).id;
    service = (await category("봉사상", "Service Award")).id;
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const importPath = () => `/admin/events/${eventId}/awards/import`;

  async function upload(fileName: string, content: Uint8Array | string, fields: Record<string, string> = {}) {
    const body = new FormData();
    body.append("file", new File([typeof content === "string" ? content : Buffer.from(content)], fileName));
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const request = new Request(new URL(importPath(), BASE), { method: "POST", body, headers: { Cookie: cookie } });
    return outcome(() => importRoute.action({ request, params: params(), context }));
  }
  const preview = (query: string) => outcome(() => importRoute.loader({ request: getRequest(`${importPath()}${query}`, { Cookie: cookie }), params: params(), context }));
  const confirm = (fields: Record<string, string>) => outcome(() => importRoute.action({ request: postRequest(importPath(), fields, { Cookie: cookie }), params: params(), context }));
  const queryOf = (location: string | null) => location!.slice(location!.indexOf("?"));
  const listed = async (categoryId: number) =>
    test.db.selectFrom("award_recipients").select(["name", "organization", "grade", "citation", "is_minor", "invitee_id"]).where("category_id", "=", categoryId).orderBy("position").execute();

  it("previews a CSV naming each bad line, then adds the good rows in the file's order, once", async () => {
    const rows = [
      ["상", "이름", "학교", "학년", "공적내용", "미성년"],
      ["우수기자상", "김하늘", "문산중학교", "2학년", "학교 소식을\n성실히 취재함", "Y"],
      ["Outstanding Reporter Award", "이서진", "운정고등학교", "1학년", "", "예"],
      ["우수기자상", "", "교하중학교", "3학년", "", "Y"],
      ["없는상", "박도현", "교하중학교", "3학년", "", "Y"],
      ["봉사상", "최봉사", "파주고등학교", "교사", "", "maybe"],
      ["봉사상", "정봉사", "파주시", "주무관", "", ""],
      ["우수기자상", "김하늘", "문산중학교", "2학년", "", "Y"],
    ];
    const uploaded = await upload("수상자.csv", csvOf(rows));
    expect(uploaded.status).toBe(302);
    expect(await test.db.selectFrom("award_recipients").select("id").execute()).toEqual([]);

    const shown = await preview(queryOf(uploaded.location));
    expect(shown.data.preview.status).toBe("ready");
    // Lines as a spreadsheet numbers them: the header is line 1.
    expect(shown.data.preview.errors.map((e: { line: number; field: string; reason: string }) => [e.line, e.field, e.reason])).toEqual([
      [4, "name", "import.error.nameRequired"],
      [5, "category", "import.error.unknownCategory"],
      [6, "minor", "import.error.minor"],
    ]);
    expect(shown.data.preview.duplicates).toEqual([{ line: 8, duplicateOfLine: 2 }]);
    expect(shown.data.preview.sample.map((r: { line: number; name: string; categoryName: string }) => [r.line, r.name, r.categoryName])).toEqual([
      [2, "김하늘", "우수기자상"],
      [3, "이서진", "우수기자상"],
      [7, "정봉사", "봉사상"],
    ]);

    const draft = new URLSearchParams(queryOf(uploaded.location)).get("draft")!;
    const done = await confirm({ draft, category: "" });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/admin/events/${eventId}/awards?imported=3`);
    expect(await listed(reporters)).toEqual([
      { name: "김하늘", organization: "문산중학교", grade: "2학년", citation: "학교 소식을\n성실히 취재함", is_minor: true, invitee_id: null },
      { name: "이서진", organization: "운정고등학교", grade: "1학년", citation: "", is_minor: true, invitee_id: null },
    ]);
    expect((await listed(service)).map((r) => [r.name, r.is_minor])).toEqual([["정봉사", false]]);
    // The upload is used up.
    expect((await confirm({ draft })).status).toBe(400);

    // The same file again adds no one: those rows are already listed.
    const again = await preview(queryOf((await upload("수상자.csv", csvOf(rows))).location));
    expect(again.data.preview.toAddCount).toBe(0);
    expect(again.data.preview.alreadyListed.map((r: { line: number }) => r.line)).toEqual([2, 3, 7]);
  });

  it("reads a CP949 file with Korean headers, links a recipient to the one invitee with the same name and organization, and not when two match", async () => {
    const one = await addInvitee(test.db, eventId, sampleInvitee({ name: "홍길동", organization: "파주고등학교" }));
    for (let i = 0; i < 2; i++) await addInvitee(test.db, eventId, sampleInvitee({ name: "이동명", organization: "금촌초등학교" }));
    const text = csvOf([
      ["성명", "소속", "직위", "공적", "부문", "학생"],
      ["홍길동", "파주고등학교", "1학년", "봉사 활동 200시간", "봉사상", "예"],
      ["이동명", "금촌초등학교", "6학년", "", "봉사상", "아니요"],
    ]);
    const uploaded = await upload("cp949.csv", iconv.encode(text, "cp949"));
    const shown = await preview(queryOf(uploaded.location));
    expect(shown.data.preview.errors).toEqual([]);
    expect(shown.data.preview.sample).toEqual([
      expect.objectContaining({ line: 2, name: "홍길동", organization: "파주고등학교", grade: "1학년", citation: "봉사 활동 200시간", minor: true, categoryName: "봉사상", invitee: "홍길동" }),
      expect.objectContaining({ line: 3, name: "이동명", minor: false, invitee: null }),
    ]);
    await confirm({ draft: new URLSearchParams(queryOf(uploaded.location)).get("draft")! });
    const added = await listed(service);
    expect(added.find((r) => r.name === "홍길동")!.invitee_id).toBe(one.id);
    expect(added.find((r) => r.name === "이동명")!.invitee_id).toBeNull();
  });

  it("reads an .xlsx under a title row, putting rows without a category into the one chosen on the form", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("수상자");
    sheet.addRow(["2026 교육발전특구 성과공유회 수상자 명단"]);
    sheet.addRow(["이름", "학교명", "학년", "공적 내용", "미성년 여부"]);
    sheet.addRow(["서예린", "운정중학교", "3학년", "교지 편집장", "Y"]);
    sheet.addRow(["강건우", "교하고등학교", "2학년", "", "N"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    // Without a chosen category, each row says what is missing.
    const plain = await preview(queryOf((await upload("수상자.xlsx", bytes)).location));
    expect(plain.data.preview.errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).toEqual([
      [3, "import.error.categoryRequired"],
      [4, "import.error.categoryRequired"],
    ]);

    const uploaded = await upload("수상자.xlsx", bytes, { category: String(reporters) });
    expect(uploaded.location).toContain(`category=${reporters}`);
    const shown = await preview(queryOf(uploaded.location));
    expect(shown.data.preview.headerLine).toBe(2);
    expect(shown.data.preview.errors).toEqual([]);
    expect(shown.data.preview.sample.map((r: { line: number; name: string; categoryName: string }) => [r.line, r.name, r.categoryName])).toEqual([
      [3, "서예린", "우수기자상"],
      [4, "강건우", "우수기자상"],
    ]);
    // Another event's category on the form counts as none.
    const stranger = await newOrganizer(test.db, "Stranger");
    const foreignEvent = (await createEvent(test.db, stranger.id, eventFormSchema.parse(sampleEventForm()))).id;
    const foreign = await addAwardCategory(test.db, foreignEvent, { nameKo: "남의 상", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "", sessionId: null });
    const draft = new URLSearchParams(queryOf(uploaded.location)).get("draft")!;
    expect((await preview(`?draft=${draft}&category=${foreign.id}`)).data.preview.errors).toHaveLength(2);
    const refused = await confirm({ draft, category: String(foreign.id) });
    expect(refused.location).toContain("imported=0");
    expect(await test.db.selectFrom("award_recipients").select("id").where("category_id", "=", foreign.id).execute()).toEqual([]);

    const redo = await upload("수상자.xlsx", bytes, { category: String(reporters) });
    const done = await confirm({ draft: new URLSearchParams(queryOf(redo.location)).get("draft")!, category: String(reporters) });
    expect(done.location).toContain("imported=2");
    expect((await listed(reporters)).map((r) => r.name)).toEqual(["김하늘", "이서진", "서예린", "강건우"]);
  });

  it("re-maps a column the organizer chose", async () => {
    const uploaded = await upload(
      "mapping.csv",
      csvOf([
        ["이름", "학교", "비고"],
        ["윤지호", "금촌중학교", "봉사상"],
      ]),
    );
    const query = queryOf(uploaded.location);
    const before = await preview(query);
    expect(before.data.preview.columns.find((c: { label: string }) => c.label === "비고").field).toBeNull();
    const after = await preview(`${query}&map.2=category`);
    expect(after.data.preview.sample[0]).toMatchObject({ name: "윤지호", categoryName: "봉사상" });
  });

  it("answers a file that is not a recipient list with a clear error and saves nothing", async () => {
    const png = await upload("photo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    expect(png).toMatchObject({ status: 400, data: { failure: "import.failure.unsupportedFormat" } });
    const noHeader = await upload("memo.csv", "안녕하세요\r\n회의 메모\r\n");
    expect(noHeader).toMatchObject({ status: 400, data: { failure: "awardImport.noHeader" } });
    expect(await test.db.selectFrom("award_imports").select("id").where("file_name", "in", ["photo.png", "memo.csv"]).execute()).toEqual([]);
  });

  it("offers a template whose headers the reader recognises", async () => {
    const template = fs.readFileSync(path.join(__dirname, "../../public/samples/award-recipients-template.csv"));
    const uploaded = await upload("template.csv", Buffer.concat([template, Buffer.from("우수기자상,조은별,문산중학교,1학년,,Y\r\n")]));
    const shown = await preview(queryOf(uploaded.location));
    expect(shown.data.preview.columns.map((c: { field: string | null }) => c.field)).toEqual(["category", "name", "organization", "grade", "citation", "minor"]);
    expect(shown.data.preview.sample[0]).toMatchObject({ name: "조은별", minor: true, categoryName: "우수기자상" });
  });
});
