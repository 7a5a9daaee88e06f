import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { attendingGuests, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { makeTempDir } from "../helpers/server";

// Keyboard only (KWCAG 2.2 / WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.7, 3.3.1): after `goto` opens the first
// page, the tests act with Tab, Shift+Tab, Enter, Space, arrows and typing into the focused field.
const app = withServerAndBrowser({
  async prepare(db) {
    const door = await attendingGuests(db, 2);
    const event = await pajuEvent(db);
    const invitee = await db
      .selectFrom("invitees")
      .select(["id", "name", "link_version"])
      .where("event_id", "=", event.id)
      .where("language", "=", "ko")
      .where(
        "id",
        "not in",
        door.map((guest) => guest.inviteeId),
      )
      .orderBy("id")
      .executeTakeFirstOrThrow();
    return { door, eventId: event.id, slug: event.slug, guest: { name: invitee.name, token: await personalLinkToken(db, invitee) } };
  },
});

interface Focused {
  tag: string;
  id: string;
  /** aria-label, else the labels' text, else the element's own text. */
  name: string;
  className: string;
  href: string | null;
  inMain: boolean;
  inScanResult: boolean;
}

/** What has the keyboard's focus; null when nothing does (the body). */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const labels = "labels" in element ? Array.from((element as HTMLInputElement).labels ?? [], (label) => label.innerText).join(" ") : "";
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      name: (element.getAttribute("aria-label") ?? (labels || element.innerText || "")).trim(),
      className: typeof element.className === "string" ? element.className : "",
      href: element.getAttribute("href"),
      inMain: element.closest("main") !== null,
      inScanResult: element.closest(".scan-result") !== null,
    };
  });
}

const describeFocus = (f: Focused | null) => (f ? `${f.tag}${f.id ? `#${f.id}` : ""} "${f.name.slice(0, 40)}"` : "(nothing)");

/** Presses Tab (Shift+Tab with `back`) until the focused element is the one wanted; fails after `limit` presses. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, { back = false, limit = 80 } = {}): Promise<Focused> {
  const trail: string[] = [];
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (now && wanted(now)) return now;
    trail.push(describeFocus(now));
  }
  throw new Error(`not reached after ${limit} presses of ${back ? "Shift+Tab" : "Tab"}; focus went ${trail.slice(-12).join(" → ")}`);
}

/** Waits until the focused element is the one wanted (focus moved by the page, not by a key). */
async function expectFocusOn(page: Page, wanted: (f: Focused) => boolean, what: string) {
  await expect.poll(async () => ((f) => (f && wanted(f) ? what : describeFocus(f)))(await focused(page)), { timeout: 15_000 }).toBe(what);
}

/** The focused element shows where focus is: an outline of some width, or a box shadow (WCAG 2.4.7). */
async function expectVisibleFocus(page: Page) {
  const look = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return { outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), boxShadow: style.boxShadow, width: box.width, height: box.height, right: box.right, bottom: box.bottom };
  });
  const indicated = (look.outlineStyle !== "none" && look.outlineWidth > 0) || look.boxShadow !== "none";
  expect(indicated, `focus indicator of ${describeFocus(await focused(page))}: ${JSON.stringify(look)}`).toBe(true);
  expect(look.width * look.height, "the focused element takes room on the page").toBeGreaterThan(0);
  expect(look.right > 0 && look.bottom > 0, "the focused element is not pushed off the page").toBe(true);
}

/** On a freshly opened page: the first Tab stop is the skip link, shown when focused, and it moves on to the main content. */
async function skipToMain(page: Page) {
  await page.keyboard.press("Tab");
  const first = await focused(page);
  expect(first?.href, `first Tab stop: ${describeFocus(first)}`).toBe("#main");
  expect(first?.className).toContain("skip-link");
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  // The main content takes focus (it is focusable from the link, not by Tab), with or without scripts.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
  await page.keyboard.press("Tab");
  const next = await focused(page);
  expect(next?.inMain, `first Tab after the skip link: ${describeFocus(next)}`).toBe(true);
}

const isButton = (name: string | RegExp) => (f: Focused) => (f.tag === "button" || f.tag === "a") && (typeof name === "string" ? f.name === name : name.test(f.name));
const hasId = (id: string) => (f: Focused) => f.id === id;
const isErrorSummary = (f: Focused) => f.tag === "div" && f.className.includes("notice--error");

