/**
 * Protocol order (의전 서열) in Chromium: suggested from positions, dragged with a mouse, typed as
 * numbers without JavaScript; the MC's introduction list and the name plates follow.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { DEMO_MAIL, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";

const app = withServerAndBrowser({
  // Four guests of honour of the Paju meeting, attending, with positions the standard list ranks.
  async prepare(db) {
    const event = await pajuEvent(db);
    await db.updateTable("invitees").set({ is_vip: false, intro_order: null }).where("event_id", "=", event.id).execute();
    const invitees = await db.selectFrom("invitees").select("id").where("event_id", "=", event.id).orderBy("id").limit(4).execute();
    const people = [
      { name: "가교장", organization: "운정고", position: "교장" },
      { name: "나부시장", organization: "파주시", position: "부시장" },
      { name: "다교육장", organization: "파주교육지원청", position: "교육장" },
      { name: "라시장", organization: "파주시", position: "시장" },
    ];
    for (const [i, person] of people.entries()) {
      await db
        .updateTable("invitees")
        .set({ ...person, is_vip: true, intro_order: i + 1 })
        .where("id", "=", invitees[i]!.id)
        .execute();
      await recordRsvp(db, { eventId: event.id, inviteeId: invitees[i]!.id, form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
    }
    return { eventId: event.id };
  },
});

const listed = (page: Page) => page.locator(".protocol-list__item strong").allInnerTexts();

describe("protocol order", () => {
  it("is suggested from positions, changed by dragging, and followed by the name plates", async () => {
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}`);
    await page.getByRole("link", { name: "의전 서열" }).click();
    await page.getByRole("heading", { name: "의전 서열", level: 1 }).waitFor();
    expect(await listed(page)).toEqual(["가교장", "나부시장", "다교육장", "라시장"]);

    // The standard list ranks 시장 over 교육장 over 부시장 over 교장.
    await page.getByRole("button", { name: "직위로 순서 제안" }).click();
    await page.getByRole("status").filter({ hasText: "직위 목록에 따라 순서를 정했습니다" }).waitFor();
    expect(await listed(page)).toEqual(["라시장", "다교육장", "나부시장", "가교장"]);

    // Dragged: the principal onto the first place.
    await page.locator(".protocol-list__item", { hasText: "가교장" }).dragTo(page.locator(".protocol-list__item", { hasText: "라시장" }));
    await expect.poll(() => listed(page)).toEqual(["가교장", "라시장", "다교육장", "나부시장"]);

    await page.goto(`/admin/events/${app.prepared.eventId}/attendees/name-plates?vip=1&reason=reception`);
    await page.getByRole("status").filter({ hasText: "명패 4개" }).waitFor();
    expect(await page.locator(".name-plate__face--front .name-plate__name").allInnerTexts()).toEqual(["가교장", "라시장", "다교육장", "나부시장"]);
  });

  it("takes typed numbers without JavaScript and says which one is wrong, keeping what was typed", async () => {
    const context = await app.newContext("en-US", { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}/protocol`);
    await page.getByRole("heading", { name: "Protocol order", level: 1 }).waitFor();
    const before = await listed(page);
    const field = (name: string) => page.getByLabel(new RegExp(`${name}.*place number`));
    await field(before[3]!).fill("first");
    await page.getByRole("button", { name: "Save the order" }).click();
    await page.getByText("Enter a number from 1 to 999.", { exact: true }).waitFor();
    expect(await field(before[3]!).inputValue()).toBe("first");
    expect(await listed(page)).toEqual(before);

    await field(before[3]!).fill("1");
    await field(before[0]!).fill("4");
    await page.getByRole("button", { name: "Save the order" }).click();
    await page.getByRole("status").filter({ hasText: "Order saved." }).waitFor();
    expect(await listed(page)).toEqual([before[3], before[1], before[2], before[0]]);
  });
});
