import crypto from "node:crypto";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { splitPayload, signedMessage } from "../../app/domain/rsvp/ticket-payload";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";

const app = withServerAndBrowser({ smtp: true });

async function waitForMail(predicate: (subject: string, to: string) => boolean) {
  for (let i = 0; i < 150; i++) {
    const found = app.sink.received.find((mail) => predicate(mail.subject ?? "", (mail.to as { value: Array<{ address: string }> }).value[0]!.address));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the email did not arrive");
}

/** Reads the QR code in an element as a phone camera would, from a screenshot. */
async function decodeQr(page: Page, selector: string): Promise<string> {
  const element = page.locator(`${selector} svg`);
  await page.waitForLoadState("networkidle");
  let problem = "";
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const png = PNG.sync.read(await element.screenshot({ animations: "disabled" }));
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      if (code) return code.data;
      problem = `no QR code in a ${png.width}×${png.height} screenshot`;
    } catch (error) {
      // The page may re-render under the screenshot (a revalidation after the answer); look again.
      problem = String(error);
    }
    await page.waitForTimeout(250);
  }
  throw new Error(problem);
}

describe("a guest answers from the link in their email and gets a ticket", () => {
  it("invites, answers a required question with consent, shows a signed QR ticket, and takes it away on 'not attending'", async () => {
    // The organizer adds a guest to the sample event and invites just them.
    const organizer = await app.newContext("ko-KR");
    const admin = await organizer.newPage();
    await admin.goto("/login");
    await fieldByLabel(admin, "이메일").fill("demo@nanum.example");
    await fieldByLabel(admin, "비밀번호").fill("nanum-demo-2025");
    await admin.getByRole("button", { name: "로그인" }).click();
    await admin.waitForURL((url) => url.pathname === "/admin");
    await admin.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await admin.waitForURL((url) => /^\/admin\/events\/\d+$/.test(url.pathname));
    const eventPath = new URL(admin.url()).pathname;
    await admin.getByRole("link", { name: "초청 명단" }).click();
    await fieldByLabel(admin, "이름").fill("최하늘");
    await fieldByLabel(admin, "이메일").fill("haneul@example.org");
    await fieldByLabel(admin, "소속").fill("문산고등학교");
    await admin.getByRole("button", { name: "추가", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: "추가했습니다" }).waitFor();
    await admin.getByLabel("최하늘 선택").check();
    await admin.getByRole("button", { name: "초청장 보내기 (아직 안 보낸 사람만)" }).click();
    await admin.getByRole("status").filter({ hasText: "초청장 1통" }).waitFor();

    // A required question for everyone who comes.
    await admin.goto(`${eventPath}/rsvp`);
    const newQuestion = admin.locator("form", { has: admin.getByRole("button", { name: "질문 추가" }) });
    await newQuestion.getByLabel("질문 (한국어)").fill("식사 제한이 있으신가요?");
    await newQuestion.getByLabel("꼭 답해야 하는 질문").check();
    await newQuestion.getByRole("button", { name: "질문 추가" }).click();
    await admin.getByRole("status").filter({ hasText: "질문을 추가했습니다." }).waitFor();

    const invitation = await waitForMail((subject, to) => to === "haneul@example.org" && subject.startsWith("[초대]"));
    const link = /(http:\/\/[^\s]+\/i\/[A-Za-z0-9_-]{32})/.exec(invitation.text ?? "")![1]!;

    // The guest, on a phone, answers "attending" but forgets the consent: told so, nothing lost.
    const guest = await app.newContext("ko-KR", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await guest.newPage();
    await page.goto(link);
    await page.getByText("최하늘 님, 안녕하세요.").waitFor();
    await page.getByLabel("참석합니다", { exact: true }).check();
    await page.getByRole("button", { name: "회신 보내기" }).click();
    // The message at the field (`exact`: the error summary repeats it in a link to the field).
    await page.getByText("참석하시려면 개인정보 수집·이용에 동의해 주세요.", { exact: true }).waitFor();
    await page.getByText("답해 주셔야 하는 질문입니다.", { exact: true }).waitFor();
    // The guest's page comes without JavaScript; the browser itself focuses the error summary.
    expect(await page.locator("script").count()).toBe(0);
    await page.locator(".notice--error[role=alert]:focus").waitFor();
    expect(await page.locator(".error-summary a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual([expect.stringMatching(/^#field-q\d+$/), "#field-consent"]);
    expect(await page.getByLabel("참석합니다", { exact: true }).isChecked()).toBe(true);
    await fieldByLabel(page, "식사 제한이 있으신가요?").fill("채식");
    await page.getByLabel(/개인정보 수집·이용에 동의합니다/).check();
    await page.getByRole("button", { name: "회신 보내기" }).click();
    await page.getByText("참석으로 회신하셨습니다.").waitFor();

    // The QR code on the page is a payload signed with the event's key, and the code under it is the ticket's.
    const payload = await decodeQr(page, ".ticket__qr");
    expect(payload).toHaveLength(100);
    const keyResponse = await organizer.request.get(`${eventPath}/ticket-key`);
    expect(keyResponse.status()).toBe(200);
    const { publicKey } = (await keyResponse.json()) as { publicKey: string };
    const key = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: publicKey }, format: "jwk" });
    const parts = splitPayload(payload)!;
    expect(crypto.verify(null, signedMessage(parts.factBytes), key, parts.signature)).toBe(true);
    expect(parts.facts.eventId).toBe(Number(eventPath.split("/").pop()));
    const tampered = payload.slice(0, 40) + (payload[40] === "A" ? "B" : "A") + payload.slice(41);
    const tamperedParts = splitPayload(tampered)!;
    expect(crypto.verify(null, signedMessage(tamperedParts.factBytes), key, tamperedParts.signature)).toBe(false);
    const code = (await page.locator(".ticket__code").innerText()).replace(/\s|입장 코드:/g, "");
    expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);

    // The confirmation email carries the same ticket as an inline image.
    const ticketMail = await waitForMail((subject, to) => to === "haneul@example.org" && subject.startsWith("[참석 확인]"));
    const image = ticketMail.attachments.find((attachment) => attachment.contentType === "image/png")!;
    expect(image.cid).toBe("ticket-qr@nanum");
    const png = PNG.sync.read(image.content);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(payload);
    expect(ticketMail.text).toContain(code);

    // The printable ticket page shows the same code.
    await page.getByRole("link", { name: "입장권 크게 보기·인쇄" }).click();
    await page.locator(".ticket__code").filter({ hasText: code }).waitFor();
    expect(await decodeQr(page, ".ticket__qr")).toBe(payload);
    await page.getByRole("link", { name: /내 회신으로 돌아가기/ }).click();

    // Not attending after all: the ticket is gone.
    await page.getByLabel("참석하지 않습니다").check();
    await page.getByRole("button", { name: "바뀐 회신 보내기" }).click();
    await page.getByText("불참으로 회신하셨습니다.").waitFor();
    expect(await page.locator(".ticket__qr").count()).toBe(0);
    await page.goto(`${link}/ticket`);
    await page.getByText("지금은 입장권이 없습니다.").waitFor();
    await guest.close();
    await organizer.close();
  });

  it("works without JavaScript: errors come back with the form filled in", async () => {
    const context = await app.newContext("en-US", { javaScriptEnabled: false });
    const admin = await context.newPage();
    await admin.goto("/login");
    await fieldByLabel(admin, "Email").fill("demo@nanum.example");
    await fieldByLabel(admin, "Password").fill("nanum-demo-2025");
    await admin.getByRole("button", { name: "Log in" }).click();
    await admin.waitForURL((url) => url.pathname === "/admin");
    await admin.getByRole("link", { name: /Paju/ }).click();
    await admin.getByRole("link", { name: "Invitees" }).click();
    await admin.locator("tbody a").nth(3).click();
    const link = await admin.locator("input[readonly]").first().inputValue();

    const page = await context.newPage();
    await page.goto(link);
    // The page opens in the invitee's language (Korean here); the switch works without JavaScript too.
    await page.getByText("참석하시나요?").waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByLabel("Someone will attend on my behalf").check();
    await page.getByLabel(/I agree to the collection/).check();
    await page.getByRole("button", { name: "Send my reply" }).click();
    await page.getByText("Please give the name of the person attending on your behalf.", { exact: true }).waitFor();
    // The question the first test added (asked in Korean only, so shown in Korean) needs an answer too.
    await page.getByText("This question needs an answer.", { exact: true }).waitFor();
    expect(await page.getByLabel("Someone will attend on my behalf").isChecked()).toBe(true);
    await fieldByLabel(page, "Their name").fill("Kim Deputy");
    await fieldByLabel(page, "식사 제한이 있으신가요?").fill("none");
    await page.getByRole("button", { name: "Send my reply" }).click();
    await page.getByText("Kim Deputy will attend on your behalf.").waitFor();
    expect(await page.locator(".ticket__holder").innerText()).toContain("Kim Deputy");
    await context.close();
  });

  it("answers unknown links with a polite page in both languages", async () => {
    const response = await fetch(`${app.baseUrl}/i/${"A".repeat(32)}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("열 수 없는 초청 링크입니다");
    expect(html).toContain("This invitation link cannot be opened");
  });
});