/** Signs in on the login page with the keyboard, after a wrong password; ends on the page the login sends to. */
async function logInByKeyboard(page: Page) {
  await skipToMain(page);
  // Nothing entered: the summary takes focus and links to each field, which the link focuses.
  await tabTo(page, isButton("로그인"));
  await page.keyboard.press("Enter");
  await expectFocusOn(page, isErrorSummary, "the error summary");
  await expectVisibleFocus(page);
  const toEmail = await tabTo(page, (f) => f.tag === "a", { limit: 1 });
  expect(toEmail.name).toMatch(/^이메일: /);
  expect(toEmail.href).toBe("#field-email");
  await page.keyboard.press("Enter");
  await expectFocusOn(page, hasId("field-email"), "the email field");
  await expectVisibleFocus(page);
  // Following the link keeps the form's errors on the page.
  expect(await page.locator("#field-email-error").innerText()).not.toBe("");
  await page.keyboard.type(DEMO_ORGANIZER.email);
  await page.keyboard.press("Tab");
  expect((await focused(page))?.id).toBe("field-password");
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  await page.getByText("이메일 또는 비밀번호가 맞지 않습니다.").waitFor();
  await expectFocusOn(page, isErrorSummary, "the error summary");
  await expectVisibleFocus(page);
  await tabTo(page, hasId("field-password"));
  await page.keyboard.type(DEMO_ORGANIZER.password);
  await page.keyboard.press("Enter");
}

