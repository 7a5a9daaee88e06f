import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { grantEventAccess } from "../../app/domain/events/members.server";
import { addOptionalConsentItem } from "../../app/domain/rsvp/optional-consents.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel, launchBrowser, newContext } from "../helpers/browser";
import { attendingGuests, DEMO_MAIL, type AttendingGuest } from "../helpers/demo";
import { sampleOptionalConsentItem } from "../helpers/fixtures";
import { withServer } from "../helpers/e2e";
import { writeQrVideo } from "../helpers/fake-camera";
import { logIn, postForm } from "../helpers/http";
import { makeTempDir, startServer } from "../helpers/server";

// The browsers here are launched per test, each with its own fake camera.
const app = withServer({
  // Guests of the sample event attending with their tickets (each test takes the next), and an
  // invitation for a door volunteer, made before the server opens the data folder.
  async prepare(db) {
    const guests = await attendingGuests(db, 5);
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const invited = await grantEventAccess(db, { eventId: guests[0]!.eventId, email: "door.volunteer@example.org", role: "staff", invitedBy: organizer.id }, { ...DEMO_MAIL, locale: "ko" });
    if (invited.kind !== "invited") throw new Error(`door.volunteer@example.org was ${invited.kind}, not invited`);
    // An optional consent (선택 동의), offered to walk-ins too.
    await addOptionalConsentItem(db, guests[0]!.eventId, sampleOptionalConsentItem());
    return { guests, volunteerToken: invited.token };
  },
});
let cookie: string;
let videos: string;
/** Chromium treats http://localhost as a secure origin, so the page may open the (fake) camera. */
const origin = () => `http://localhost:${app.server.port}`;

beforeAll(async () => {
  cookie = (await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password)).cookie!;
  videos = makeTempDir("nanum-camera-");
});

let taken = 0;

/** The next guest attending with a ticket. */
function attendingGuest(): AttendingGuest {
  const guest = app.prepared.guests[taken++];
  if (!guest) throw new Error("no attending guest left: prepare more");
  return guest;
}

