import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { fieldByLabel, type BrowserLocale } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { daysFromNow } from "../helpers/http";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };
const TITLE_KO = "나눔 미래교육 업무협약식";
const TITLE_EN = "Nanum Future Education Agreement Ceremony";

const app = withServerAndBrowser();

async function openPage(locale: BrowserLocale, path: string): Promise<Page> {
  const page = await app.newPage(locale);
  await page.goto(path);
  return page;
}

const field = fieldByLabel;

/** Waits for the page's h1 to read `text` (a client-side navigation renders a moment after the URL changes). */
const heading = (page: Page, text: string) => page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor();

const pathOf = (page: Page) => new URL(page.url()).pathname;
const htmlLang = (page: Page) => page.locator("html").getAttribute("lang");

describe("an organizer in the browser", () => {
  let slug: string;

  it("creates an event, is told about a wrong end time without losing the form, and publishes it", async () => {
    const page = await openPage("ko-KR", "/admin");

    // A stranger is sent to the login page, which comes back to /admin afterwards.
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/admin");
    await heading(page, "운영자 로그인");

    await field(page, "이메일").fill(DEMO.email);
    await field(page, "비밀번호").fill(DEMO.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");

    await page.getByRole("navigation", { name: "관리 메뉴" }).getByRole("link", { name: "새 행사" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/events/new");

    await field(page, "행사 종류").selectOption("agreement_signing");
    await field(page, "행사명 (한국어)").fill(TITLE_KO);
    await field(page, "행사명 (영어)").fill(TITLE_EN);
    await field(page, "주최 기관 1 (한국어)").fill("나눔시");
    await field(page, "주최 기관 1 (영어)").fill("Nanum City");
    await field(page, "주최 기관 2 (한국어)").fill("나눔교육지원청");
    await field(page, "주최 기관 2 (영어)").fill("Nanum Office of Education");
    await field(page, "날짜").fill(daysFromNow(40));
    await field(page, "시작 시각").fill("15:00");
    await field(page, "종료 시각").fill("14:00");
    await field(page, "장소명").fill("나눔시청 대회의실");
    await field(page, "장소명 (영어, 선택)").fill("Nanum City Hall, Main Conference Room");
    await field(page, "정원").fill("80");
    await page.getByRole("button", { name: "행사 만들기" }).click();

    // The error is announced inside the end-time field and describes that input.
    const endTime = field(page, "종료 시각");
    const endTimeField = page.locator(".field").filter({ has: endTime });
    const endTimeError = endTimeField.getByRole("alert");
    await endTimeError.waitFor();
    expect(await endTimeError.textContent()).toBe("종료 시각은 시작 시각보다 늦어야 합니다.");
    expect(await endTime.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await endTime.getAttribute("aria-describedby")) ?? "";
    expect(describedBy.split(" ")).toContain(await endTimeError.getAttribute("id"));
    // The summary at the top links to the field (found by its label on the page) and takes the reader there.
    const summaryLink = page.locator(".notice--error .error-summary a");
    await summaryLink.waitFor();
    expect(await summaryLink.allInnerTexts()).toEqual(["종료 시각: 종료 시각은 시작 시각보다 늦어야 합니다."]);
    await summaryLink.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("endTime");
    // Only the end time is wrong, and nothing was created.
    expect(await page.locator(".field").getByRole("alert").count()).toBe(1);
    expect(pathOf(page)).toBe("/admin/events/new");
    // What was typed is still there.
    expect(await field(page, "행사명 (한국어)").inputValue()).toBe(TITLE_KO);
    expect(await field(page, "행사명 (영어)").inputValue()).toBe(TITLE_EN);
    expect(await field(page, "주최 기관 2 (영어)").inputValue()).toBe("Nanum Office of Education");
    expect(await field(page, "시작 시각").inputValue()).toBe("15:00");

    await endTime.fill("17:00");
    await page.getByRole("button", { name: "행사 만들기" }).click();
    await page.waitForURL((url) => /^\/admin\/events\/\d+$/.test(url.pathname));
    await heading(page, TITLE_KO);
    expect(await page.getByText("작성 중", { exact: true }).count()).toBe(1);

    await page.getByRole("button", { name: "공개하기" }).click();
    await page.getByRole("button", { name: "비공개로 전환" }).waitFor();
    expect(await page.getByText("공개", { exact: true }).count()).toBe(1);

    const publicLink = page.getByRole("link", { name: /^\/e\// });
    const href = await publicLink.getAttribute("href");
    expect(href).toMatch(/^\/e\/[a-z0-9-]+$/);
    slug = href!.slice("/e/".length);

    // The published event is listed on the public home page.
    await page.goto("/");
    const card = page.getByRole("link", { name: TITLE_KO });
    expect(await card.getAttribute("href")).toBe(`/e/${slug}`);

    // Logging out ends the session: /admin asks for a login again.
    await page.goto("/admin");
    await page.getByRole("button", { name: "로그아웃" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "로그인" }).waitFor();
    await page.goto("/admin");
    await page.waitForURL((url) => url.pathname === "/login");
    await heading(page, "운영자 로그인");
    await page.context().close();
  });

  it("re-renders a rejected event form filled in when the browser runs no JavaScript", async () => {
    const context = await app.newContext("en-US", { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login?redirectTo=/admin/events/new");
    await field(page, "Email").fill(DEMO.email);
    await field(page, "Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/events/new");

    await field(page, "Title (English)").fill("Evening Concert");
    await field(page, "Host 1 (English)").fill("Nanum City");
    await field(page, "Date").fill(daysFromNow(60));
    await field(page, "Start time").fill("19:00");
    await field(page, "End time").fill("18:30");
    await field(page, "Venue name").fill("Nanum Arts Hall");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.waitForLoadState();

    const endTimeError = page
      .locator(".field")
      .filter({ has: field(page, "End time") })
      .getByRole("alert");
    expect(await endTimeError.textContent()).toBe("The end time must be after the start time.");
    expect(pathOf(page)).toBe("/admin/events/new");
    expect(await field(page, "Title (English)").inputValue()).toBe("Evening Concert");
    expect(await field(page, "Host 1 (English)").inputValue()).toBe("Nanum City");
    expect(await field(page, "Venue name").inputValue()).toBe("Nanum Arts Hall");
    expect(await field(page, "End time").inputValue()).toBe("18:30");
    await context.close();
  });

  it("shows the published event in the reader's language and switches language on request", async () => {
    expect(slug, "the previous test publishes the event").toBeDefined();

    const korean = await openPage("ko-KR", `/e/${slug}`);
    expect(await htmlLang(korean)).toBe("ko");
    await heading(korean, TITLE_KO);
    expect(await korean.getByText("나눔시 · 나눔교육지원청").count()).toBe(1);
    await korean.context().close();

    const english = await openPage("en-US", `/e/${slug}`);
    expect(await htmlLang(english)).toBe("en");
    await heading(english, TITLE_EN);
    expect(await english.getByText("Nanum City · Nanum Office of Education").count()).toBe(1);

    // The switch overrides Accept-Language and keeps the reader on the same page.
    const languages = english.getByRole("form", { name: "Language" });
    expect(await languages.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
    await languages.getByRole("button", { name: "한국어" }).click();
    await english.waitForFunction(() => document.documentElement.lang === "ko");
    expect(pathOf(english)).toBe(`/e/${slug}`);
    await heading(english, TITLE_KO);

    // The choice sticks for the next page load too.
    await english.reload();
    expect(await htmlLang(english)).toBe("ko");
    await heading(english, TITLE_KO);

    await english.getByRole("form", { name: "언어 선택" }).getByRole("button", { name: "English" }).click();
    await english.waitForFunction(() => document.documentElement.lang === "en");
    await heading(english, TITLE_EN);
    await english.context().close();
  });
  it("downloads only the page's language, named in the head, and the other one after switching", async () => {
    const page = await app.newPage("ko-KR");
    const catalogues: string[] = [];
    page.on("request", (request) => {
      const language = /\/messages\.(ko|en)-[\w-]+\.js$/.exec(request.url())?.[1];
      if (language) catalogues.push(language);
    });
    const hydrated = () => page.waitForFunction(() => Object.keys(document.querySelector("main form") ?? {}).some((key) => key.startsWith("__reactFiber")));
    await page.goto("/login");
    await hydrated();
    expect(await page.locator('link[rel="modulepreload"][href*="/messages.ko-"]').count()).toBe(1);
    expect(catalogues).toEqual(["ko"]);

    await page.getByRole("form", { name: "언어 선택" }).getByRole("button", { name: "English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await hydrated();
    expect(catalogues).toEqual(["ko", "en"]);
    // Hydrated with English messages: the page stays in English (Korean ones would have redrawn it).
    await heading(page, "Organizer login");
    expect(await page.getByRole("button", { name: "Log in" }).count()).toBe(1);
    await page.context().close();
  });
});
