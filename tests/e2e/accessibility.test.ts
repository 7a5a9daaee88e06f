import { maskName, newCertificateCode } from "../../app/domain/protocol/attendance-certificates.server";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createDoorDevice } from "../../app/domain/checkin/door-devices.server";
import { createEvent, eventFormSchema } from "../../app/domain/events/events.server";
import { purgePersonalData } from "../../app/domain/events/retention.server";
import { addInvitee, personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { signInAsDemoOrganizer } from "../helpers/browser";
import type { BrowserLocale } from "../helpers/browser";
import { attendingGuests, DEMO_MAIL, pajuEvent } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { sampleEventForm, sampleInvitee } from "../helpers/fixtures";
import { makeTempDir } from "../helpers/server";
import { checkedPages, type DemoIds } from "./accessibility-pages";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what KWCAG 2.2 follows. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const app = withServerAndBrowser({
  prepare: async (db): Promise<DemoIds & { doorGuests: Record<BrowserLocale, { code: string; name: string }> }> => {
    const event = await pajuEvent(db);
    // One attending guest for the personal pages; one for each language's turn at the door (a check-in is for good).
    const [attending, koreanDoor, englishDoor] = await attendingGuests(db, 3);
    const others = await db
      .selectFrom("invitees")
      .select(["id", "link_version"])
      .where("event_id", "=", event.id)
      .where("id", "not in", [attending!.inviteeId, koreanDoor!.inviteeId, englishDoor!.inviteeId])
      .orderBy("id")
      .limit(2)
      .execute();
    const [pending, declined] = others as [(typeof others)[0], (typeof others)[0]];
    await recordRsvp(db, { eventId: event.id, inviteeId: declined.id, form: rsvpFormSchema([], 0).parse({ answer: "declined", consent: "on" }), consentText: "동의", mail: DEMO_MAIL });
    const attendingRow = await db.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", attending!.inviteeId).executeTakeFirstOrThrow();
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    // A guest of an event that has since been archived: their link answers "gone" (410) with whom to ask.
    const hanam = await db.selectFrom("events").select("id").where("slug", "like", "hanam-%").executeTakeFirstOrThrow();
    const archivedGuest = await addInvitee(db, hanam.id, sampleInvitee({ name: "정다은", organization: "하남시" }));
    await db.updateTable("events").set({ status: "archived" }).where("id", "=", hanam.id).execute();
    // A guest on the waiting list: the Paju meeting made full (one place, three already attending).
    await db.updateTable("events").set({ capacity: 1 }).where("id", "=", event.id).execute();
    const [waiting] = await db
      .selectFrom("invitees")
      .select(["id", "link_version"])
      .where("event_id", "=", event.id)
      .where("id", "not in", [attending!.inviteeId, koreanDoor!.inviteeId, englishDoor!.inviteeId, pending.id, declined.id])
      .orderBy("id")
      .limit(1)
      .execute();
    const waitlisted = await recordRsvp(db, {
      eventId: event.id,
      inviteeId: waiting!.id,
      form: rsvpFormSchema([], 0).parse({ answer: "attending", consent: "on" }),
      consentText: "동의",
      mail: DEMO_MAIL,
    });
    if (waitlisted.status !== "waitlisted") throw new Error(`expected a waitlisted answer, got ${waitlisted.status}`);
    const session = await db.selectFrom("agenda_sessions").select("id").where("event_id", "=", event.id).orderBy("id").executeTakeFirstOrThrow();
    // An event of the organizer's whose personal data is gone, for the register and its confirmation.
    const purged = await createEvent(db, organizer.id, eventFormSchema.parse(sampleEventForm({ slug: "purged-meeting", titleKo: "파기한 행사", titleEn: "A purged meeting" })));
    await addInvitee(db, purged.id, sampleInvitee({ name: "서파기" }));
    const destruction = await purgePersonalData(db, purged.id, { kind: "organizer", organizerId: organizer.id });
    // A certificate of attendance, for its public check page (issued as after the event).
    const certificateCode = newCertificateCode();
    await db
      .insertInto("attendance_certificates")
      .values({ event_id: event.id, invitee_id: attending!.inviteeId, code: certificateCode, masked_name: maskName(attending!.name) })
      .execute();
    return {
      eventId: event.id,
      slug: event.slug,
      certificateCode,
      sessionId: session.id,
      inviteeId: pending.id,
      pendingToken: await personalLinkToken(db, pending),
      attendingToken: await personalLinkToken(db, attendingRow),
      declinedToken: await personalLinkToken(db, declined),
      waitlistedToken: await personalLinkToken(db, waiting!),
      archivedToken: await personalLinkToken(db, { id: archivedGuest.id, link_version: 1 }),
      doorToken: (await createDoorDevice(db, { eventId: event.id, name: "정문 1", createdBy: organizer.id })).token,
      purgedEventId: purged.id,
      destructionId: destruction!.recordId,
      doorGuests: { "ko-KR": { code: koreanDoor!.code, name: koreanDoor!.name }, "en-US": { code: englishDoor!.code, name: englishDoor!.name } },
    };
  },
});

/** The violations axe finds on the page as it stands, one line each: rule, impact, where. */
const rulesRun = new Set<string>();

async function violations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  for (const rule of [...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable]) rulesRun.add(rule.id);
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${label}: ${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
  );
}

