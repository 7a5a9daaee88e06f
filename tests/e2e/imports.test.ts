import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { makeTempDir } from "../helpers/server";

const app = withServerAndBrowser();

async function signIn(page: Page) {
  await page.goto("/login");
  await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
  await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
  await page.getByRole("button", { name: "로그인" }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
  await page.waitForURL((url) => /^\/admin\/events\/\d+$/.test(url.pathname));
  return new URL(page.url()).pathname;
}

describe("importing lists in the browser", () => {
  it("previews award recipients by line, with the columns to remap and a duplicate named, then adds the good rows", async () => {
    const page = await app.newPage("ko-KR");
    const consoleErrors: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && !message.text().startsWith("Failed to load resource") && consoleErrors.push(message.text())));
    const eventPath = await signIn(page);
    const file = path.join(makeTempDir(), "수상자.csv");
    fs.writeFileSync(
      file,
      [
        "상,이름,학교,학년,공적내용,미성년",
        "교육발전특구 청소년 기자단 우수기자상,최가온,금촌중학교,1학년,학교 소식 취재,Y",
        "교육발전특구 청소년 기자단 우수기자상,,금촌중학교,2학년,,Y",
        "없는 상,정하람,파주고등학교,2학년,,N",
        "교육발전특구 청소년 기자단 우수기자상,최가온,금촌중학교,1학년,학교 소식 취재,Y",
      ].join("\r\n"),
    );
    await page.goto(`${eventPath}/awards/import`);
    await page.getByLabel("수상자 명단 파일").setInputFiles(file);
    await page.getByRole("button", { name: "올려서 미리 보기" }).click();
    await page.getByRole("heading", { name: "고칠 행" }).or(page.getByText("3행")).first().waitFor();
    const preview = await page.locator("main").innerText();
    expect(preview).toMatch(/3행/);
    expect(preview).toMatch(/4행/);
    expect(preview).toContain("없는 상");
    // The repeated line 5 is named as a duplicate of line 2.
    await page.getByRole("heading", { name: "가져오지 않을 행 (중복)" }).waitFor();
    expect(preview).toContain("5행: 2행과 같은 사람입니다.");
    // One select per column, each set to what its header says.
    expect(await page.locator("select[name^='map.']").count()).toBe(6);
    expect(await page.locator("select[name='map.1']").inputValue()).toBe("name");
    await page.getByRole("button", { name: "1명 가져오기" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/awards"));
    await page.getByText("최가온").first().waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it("previews an invitee list with its mapping and adds it", async () => {
    const page = await app.newPage("ko-KR");
    const consoleErrors: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && !message.text().startsWith("Failed to load resource") && consoleErrors.push(message.text())));
    const eventPath = await signIn(page);
    const file = path.join(makeTempDir(), "명단.csv");
    fs.writeFileSync(file, ["이름,이메일,소속,그룹", "윤새봄,saebom@example.org,파주시의회,내빈", "윤새봄,saebom@example.org,파주시의회,내빈", ",x@example.org,,"].join("\r\n"));
    await page.goto(`${eventPath}/invitees/import`);
    await page.getByLabel("명단 파일").setInputFiles(file);
    await page.getByRole("button", { name: "올려서 미리 보기" }).click();
    await page.locator("select[name='map.0']").waitFor();
    expect(await page.locator("select[name^='map.']").count()).toBe(4);
    expect(await page.locator("select[name='map.1']").inputValue()).toBe("email");
    const preview = await page.locator("main").innerText();
    expect(preview).toContain("3행: 2행과 같은 사람입니다.");
    await page.getByRole("button", { name: "1명 가져오기" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/invitees"));
    await page.getByText("윤새봄").first().waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
