import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { findOrganizerByEmail } from "../../app/domain/accounts/organizers.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { sampleEventForm } from "../helpers/fixtures";
import { makeTempDir } from "../helpers/server";

const SLUG = "program-e2e";
const LIVE_SLUG = "program-running";
const DATA_REQUEST = /\.data(\?|$)/;

const app = withServerAndBrowser({
  // A published event with no program yet, next to the demo data; and one running now, with a session on.
  async prepare(db) {
    const organizer = await findOrganizerByEmail(db, DEMO_ORGANIZER.email);
    const eventId = (await createEvent(db, organizer!.id, eventFormSchema.parse(sampleEventForm({ slug: SLUG })), { status: "published" })).id;
    const running = await createEvent(db, organizer!.id, eventFormSchema.parse(sampleEventForm({ slug: LIVE_SLUG })), { status: "published" });
    // Long enough either side to outlast a slow run.
    const now = Date.now();
    await db
      .updateTable("events")
      .set({ starts_at: new Date(now - 6 * 3_600_000), ends_at: new Date(now + 6 * 3_600_000) })
      .where("id", "=", running.id)
      .execute();
    await db
      .insertInto("agenda_sessions")
      .values({ event_id: running.id, starts_at: new Date(now - 6 * 3_600_000), ends_at: new Date(now + 6 * 3_600_000), kind: "lecture", title_ko: "진행 중인 특강" })
      .execute();
    return { eventId };
  },
});

async function addSession(page: Page, session: { part: string; kind: string; start: string; end: string; titleKo: string; titleEn: string; room?: string }) {
  await fieldByLabel(page, "부").selectOption({ label: session.part });
  await fieldByLabel(page, "종류").selectOption({ label: session.kind });
  await fieldByLabel(page, "시작 시각").fill(session.start);
  await fieldByLabel(page, "종료 시각").fill(session.end);
  await fieldByLabel(page, "순서 이름 (한국어)").fill(session.titleKo);
  await fieldByLabel(page, "순서 이름 (영어)").fill(session.titleEn);
  await fieldByLabel(page, "장소 (무대·회의실)").fill(session.room ?? "");
  await page.getByRole("button", { name: "순서 추가" }).click();
}

