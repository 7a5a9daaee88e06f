import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addAwardCategory, addAwardRecipient } from "../../app/domain/program/awards.server";
import { addInvitee } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { formatLongDate } from "../../app/lib/format";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { sampleInvitee } from "../helpers/fixtures";
import { getPage } from "../helpers/http";
import { makeTempDir } from "../helpers/server";

const CITATION = "위 학생은 한 해 동안 학교 소식을 성실하게 취재하였기에 이 상장을 수여합니다.";
const VOLUNTEERS = Array.from({ length: 40 }, (_, i) => `봉사자${String(i + 1).padStart(2, "0")}`);

const app = withServerAndBrowser({
  // The demo data (the Paju meeting's three reporters, all minors), with a citation for one and
  // another linked to an invitee whose guardian comes in their place.
  async prepare(db) {
    const event = await db.selectFrom("events").select(["id", "slug", "starts_at", "time_zone"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
    await db.updateTable("award_recipients").set({ citation: CITATION }).where("event_id", "=", event.id).where("name", "=", "김하늘").execute();
    const invitee = await addInvitee(db, event.id, sampleInvitee({ name: "이서진", organization: "운정고등학교", position: "학생기자", groupName: "학생 기자단" }));
    await recordRsvp(db, {
      eventId: event.id,
      inviteeId: invitee.id,
      form: rsvpFormSchema([], 0).parse({ answer: "proxy", proxyName: "이보호", proxyPosition: "보호자", consent: "on" }),
      consentText: "동의",
      mail: { origin: "http://localhost:3000", messageIdDomain: "nanum.local" },
    });
    await db.updateTable("award_recipients").set({ invitee_id: invitee.id }).where("event_id", "=", event.id).where("name", "=", "이서진").execute();
    // A second category long enough to run over a printed page.
    const service = await addAwardCategory(db, event.id, { nameKo: "교육 봉사상", nameEn: "", descriptionKo: "", descriptionEn: "", presenter: "파주시장", sessionId: null });
    for (const name of VOLUNTEERS) {
      await addAwardRecipient(db, event.id, {
        categoryId: service.id,
        name,
        organization: "파주시 자원봉사센터",
        grade: "봉사자",
        citation: "",
        isMinor: false,
        inviteeId: null,
        standInName: "",
        standInPosition: "",
      });
    }
    return { slug: event.slug, eventDate: formatLongDate(event.starts_at, event.time_zone, "ko") };
  },
});

/** The download-reason form (다운로드 사유) a print of people passes through: "event operations", then on. */
async function giveReason(page: Page) {
  await page.waitForURL((url) => url.pathname.endsWith("/download"));
  await page.getByLabel("행사 운영").check();
  await page.getByRole("button", { name: "계속" }).click();
}

describe("awards in the browser", () => {
  it("never sends a minor's full name in the public awards page's HTML", async () => {
    const { status, html } = await getPage(`${app.baseUrl}/e/${app.prepared.slug}/awards`);
    expect(status).toBe(200);
    expect(html).toContain("교육발전특구 청소년 기자단 우수기자상");
    for (const masked of ["김○○", "이○○", "박○○"]) expect(html).toContain(masked);
    // Not in the markup, nor in the data the page carries for the browser.
    for (const name of ["김하늘", "이서진", "박도현", "이보호"]) expect(html).not.toContain(name);
  });

  it("prints one certificate per recipient as A4 pages with Hangul text, and the awards list with the guardian receiving", async () => {
    const { eventDate } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto("/login");
    await fieldByLabel(page, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(page, "비밀번호").fill(DEMO_ORGANIZER.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "시상", exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/awards"));
    const linked = page.getByRole("row").filter({ hasText: "이서진" });
    await expect.poll(() => linked.textContent()).toContain("대리 참석");
    expect(await linked.textContent()).toContain("이보호 (보호자) 대리 수상");

    await page.getByRole("link", { name: "상장 인쇄 (전체)" }).click();
    // Certificates name their recipients in full, minors too: the reason is asked first (다운로드 사유).
    await giveReason(page);
    await page.waitForURL((url) => url.pathname.endsWith("/awards/certificates"));
    await page.getByRole("status").filter({ hasText: "인쇄할 상장 43장" }).waitFor();
    expect(await page.locator("meta[name=robots]").getAttribute("content")).toBe("noindex, nofollow");
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute("data-printed", "yes");
    });
    await page.getByRole("button", { name: "인쇄", exact: true }).click();
    expect(await page.locator("body").getAttribute("data-printed")).toBe("yes");

    // Printed: no site header, footer, language switch or toolbar.
    await page.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-footer", ".language-switch", ".certificates-toolbar"]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    await page.emulateMedia({ media: null });

    const certificatesPdf = path.join(makeTempDir(), "certificates.pdf");
    fs.writeFileSync(certificatesPdf, await page.pdf({ format: "A4", preferCSSPageSize: true }));
    const pages = await pdfPages(certificatesPdf);
    // One page each, in the ceremony's order.
    const everyone = ["김하늘", "이서진", "박도현", ...VOLUNTEERS];
    expect(pages).toHaveLength(everyone.length);
    expect(pages.map((text) => everyone.filter((name) => text.includes(name)))).toEqual(everyone.map((name) => [name]));
    const first = pages[0]!;
    // The Hangul is real text in the PDF (embedded CJK fonts), from the heading to the hosts, on one page.
    expect(first).toMatch(/상 ?장/);
    expect(first).toContain("교육발전특구 청소년 기자단 우수기자상");
    expect(first).toContain("문산중학교");
    expect(first).toContain("2학년");
    expect(first.replace(/\s+/g, "")).toContain(CITATION.replace(/\s+/g, ""));
    expect(first).toContain(eventDate);
    expect(first).toContain("파주시");
    expect(first).toContain("파주교육지원청");
    // A recipient without a citation gets the standard sentence.
    expect(pages[1]!.replace(/\s+/g, "")).toContain("뛰어난공적을보였기에이상장을수여합니다");

    // One recipient's certificate, from the recipient's edit form.
    await page.goto(`/admin`);
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "시상", exact: true }).click();
    await page.getByRole("link", { name: "수정: 박도현" }).click();
    await page.getByRole("link", { name: "상장 인쇄", exact: true }).click();
    await giveReason(page);
    await page.getByRole("status").filter({ hasText: "인쇄할 상장 1장" }).waitFor();
    expect(await page.locator("article.certificate").textContent()).toContain("박도현");

    // The awards list for the staff: full names, and who receives for whom.
    await page.goto(`/admin`);
    await page.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await page.getByRole("link", { name: "시상", exact: true }).click();
    await page.getByRole("link", { name: "시상 명단 인쇄" }).click();
    await giveReason(page);
    await page.waitForURL((url) => url.pathname.endsWith("/awards/print"));
    await page.getByRole("status").filter({ hasText: "시상 부문 2개, 수상자 43명" }).waitFor();
    await page.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-footer", ".language-switch", ".admin-nav", ".awards-list-toolbar"]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    const printStyles = await page.evaluate(() => ({
      head: getComputedStyle(document.querySelector(".awards-list__table thead")!).display,
      row: getComputedStyle(document.querySelector(".awards-list__table tbody tr:last-child")!).breakInside,
    }));
    expect(printStyles).toEqual({ head: "table-header-group", row: "avoid" });
    await page.emulateMedia({ media: null });
    const listPdf = path.join(makeTempDir(), "awards-list.pdf");
    fs.writeFileSync(listPdf, await page.pdf({ format: "A4", preferCSSPageSize: true }));
    const listPages = await pdfPages(listPdf);
    expect(listPages.length).toBeGreaterThanOrEqual(2);
    for (const [i, text] of listPages.entries()) {
      // The event, its date and the column names on every page.
      expect(text, `page ${i + 1}`).toContain("파주시 교육발전특구 성과공유회");
      expect(text, `page ${i + 1}`).toContain(eventDate);
      expect(text, `page ${i + 1}`).toMatch(/순서 이름/);
    }
    const list = listPages.join("\n");
    expect(list).toContain("시상자: 파주교육지원청 교육장");
    expect(list).toContain("시상자: 파주시장");
    for (const name of everyone) expect(list).toContain(name);
    expect(list).toContain("이보호 (보호자) 대리 수상");
    // Each category numbered from 1 in call order, every row once and whole (number and name on one line).
    const rows = [...list.matchAll(/^\s*(\d{1,2}) (\S+)/gm)].map((match) => [Number(match[1]), match[2]]);
    expect(rows).toEqual(everyone.map((name, i) => [i < 3 ? i + 1 : i - 2, name]));
  });
});
