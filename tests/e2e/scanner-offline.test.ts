import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel, launchBrowser, newContext } from "../helpers/browser";
import { attendingGuests, type AttendingGuest } from "../helpers/demo";
import { withServer } from "../helpers/e2e";
import { writeQrVideo } from "../helpers/fake-camera";
import { getPage, logIn, postForm } from "../helpers/http";
import { makeTempDir } from "../helpers/server";

// The browsers here are launched per test, each with its own fake camera.
const app = withServer({
  // Guests of the sample event attending with their tickets (each test takes the next), and a door
  // phone link with a PIN, made before the server opens the data folder.
  async prepare(db) {
    const guests = await attendingGuests(db, 4);
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const door = await createDoorDevice(db, { eventId: guests[0]!.eventId, name: "오프라인 정문", createdBy: organizer.id });
    return { guests, door };
  },
});
let cookie: string;
let videos: string;
/** Chromium treats http://localhost as a secure origin: camera, WebCrypto and the service worker work. */
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

/** Chromium whose camera shows `text` as a QR code. */
async function browserWithCamera(text: string): Promise<Browser> {
  const video = path.join(videos, `${taken}-${Date.now()}.y4m`);
  writeQrVideo(video, text);
  return launchBrowser(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`]);
}

function phone(browser: Browser): Promise<BrowserContext> {
  return newContext(browser, origin(), "ko-KR", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
}

/** Signs in on the way to the scanner and waits until the phone has stored the roster. */
async function openScannerOnline(page: Page, slug: string, entrance: string) {
  await page.goto(`/checkin/${slug}`);
  await page.waitForURL((url) => url.pathname === "/login");
  await fieldByLabel(page, "이메일").fill("demo@nanum.example");
  await fieldByLabel(page, "비밀번호").fill("nanum-demo-2025");
  await page.getByRole("button", { name: "로그인" }).click();
  await page.waitForURL((url) => url.pathname === `/checkin/${slug}`);
  await page.getByText(/오프라인용 명단 \d+명 저장됨/).waitFor();
  await fieldByLabel(page, "입구 이름").fill(entrance);
}

/** How many rosters and queued check-ins the phone holds, read straight from IndexedDB. */
function storedCounts(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const opened = indexedDB.open("nanum-door");
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const tx = opened.result.transaction(["rosters", "queue"]);
          const counts = [tx.objectStore("rosters").count(), tx.objectStore("queue").count()];
          tx.oncomplete = () => {
            opened.result.close();
            resolve(counts.map((count) => count.result));
          };
        };
      }),
  );
}

const answer = (page: Page) => page.getByRole("status").filter({ has: page.locator(".scan-result__headline") });
const connection = (page: Page) => page.locator(".door-net__state");

interface RosterTicket {
  inviteeId: number;
  checkedInAt: string | null;
}

async function serverRoster(slug: string): Promise<RosterTicket[]> {
  const response = await fetch(`${app.baseUrl}/checkin/${slug}/roster`, { headers: { Cookie: cookie } });
  return ((await response.json()) as { tickets: RosterTicket[] }).tickets;
}

describe("the door's scanner without a connection", () => {
  it("checks a guest in from the stored roster, says 'already' the second time and in a name search, survives a reload and sends the check-in once when back online", async () => {
    const guest = attendingGuest();
    const browser = await browserWithCamera(guest.payload);
    try {
      const context = await phone(browser);
      const page = await context.newPage();
      await openScannerOnline(page, guest.slug, "정문");
      await expect(connection(page).innerText()).resolves.toBe("온라인");
      // The service worker has kept the page before the connection goes.
      await expect
        .poll(() => page.evaluate(async () => (await (await caches.open("nanum-scanner-v1")).keys()).map((r) => new URL(r.url).pathname)), { timeout: 15_000, interval: 250 })
        .toContain(`/checkin/${guest.slug}`);

      await context.setOffline(true);
      const wentOffline = Date.now();
      await page.getByRole("button", { name: "스캔 시작" }).click();
      const welcome = answer(page).filter({ hasText: "환영합니다" });
      await welcome.waitFor();
      expect(await welcome.innerText()).toContain("오프라인 입장 처리");
      await expect(welcome.locator(".scan-result__name").innerText()).resolves.toBe(guest.name);
      await connection(page).filter({ hasText: "오프라인 · 대기 1건" }).waitFor();
      expect(await serverRoster(guest.slug).then((tickets) => tickets.find((t) => t.inviteeId === guest.inviteeId)?.checkedInAt)).toBeNull();

      // The same guest again, by the code under the QR: amber, with this door's time and entrance.
      await page.getByRole("button", { name: "다음 스캔" }).click();
      await fieldByLabel(page, "입장 코드").fill(guest.code.toLowerCase());
      await page.getByRole("button", { name: "코드로 입장 처리" }).click();
      const already = answer(page).filter({ hasText: "이미 입장했습니다" });
      await already.waitFor();
      expect(await already.innerText()).toMatch(/\d{2}:\d{2}에 정문에서 입장 처리되었습니다/);
      expect(await already.innerText()).toContain("오프라인 확인");
      await expect(connection(page).innerText()).resolves.toBe("오프라인 · 대기 1건");
      // Found by name in the stored roster, marked as in.
      await page.getByRole("button", { name: "다음 스캔" }).click();
      await fieldByLabel(page, "이름·소속·전화번호로 찾기").fill(guest.name);
      await page.getByText("연결이 없어 이 기기에 저장된 명단에서 찾았습니다").waitFor();
      await page.locator(".door-hit").filter({ hasText: guest.name }).first().locator(".door-hit__in").waitFor();

      // Reloaded without a connection: the kept page opens, the queue is still there, the camera still checks.
      // The server is stopped as well: the browser's offline switch does not reach the service worker's own requests.
      await app.server.stop();
      await page.reload();
      await page.getByRole("heading", { name: "입장 확인" }).waitFor();
      await connection(page).filter({ hasText: "오프라인 · 대기 1건" }).waitFor();
      await page.getByRole("button", { name: "스캔 시작" }).click();
      await answer(page).filter({ hasText: "이미 입장했습니다" }).filter({ hasText: "정문" }).waitFor();
      await expect(connection(page).innerText()).resolves.toBe("오프라인 · 대기 1건");

      // Back online: the queue goes to the server and empties.
      await app.restartServer();
      const backOnline = Date.now();
      await context.setOffline(false);
      await connection(page)
        .filter({ hasText: /^온라인$/ })
        .waitFor({ timeout: 30_000 });
      const checkedInAt = (await serverRoster(guest.slug)).find((t) => t.inviteeId === guest.inviteeId)?.checkedInAt;
      expect(checkedInAt).not.toBeNull();
      // Recorded at the time of the offline scan, not when it was sent.
      expect(Date.parse(checkedInAt!)).toBeGreaterThanOrEqual(wentOffline - 1000);
      expect(Date.parse(checkedInAt!)).toBeLessThan(backOnline);
      const arrivals = await getPage(`${app.baseUrl}${guest.eventPath}/arrivals`, { Cookie: cookie });
      expect(arrivals.status).toBe(200);
      expect(arrivals.html).not.toContain("오프라인 입장 확인 필요");
    } finally {
      await browser.close();
    }
  });

  it("lets two offline doors both admit the same guest, then records one check-in and shows the other to the organizer as a conflict", async () => {
    const guest = attendingGuest();
    const browser = await browserWithCamera(guest.payload);
    try {
      const doors = await Promise.all([phone(browser), phone(browser)]);
      const pages = await Promise.all(doors.map((door) => door.newPage()));
      await openScannerOnline(pages[0]!, guest.slug, "정문");
      await openScannerOnline(pages[1]!, guest.slug, "후문");
      for (const [i, page] of pages.entries()) {
        await doors[i]!.setOffline(true);
        await page.getByRole("button", { name: "스캔 시작" }).click();
        await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: "오프라인 입장 처리" }).waitFor();
        await connection(page).filter({ hasText: "오프라인 · 대기 1건" }).waitFor();
      }

      for (const [i, page] of pages.entries()) {
        await doors[i]!.setOffline(false);
        await connection(page)
          .filter({ hasText: /^온라인$/ })
          .waitFor({ timeout: 30_000 });
      }
      const arrivals = await getPage(`${app.baseUrl}${guest.eventPath}/arrivals`, { Cookie: cookie });
      expect(arrivals.html).toContain("오프라인 입장 확인 필요");
      const conflicts = [...arrivals.html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!).filter((line) => line.startsWith(`${guest.name}:`));
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatch(/후문 \(먼저 .* 정문\)/);
      expect((await serverRoster(guest.slug)).find((t) => t.inviteeId === guest.inviteeId)?.checkedInAt).not.toBeNull();
    } finally {
      await browser.close();
    }
  });

  it("forgets the stored roster and the unsent check-ins, and says so plainly, when the door phone's access was revoked while it was offline", async () => {
    const guest = attendingGuest();
    // The organizer has made a door phone link with a PIN.
    const { token, pin, id: deviceId } = app.prepared.door;
    const browser = await browserWithCamera(guest.payload);
    try {
      const context = await phone(browser);
      const page = await context.newPage();
      await page.goto(`/door/${token}`);
      await fieldByLabel(page, "PIN (숫자 6자리)").fill(pin);
      await page.getByRole("button", { name: "입장 확인 시작" }).click();
      await page.waitForURL((url) => url.pathname === `/checkin/${guest.slug}`);
      await page.getByText(/오프라인용 명단 \d+명 저장됨/).waitFor();
      await fieldByLabel(page, "입구 이름").fill("정문");
      await context.setOffline(true);
      await page.getByRole("button", { name: "스캔 시작" }).click();
      await answer(page).filter({ hasText: "환영합니다" }).filter({ hasText: "오프라인 입장 처리" }).waitFor();
      await connection(page).filter({ hasText: "오프라인 · 대기 1건" }).waitFor();

      const revoked = await postForm(`${app.baseUrl}${guest.eventPath}/devices`, { intent: "revoke", deviceId: String(deviceId) }, { Cookie: cookie, Origin: app.baseUrl });
      expect(revoked.status).toBe(200);
      await context.setOffline(false);
      const alert = page.getByRole("alert").filter({ hasText: "더 이상 이 행사의 입장 확인을 할 수 없습니다" });
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toContain("입장 기록 1건을 지웠습니다");
      expect(await storedCounts(page)).toEqual([0, 0]);
      // Nothing reached the server, and the phone no longer decides on its own.
      expect((await serverRoster(guest.slug)).find((t) => t.inviteeId === guest.inviteeId)?.checkedInAt).toBeNull();
      await page.locator(".scan-result--idle").waitFor({ state: "attached" });
      await fieldByLabel(page, "입장 코드").fill(guest.code);
      await page.getByRole("button", { name: "코드로 입장 처리" }).click();
      await answer(page).filter({ hasText: "로그인이 필요합니다" }).waitFor();
    } finally {
      await browser.close();
    }
  });

  it("deletes the stored roster and queue once the roster's time has passed", async () => {
    const guest = attendingGuest();
    const browser = await launchBrowser();
    try {
      const context = await phone(browser);
      const page = await context.newPage();
      await openScannerOnline(page, guest.slug, "정문");
      expect(await storedCounts(page)).toEqual([1, 0]);
      // The phone is still on when the event is long over: its roster's expiry lies in the past.
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const opened = indexedDB.open("nanum-door");
            opened.onsuccess = () => {
              const store = opened.result.transaction("rosters", "readwrite").objectStore("rosters");
              const cursor = store.openCursor();
              cursor.onsuccess = () => {
                if (!cursor.result) return;
                cursor.result.update({ ...cursor.result.value, expiresAt: new Date(Date.now() - 60_000).toISOString() });
                cursor.result.continue();
              };
              store.transaction.oncomplete = () => {
                opened.result.close();
                resolve();
              };
            };
            opened.onerror = () => reject(opened.error);
          }),
      );
      await page.reload();
      await page.getByText("행사가 끝나 이 기기에 저장된 명단과 입장 기록을 지웠습니다.").waitFor();
      expect(await storedCounts(page)).toEqual([0, 0]);
    } finally {
      await browser.close();
    }
  });
});
