/**
 * Certificates of attendance (참석 확인서) in Chromium: a guest who was checked in downloads theirs
 * from the ticket page after the event, prints it (read back from the PDF), and anyone checks its
 * code at /verify/<code>; the organizer prints everyone's.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { checkInInvitee } from "../../app/domain/checkin/checkin.server";
import { personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { signInAsDemoOrganizer } from "../helpers/browser";
import { attendingGuests } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { pdfPages } from "../helpers/pdf";
import { makeTempDir } from "../helpers/server";

const app = withServerAndBrowser({
  // The Paju meeting as if it had ended an hour ago, with three guests attending and two checked in.
  async prepare(db) {
    const guests = await attendingGuests(db, 3);
    const organizer = await db.selectFrom("organizers").select("id").where("email", "=", DEMO_ORGANIZER.email).executeTakeFirstOrThrow();
    const eventId = guests[0]!.eventId;
    for (const guest of guests.slice(0, 2)) await checkInInvitee(db, { eventId, entrance: "정문", organizerId: organizer.id }, guest.inviteeId);
    await db
      .updateTable("events")
      .set({ starts_at: sql<Date>`now() - interval '3 hours'`, ends_at: sql<Date>`now() - interval '1 hour'` })
      .where("id", "=", eventId)
      .execute();
    const token = async (inviteeId: number) => personalLinkToken(db, await db.selectFrom("invitees").select(["id", "link_version"]).where("id", "=", inviteeId).executeTakeFirstOrThrow());
    return {
      eventId,
      came: { name: guests[0]!.name, token: await token(guests[0]!.inviteeId) },
      absent: { token: await token(guests[2]!.inviteeId) },
      names: guests.slice(0, 2).map((guest) => guest.name),
    };
  },
});

describe("certificates of attendance", () => {
  it("lets a guest who came print theirs after the event, and anyone verify its code", async () => {
    const { came } = app.prepared;
    const page = await app.newPage("ko-KR");
    await page.goto(`/i/${came.token}/ticket`);
    await page.getByRole("link", { name: "참석 확인서 받기" }).click();
    await page.getByRole("heading", { name: "참석 확인서", level: 1 }).waitFor();

    const file = path.join(makeTempDir(), "certificate.pdf");
    fs.writeFileSync(file, await page.pdf({ format: "A4" }));
    const pages = await pdfPages(file);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.replace(/\s+/g, "");
    expect(text).toContain(came.name.replace(/\s+/g, ""));
    expect(text).toContain("위사람은위행사에참석하였음을확인합니다.");
    const code = /([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(text).toContain(`/verify/${code}`);

    // Anyone holding the paper, in English: genuine, whose, which event; nothing more of the person.
    const checker = await app.newPage("en-US");
    await checker.goto(`/verify/${code!.toLowerCase()}`);
    await checker.getByText("This is a genuine certificate of attendance issued by Nanum.").waitFor();
    expect(await checker.locator("dd").allInnerTexts()).toEqual([code, came.name, expect.stringContaining("Paju"), expect.any(String)]);
    const unknown = await checker.goto("/verify/0000-0000-0000-0000");
    expect(unknown!.status()).toBe(404);
    await checker.getByText("No certificate of attendance has this code.", { exact: false }).waitFor();
  });

  it("tells a guest who was not checked in why there is none", async () => {
    const page = await app.newPage("ko-KR");
    await page.goto(`/i/${app.prepared.absent.token}/certificate`);
    await page.getByText("참석 확인서는 행사장에서 입장 확인을 받은 분께 드립니다.", { exact: false }).waitFor();
  });

  it("prints everyone's for the organizer, one A4 page each", async () => {
    const page = await app.newPage("ko-KR");
    await signInAsDemoOrganizer(page);
    await page.goto(`/admin/events/${app.prepared.eventId}`);
    await page.getByRole("link", { name: "참석 확인서" }).click();
    await page.getByLabel("결과 보고").check();
    await page.getByRole("button", { name: "계속" }).click();
    await page.getByRole("status").filter({ hasText: "입장 확인된 2명의 참석 확인서" }).waitFor();
    const file = path.join(makeTempDir(), "all.pdf");
    fs.writeFileSync(file, await page.pdf({ format: "A4" }));
    const pages = (await pdfPages(file)).map((text) => text.replace(/\s+/g, ""));
    expect(pages).toHaveLength(2);
    for (const name of app.prepared.names) expect(pages.filter((text) => text.includes(name.replace(/\s+/g, "")))).toHaveLength(1);
  });
});
