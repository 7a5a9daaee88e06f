import fs from "node:fs";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

const app = withServerAndBrowser();

const field = fieldByLabel;

describe("printed invitation letters in the browser", () => {
  it("prints one A4 page per invitee of a group, with Hangul text and a QR code that opens the invitee's own page", async () => {
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await field(page, "이메일").fill("demo@nanum.example");
    await field(page, "비밀번호").fill("nanum-demo-2025");
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "초청 명단" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/invitees"));

    // Two guests reached by post: no email, one of them reads English.
    await field(page, "이름").fill("박서준");
    await field(page, "소속").fill("파주교육지원청");
    await field(page, "직위").fill("교육장");
    await field(page, "그룹").fill("우편 초청");
    await page.getByRole("button", { name: "추가", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "추가했습니다" }).waitFor();
    await field(page, "이름").fill("Emily Park");
    await field(page, "소속").fill("British Council Korea");
    await field(page, "그룹").fill("우편 초청");
    await field(page, "안내 언어").selectOption("en");
    await page.getByRole("button", { name: "추가", exact: true }).click();
    await page.getByRole("link", { name: "Emily Park" }).waitFor();

    await page.getByLabel("초청장을 인쇄할 대상").selectOption("우편 초청");
    await page.getByRole("button", { name: "초청장 인쇄" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "계속" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/invitees/letters"));
    await page.getByRole("status").filter({ hasText: "인쇄할 초청장 2통" }).waitFor();
    expect(await page.locator("meta[name=robots]").getAttribute("content")).toBe("noindex, nofollow");

    // The Print button opens the browser's print dialog.
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute("data-printed", "yes");
    });
    await page.getByRole("button", { name: "인쇄", exact: true }).click();
    expect(await page.locator("body").getAttribute("data-printed")).toBe("yes");
    // A page of thousands of letters comes without React: its one script is the Print button's.
    expect(await page.locator("script[src]").evaluateAll((scripts) => scripts.map((script) => script.getAttribute("src")))).toEqual(["/print-button.js"]);

    const korean = page.locator("article.letter", { hasText: "박서준" });
    const english = page.locator("article.letter", { hasText: "Emily Park" });
    const koreanLink = (await korean.locator(".letter__link").textContent())!;
    const englishLink = (await english.locator(".letter__link").textContent())!;
    expect(koreanLink).toMatch(/\/i\/[A-Za-z0-9_-]{32}$/);
    expect(englishLink).not.toBe(koreanLink);

    // Printed: the site's header, footer, language switch and the toolbar are gone.
    await page.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-footer", ".language-switch", ".letters-toolbar"]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    // Back to no emulation: page.pdf() then prints with print media (emulating "screen" would print the screen view).
    await page.emulateMedia({ media: null });

    const pdfFile = path.join(makeTempDir(), "letters.pdf");
    fs.writeFileSync(pdfFile, await page.pdf({ format: "A4" }));
    const pages = await pdfPages(pdfFile);
    expect(pages).toHaveLength(2);
    const koreanPage = pages.find((text) => text.includes("박서준"))!;
    const englishPage = pages.find((text) => text.includes("Emily Park"))!;
    expect(koreanPage).toBeDefined();
    expect(englishPage).not.toBe(koreanPage);
    // The Hangul is real text in the PDF (embedded CJK fonts), from heading to signature on one page.
    expect(koreanPage).toContain("초 청 장");
    expect(koreanPage).toContain("파주교육지원청 교육장 박서준 귀하");
    expect(koreanPage).toContain("파주시 교육발전특구 성과공유회");
    expect(koreanPage).toContain("휴대전화 카메라로 QR 코드를");
    expect(koreanPage).toContain(koreanLink);
    expect(koreanPage).toContain("파주시 · 파주교육지원청");
    expect(englishPage).toContain("Invitation");
    expect(englishPage).toContain("To Emily Park, British Council Korea");
    expect(englishPage).toContain(englishLink);
    expect(englishPage).toContain("Paju City · Paju Office of Education");

    // The QR code as it appears on screen decodes to the same personal link.
    const shot = PNG.sync.read(await korean.getByRole("img", { name: /QR/ }).screenshot());
    const decoded = jsQR(new Uint8ClampedArray(shot.data.buffer, shot.data.byteOffset, shot.data.length), shot.width, shot.height);
    expect(decoded?.data).toBe(koreanLink);

    const guest = await app.newPage("ko-KR");
    await guest.goto(decoded!.data);
    expect(await guest.getByText("박서준 님, 안녕하세요.").count()).toBe(1);

    // One letter from the invitee's own page.
    await page.goto("/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "초청 명단" }).click();
    await page.getByRole("link", { name: "박서준" }).click();
    await page.getByRole("link", { name: "초청장 인쇄" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "계속" }).click();
    await page.getByRole("status").filter({ hasText: "인쇄할 초청장 1통" }).waitFor();
    expect(await page.locator("article.letter .letter__link").textContent()).toBe(koreanLink);
  });

  it("says so when no invitee matches, instead of printing an empty page", async () => {
    const page = await app.newPage("en-US");
    await page.goto("/login");
    await field(page, "Email").fill("demo@nanum.example");
    await field(page, "Password").fill("nanum-demo-2025");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /Hanam/ }).click();
    await page.getByRole("link", { name: "Invitees" }).click();
    await page.getByLabel("Only people without email").check();
    await page.getByRole("button", { name: "Print invitation letters" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("No invitee matches this selection").waitFor();
    expect(await page.getByRole("status").textContent()).toBe("Letters to print: 0");
    expect(await page.locator("article.letter").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Print" }).count()).toBe(0);
  });
});
