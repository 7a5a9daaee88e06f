/**
 * Where a seat shows (issue 18), in Chromium, in Korean and in English: the seated guest's ticket
 * page, the door's welcome ("A-3" large, with the block's name), the arrivals page, and the
 * Hanam head table's name plates printed to PDF and read back with pdftotext in seat order.
 * The seats are the sample data's (scripts/seed.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { activeTicket } from "../../app/domain/rsvp/tickets.server";
import { fieldByLabel, signInAsDemoOrganizer } from "../helpers/browser";
import { DEMO_MAIL, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

/** The Hanam head table, seat 1 to 6, as the sample data seats it. */
const HEAD_TABLE = ["김태호", "이정민", "박성준", "최은영", "정하늘", "윤서진"];

const app = withServerAndBrowser({
  // The Paju guests of honour the sample data seats at 내빈석 answer "attending".
  async prepare(db) {
    const event = await pajuEvent(db);
    const attendingAt = async (seatNumber: number) => {
      const seated = await db
        .selectFrom("seat_assignments as s")
        .innerJoin("seating_blocks as b", "b.id", "s.block_id")
        .innerJoin("invitees as i", "i.id", "s.invitee_id")
        .select(["i.id", "i.name", "i.link_version"])
        .where("b.event_id", "=", event.id)
        .where("b.name_ko", "=", "내빈석")
        .where("s.row_index", "=", 0)
        .where("s.seat_number", "=", seatNumber)
        .executeTakeFirstOrThrow();
      await recordRsvp(db, { eventId: event.id, inviteeId: seated.id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
      return { name: seated.name, token: await personalLinkToken(db, seated), code: (await activeTicket(db, seated.id))!.code };
    };
    const hanam = await db.selectFrom("events").select("id").where("slug", "like", "hanam-%").executeTakeFirstOrThrow();
    return { eventId: event.id, slug: event.slug, ...(await attendingAt(3)), offline: await attendingAt(4), hanamId: hanam.id };
  },
});

const answer = (page: Page) => page.getByRole("status").filter({ has: page.locator(".scan-result__headline") });

/** The door's scanner, signed in as the organizer, with the entrance named and started. */
async function openDoor(page: Page, words: { entrance: string; start: string }) {
  await signInAsDemoOrganizer(page);
  await page.goto(`/checkin/${app.prepared.slug}`);
  await fieldByLabel(page, words.entrance).fill("정문");
  await page.getByRole("button", { name: words.start }).click();
}

async function printedPlates(page: Page, name: string): Promise<string[]> {
  const file = path.join(makeTempDir(), `${name}.pdf`);
  fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  return (await pdfPages(file)).map((text) => text.replace(/\s+/g, ""));
}

describe("where a seat shows, in Korean", () => {
  it("shows the seat on the ticket page, and large at the door's welcome", async () => {
    const guest = await app.newPage("ko-KR");
    await guest.goto(`/i/${app.prepared.token}/ticket`);
    await guest.locator(".ticket__seat").filter({ hasText: "좌석: 내빈석 A-3" }).waitFor();

    const door = await app.newPage("ko-KR");
    await openDoor(door, { entrance: "입구 이름", start: "스캔 시작" });
    await fieldByLabel(door, "입장 코드").fill(app.prepared.code);
    await door.getByRole("button", { name: "코드로 입장 처리" }).click();
    const welcome = answer(door).filter({ hasText: "환영합니다" });
    await welcome.waitFor();
    await expect(welcome.locator(".scan-result__name").innerText()).resolves.toBe(app.prepared.name);
    await expect(welcome.locator(".scan-result__seat-code").innerText()).resolves.toBe("A-3");
    await expect(welcome.locator(".scan-result__seat-block").innerText()).resolves.toBe("내빈석");
    // The code is the largest text on the answer, after the name.
    const sizes = await welcome.evaluate((box) => ["scan-result__seat-code", "scan-result__seat-block"].map((name) => parseFloat(getComputedStyle(box.querySelector(`.${name}`)!).fontSize)));
    expect(sizes[0]).toBeGreaterThan(sizes[1]! * 1.5);

    // The arrivals page shows where the guest sits.
    const organizer = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(organizer);
    await organizer.goto(`/admin/events/${app.prepared.eventId}/arrivals`);
    const row = organizer.locator("tbody tr").filter({ hasText: app.prepared.name }).filter({ hasText: "내빈석 A-3" });
    await row.first().waitFor();

    // Undone, so the English door below welcomes the same guest again.
    // (from the "just checked in" line under the camera: the answer may have cleared meanwhile).
    const next = door.getByRole("button", { name: "다음 스캔" });
    if (await next.isVisible()) await next.click();
    await door.getByRole("button", { name: `${app.prepared.name} 입장 취소` }).click();
    await answer(door).filter({ hasText: "입장 처리를 취소했습니다" }).waitFor();
  });

  it("shows the seat at an offline welcome, from the roster the phone keeps", async () => {
    const context = await app.newContext("ko-KR");
    const door = await context.newPage();
    await openDoor(door, { entrance: "입구 이름", start: "스캔 시작" });
    await door.getByText(/오프라인용 명단 \d+명 저장됨/).waitFor();
    await context.setOffline(true);
    await fieldByLabel(door, "입장 코드").fill(app.prepared.offline.code);
    await door.getByRole("button", { name: "코드로 입장 처리" }).click();
    const welcome = answer(door).filter({ hasText: "환영합니다" }).filter({ hasText: "오프라인 입장 처리" });
    await welcome.waitFor();
    await expect(welcome.locator(".scan-result__name").innerText()).resolves.toBe(app.prepared.offline.name);
    await expect(welcome.locator(".scan-result__seat").innerText()).resolves.toMatch(/^좌석\s+내빈석\s+A-4$/);
    await context.setOffline(false);
  });

  it("prints the head table's name plates in seat order", async () => {
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.hanamId}/attendees`);
    await page.getByLabel("헤드테이블에 앉는 분만 (좌석 순서대로)").check();
    await page.getByRole("button", { name: "명패 인쇄" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByLabel("현장 접수").check();
    await page.getByRole("button", { name: "계속" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees/name-plates"));
    await page.getByRole("status").filter({ hasText: "명패 6개" }).waitFor();
    const pages = await printedPlates(page, "head-table");
    expect(pages).toHaveLength(6);
    // Each sheet's front face reads the right way up; find whose it is.
    expect(pages.map((text) => HEAD_TABLE.filter((name) => text.includes(name)))).toEqual(HEAD_TABLE.map((name) => [name]));
    expect(pages[2]).toContain("하남시시장");
  });
});

describe("where a seat shows, in English", () => {
  it("shows the seat on the ticket page, and large at the door's welcome", async () => {
    const guest = await app.newPage("en-US");
    await guest.goto(`/i/${app.prepared.token}/ticket`);
    await guest.locator(".ticket__seat").filter({ hasText: "Seat: VIP seats A-3" }).waitFor();

    const door = await app.newPage("en-US");
    await openDoor(door, { entrance: "Entrance", start: "Start scanning" });
    await fieldByLabel(door, "Entry code").fill(app.prepared.code.toLowerCase());
    await door.getByRole("button", { name: "Check in by code" }).click();
    const welcome = answer(door).filter({ hasText: "Welcome" });
    await welcome.waitFor();
    await expect(welcome.locator(".scan-result__seat-code").innerText()).resolves.toBe("A-3");
    await expect(welcome.locator(".scan-result__seat").innerText()).resolves.toMatch(/^Seat\s+VIP seats\s+A-3$/);
  });

  it("prints the head table's name plates in seat order", async () => {
    const page = await app.newPage("en-US");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.hanamId}/attendees`);
    await page.getByLabel("Only those at the head table (in seat order)").check();
    await page.getByRole("button", { name: "Print name plates" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("status").filter({ hasText: "6 name plates" }).waitFor();
    for (const [i, name] of HEAD_TABLE.entries()) expect(await page.getByRole("region", { name: `Name plate ${i + 1}: ${name}` }).count()).toBe(1);
    const pages = await printedPlates(page, "head-table-en");
    expect(pages.map((text) => HEAD_TABLE.filter((name) => text.includes(name)))).toEqual(HEAD_TABLE.map((name) => [name]));
  });
});
