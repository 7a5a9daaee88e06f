import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";

const app = withServerAndBrowser({
  async prepare(db) {
    const event = await db.selectFrom("events").select(["id"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
    // A download of 1,500 people's data one night, as a record an earlier day left.
    const owner = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    await db
      .insertInto("access_records")
      .values({ action: "export", actor_kind: "organizer", organizer_id: owner.id, event_id: event.id, subject_count: 1_500, reason: "reception", occurred_at: new Date("2026-11-30T14:30:00Z") })
      .execute();
    return { eventId: event.id };
  },
});

describe("access records in the browser", () => {
  it("asks for a reason before a download, records it, and shows the owner the records with unusual activity flagged", async () => {
    const { eventId } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");

    // A bare link to the export is turned back to the form: no file without a reason.
    await page.goto(`/admin/events/${eventId}/invitees/export?format=csv`);
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("heading", { name: "다운로드 사유" }).waitFor();
    // "Other" with too few words is refused with a message, still no file.
    await page.getByLabel("기타", { exact: true }).check();
    await page.getByLabel("기타 사유").fill("x");
    await page.getByRole("button", { name: "계속" }).click();
    await page.getByRole("alert").filter({ hasText: "두 글자 이상" }).waitFor();
    await page.getByLabel("기타", { exact: true }).check();
    await page.getByLabel("기타 사유").fill("구청 결과 보고");
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "계속" }).click();
    const text = (await readFile(await (await downloading).path())).toString("utf8");
    expect(text.startsWith("\uFEFF이름,이메일")).toBe(true);

    await page.goto(`/admin/events/${eventId}`);
    await page.getByRole("link", { name: "접속기록" }).click();
    await page.getByRole("heading", { name: "접속기록", level: 1 }).waitFor();
    const rows = page.getByRole("table", { name: "접속기록 (최신순)" }).locator("tbody tr");
    expect(await rows.filter({ hasText: "other: 구청 결과 보고" }).filter({ hasText: "다운로드" }).count()).toBe(1);
    // The night download of 1,500 people is flagged twice over: at night, and over 1,000 in a day.
    expect(await rows.filter({ hasText: "1,500명" }).filter({ hasText: "(야간)" }).count()).toBe(1);
    await page.getByText(/2026-11-30: .* 1,500명의 개인정보를 내려받거나 인쇄했습니다/).waitFor();

    // Filtering by what was done, without JavaScript's help (a plain GET form).
    await page.getByLabel("처리 내용").selectOption("export");
    await page.getByRole("button", { name: "보기" }).click();
    await page.waitForURL((url) => url.searchParams.get("action") === "export");
    expect(await rows.count()).toBe(2);
    await page.getByLabel("시작일").fill("2026-11-30");
    await page.getByLabel("종료일").fill("2026-11-30");
    await page.getByRole("button", { name: "보기" }).click();
    await page.waitForURL((url) => url.searchParams.get("from") === "2026-11-30");
    expect(await rows.count()).toBe(1);
  });

  it("shows the owner the records of all their events from the account page, and downloads them with a reason asked on the page", async () => {
    const { eventId } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");

    await page.goto("/admin/account");
    await page.getByRole("link", { name: "내 모든 행사의 접속기록" }).click();
    await page.getByRole("heading", { name: "내 모든 행사의 접속기록", level: 1 }).waitFor();
    const rows = page.getByRole("table", { name: "접속기록 (최신순)" }).locator("tbody tr");
    expect(await rows.filter({ hasText: "1,500명" }).count()).toBe(1);
    // One event chosen, with a plain GET form.
    await page.getByLabel("행사", { exact: true }).selectOption(String(eventId));
    await page.getByRole("button", { name: "보기" }).click();
    await page.waitForURL((url) => url.searchParams.get("event") === String(eventId));
    expect(await rows.filter({ hasText: "1,500명" }).count()).toBe(1);

    await page.getByLabel("결과 보고").check();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "이 기록 내려받기" }).click();
    const text = (await readFile(await (await downloading).path())).toString("utf8");
    expect(text.startsWith("\uFEFF번호,")).toBe(true);
    await page.goto(`/admin/access-records?event=${eventId}&action=export`);
    expect(await rows.filter({ hasText: "results-report" }).count()).toBe(1);
  });
});