/** Chromium whose camera shows `text` as a QR code, a phone-sized page signed in as the organizer. */
async function phoneWithCamera(text: string): Promise<{ browser: Browser; page: Page }> {
  const video = path.join(videos, `${taken}-${Date.now()}.y4m`);
  writeQrVideo(video, text);
  const browser = await launchBrowser(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`]);
  const context = await newContext(browser, origin(), "ko-KR", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  return { browser, page };
}

/** Names the entrance and starts, as staff do once per device. */
async function startScanning(page: Page, entrance: string) {
  await page.getByRole("heading", { name: "입장 확인" }).waitFor();
  await fieldByLabel(page, "입구 이름").fill(entrance);
  await page.getByRole("button", { name: "스캔 시작" }).click();
}

async function logInAsOrganizer(page: Page) {
  await fieldByLabel(page, "이메일").fill("demo@nanum.example");
  await fieldByLabel(page, "비밀번호").fill("nanum-demo-2025");
  await page.getByRole("button", { name: "로그인" }).click();
}

/** Opens the scanner by its address: a signed-out phone is sent to the login page first and comes back. */
async function openScanner(page: Page, slug: string, entrance: string) {
  await page.goto(`/checkin/${slug}`);
  await page.waitForURL((url) => url.pathname === "/login");
  await logInAsOrganizer(page);
  await page.waitForURL((url) => url.pathname === `/checkin/${slug}`);
  await startScanning(page, entrance);
}

const answer = (page: Page) => page.getByRole("status").filter({ has: page.locator(".scan-result__headline") });

describe("the door's scanner with a camera", () => {
  it("welcomes a valid ticket by name, and says when and where it was used when the same code comes again", async () => {
    const guest = attendingGuest();
    const { browser, page } = await phoneWithCamera(guest.payload);
    try {
      // The organizer opens the scanner from the event's page.
      await page.goto("/login");
      await logInAsOrganizer(page);
      await page.waitForURL((url) => url.pathname === "/admin");
      await page.goto(guest.eventPath);
      await page.getByRole("link", { name: "입장 확인 (스캐너)" }).click();
      await page.waitForURL((url) => url.pathname === `/checkin/${guest.slug}`);
      await startScanning(page, "정문");
      const welcome = answer(page);
      await welcome.filter({ hasText: "환영합니다" }).waitFor();
      await expect(welcome.locator(".scan-result__name").innerText()).resolves.toBe(guest.name);
      expect(await page.locator(".scan-result--welcome").count()).toBe(1);
      // The guest keeps holding the code up: still one check-in, and the camera view comes back.
      await page.locator(".scan-result--welcome").waitFor({ state: "detached", timeout: 10_000 });
      await page.waitForTimeout(1500);
      expect(await page.locator(".scan-result--already").count()).toBe(0);

      // The same code on a reloaded page (the filter's memory is gone): amber, with time and entrance.
      await page.reload();
      // The entrance comes back from the phone's storage once the page has started, not in the first paint.
      await expect.poll(() => fieldByLabel(page, "입구 이름").inputValue()).toBe("정문");
      await page.getByRole("button", { name: "스캔 시작" }).click();
      const already = answer(page).filter({ hasText: "이미 입장했습니다" });
      await already.waitFor();
      expect(await already.innerText()).toMatch(/\d{2}:\d{2}에 정문에서 입장 처리되었습니다/);
      expect(await page.locator(".scan-result--already .scan-result__name").innerText()).toBe(guest.name);
    } finally {
      await browser.close();
    }
  });

  it("refuses a tampered ticket as invalid", async () => {
    const guest = attendingGuest();
    const tampered = guest.payload.slice(0, 99) + (guest.payload[99] === "A" ? "B" : "A");
    const { browser, page } = await phoneWithCamera(tampered);
    try {
      await openScanner(page, guest.slug, "후문");
      await answer(page).filter({ hasText: "유효하지 않은 입장권" }).waitFor();
      expect(await page.locator(".scan-result--refused").count()).toBe(1);
      // Nothing was recorded: the guest's real ticket still gets a welcome.
      const scan = await fetch(`${app.baseUrl}/checkin/${guest.slug}/scan`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: app.baseUrl },
        body: JSON.stringify({ payload: guest.payload }),
      });
      expect(((await scan.json()) as { result: string }).result).toBe("welcome");
    } finally {
      await browser.close();
    }
  });

  it("refuses the old code of a re-issued ticket as superseded, naming whose it is", async () => {
    const guest = attendingGuest();
    const reissued = await postForm(`${app.baseUrl}${guest.eventPath}/attendees`, { intent: "reissue", inviteeId: String(guest.inviteeId) }, { Cookie: cookie, Origin: app.baseUrl });
    expect(reissued.status).toBe(302);
    expect(reissued.headers.get("Location")).toContain("done=reissued");
    const { browser, page } = await phoneWithCamera(guest.payload);
    try {
      await openScanner(page, guest.slug, "정문");
      const superseded = answer(page).filter({ hasText: "예전 입장권입니다" });
      await superseded.waitFor();
      expect(await superseded.innerText()).toContain(guest.name);
      expect(await page.locator(".scan-result--refused").count()).toBe(1);
    } finally {
      await browser.close();
    }
  });
});

describe("the door's scanner without a usable camera", () => {
  it("tells door staff why on a plain-http address, and checks guests in by typed code, by search (with undo) and as walk-ins", async () => {
    const [first, second] = [attendingGuest(), attendingGuest()];
    // The organizer has invited a door volunteer as staff.
    const token = app.prepared.volunteerToken;
    // A name that is not localhost, over http: not a secure origin, so no camera.
    const doorOrigin = `http://door.test:${app.server.port}`;
    const browser = await launchBrowser([`--host-resolver-rules=MAP door.test 127.0.0.1`]);
    try {
      const context = await newContext(browser, doorOrigin, "ko-KR", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      // The volunteer makes an account from the invitation and finds the scanner on their dashboard.
      await page.goto(`/invite/${token}`);
      await fieldByLabel(page, "이름").fill("문지기");
      await fieldByLabel(page, "비밀번호").fill("a good long door password");
      await page.getByRole("button", { name: "계정 만들고 수락" }).click();
      await page.waitForURL((url) => url.pathname === "/admin");
      await page.getByRole("link", { name: /^입장 확인 \(스캐너\): .*파주시/ }).click();
      await page.waitForURL((url) => url.pathname === `/checkin/${first.slug}`);
      await startScanning(page, "정문");
      await page.getByRole("alert").filter({ hasText: "보안 연결(https)이 아니어서" }).waitFor();

      // The code under the QR, typed in lower case.
      await fieldByLabel(page, "입장 코드").fill(first.code.toLowerCase());
      await page.getByRole("button", { name: "코드로 입장 처리" }).click();
      await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: first.name }).waitFor();
      await page.getByRole("button", { name: "다음 스캔" }).click();
      expect(await page.locator(".scan-result--welcome").count()).toBe(0);

      // Found by name and checked in, taken back on the answer screen; checked in again and
      // taken back from the "just checked in" line under the camera.
      await fieldByLabel(page, "이름·소속·전화번호로 찾기").fill(second.name);
      const checkInButton = page.getByRole("button", { name: `${second.name} 입장 처리` }).first();
      await checkInButton.click();
      await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: second.name }).waitFor();
      await page.getByRole("button", { name: "입장 취소", exact: true }).click();
      await answer(page).filter({ hasText: "입장 처리를 취소했습니다" }).waitFor();
      await page.getByRole("button", { name: "다음 스캔" }).click();
      await checkInButton.click();
      await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: second.name }).waitFor();
      await page.getByRole("button", { name: "다음 스캔" }).click();
      await page.getByRole("button", { name: `${second.name} 입장 취소` }).click();
      await answer(page).filter({ hasText: "입장 처리를 취소했습니다" }).waitFor();
      const search = await fetch(`${app.baseUrl}/checkin/${second.slug}/search?q=${encodeURIComponent(second.name)}`, { headers: { Cookie: cookie } });
      const { guests } = (await search.json()) as { guests: Array<{ inviteeId: number; checkedIn: boolean }> };
      expect(guests.find((g) => g.inviteeId === second.inviteeId)?.checkedIn).toBe(false);
      // The typed-in guest is still in.
      expect(
        (await (await fetch(`${app.baseUrl}/checkin/${first.slug}/search?q=${encodeURIComponent(first.name)}`, { headers: { Cookie: cookie } })).json()).guests.find(
          (g: { inviteeId: number }) => g.inviteeId === first.inviteeId,
        )?.checkedIn,
      ).toBe(true);

      // Someone not on the list: registered at the door with their consent, and let in.
      await page.getByText("명단에 없는 분 현장 등록").click();
      await fieldByLabel(page, "이름").fill("현장손님");
      await fieldByLabel(page, "소속").fill("운정고등학교");
      await page.getByRole("button", { name: "등록하고 입장 확인" }).click();
      await page.getByText("참석하시려면 개인정보 수집·이용에 동의해 주세요.").waitFor();
      await page.getByLabel(/현장 등록 시 필수/).check();
      // The event's optional consent is offered with its disclosures, never ticked in advance; this guest agrees.
      const optional = page.getByLabel("[선택] 행사 사진 게시에 동의합니다");
      expect(await optional.isChecked()).toBe(false);
      await page.getByRole("region", { name: "행사 사진 게시" }).getByText("3. 보유·이용 기간: 3년").waitFor();
      await optional.check();
      await page.getByRole("button", { name: "등록하고 입장 확인" }).click();
      await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: "현장손님" }).waitFor();
      const walkIn = await (await fetch(`${app.baseUrl}/checkin/${first.slug}/search?q=${encodeURIComponent("현장손님")}`, { headers: { Cookie: cookie } })).json();
      expect(walkIn.guests).toMatchObject([{ name: "현장손님", checkedIn: true }]);
      // The attendee export's column for the item says the walk-in consented, to version 1.
      const exported = await (await fetch(`${app.baseUrl}/admin/events/${first.eventId}/attendees/export?format=csv&reason=reception`, { headers: { Cookie: cookie } })).text();
      const header = exported.split(/\r?\n/)[0]!.split(",");
      const row = exported
        .split("\n")
        .find((line) => line.startsWith("현장손님,"))!
        .split(",");
      expect(row[header.findIndex((name) => name.includes("[선택] 행사 사진 게시"))]).toMatch(/^동의 .*\(v1\)$/);
    } finally {
      await browser.close();
    }
  });
});

