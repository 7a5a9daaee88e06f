import { describe, expect, it } from "vitest";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { pajuEvent } from "../helpers/demo";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { printedPages } from "../helpers/pdf";

// Spaced-out headings and lines broken inside table cells read back with stray spaces: compare without any.
const squeezed = (text: string) => text.replace(/\s+/g, "");

const app = withServerAndBrowser({
  // The demo's Paju meeting as it stands: its guests are what the purge will destroy.
  async prepare(db) {
    const event = await pajuEvent(db);
    const { title_ko, title_en } = await db.selectFrom("events").select(["title_ko", "title_en"]).where("id", "=", event.id).executeTakeFirstOrThrow();
    const invitees = await db.selectFrom("invitees").select(["name", "email", "phone"]).where("event_id", "=", event.id).orderBy("id").execute();
    return { eventId: event.id, titleKo: title_ko, titleEn: title_en, invitees };
  },
});

describe("the confirmation of destruction (개인정보 파기 확인서) in the browser", () => {
  it("purges the event's personal data, then prints the confirmation on one A4 page with the lines to sign and no guest in it", async () => {
    const { titleKo, invitees } = app.prepared;
    expect(invitees.length).toBeGreaterThan(20);
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.getByRole("link", { name: titleKo }).click();
    await page.getByRole("link", { name: "개인정보 파기" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/purge"));
    await page.getByRole("button", { name: "지금 개인정보 파기" }).click();
    await page.getByRole("status").filter({ hasText: "이 행사의 개인정보를 파기했습니다" }).waitFor();

    await page.getByRole("link", { name: /파기 확인서 인쇄/ }).click();
    await page.waitForURL((url) => /\/destructions\/\d+$/.test(url.pathname));
    await page.getByRole("heading", { level: 1, name: "개인정보 파기 확인서" }).waitFor();
    expect(await page.getByRole("button", { name: "인쇄" }).isVisible()).toBe(true);
    expect(await page.locator("meta[name=robots]").getAttribute("content")).toBe("noindex, nofollow");

    // Printed: no site chrome or toolbar.
    await page.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-footer", ".admin-nav", ".destruction-toolbar"]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    await page.emulateMedia({ media: null });

    const pages = await printedPages(page, "confirmation-ko");
    expect(pages).toHaveLength(1);
    const text = squeezed(pages[0]!);
    for (const expected of [
      "개인정보파기확인서",
      squeezed(titleKo),
      "보유기간",
      "처리목적달성",
      "데이터베이스에서삭제",
      squeezed(DEMO_ORGANIZER.name),
      DEMO_ORGANIZER.email,
      "위와같이개인정보를파기하였음을확인합니다.",
      "담당자",
      "책임자확인",
      "서명또는인",
    ])
      expect(text, expected).toContain(expected);
    // Every invitee counted, by the row the purge changed.
    expect(pages[0]).toMatch(new RegExp(`초청 대상자[^\\n]*\\s${invitees.length}\\s*$`, "m"));
    for (const invitee of invitees.slice(0, 10)) {
      expect(text, invitee.name).not.toContain(invitee.name);
      if (invitee.email) expect(text, invitee.email).not.toContain(invitee.email);
    }
  });

  it("finds the same confirmation in English through the destruction register", async () => {
    const { titleEn, invitees } = app.prepared;
    const page = await app.newPage("en-US");
    await signInAsDemoOrganizer(page);
    await page.goto("/admin/account");
    await page.getByRole("link", { name: "See the destruction register" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/destructions");
    const rows = page.locator("table tbody tr");
    await rows.filter({ hasText: titleEn }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(titleEn);
    await rows
      .first()
      .getByRole("link", { name: /^Confirmation/ })
      .click();
    await page.getByRole("heading", { level: 1, name: "Confirmation of personal data destruction" }).waitFor();

    const pages = await printedPages(page, "confirmation-en");
    expect(pages).toHaveLength(1);
    const text = squeezed(pages[0]!);
    for (const expected of ["Confirmationofpersonaldatadestruction", squeezed(titleEn), "Deletedfromthedatabase", "Personincharge", "Checkedby(officer)", "Signatureorseal"]) {
      expect(text, expected).toContain(expected);
    }
    expect(pages[0]).toMatch(new RegExp(`Invitees[^\\n]*\\s${invitees.length}\\s*$`, "m"));
  });
});
