import { describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };
const NEW_PASSWORD = "새 비밀번호 2026 reset";

const app = withServerAndBrowser({ smtp: true });

const field = fieldByLabel;

describe("a forgotten password in the browser", () => {
  it("sends a reset link by email, sets a new password with it, and logs in with the new one", async () => {
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await page.getByRole("link", { name: "비밀번호를 잊으셨나요?" }).click();
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    await field(page, "이메일").fill(DEMO.email);
    await page.getByRole("button", { name: "링크 보내기" }).click();
    await page.getByRole("status").filter({ hasText: "등록된 계정이 있으면" }).waitFor();

    for (let i = 0; i < 100 && app.sink.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.sink.received).toHaveLength(1);
    const mail = app.sink.received[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(DEMO.email);
    expect(mail.subject).toBe("[나눔] 비밀번호 재설정 안내");
    const link = /(http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? "")?.[1];
    expect(link).toBeDefined();
    expect(mail.html).toContain(`href="${link}"`);

    await page.goto(link!);
    await field(page, "새 비밀번호").fill(NEW_PASSWORD);
    await field(page, "새 비밀번호 확인").fill(`${NEW_PASSWORD}!`);
    await page.getByRole("button", { name: "새 비밀번호 저장" }).click();
    await page.getByText("새 비밀번호가 서로 다릅니다.").first().waitFor();

    await field(page, "새 비밀번호").fill(NEW_PASSWORD);
    await field(page, "새 비밀번호 확인").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "새 비밀번호 저장" }).click();
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("reset") === "1");
    await page.getByRole("status").filter({ hasText: "비밀번호를 바꿨습니다" }).waitFor();

    await field(page, "이메일").fill(DEMO.email);
    await field(page, "비밀번호").fill(DEMO.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.getByText("이메일 또는 비밀번호가 맞지 않습니다.").waitFor();

    await field(page, "비밀번호").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");

    // The link worked once; opened again it explains and offers a new one.
    const again = await app.newPage("en-US");
    const response = await again.goto(link!);
    expect(response?.status()).toBe(410);
    await again.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    await again.getByText("This link has already been used.").waitFor();
    await again.getByRole("link", { name: "Ask for a new link" }).click();
    await again.waitForURL((url) => url.pathname === "/forgot-password");
  });
});
