import type { AppLoadContext } from "@remix-run/node";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { addInvitee, listInvitees } from "../../app/domain/invitations/invitations.server";
import * as importRoute from "../../app/routes/admin.events.$eventId.invitees.import";
import * as exportRoute from "../../app/routes/admin.events.$eventId.invitees.export";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { BASE, getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

function csvOf(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")).join("\r\n");
}

describe("importing and exporting the invitee list", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let eventId: number;
  let cookie: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
    const owner = await newOrganizer(test.db, "Owner");
    cookie = await signedInCookie(context, owner.id);
    eventId = (await createEvent(test.db, owner.id, eventFormSchema.parse(sampleEventForm()))).id;
  });
  afterAll(() => test.destroy());

  const params = () => ({ eventId: String(eventId) });
  const path = () => `/admin/events/${eventId}/invitees/import`;

  async function upload(fileName: string, content: Uint8Array | string) {
    const body = new FormData();
    body.append("file", new File([typeof content === "string" ? content : Buffer.from(content)], fileName));
    const request = new Request(new URL(path(), BASE), { method: "POST", body, headers: { Cookie: cookie } });
    return outcome(() => importRoute.action({ request, params: params(), context }));
  }
  const preview = (query: string) => outcome(() => importRoute.loader({ request: getRequest(`${path()}${query}`, { Cookie: cookie }), params: params(), context }));
  const confirm = (fields: Record<string, string>) => outcome(() => importRoute.action({ request: postRequest(path(), fields, { Cookie: cookie }), params: params(), context }));

  it("previews a 100-row CSV naming 5 bad lines and 2 duplicates, then imports the 93 others in one go", async () => {
    const rows: string[][] = [["성명", "이메일", "연락처", "소속", "직위", "구분", "VIP", "언어"]];
    for (let i = 1; i <= 100; i++) rows.push([`참석자${i}`, `guest${i}@example.org`, `010-3000-${String(i).padStart(4, "0")}`, "파주시", "위원", "교육발전위원회", "N", "ko"]);
    // Lines as a spreadsheet numbers them: the header is line 1, guest i is line i + 1.
    rows[10]![1] = "not-an-email";
    rows[20]![0] = "";
    rows[30]![6] = "maybe";
    rows[40]![7] = "français";
    rows[50]![0] = "가".repeat(150);
    rows[60]![1] = "guest5@example.org";
    rows[70]![1] = "GUEST6@example.org";
    const uploaded = await upload("명단.csv", csvOf(rows));
    expect(uploaded.status).toBe(302);
    const query = uploaded.location!.slice(uploaded.location!.indexOf("?"));
    expect(await test.db.selectFrom("invitees").select("id").where("event_id", "=", eventId).execute()).toHaveLength(0);

    const shown = await preview(query);
    expect(shown.data.preview.status).toBe("ready");
    expect(shown.data.preview.toAddCount).toBe(93);
    expect(shown.data.preview.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [11, "email"],
      [21, "name"],
      [31, "vip"],
      [41, "language"],
      [51, "name"],
    ]);
    expect(shown.data.preview.duplicates).toEqual([
      { line: 61, duplicateOfLine: 6 },
      { line: 71, duplicateOfLine: 7 },
    ]);

    const draft = new URLSearchParams(query).get("draft")!;
    const done = await confirm({ draft });
    expect(done.status).toBe(302);
    expect(done.location).toContain("imported=93&updated=0");
    const { invitees, groups } = await listInvitees(test.db, eventId);
    expect(invitees).toHaveLength(93);
    expect(groups).toEqual([{ name: "교육발전위원회", count: 93 }]);
    // The upload is used up.
    expect((await confirm({ draft })).status).toBe(400);
  });

  it("updates invitees whose email is already on the list instead of adding them twice", async () => {
    const uploaded = await upload(
      "update.csv",
      csvOf([
        ["이름", "이메일", "소속"],
        ["참석자 일", "GUEST1@example.org", "파주교육지원청"],
        ["새 손님", "new.guest@example.org", "하남시"],
      ]),
    );
    const query = uploaded.location!.slice(uploaded.location!.indexOf("?"));
    const shown = await preview(query);
    expect(shown.data.preview.toAddCount).toBe(1);
    expect(shown.data.preview.toUpdateCount).toBe(1);
    const done = await confirm({ draft: new URLSearchParams(query).get("draft")! });
    expect(done.location).toContain("imported=1&updated=1");
    const updated = await test.db.selectFrom("invitees").select(["name", "organization"]).where("email", "=", "guest1@example.org").executeTakeFirstOrThrow();
    expect(updated).toEqual({ name: "참석자 일", organization: "파주교육지원청" });
  });

  it("reads a CP949 file from Korean Excel with 성명/연락처 headers", async () => {
    const text = csvOf([
      ["성명", "연락처", "소속기관", "비고"],
      ["홍길동", "010-1111-2222", "파주시청", "휠체어 이용"],
    ]);
    const uploaded = await upload("cp949.csv", iconv.encode(text, "cp949"));
    const shown = await preview(uploaded.location!.slice(uploaded.location!.indexOf("?")));
    expect(shown.data.preview.sample[0]).toMatchObject({ name: "홍길동", phone: "010-1111-2222", organization: "파주시청", notes: "휠체어 이용" });
  });

  it("re-maps a column the organizer chose and ignores another", async () => {
    const uploaded = await upload(
      "mapping.csv",
      csvOf([
        ["이름", "학교", "메모"],
        ["김학생", "운정고", "1학년"],
      ]),
    );
    const query = uploaded.location!.slice(uploaded.location!.indexOf("?"));
    const before = await preview(query);
    const schoolColumn = before.data.preview.columns.find((c: { label: string }) => c.label === "학교");
    expect(schoolColumn.field).toBeNull();
    const after = await preview(`${query}&map.0=name&map.1=organization&map.2=`);
    expect(after.data.preview.sample[0]).toMatchObject({ name: "김학생", organization: "운정고", notes: "" });
  });

  it("answers a file that is not a spreadsheet with a clear error and saves nothing", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const result = await upload("photo.png", png);
    expect(result.status).toBe(400);
    expect(result.data.failure).toBe("import.failure.unsupportedFormat");
    const empty = await upload("empty.csv", "");
    expect(empty.status).toBe(400);
    expect(await test.db.selectFrom("invitee_imports").select("id").where("file_name", "in", ["photo.png", "empty.csv"]).execute()).toEqual([]);
  });

  it("exports CSV with a BOM and escaped formulas, and an .xlsx with Hangul intact", async () => {
    await addInvitee(test.db, eventId, sampleInvitee({ name: '=HYPERLINK("http://evil.example","클릭")', organization: "+SUM(A1)", groupName: "내빈", notes: "@cmd" }));
    const csv = await exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/export?format=csv&reason=reception`, { Cookie: cookie }), params: params(), context });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("이름,이메일,연락처,소속,직위,그룹,VIP,언어,비고");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""클릭"")"`);
    expect(text).toContain("'+SUM(A1)");
    expect(text).toContain("'@cmd");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);

    const xlsxResponse = await exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/export?format=xlsx&reason=reception`, { Cookie: cookie }), params: params(), context });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("이름");
    const names = sheet.getColumn(1).values.slice(2).map(String);
    expect(names).toContain("참석자 일");
    expect(names).toContain(`'=HYPERLINK("http://evil.example","클릭")`);
  });

  it("round-trips: importing the exported file adds no one", async () => {
    const csv = await outcome(() => exportRoute.loader({ request: getRequest(`/admin/events/${eventId}/invitees/export?format=csv&reason=reception`, { Cookie: cookie }), params: params(), context }));
    const countBefore = (await listInvitees(test.db, eventId)).invitees.length;
    const uploaded = await upload("export.csv", csv.data);
    const shown = await preview(uploaded.location!.slice(uploaded.location!.indexOf("?")));
    const withEmail = (await test.db.selectFrom("invitees").select("id").where("event_id", "=", eventId).where("email", "is not", null).execute()).length;
    expect(shown.data.preview.toUpdateCount).toBe(withEmail);
    expect(shown.data.preview.errors).toEqual([]);
    expect(countBefore).toBeGreaterThan(withEmail);
  });
});
