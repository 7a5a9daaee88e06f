/**
 * Seating plans (좌석 배치) in Chromium, in Korean and in English: a layout built in the form,
 * seats assigned automatically (guests of honour first in protocol order, a proxy in the
 * invitee's seat), 20 simultaneous assignments of one seat, and the printed plan read back.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { recordRsvp, rsvpFormSchema } from "../../app/domain/rsvp/rsvp.server";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { attendingGuests, DEMO_MAIL } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

const app = withServerAndBrowser({
  async prepare(db) {
    const guests = await attendingGuests(db, 24);
    const eventId = guests[0]!.eventId;
    // Whatever the demo data seated is cleared: the test builds its own layout.
    await db.deleteFrom("seating_blocks").where("event_id", "=", eventId).execute();
    await db.updateTable("events").set({ capacity: null, max_companions: 2 }).where("id", "=", eventId).execute();
    await db.updateTable("invitees").set({ is_vip: false, intro_order: null }).where("event_id", "=", eventId).execute();
    const vips = [
      { name: "가교장", position: "교장", intro_order: 3 },
      { name: "나시장", position: "시장", intro_order: 1 },
      { name: "다의장", position: "의장", intro_order: 2 },
    ];
    for (const [i, vip] of vips.entries()) {
      await db
        .updateTable("invitees")
        .set({ ...vip, group_name: "내빈", is_vip: true })
        .where("id", "=", guests[i]!.inviteeId)
        .execute();
    }
    // 다의장 sends a deputy (대리참석); the first guest after the VIPs brings two companions.
    await recordRsvp(db, {
      eventId,
      inviteeId: guests[2]!.inviteeId,
      form: rsvpFormSchema([], 2).parse({ answer: "proxy", proxyName: "김대리", proxyPosition: "부의장", consent: "on" }),
      consentText: "동의",
      mail: DEMO_MAIL,
    });
    await recordRsvp(db, {
      eventId,
      inviteeId: guests[3]!.inviteeId,
      form: rsvpFormSchema([], 2).parse({ answer: "attending", companions: "2", consent: "on" }),
      consentText: "동의",
      mail: DEMO_MAIL,
    });
    await db.updateTable("invitees").set({ name: "라학부모", group_name: "학부모" }).where("id", "=", guests[3]!.inviteeId).execute();
    return { eventId };
  },
});

const addBlockForm = (page: Page, heading: string) => page.locator("form", { has: page.getByRole("heading", { name: heading, level: 3 }) });

async function addBlock(
  page: Page,
  heading: string,
  fields: { kind: string; nameKo: string; nameEn: string; group: string; rows: string; seats: string },
  labels: Record<keyof typeof fields, string>,
) {
  const form = addBlockForm(page, heading);
  await form.getByLabel(labels.kind).selectOption({ label: fields.kind });
  await form.getByLabel(labels.nameKo).fill(fields.nameKo);
  await form.getByLabel(labels.nameEn).fill(fields.nameEn);
  await form.getByLabel(labels.group).fill(fields.group);
  await form.getByLabel(labels.rows).fill(fields.rows);
  await form.getByLabel(labels.seats).fill(fields.seats);
  await form.getByRole("button", { name: heading }).click();
}

const seatedRows = (page: Page) =>
  page.locator("#seated ~ * table tbody tr").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].slice(0, 2).map((cell) => cell.textContent?.trim() ?? "")));

describe("seating plans", () => {
  it("builds a layout in the form, seats guests of honour first with a proxy in the invitee's seat, and prints the plan (ko)", async () => {
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}`);
    await page.getByRole("link", { name: "좌석 배치" }).click();
    await page.getByRole("heading", { name: "좌석 배치", level: 1 }).waitFor();
    const labels = { kind: "구역 형태", nameKo: "구역 이름(한국어)", nameEn: "구역 이름(영어)", group: "지정석 그룹", rows: "열 수 / 원탁 수", seats: "열당 좌석 / 원탁당 좌석" };

    // A mistake first: the error is told at the field and what was typed stays.
    await addBlock(page, "구역 추가", { kind: "극장식 열", nameKo: "내빈석", nameEn: "VIP seats", group: "내빈", rows: "1", seats: "많이" }, labels);
    await page.getByText("1 이상의 정수를 입력하세요.").first().waitFor();
    expect(await addBlockForm(page, "구역 추가").getByLabel(labels.nameKo).inputValue()).toBe("내빈석");

    await addBlock(page, "구역 추가", { kind: "극장식 열", nameKo: "내빈석", nameEn: "VIP seats", group: "내빈", rows: "1", seats: "4" }, labels);
    await page.getByRole("status").filter({ hasText: "좌석 구역을 저장했습니다." }).waitFor();
    await addBlock(page, "구역 추가", { kind: "극장식 열", nameKo: "일반석", nameEn: "General", group: "", rows: "6", seats: "5" }, labels);
    await page.getByRole("heading", { name: "일반석", level: 3 }).waitFor();
    expect(await page.locator("svg.seating-plan a").count()).toBe(34);

    await page.getByRole("button", { name: "자동 배정" }).click();
    await page.getByRole("status").filter({ hasText: "자동 배정했습니다" }).waitFor();
    const rows = await seatedRows(page);
    const seatOf = (name: string) => rows.find((row) => row[1]!.startsWith(name))?.[0];
    // Protocol order: 나시장 (1), 다의장's deputy (2), 가교장 (3), in the 내빈석 block.
    expect(seatOf("나시장")).toBe("내빈석 A-1");
    expect(seatOf("김대리 (다의장 대리참석)")).toBe("내빈석 A-2");
    expect(seatOf("가교장")).toBe("내빈석 A-3");
    // Companions side by side with their guest.
    const family = rows.filter((row) => row[1]!.startsWith("라학부모")).map((row) => row[0]);
    expect(family).toHaveLength(3);
    const numbers = family.map((label) => Number(/-(\d+)$/.exec(label!)![1]));
    expect(new Set(family.map((label) => label!.replace(/-\d+$/, ""))).size).toBe(1);
    expect(Math.max(...numbers) - Math.min(...numbers)).toBe(2);

    // The printed plan, A4 landscape, read back: names, the proxy's own name, and empty seats' codes.
    // The print asks why first (다운로드 사유).
    await page.getByRole("link", { name: "배치도 인쇄(A4)" }).click();
    await page.getByRole("heading", { name: "다운로드 사유", level: 1 }).waitFor();
    await page.getByLabel("현장 접수").check();
    await page.getByRole("button", { name: "계속" }).click();
    await page.getByRole("heading", { name: "좌석 배치도", level: 1 }).waitFor();
    const file = path.join(makeTempDir(), "seating-plan.pdf");
    fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    const printed = (await pdfPages(file)).join("\n");
    for (const name of ["나시장", "김대리", "가교장", "라학부모", "내빈석", "일반석", "무대"]) expect(printed).toContain(name);
    expect(printed).not.toContain("다의장");
    // The last row stays empty: its seat codes print without names.
    expect(printed).toMatch(/F-1[\s\S]*F-5/);

    await page.goto(`/admin/events/${app.prepared.eventId}/seating/list?reason=reception`);
    const listed = await page.locator(".seat-list tbody tr td:first-child").allInnerTexts();
    expect(listed.length).toBeGreaterThanOrEqual(24);
    expect(listed.some((cell) => cell.includes("김대리") && cell.includes("다의장"))).toBe(true);
  });

  it("gives one seat to one of 20 organizers' simultaneous assignments and says the seat is taken (en)", async () => {
    const page = await app.newPage("en-US");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}/seating`);
    await page.getByRole("heading", { name: "Seating plan", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Free every seat" }).click();
    await page.getByText("Free every seat of this event").first().waitFor();
    await page.getByLabel("Free every seat of this event").check();
    await page.getByRole("button", { name: "Free every seat" }).click();
    await page.getByRole("status").filter({ hasText: "Every seat was freed." }).waitFor();

    const guests = await page
      .getByLabel("Guest", { exact: true })
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter((value) => /^\d+:0$/.test(value)));
    const seat = await page.getByLabel("Seat", { exact: true }).locator("option").nth(1).getAttribute("value");
    expect(guests.length).toBeGreaterThanOrEqual(20);
    const statuses = await page.evaluate(
      async ({ guests, seat, path }) =>
        Promise.all(
          guests.map(async (guest) => {
            const body = new URLSearchParams({ intent: "assign", guest, seat });
            const response = await fetch(path, { method: "POST", body, redirect: "manual" });
            return response.type === "opaqueredirect" ? 302 : response.status;
          }),
        ),
      { guests: guests.slice(0, 20), seat: seat!, path: `/admin/events/${app.prepared.eventId}/seating` },
    );
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    await page.reload();
    const rows = await seatedRows(page);
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe("VIP seats A-1");

    // The form goes on giving the free seats that remain.
    await page.getByLabel("Guest", { exact: true }).selectOption(guests[5]!);
    await page.getByLabel("Seat", { exact: true }).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "The seat was assigned." }).waitFor();
    expect(await seatedRows(page)).toHaveLength(2);
  });

  it("works without JavaScript: a block of round tables added, seats freed and assigned automatically, the seat list printed (en)", async () => {
    const context = await app.newContext("en-US", { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}/seating`);
    await page.getByRole("heading", { name: "Seating plan", level: 1 }).waitFor();
    const labels = { kind: "Shape", nameKo: "Block name (Korean)", nameEn: "Block name (English)", group: "Reserved for group", rows: "Rows / tables", seats: "Seats per row / table" };
    await addBlock(page, "Add a block", { kind: "Round tables", nameKo: "원탁", nameEn: "Tables", group: "", rows: "3", seats: "8" }, labels);
    await page.getByRole("heading", { name: "Tables", level: 3 }).waitFor();
    // 4 + 30 seats before, and three tables of eight drawn round them.
    expect(await page.locator("svg.seating-plan a").count()).toBe(58);
    expect(await page.locator("svg.seating-plan .seating-plan__table").count()).toBe(3);
    await page.getByLabel("Free every seat of this event").check();
    await page.getByRole("button", { name: "Free every seat" }).click();
    await page.getByRole("status").filter({ hasText: "Every seat was freed." }).waitFor();
    await page.getByRole("button", { name: "Assign automatically" }).click();
    await page.getByRole("status").filter({ hasText: "seats assigned automatically" }).waitFor();
    const rows = await seatedRows(page);
    // Guests of honour in their reserved block, in protocol order; the rest anywhere free.
    expect(rows.find((row) => row[1]!.startsWith("나시장"))?.[0]).toBe("VIP seats A-1");
    expect(rows.find((row) => row[1]!.startsWith("김대리"))?.[1]).toContain("for 다의장");
    expect(rows.every((row) => /^(VIP seats A-[1-4]|General [A-F]-\d+)$/.test(row[0]!))).toBe(true);
    await page.goto(`/admin/events/${app.prepared.eventId}/seating/list?reason=reception`);
    await page.getByRole("heading", { name: "Seat list by name", level: 1 }).waitFor();
    expect(await page.locator(".seat-list tbody tr").count()).toBe(rows.length);
  });
});