describe("building the program in the browser", () => {
  it("builds a two-part program with an awards session and recipients, shows it in both languages, and prints it on A4 with Hangul", async () => {
    const { eventId } = app.prepared;
    const page = await app.newPage("ko-KR");
    // A page whose scripts fail to hydrate re-renders under the test's hands: no error may reach the console.
    const consoleErrors: string[] = [];
    // (The refused overlap's 409 is logged as a failed resource: expected, so not counted.)
    page.on("console", (message) => void (message.type() === "error" && !message.text().startsWith("Failed to load resource") && consoleErrors.push(message.text())));
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");

    await page.goto(`/admin/events/${eventId}/agenda`);
    for (const [ko, en] of [
      ["1부", "Part 1"],
      ["2부", "Part 2"],
    ]) {
      await fieldByLabel(page, "부 이름 (한국어, 예: 1부)").fill(ko!);
      await fieldByLabel(page, "부 이름 (영어, 예: Part 1)").fill(en!);
      await page.getByRole("button", { name: "부 추가" }).click();
      await page.getByRole("option", { name: ko! }).first().waitFor({ state: "attached" });
    }
    await addSession(page, { part: "1부", kind: "개회", start: "14:00", end: "14:15", titleKo: "개회식", titleEn: "Opening ceremony" });
    await page.getByRole("link", { name: "개회식" }).waitFor();
    await addSession(page, { part: "1부", kind: "시상", start: "14:15", end: "14:35", titleKo: "우수기자 시상", titleEn: "Awards for outstanding reporters" });
    await page.getByRole("link", { name: "우수기자 시상" }).waitFor();
    // Overlapping the awards in the same room: refused, naming both, what was typed kept.
    await addSession(page, { part: "2부", kind: "강연", start: "14:30", end: "15:00", titleKo: "특강: 미래교육의 방향", titleEn: "Special lecture: Future Education Direction" });
    await page.getByText("“특강: 미래교육의 방향”이(가) 같은 장소의 “우수기자 시상”와(과) 시간이 겹칩니다").waitFor();
    expect(await fieldByLabel(page, "순서 이름 (한국어)").inputValue()).toBe("특강: 미래교육의 방향");
    await fieldByLabel(page, "시작 시각").fill("15:00");
    await fieldByLabel(page, "종료 시각").fill("15:50");
    await page.getByRole("button", { name: "순서 추가" }).click();
    await page.getByRole("link", { name: "특강: 미래교육의 방향" }).waitFor();

    // The awards: a category and two recipients, one of them a minor.
    await page.goto(`/admin/events/${eventId}/awards`);
    await fieldByLabel(page, "부문 이름 (한국어, 예: 우수기자상)").fill("우수기자상");
    await fieldByLabel(page, "부문 이름 (영어)").fill("Outstanding Reporter Award");
    await fieldByLabel(page, "시상자").fill("교육장");
    await fieldByLabel(page, "행사 순서").selectOption({ label: "14:15 ~ 14:35 우수기자 시상" });
    await page.getByRole("button", { name: "시상 부문 추가" }).click();
    await page.getByRole("heading", { name: "우수기자상" }).waitFor();
    for (const recipient of [
      { name: "김하늘", school: "문산중학교", minor: true },
      { name: "정담임", school: "운정고등학교", minor: false },
    ]) {
      await fieldByLabel(page, "이름").fill(recipient.name);
      await fieldByLabel(page, "학교 또는 소속").fill(recipient.school);
      if (recipient.minor) await page.getByLabel(/^미성년자/).check();
      await page.getByRole("button", { name: "수상자 추가" }).click();
      await page.getByText(recipient.school).first().waitFor();
    }

    // The public program, by part, in Korean...
    await page.goto(`/e/${SLUG}/agenda`);
    await page.getByRole("heading", { name: "1부" }).waitFor();
    await page.getByRole("heading", { name: "2부" }).waitFor();
    const korean = await page.locator("main").innerText();
    expect(korean.indexOf("개회식")).toBeLessThan(korean.indexOf("우수기자 시상"));
    expect(korean.indexOf("우수기자 시상")).toBeLessThan(korean.indexOf("2부"));
    expect(korean).toContain("15:00 ~ 15:50");
    // The awards session names the award it presents.
    expect(korean).toMatch(/우수기자 시상[^\n]*\n[\s\S]*?우수기자상/u);
    // ...and in English after the switch.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Part 2" }).waitFor();
    const english = await page.locator("main").innerText();
    expect(english).toContain("Awards for outstanding reporters");
    expect(english).toMatch(/3:00\s–\s3:50\sPM/u);

    // The awards page: the minor's name masked, in the page and in its HTML.
    await page.goto(`/e/${SLUG}/awards`);
    await page.getByRole("heading", { name: "Outstanding Reporter Award" }).waitFor();
    const awardsHtml = await page.content();
    expect(awardsHtml).toContain("김○○");
    expect(awardsHtml).not.toContain("김하늘");
    expect(awardsHtml).toContain("정담임");
    await page.getByRole("button", { name: "한국어" }).click();
    await page.getByRole("heading", { name: "우수기자상" }).waitFor();

    // Printed on A4: the event and date on every page, sessions in Hangul, nothing of the site's chrome.
    await page.goto(`/e/${SLUG}/agenda`);
    await page.getByRole("heading", { name: "1부" }).waitFor();
    const pdfFile = path.join(makeTempDir(), "program.pdf");
    fs.writeFileSync(pdfFile, await page.pdf({ format: "A4" }));
    const pages = await pdfPages(pdfFile);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const title = "2026 교육발전특구 성과공유회";
    for (const [i, text] of pages.entries()) expect(text, `page ${i + 1}`).toContain(title);
    const all = pages.join("\n");
    for (const text of ["1부", "2부", "개회식", "우수기자 시상", "특강: 미래교육의 방향", "14:00 ~ 14:15", "2030년 12월 23일"]) expect(all, text).toContain(text);
    expect(all).not.toContain("English");
    expect(all).not.toContain(".ics");
    expect(consoleErrors).toEqual([]);
  });

  it("keeps the running program on a guest's phone when a minute's reload does not get through, and reloads again after", async () => {
    const page = await app.newPage("ko-KR");
    // The program reloads itself every minute while the event runs; the test moves the page's clock on instead of waiting.
    await page.clock.install();
    await page.goto(`/e/${LIVE_SLUG}/agenda`);
    await page.getByText("진행 중인 특강").waitFor();
    // Hydrated: the page's own script runs the reloads.
    await page.waitForFunction(() => Object.keys(document.querySelector("main") ?? {}).some((key) => key.startsWith("__reactFiber")));
    const reloads: string[] = [];
    await page.route(DATA_REQUEST, (route) => {
      reloads.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    const failed = page.waitForEvent("requestfailed", (request) => DATA_REQUEST.test(request.url()));
    await page.clock.fastForward(61_000);
    await failed;
    // Only the program's own data is asked for, and the page stays as it was: no error page.
    expect(reloads.every((url) => new URL(url).searchParams.get("_routes") === "routes/e.$slug_.agenda")).toBe(true);
    await page.waitForTimeout(1_500);
    await expect(page.getByText("진행 중인 특강").count()).resolves.toBe(1);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("2026 교육발전특구 성과공유회");

    await page.unroute(DATA_REQUEST);
    const reloaded = page.waitForResponse((response) => DATA_REQUEST.test(response.url()));
    await page.clock.fastForward(61_000);
    const response = await reloaded;
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("진행 중인 특강");
    await expect(page.getByText("진행 중인 특강").count()).resolves.toBe(1);
  });
});