/** Starts the door's scanner at an entrance; the start form works once the page's scripts run, so it is tried until the code field shows. */
async function startDoor(page: Page) {
  await expect
    .poll(async () => {
      await page.locator("#entrance").fill("정문");
      await page.locator("#entrance").press("Enter");
      return page.locator("#door-code").isVisible();
    })
    .toBe(true);
}

const LOCALES: BrowserLocale[] = ["ko-KR", "en-US"];

/**
 * Collects what the Content-Security-Policy blocks on a page (a script without the response's
 * nonce, a request elsewhere), as the browser reports it: the walk below fails on any.
 */
async function collectPolicyViolations(page: Page, into: string[]): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${location.pathname}`));
  });
  page.on("console", (message) => {
    if (/CSP violation|Content Security Policy/.test(message.text())) into.push(message.text());
  });
}

describe("accessibility (axe-core: WCAG 2.2 A and AA) on every page, in Korean and English", () => {
  it("reports faults planted in a page (the check can fail)", async () => {
    const page = await app.newPage("ko-KR");
    // A page of its own (one of ours would be re-rendered by React as it starts, taking the faults away).
    await page.setContent(
      '<!DOCTYPE html><html lang="ko"><head><title>심어 둔 결함</title></head><body><main><h1>결함</h1><input type="text" name="unlabelled"><p style="color:#bbb;background:#fff">흐린 글씨</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    const found = await violations(page, "planted");
    expect(found.some((line) => line.includes(": label ("))).toBe(true);
    expect(found.some((line) => line.includes(": color-contrast ("))).toBe(true);
    expect(found.some((line) => line.includes(": image-alt ("))).toBe(true);
  });

  it("links the accessibility statement from the footer, in Korean and in English", async () => {
    for (const [locale, link, heading] of [
      ["ko-KR", "접근성 정책", "목표로 하는 기준"],
      ["en-US", "Accessibility", "The standard we aim for"],
    ] as const) {
      const page = await app.newPage(locale);
      await page.goto(`/e/${app.prepared.slug}`);
      await page.getByRole("contentinfo").getByRole("link", { name: link }).click();
      await page.waitForURL((url) => url.pathname === "/accessibility");
      await page.getByRole("heading", { level: 1, name: link }).waitFor();
      expect(await page.getByRole("heading", { level: 2 }).allInnerTexts()).toContain(heading);
      expect(await page.locator("main").innerText()).toMatch(/KWCAG\) 2\.2/);
    }
  });

  it("lays out guest and door pages at 320 CSS pixels wide and at 200% zoom without sideways scrolling, with large door buttons", async () => {
    const ids = app.prepared;
    const narrowPages = checkedPages.filter((entry) => entry.audience === "guest" || entry.route.startsWith("checkin."));
    const overflowing: string[] = [];
    // 320 px is a small phone (WCAG 1.4.10); 640 px is a 1280 px window at 200% zoom.
    for (const width of [320, 640]) {
      for (const locale of LOCALES) {
        const guest = await app.newPage(locale, { viewport: { width, height: 700 } });
        const door = await app.newPage(locale, { viewport: { width, height: 700 } });
        await signInAsDemoOrganizer(door);
        for (const entry of narrowPages) {
          const page = entry.audience === "guest" ? guest : door;
          await page.goto(entry.path(ids));
          const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          if (scrollWidth > clientWidth) overflowing.push(`${width}px ${locale} ${entry.view}: ${scrollWidth} > ${clientWidth}`);
        }
        if (width === 320 && locale === "ko-KR") {
          await door.goto(`/checkin/${ids.slug}`);
          for (const name of ["스캔 시작"]) {
            const box = await door.getByRole("button", { name }).boundingBox();
            expect(box!.height, name).toBeGreaterThanOrEqual(44);
          }
          await startDoor(door);
          const box = await door.getByRole("button", { name: "코드로 입장 처리" }).boundingBox();
          expect(box!.height).toBeGreaterThanOrEqual(44);
        }
      }
    }
    expect(overflowing).toEqual([]);
  }, 300_000);

  for (const locale of LOCALES) {
    it(`finds no violation on any guest, door or organizer page in ${locale}`, async () => {
      const ids = app.prepared;
      const guest = await app.newPage(locale);
      const organizer = await app.newPage(locale);
      const blocked: string[] = [];
      await collectPolicyViolations(guest, blocked);
      await collectPolicyViolations(organizer, blocked);
      await signInAsDemoOrganizer(organizer);
      const found: string[] = [];
      const routesByTitle = new Map<string, Set<string>>();
      let checked = 0;
      for (const entry of checkedPages) {
        const page = entry.audience === "guest" ? guest : organizer;
        const response = await page.goto(entry.path(ids));
        expect(response?.status(), `${entry.view}: ${entry.path(ids)}`).toBeLessThan(500);
        found.push(...(await violations(page, `${locale} ${entry.view}`)));
        // (Error pages, "not found" and the like, may share their title.)
        if (response!.status() < 400) routesByTitle.set(await page.title(), new Set([...(routesByTitle.get(await page.title()) ?? []), entry.path(ids) === "/admin" ? "admin" : entry.route]));
        else expect(await page.title(), entry.view).not.toMatch(/^(나눔|Nanum)$/);
        checked++;
      }
      // Each page's title says where the reader is (WCAG 2.4.2): no two pages share one, and none is the bare app name.
      const shared = [...routesByTitle].filter(([title, routes]) => routes.size > 1 || title === "" || title === "나눔" || title === "Nanum");
      expect(shared.map(([title, routes]) => `${title}: ${[...routes].join(", ")}`)).toEqual([]);

      // Forms with their errors shown: a new event sent empty, an import's preview.
      await organizer.goto("/admin/events/new");
      await organizer.locator("form.event-form button[type=submit]").first().click();
      await organizer.locator("[aria-invalid=true]").first().waitFor();
      found.push(...(await violations(organizer, `${locale} new event with errors`)));
      const sheet = path.join(makeTempDir(), "invitees.csv");
      fs.writeFileSync(sheet, ["이름,이메일,소속,그룹", "윤새봄,saebom@example.org,파주시의회,내빈", ",x@example.org,,"].join("\r\n"));
      await organizer.goto(`/admin/events/${ids.eventId}/invitees/import`);
      await organizer.locator("input[type=file]").setInputFiles(sheet);
      await organizer.locator("form:has(input[type=file]) button[type=submit]").click();
      await organizer.locator("select[name='map.0']").waitFor();
      found.push(...(await violations(organizer, `${locale} import preview`)));
      checked += 2;

      // The door's answers, from a typed entry code: welcome, already in, not a ticket.
      await organizer.goto(`/checkin/${ids.slug}`);
      await startDoor(organizer);
      const code = organizer.locator("#door-code");
      for (const [state, typed] of [
        ["welcome", ids.doorGuests[locale].code],
        ["already", ids.doorGuests[locale].code],
        ["refused", "ABCD2345"],
      ] as const) {
        await code.fill(typed);
        await code.press("Enter");
        await organizer.locator(`.scan-result--${state}`).waitFor();
        found.push(...(await violations(organizer, `${locale} scanner answer ${state}`)));
        await organizer.locator(".scan-result__next").click();
        checked++;
      }
      // The door's name search with its hits, and the walk-in form sent empty (its errors shown).
      await organizer.locator("#door-search").fill(ids.doorGuests[locale].name);
      await organizer.locator("#door-search").press("Enter");
      await organizer.locator(".door-hit").first().waitFor();
      found.push(...(await violations(organizer, `${locale} scanner name search`)));
      await organizer.locator(".scanner__walk-in summary").click();
      await organizer.locator(".scanner__walk-in button[type=submit]").click();
      await organizer.locator("#walk-in-name[aria-invalid=true]").waitFor();
      found.push(...(await violations(organizer, `${locale} walk-in with errors`)));
      checked += 2;
      console.log(`accessibility: ${locale} pages_checked=${checked} axe_rules=${rulesRun.size} violations=${found.length} csp_violations=${blocked.length}`);
      expect(found).toEqual([]);
      // The same walk, with every page's scripts and requests under the Content-Security-Policy.
      expect(blocked).toEqual([]);
    }, 420_000);
  }
});
