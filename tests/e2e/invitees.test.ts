import path from "node:path";
import { describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { repoRoot } from "../helpers/server";

const app = withServerAndBrowser();

const field = fieldByLabel;

describe("an organizer's invitee list in the browser", () => {
  it("adds invitees one after another, hands out a personal link, and replaces it", async () => {
    const context = await app.newContext("ko-KR");
    const page = await context.newPage();
    await page.goto("/login");
    await field(page, "이메일").fill("demo@nanum.example");
    await field(page, "비밀번호").fill("nanum-demo-2025");
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "초청 명단" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/invitees"));

    await field(page, "이름").fill("박서준");
    await field(page, "소속").fill("파주교육지원청");
    await field(page, "그룹").fill("내빈");
    await page.getByLabel("VIP (내빈)").check();
    await page.getByRole("button", { name: "추가", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "추가했습니다" }).waitFor();

    // The form starts empty for the next person: nothing carried over, VIP unticked.
    expect(await field(page, "이름").inputValue()).toBe("");
    expect(await page.getByLabel("VIP (내빈)").isChecked()).toBe(false);
    await field(page, "이름").fill("이민호");
    await field(page, "그룹").fill("학생");
    await page.getByRole("button", { name: "추가", exact: true }).click();
    await page.getByRole("link", { name: "이민호" }).waitFor();

    // The sample event already holds about 100 fictional invitees; these two join them.
    const rows = page.locator("tbody tr");
    expect(await rows.filter({ hasText: "이민호" }).count()).toBe(1);
    expect(await rows.filter({ hasText: "박서준" }).textContent()).toContain("VIP");
    expect(await rows.filter({ hasText: "이민호" }).textContent()).not.toContain("VIP");

    await page.getByRole("link", { name: "박서준" }).click();
    const link = await page.getByLabel("개인 초청 링크").inputValue();
    expect(link).toMatch(/\/i\/[A-Za-z0-9_-]{32}$/);
    // "Copy" puts the link on the clipboard, for KakaoTalk or a text message.
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.baseUrl });
    await page.getByRole("button", { name: "복사" }).click();
    await page.getByRole("button", { name: "복사했습니다" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // The guest's browser is English, but the link opens in the invitee's language (Korean).
    const guest = await app.newPage("en-US");
    await guest.goto(link);
    expect(await guest.getByText("박서준 님, 안녕하세요.").count()).toBe(1);

    await page.getByRole("button", { name: /링크 새로 발급/ }).click();
    await page.getByRole("status").filter({ hasText: "새 링크를 발급했습니다" }).waitFor();
    const response = await guest.goto(link);
    expect(response?.status()).toBe(404);
    expect(await guest.getByRole("heading", { name: "열 수 없는 초청 링크입니다" }).count()).toBe(1);
    expect(await guest.getByRole("heading", { name: "This invitation link cannot be opened" }).count()).toBe(1);
  });

  it("imports the sample file through a preview, then exports the list", async () => {
    const page = await app.newPage("en-US", { acceptDownloads: true });
    await page.goto("/login");
    await field(page, "Email").fill("demo@nanum.example");
    await field(page, "Password").fill("nanum-demo-2025");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /Hanam/ }).click();
    await page.getByRole("link", { name: "Invitees" }).click();
    await page.getByRole("link", { name: "Import from Excel or CSV" }).click();

    await page.getByLabel("List file").setInputFiles(path.join(repoRoot, "public/samples/invitee-sample.csv"));
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.getByText("Header: row 3").waitFor();
    expect(await page.getByText("4 to add").count()).toBe(1);
    expect(await page.locator("tbody tr").filter({ hasText: "이서연" }).count()).toBe(1);
    await page.getByRole("button", { name: "Import 4 people" }).click();
    await page.getByRole("status").filter({ hasText: "Added 4 and updated 0." }).waitFor();
    // Added to the six signatories the sample Hanam event comes with (its head table).
    expect(await page.getByRole("table", { name: "Invitees (10)" }).locator("tbody tr").count()).toBe(10);

    // A download of personal data asks for its reason first (다운로드 사유).
    await page.getByRole("link", { name: "Export as CSV" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Continue" }).click();
    const download = await downloading;
    const file = await download.path();
    const { readFile } = await import("node:fs/promises");
    const text = (await readFile(file)).toString("utf8");
    expect(text.startsWith("\uFEFFName,Email,Phone")).toBe(true);
    expect(text).toContain("Emily Park");
    expect(text).toContain("박도윤");
  });
});
