import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };
const GUEST = "walk-in.guest@example.org";

const app = withServerAndBrowser({ smtp: true });

const field = fieldByLabel;

async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  const find = () => app.sink.received.find((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address === address && subject.test(mail.subject ?? ""));
  for (let i = 0; i < 150 && !find(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const mail = find();
  expect(mail, `an email to ${address} matching ${subject}`).toBeDefined();
  return mail!;
}

describe("open registration in the browser", () => {
  it("lets a guest register on the public page, confirm from the email and land on their personal page", async () => {
    // The organizer switches registration on for the demo event, into a new group.
    const organizer = await app.newPage("ko-KR");
    await organizer.goto("/login");
    await field(organizer, "이메일").fill(DEMO.email);
    await field(organizer, "비밀번호").fill(DEMO.password);
    await organizer.getByRole("button", { name: "로그인" }).click();
    await organizer.waitForURL((url) => url.pathname === "/admin");
    await organizer.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    const publicPath = await organizer.getByRole("link", { name: /^\/e\// }).textContent();
    await organizer.getByRole("link", { name: "참석 신청 받기" }).click();
    await organizer.getByLabel("공개 페이지에서 참석 신청 받기").check();
    await field(organizer, "신청자를 넣을 그룹").fill("현장 신청");
    await organizer.getByRole("button", { name: "저장" }).click();
    await organizer.getByRole("status").filter({ hasText: "저장했습니다" }).waitFor();

    // The guest, in English and without JavaScript: every step is a plain form post.
    const guest = await app.newPage("en-US", { javaScriptEnabled: false });
    await guest.goto(publicPath!);
    await guest.getByRole("link", { name: "Register to attend" }).click();
    await guest.waitForURL((url) => url.pathname === `${publicPath}/register`);
    await field(guest, "Name").fill("Alex Walk-in");
    await field(guest, "Email").fill(GUEST);
    await field(guest, "Organization").fill("Paju Youth Center");
    await guest.getByRole("button", { name: "Register" }).click();
    // Without the consent tick the form comes back with the error and what was typed.
    await guest.getByText("Please agree to the collection and use of personal information to register.").first().waitFor();
    expect(await field(guest, "Email").inputValue()).toBe(GUEST);
    await guest.getByLabel(/I have read the above and agree/).check();
    await guest.getByRole("button", { name: "Register" }).click();
    await guest.getByRole("heading", { name: "Please check your email" }).waitFor();

    const confirmation = await mailTo(GUEST, /^Please confirm your registration: /);
    const link = /(http:\/\/\S+\/register\/[A-Za-z0-9_-]{43})/.exec(confirmation.text ?? "")?.[1];
    expect(link).toBeDefined();
    expect(confirmation.html).toContain(`href="${link}"`);

    await guest.goto(link!);
    await guest.getByRole("button", { name: "Confirm registration" }).click();
    await guest.waitForURL((url) => /^\/i\/[A-Za-z0-9_-]{32}$/.test(url.pathname));
    await guest.getByText("Hello, Alex Walk-in.").waitFor();
    const personalPath = new URL(guest.url()).pathname;

    // The attending answer sent the ticket, pointing at the same personal page.
    const ticket = await mailTo(GUEST, /^You're attending: /);
    expect(ticket.text).toContain(`${personalPath}/ticket`);
    expect(ticket.attachments.some((attachment) => attachment.contentType === "image/png")).toBe(true);

    // The organizer finds the guest on the list, in the chosen group.
    await organizer.goto(`${new URL(organizer.url()).pathname.replace(/\/registration$/, "")}/invitees?q=${encodeURIComponent("Alex Walk-in")}`);
    const row = organizer.locator("tbody tr").filter({ hasText: "Alex Walk-in" });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("현장 신청");

    // The link again: straight to the same page, nobody added twice.
    await guest.goto(link!);
    expect(new URL(guest.url()).pathname).toBe(personalPath);
  });
});
