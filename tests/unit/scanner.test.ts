import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatClock } from "../../app/lib/format";
import { RepeatFilter } from "../../app/scanner/scan-repeats";
import { encodeTicketFacts, joinPayload, signedMessage, toBase64Url } from "../../app/domain/rsvp/ticket-payload";
import { checkTicketLocally } from "../../app/scanner/ticket-verify";

describe("the same code held in front of the camera", () => {
  it("counts once while it stays in view, and again once it has been away for the quiet time", () => {
    const filter = new RepeatFilter(3000);
    expect(filter.isRepeat("A", 0)).toBe(false);
    filter.take("A", 0);
    // Read again and again for ten seconds: never a second scan.
    for (let t = 100; t <= 10_000; t += 100) expect(filter.isRepeat("A", t)).toBe(true);
    // Gone for more than three seconds, then shown again: a new scan.
    expect(filter.isRepeat("A", 13_100)).toBe(false);
  });

  it("takes a different code at once", () => {
    const filter = new RepeatFilter(3000);
    filter.take("A", 0);
    expect(filter.isRepeat("B", 200)).toBe(false);
    filter.take("B", 200);
    expect(filter.isRepeat("A", 400)).toBe(false);
  });
});

describe("checking a ticket on the device (WebCrypto Ed25519)", () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const rawPublicKey = toBase64Url(new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url")));
  const ticket = (eventId: number) => {
    const facts = encodeTicketFacts({ eventId, ticketId: 7, version: 1 });
    return joinPayload(facts, new Uint8Array(crypto.sign(null, signedMessage(facts), privateKey)));
  };

  it("knows a genuine ticket of this event", async () => {
    expect(await checkTicketLocally(ticket(42), 42, rawPublicKey)).toBe("genuine");
  });

  it("calls a tampered ticket or any other QR code invalid", async () => {
    const payload = ticket(42);
    const tampered = payload.slice(0, 50) + (payload[50] === "A" ? "B" : "A") + payload.slice(51);
    expect(await checkTicketLocally(tampered, 42, rawPublicKey)).toBe("invalid");
    expect(await checkTicketLocally("https://example.org/", 42, rawPublicKey)).toBe("invalid");
  });

  it("leaves another event's ticket to the server (it has that event's key)", async () => {
    expect(await checkTicketLocally(ticket(43), 42, rawPublicKey)).toBe("unchecked");
  });
});

describe("the time on an 'already checked in' answer", () => {
  it("is on the event's clock, 24-hour in Korean, whatever the device's zone", () => {
    const at = new Date("2026-12-23T05:03:00Z");
    expect(formatClock(at, "Asia/Seoul", "ko")).toBe("14:03");
    expect(formatClock(at, "Asia/Seoul", "en").replace(/\s/gu, " ")).toBe("2:03 PM");
    expect(formatClock(at, "Europe/Berlin", "ko")).toBe("06:03");
  });
});
