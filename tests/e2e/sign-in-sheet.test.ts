import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

const ATTENDING = 40;

const app = withServerAndBrowser({
  // The demo data with 40 of the Paju invitees attending (one by proxy).
  async prepare(db) {
    const event = await db.selectFrom("events").select(["id", "title_ko"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
    const invitees = await db.selectFrom("invitees").select(["id", "name", "group_name"]).where("event_id", "=", event.id).orderBy("id").execute();
    const mail = { origin: "http://localhost:3000", messageIdDomain: "nanum.local" };
    for (const [i, invitee] of invitees.slice(0, ATTENDING).entries()) {
      const fields = i === 0 ? { answer: "proxy", proxyName: "홍대리", proxyPosition: "비서실장", consent: "on" } : { answer: "attending", consent: "on" };
      await recordRsvp(db, { eventId: event.id, inviteeId: invitee.id, form: rsvpFormSchema([], 0).parse(fields), consentText: "동의", mail });
    }
    const proxy = { name: "홍대리", for: invitees[0]!.name, group: invitees[0]!.group_name };
    const attending = invitees.slice(1, ATTENDING).map((invitee) => ({ name: invitee.name, group: invitee.group_name }));
    const attendingNames = new Set([proxy.for, ...attending.map((a) => a.name)]);
    const absent = invitees
      .slice(ATTENDING)
      .map((invitee) => invitee.name)
      .filter((name) => !attendingNames.has(name));
    return { title: event.title_ko, attending, proxy, absent };
  },
});

describe("the printed sign-in sheet in the browser", () => {
  it("prints those attending on A4 pages with Hangul names, the header repeated on every page and rows kept whole", async () => {
    const { title, attending, proxy, absent } = app.prepared;
    expect(absent.length).toBeGreaterThan(10);
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "참석자 명단" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees"));
    await page.getByText("자리: 40 / 120").waitFor();

    await page.getByRole("button", { name: "서명부 인쇄" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "계속" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees/sign-in-sheet"));
    await page
      .getByRole("status")
      .filter({ hasText: `서명부에 올릴 참석자 ${ATTENDING}명` })
      .waitFor();
    expect(await page.locator("meta[name=robots]").getAttribute("content")).toBe("noindex, nofollow");

    // Printed: no site chrome or toolbar; the head repeats on each page and no row is split.
    await page.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-footer", ".language-switch", ".admin-nav", ".sign-in-toolbar"]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    const printStyles = await page.evaluate(() => ({
      head: getComputedStyle(document.querySelector(".sign-in-sheet thead")!).display,
      row: getComputedStyle(document.querySelector(".sign-in-sheet tbody tr")!).breakInside,
    }));
    expect(printStyles).toEqual({ head: "table-header-group", row: "avoid" });
    await page.emulateMedia({ media: null });

    const pdfFile = path.join(makeTempDir(), "sign-in-sheet.pdf");
    fs.writeFileSync(pdfFile, await page.pdf({ format: "A4" }));
    const pages = await pdfPages(pdfFile);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const [i, text] of pages.entries()) {
      // The header on every page: the event, the date, the column names.
      expect(text, `page ${i + 1}`).toContain(title);
      expect(text, `page ${i + 1}`).toMatch(/번호 이름 소속 직위 그룹 서명/);
      expect(text, `page ${i + 1}`).toMatch(/\d{4}년 12월 23일/);
    }
    const all = pages.join("\n");
    for (const person of attending) expect(all, person.name).toContain(person.name);
    // The proxy signs under their own name, noted as standing in for the invitee.
    expect(all).toContain("홍대리");
    expect(all).toContain("비서실장");
    expect(all).toContain(`(${proxy.for} 대리)`);
    for (const name of absent) expect(all, name).not.toContain(name);
    // Numbered 1 to 40, each row once, in order through the pages.
    const numbers = [...all.matchAll(/^\s*(\d{1,2})(?= |$)/gm)].map((match) => Number(match[1]));
    expect(numbers).toEqual(Array.from({ length: ATTENDING }, (_, i) => i + 1));
  });

  it("prints name badges for those attending, eight to an A4 sheet, a proxy under their own name", async () => {
    const { attending, proxy, absent } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "참석자 명단" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees"));
    await page.getByRole("button", { name: "명찰 인쇄" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/download"));
    await page.getByRole("button", { name: "계속" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/attendees/badges"));
    await page
      .getByRole("status")
      .filter({ hasText: `명찰 ${ATTENDING}개, A4 5장` })
      .waitFor();

    const pdfFile = path.join(makeTempDir(), "badges.pdf");
    fs.writeFileSync(pdfFile, await page.pdf({ format: "A4", printBackground: true }));
    const pages = await pdfPages(pdfFile);
    expect(pages).toHaveLength(Math.ceil(ATTENDING / 8));
    const everyone = [proxy.name, ...attending.map((a) => a.name)];
    for (const [i, text] of pages.entries()) {
      const onPage = everyone.filter((name) => text.includes(name));
      expect(onPage.length, `page ${i + 1}`).toBeLessThanOrEqual(8);
      expect(onPage.length, `page ${i + 1}`).toBeGreaterThan(0);
    }
    const all = pages.join("\n");
    for (const name of everyone) expect(all, name).toContain(name);
    expect(all).toContain(`(${proxy.for} 대리)`);
    for (const name of absent) expect(all, name).not.toContain(name);

    // One group only: just those attending in it.
    const group = attending[0]!.group;
    await page.goto(`${new URL(page.url()).pathname}?group=${encodeURIComponent(group)}&reason=reception`);
    const inGroup = attending.filter((a) => a.group === group).length + (proxy.group === group ? 1 : 0);
    await page
      .getByRole("status")
      .filter({ hasText: `명찰 ${inGroup}개` })
      .waitFor();
    expect(await page.locator(".name-badge").count()).toBe(inGroup);
    for (const badge of await page.locator(".name-badge__group").allTextContents()) expect(badge).toBe(group);
  });
});
