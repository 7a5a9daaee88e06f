/**
 * A long invitee list in Chromium: paged 100 at a time, the search kept from page to page, the
 * pager worked from the keyboard, with and without JavaScript.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { sampleInviteeForm } from "../helpers/fixtures";
import { getPage, logIn, postForm } from "../helpers/http";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };
const EXTRA = 230;

const app = withServerAndBrowser();
let inviteesPath: string;

beforeAll(async () => {
  const { cookie } = await logIn(app.baseUrl, DEMO.email, DEMO.password);
  const dashboard = await getPage(`${app.baseUrl}/admin`, { Cookie: cookie! });
  inviteesPath = `${/href="(\/admin\/events\/\d+)"[^>]*>[^<]*파주시/.exec(dashboard.html)![1]!}/invitees`;
  for (let i = 0; i < EXTRA; i++) {
    const added = await postForm(`${app.baseUrl}${inviteesPath}`, sampleInviteeForm({ name: `학생${String(i).padStart(3, "0")}`, organization: "나눔시험고등학교", groupName: "학생 기자단" }), {
      Cookie: cookie!,
      Origin: app.baseUrl,
    });
    expect(added.status).toBe(302);
  }
});

describe("a long invitee list", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`pages through a search with the keyboard, the search kept (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
      const context = await app.newContext("ko-KR", { javaScriptEnabled });
      const page = await context.newPage();
      await page.goto("/login");
      await fieldByLabel(page, "이메일").fill(DEMO.email);
      await fieldByLabel(page, "비밀번호").fill(DEMO.password);
      await page.getByRole("button", { name: "로그인" }).click();
      await page.waitForURL((url) => url.pathname === "/admin");

      await page.goto(inviteesPath);
      await fieldByLabel(page, "검색").fill("나눔시험고등학교");
      await page.getByRole("button", { name: "찾기" }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === "나눔시험고등학교");
      const pager = page.getByRole("navigation", { name: "초청 명단 페이지" });
      await pager.getByText(`전체 ${EXTRA}건 중 1–100`).waitFor();
      expect(await page.locator("#bulk tbody tr").count()).toBe(100);
      await expect.poll(() => pager.getByRole("link", { name: "1쪽" }).getAttribute("aria-current")).toBe("page");

      // To the "next" link by keyboard, then Enter.
      const next = pager.getByRole("link", { name: "다음" });
      await next.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.searchParams.get("page") === "2" && url.searchParams.get("q") === "나눔시험고등학교");
      await pager.getByText(`전체 ${EXTRA}건 중 101–200`).waitFor();
      await expect.poll(() => pager.getByRole("link", { name: "2쪽" }).getAttribute("aria-current")).toBe("page");

      await pager.getByRole("link", { name: "3쪽" }).click();
      await page.waitForURL((url) => url.searchParams.get("page") === "3");
      await expect.poll(() => page.locator("#bulk tbody tr").count()).toBe(EXTRA - 200);
      expect(await pager.getByText("다음").evaluate((element) => element.tagName)).toBe("SPAN");
      // The bulk action's "all matching" counts every page.
      await page.getByText(`검색·필터에 맞는 ${EXTRA}명 모두 (모든 페이지)`).waitFor();
      await context.close();
    });
  }
});
