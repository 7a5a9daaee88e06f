import { describe, expect, it } from "vitest";
import { addInvitees } from "../../app/domain/invitations/invitations.server";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { withServer } from "../helpers/e2e";
import { sampleInvitee } from "../helpers/fixtures";
import { logIn } from "../helpers/http";

const INVITEES = 2_000;
const SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍";
const SYLLABLES = "민서준하윤지우현수영진예은도연채희성경태";

const pick = (letters: string, n: number) => letters[n % letters.length]!;
const nameOf = (i: number) => `${pick(SURNAMES, i)}${pick(SYLLABLES, i * 7 + 3)}${pick(SYLLABLES, i * 13 + 5)}${i}`;

const app = withServer({
  // The sample data plus 2,000 invitees with Hangul names, organizations and positions, all attending.
  async prepare(db) {
    const event = await db.selectFrom("events").select("id").where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
    const ids = await addInvitees(
      db,
      event.id,
      Array.from({ length: INVITEES }, (_, i) =>
        sampleInvitee({
          name: nameOf(i),
          organization: `${pick(SURNAMES, i + 3)}${pick(SYLLABLES, i)}초등학교 학부모회`,
          position: "운영위원장",
          groupName: `교육발전위원회 ${i % 9}분과`,
        }),
      ),
    );
    // All of them attending: the sign-in sheet (서명부) prints everyone on one page, where the
    // invitee list now shows 100 at a time.
    await db
      .insertInto("rsvps")
      .values(ids.map((id) => ({ invitee_id: id, event_id: event.id, status: "attending" as const, consent_at: new Date(), consent_text: "동의", answers: "{}" })))
      .execute();
    return { listPath: `/admin/events/${event.id}/attendees/sign-in-sheet?reason=reception` };
  },
});

describe("a long page of Hangul through the real server", () => {
  it("streams the 2,000-name sign-in sheet without a single NUL byte", async () => {
    const { cookie } = await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password);
    const response = await fetch(`${app.baseUrl}${app.prepared.listPath}`, { headers: { Cookie: cookie!, "Accept-Language": "ko" } });
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    const html = body.toString("utf8");
    // Hangul syllables take 3 bytes in UTF-8: the page must cross React's 2,048-byte buffer many times.
    const hangulBytes = 3 * (html.match(/[\uac00-\ud7a3]/g)?.length ?? 0);
    expect(hangulBytes).toBeGreaterThan(64 * 1024);
    expect(html).toContain(nameOf(0));
    expect(html).toContain(nameOf(INVITEES - 1));
    const nulCount = body.filter((byte) => byte === 0).length;
    expect(nulCount, "NUL bytes in the page").toBe(0);
    expect(html).not.toContain("\uFFFD");
  });
});
