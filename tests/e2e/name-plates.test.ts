/**
 * Desk name plates (명패) printed from Chromium to PDF and read back with pdftotext: one A4
 * landscape sheet per person, guests of honour first in protocol order, a proxy in their own name.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { DEMO_MAIL, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

const GROUP = "명패 시험";

const app = withServerAndBrowser({
  // Four invitees of the Paju meeting moved into a group of their own, all attending: two guests
  // of honour ranked against 가나다 order, one sending a proxy, one with a long Latin name.
  async prepare(db) {
    const event = await pajuEvent(db);
    const invitees = await db.selectFrom("invitees").select("id").where("event_id", "=", event.id).orderBy("id").limit(4).execute();
    const people = [
      { name: "가나라", organization: "파주시", position: "부시장", vip: true, order: 2 },
      { name: "하민준", organization: "파주교육지원청", position: "교육장", vip: true, order: 1 },
      { name: "박서연", organization: "운정고등학교", position: "교장", vip: false, order: null, proxy: { name: "이대리", position: "교감" } },
      { name: "Alexandra Montgomery-Fitzgerald", organization: "British Council", position: "Director", vip: false, order: null },
    ];
    for (const [i, person] of people.entries()) {
      const id = invitees[i]!.id;
      await db
        .updateTable("invitees")
        .set({ name: person.name, organization: person.organization, position: person.position, group_name: GROUP, is_vip: person.vip, intro_order: person.order })
        .where("id", "=", id)
        .execute();
      const fields = person.proxy ? { answer: "proxy", proxyName: person.proxy.name, proxyPosition: person.proxy.position, consent: "on" } : { answer: "attending", consent: "on" };
      await recordRsvp(db, { eventId: event.id, inviteeId: id, form: rsvpFormSchema([], 0).parse(fields), consentText: "동의", mail: DEMO_MAIL });
    }
    return { eventId: event.id };
  },
});

const squeezed = (text: string) => text.replace(/\s+/g, "");

async function printedPlates(page: import("playwright-core").Page, name: string): Promise<string[]> {
  const file = path.join(makeTempDir(), `${name}.pdf`);
  // The page's own @page rule (A4 landscape, no margin) decides the paper, as the Print button does.
  fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  return (await pdfPages(file)).map(squeezed);
}

describe("desk name plates", () => {
  it("prints one folded A4 plate per person, guests of honour in protocol order, a proxy in their own name", async () => {
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}/attendees`);
    await page.getByLabel("명패를 인쇄할 그룹").selectOption(GROUP);
    await page.getByRole("button", { name: "명패 인쇄" }).click();
    // A printed list of people: the reason is asked first (다운로드 사유) and recorded.
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByLabel("현장 접수").check();
    await page.getByRole("button", { name: "계속" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees/name-plates"));
    await page.getByRole("status").filter({ hasText: "명패 4개" }).waitFor();

    const pages = await printedPlates(page, "plates");
    expect(pages).toHaveLength(4);
    const expected = ["하민준", "가나라", "이대리", "AlexandraMontgomery-Fitzgerald"];
    const reversed = (text: string) => [...text].reverse().join("");
    for (const [i, name] of expected.entries()) {
      // Both halves carry the name: the upper one upside down (pdftotext reads it backwards), so
      // that folded, one face reads the right way up for the audience and one for the person.
      const text = pages[i]!;
      expect(text.indexOf(reversed(name)), `page ${i + 1}: ${text}`).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(name, text.indexOf(reversed(name))), `page ${i + 1}: ${text}`).toBeGreaterThan(text.indexOf(reversed(name)));
    }
    expect(pages[0]).toContain("파주교육지원청교육장");
    // The proxy's plate: their own name and position, whom they stand in for in small letters.
    expect(pages[2]).toContain("운정고등학교교감");
    expect(pages[2]).toContain("(박서연대리)");
    // The toolbar is not printed.
    expect(pages.join("")).not.toContain("명패4개");

    // The long name was given a smaller size than the others, so that it fits one line.
    const sizes = await page.locator(".name-plate__face--front .name-plate__name").evaluateAll((names) => names.map((name) => parseFloat(getComputedStyle(name).fontSize)));
    expect(sizes[3]).toBeLessThan(sizes[0]!);
    const lineHeights = await page
      .locator(".name-plate__face--front .name-plate__name")
      .evaluateAll((names) => names.map((name) => name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight)));
    expect(lineHeights.map(Math.round), JSON.stringify({ sizes, lineHeights })).toEqual([1, 1, 1, 1]);

    // Guests of honour only.
    await page.goto(`/admin/events/${app.prepared.eventId}/attendees`);
    await page.getByLabel("명패를 인쇄할 그룹").selectOption(GROUP);
    await page.getByLabel("내빈만").check();
    await page.getByRole("button", { name: "명패 인쇄" }).click();
    await page.getByLabel("현장 접수").check();
    await page.getByRole("button", { name: "계속" }).click();
    await page.getByRole("status").filter({ hasText: "명패 2개" }).waitFor();
    expect((await printedPlates(page, "vip")).map((text) => expected.find((name) => text.includes(name)))).toEqual(["하민준", "가나라"]);
  });

  it("speaks English to an English reader, the plates as they are", async () => {
    const page = await app.newPage("en-US");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}/attendees/name-plates?group=${encodeURIComponent(GROUP)}&reason=reception`);
    await page.getByRole("heading", { name: "Desk name plates" }).waitFor();
    await page.getByRole("status").filter({ hasText: "4 name plates" }).waitFor();
    expect(await page.getByRole("region", { name: "Name plate 3: 이대리" }).count()).toBe(1);
    expect(await page.locator(".name-plate__face--front").getByText("(for 박서연)").count()).toBe(1);
  });
});