describe("the door's scanner when the connection drops", () => {
  it("opens again on reload from the copy its service worker kept, answers from its stored roster, and says a check-in did not go through without one", async () => {
    const own = await startServer();
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, `http://localhost:${own.port}`, "ko-KR", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto("/login");
      await logInAsOrganizer(page);
      await page.waitForURL((url) => url.pathname === "/admin");
      await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
      await page.getByRole("link", { name: "입장 확인 (스캐너)" }).click();
      await page.waitForURL((url) => url.pathname.startsWith("/checkin/"));
      const scannerPath = new URL(page.url()).pathname;
      await startScanning(page, "정문");
      // The worker has kept the page and its build files, with the QR decoder this browser fetched on
      // demand (Chromium on Linux has no BarcodeDetector).
      await expect
        .poll(
          () =>
            page.evaluate(async () => {
              const kept = await (await caches.open("nanum-scanner-v1")).keys();
              return kept.map((request) => new URL(request.url).pathname);
            }),
          { timeout: 15_000, interval: 250 },
        )
        .toEqual(
          expect.arrayContaining([
            scannerPath,
            expect.stringMatching(/^\/build\/entry\.client-/),
            expect.stringMatching(/^\/build\/routes\/checkin\.\$slug\._index-/),
            expect.stringMatching(/^\/build\/_shared\/jsQR-/),
          ]),
        );
      await page.getByText(/오프라인용 명단 \d+명 저장됨/).waitFor();

      await own.stop();
      await page.reload();
      await page.getByRole("heading", { name: "입장 확인" }).waitFor();
      // The page's scripts run (the entrance comes back from the device, the start button works).
      // The entrance comes back from the phone's storage once the page has started, not in the first paint.
      await expect.poll(() => fieldByLabel(page, "입구 이름").inputValue()).toBe("정문");
      await page.getByRole("button", { name: "스캔 시작" }).click();
      // A code nobody on the stored roster has: refused on the device.
      await fieldByLabel(page, "입장 코드").fill("ABCD2345");
      await page.getByRole("button", { name: "코드로 입장 처리" }).click();
      await answer(page).filter({ hasText: "유효하지 않은 입장권" }).filter({ hasText: "오프라인 확인" }).waitFor();
      await page.getByRole("button", { name: "다음 스캔" }).click();
      // Without a stored roster the device cannot decide: it says nobody was checked in.
      await page.evaluate(() => new Promise((resolve, reject) => Object.assign(indexedDB.deleteDatabase("nanum-door"), { onsuccess: resolve, onerror: reject })));
      await page.getByRole("button", { name: "코드로 입장 처리" }).click();
      await answer(page).filter({ hasText: "서버에 연결하지 못했습니다" }).filter({ hasText: "입장 처리되지 않았습니다" }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