describe("keyboard only", () => {
  it("a guest answers 'attending' from their personal link and gets the ticket", async () => {
    const { guest } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto(`/i/${guest.token}`);
    await page.getByText(`${guest.name} 님, 안녕하세요.`).waitFor();
    await skipToMain(page);

    // Into the answer's radio group (nothing chosen yet: Tab lands on its first option) and choose it.
    await tabTo(page, hasId("answer-attending"));
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    expect(await page.locator("#answer-attending").isChecked()).toBe(true);

    // Sent without the consent: the page comes back with focus on the summary, which links to the consent.
    await tabTo(page, isButton("회신 보내기"));
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await page.getByText("참석하시려면 개인정보 수집·이용에 동의해 주세요.").first().waitFor();
    await expectFocusOn(page, isErrorSummary, "the error summary");
    const toConsent = await tabTo(page, (f) => f.tag === "a", { limit: 1 });
    expect(toConsent.name).toBe("개인정보 수집·이용 동의: 참석하시려면 개인정보 수집·이용에 동의해 주세요.");
    await page.keyboard.press("Enter");
    await expectFocusOn(page, hasId("field-consent"), "the consent box");
    await expectVisibleFocus(page);
    expect(await page.locator("#answer-attending").isChecked(), "the answer survives the failed submit").toBe(true);
    await page.keyboard.press("Space");
    expect(await page.locator("#field-consent").isChecked()).toBe(true);

    await tabTo(page, isButton("회신 보내기"));
    await page.keyboard.press("Enter");
    await page.getByText("참석으로 회신하셨습니다.").waitFor();
    await page.locator(".ticket__qr svg").waitFor();
    const code = (await page.locator(".ticket__code").innerText()).replace(/\s|입장 코드:/g, "");
    expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    await page.context().close();
  });

  it("an organizer signs in, imports a list with one column remapped, and sends the invitations", async () => {
    const { eventId } = app.prepared;
    const file = path.join(makeTempDir(), "명단.csv");
    fs.writeFileSync(file, ["이름,이메일,소속,담당", "한가람,garam.han@example.org,파주교육지원청,장학사"].join("\r\n"));
    const page = await app.newPage("ko-KR");
    await page.goto(`/login?redirectTo=${encodeURIComponent(`/admin/events/${eventId}/invitees/import`)}`);
    await logInByKeyboard(page);
    await page.waitForURL((url) => url.pathname === `/admin/events/${eventId}/invitees/import`);
    await page.getByRole("heading", { name: "명단 가져오기" }).waitFor();

    // The file input opens the file chooser from the keyboard. Listened for before moving focus:
    // the browser is told to hand choosers to the test only once a listener exists, and a
    // loaded machine could otherwise take the key press first.
    const chooser = page.waitForEvent("filechooser", { timeout: 60_000 });
    await tabTo(page, hasId("import-file"));
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    await (await chooser).setFiles(file);
    await tabTo(page, isButton("올려서 미리 보기"));
    await page.keyboard.press("Enter");

    // The column "담당" is not one the app knows: set it to the position with the arrow keys.
    await page.locator("#map-3").waitFor();
    expect(await page.locator("#map-3").inputValue()).toBe("");
    await tabTo(page, hasId("map-3"));
    await expectVisibleFocus(page);
    for (let step = 0; step < 5; step++) await page.keyboard.press("ArrowDown");
    expect(await page.locator("#map-3").inputValue()).toBe("position");
    await tabTo(page, isButton("이 연결로 다시 보기"));
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("map.3") === "position");
    await page.getByText("파주교육지원청 · 장학사").waitFor();

    await tabTo(page, isButton("1명 가져오기"));
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/admin/events/${eventId}/invitees`);
    await page.getByRole("status").filter({ hasText: "1명을 추가하고 0명을 갱신했습니다." }).waitFor();

    await tabTo(page, isButton(/^아직 초청하지 않은 \d+명에게 초청장 보내기$/));
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: /초청장 \d+통을 보낼 차례에 올렸습니다/ })
      .waitFor();
    expect(await page.getByRole("button", { name: "아직 초청하지 않은 0명에게 초청장 보내기" }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it("door staff check one guest in by typed code and another by name, and take that back", async () => {
    const { slug, door } = app.prepared;
    const byCode = door[0]!;
    const byName = door[1]!;
    const page = await app.newPage("ko-KR");
    await page.goto(`/checkin/${slug}`);
    await page.waitForURL((url) => url.pathname === "/login");
    await logInByKeyboard(page);
    await page.waitForURL((url) => url.pathname === `/checkin/${slug}`);

    await page.getByRole("heading", { name: "입장 확인" }).waitFor();
    await tabTo(page, hasId("entrance"));
    await expectVisibleFocus(page);
    await page.keyboard.type("정문");
    await page.keyboard.press("Enter");
    await page.getByText("입구: 정문").waitFor();

    // A typed code: the answer takes focus on its "next" button, which gives it back to the code box.
    await tabTo(page, hasId("door-code"));
    await page.keyboard.type(byCode.code.toLowerCase());
    await page.keyboard.press("Enter");
    const result = page.locator(".scan-result__text");
    await result.filter({ hasText: "환영합니다" }).filter({ hasText: byCode.name }).waitFor();
    await expectFocusOn(page, (f) => f.className.includes("scan-result__next"), "the answer's next button");
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await expectFocusOn(page, hasId("door-code"), "the code box");

    // A name search: the check-in answer takes focus, its undo is one Shift+Tab away.
    await tabTo(page, hasId("door-search"));
    await page.keyboard.type(byName.name);
    await page
      .getByRole("button", { name: `${byName.name} 입장 처리` })
      .first()
      .waitFor();
    await tabTo(page, isButton(`${byName.name} 입장 처리`));
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await result.filter({ hasText: "환영합니다" }).filter({ hasText: byName.name }).waitFor();
    await expectFocusOn(page, (f) => f.className.includes("scan-result__next"), "the answer's next button");
    await page.keyboard.press("Shift+Tab");
    expect((await focused(page))?.className).toContain("scan-result__undo");
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await result.filter({ hasText: "입장 처리를 취소했습니다" }).waitFor();
    await expectFocusOn(page, (f) => f.className.includes("scan-result__next"), "the answer's next button");

    // No trap: Shift+Tab leaves the answer for the page behind it.
    await page.keyboard.press("Shift+Tab");
    const behind = await focused(page);
    expect(behind?.inScanResult, `after Shift+Tab: ${describeFocus(behind)}`).toBe(false);

    const checkedIn = async (name: string, inviteeId: number) => {
      const reply = await page.request.get(`/checkin/${slug}/search?q=${encodeURIComponent(name)}`);
      const { guests } = (await reply.json()) as { guests: Array<{ inviteeId: number; checkedIn: boolean }> };
      return guests.find((g) => g.inviteeId === inviteeId)?.checkedIn;
    };
    expect(await checkedIn(byCode.name, byCode.inviteeId)).toBe(true);
    expect(await checkedIn(byName.name, byName.inviteeId)).toBe(false);
    await page.context().close();
  });
});

describe("a page whose script arrives late (a slow phone)", () => {
  it("leaves focus where the person moved it after a failed submit, when the script hydrates the page", async () => {
    const page = await app.newPage("ko-KR");
    // The page's scripts are held back, so the form is sent as plain HTML and the answer is read
    // before any script runs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/build\/.*\.js$/, async (route) => {
      await held;
      // Scripts of a page left meanwhile were cancelled by the browser.
      await route.continue().catch(() => undefined);
    });
    await page.goto("/login", { waitUntil: "commit" });
    await page.getByRole("button", { name: "로그인" }).click({ noWaitAfter: true });
    await page.locator(".notice--error").waitFor();
    await expect.poll(() => focused(page).then((f) => f && isErrorSummary(f))).toBe(true);
    await page.locator("#field-email").focus();
    await page.keyboard.type(DEMO_ORGANIZER.email);

    release();
    // Hydrated: React has taken over the form (its fiber is on the element), and its effects have run.
    await page.waitForFunction(() => Object.keys(document.querySelector("main form") ?? {}).some((key) => key.startsWith("__reactFiber")), undefined, { timeout: 30_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))));
    expect((await focused(page))?.id).toBe("field-email");
    expect(await page.locator("#field-email").inputValue()).toBe(DEMO_ORGANIZER.email);
  });
});
