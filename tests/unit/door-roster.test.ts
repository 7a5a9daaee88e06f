import { describe, expect, it } from "vitest";
import { decideFromRoster, isExpired, parseRoster, searchRoster, withCheckIn, type DoorRoster, type QueuedCheckIn, type RosterTicket } from "../../app/domain/checkin/door-roster";

function ticket(overrides: Partial<RosterTicket> & Pick<RosterTicket, "ticketId" | "inviteeId" | "name">): RosterTicket {
  return {
    version: 1,
    status: "active",
    code: `CODE${overrides.ticketId}AAA`.slice(0, 8),
    retiredCodes: [],
    organization: "",
    group: "",
    isVip: false,
    proxyName: "",
    companions: 0,
    seat: null,
    companionSeats: [],
    checkedInAt: null,
    ...overrides,
  };
}

const roster: DoorRoster = {
  eventId: 5,
  expiresAt: "2026-12-24T03:00:00.000Z",
  publicKey: "key",
  fetchedAt: "2026-12-23T01:00:00.000Z",
  tickets: [
    ticket({ ticketId: 10, inviteeId: 100, name: "김민수", organization: "파주시청", group: "내빈", version: 2, code: "ABCD2345", retiredCodes: ["OLDC2345"] }),
    ticket({ ticketId: 11, inviteeId: 101, name: "이영희", status: "cancelled", code: "EFGH2345" }),
    ticket({ ticketId: 12, inviteeId: 102, name: "박철수", checkedInAt: "2026-12-23T01:30:00.000Z", code: "JKMN2345" }),
    ticket({ ticketId: 13, inviteeId: 103, name: "최지우", organization: "교육청", code: "PQRS2345", proxyName: "최대리", isVip: true }),
    ticket({
      ticketId: 14,
      inviteeId: 104,
      name: "한지민",
      code: "TUVW2345",
      companions: 1,
      seat: { code: "A-3", blockKo: "내빈석", blockEn: "VIP seats" },
      companionSeats: [{ code: "A-4", blockKo: "내빈석", blockEn: "VIP seats" }],
    }),
  ],
};

const queued = (inviteeId: number, entrance = "정문"): QueuedCheckIn => ({ clientId: crypto.randomUUID(), eventId: 5, inviteeId, ticketId: null, checkedInAt: "2026-12-23T02:00:00.000Z", entrance });

describe("deciding at the door from the stored roster", () => {
  it("calls a ticket the roster does not know invalid", () => {
    expect(decideFromRoster(roster, [], { ticketId: 99, version: 1 })).toEqual({ result: "invalid" });
    expect(decideFromRoster(roster, [], { code: "ZZZZ2345" })).toEqual({ result: "invalid" });
    expect(decideFromRoster(roster, [], { inviteeId: 999 })).toEqual({ result: "invalid" });
  });

  it("refuses an older version of a re-issued ticket as superseded, naming whose it is", () => {
    expect(decideFromRoster(roster, [], { ticketId: 10, version: 1 })).toMatchObject({ result: "superseded", guest: { name: "김민수", organization: "파주시청" } });
  });

  it("refuses the entry code a ticket had before its re-issue as superseded, typed in any case", () => {
    expect(decideFromRoster(roster, [], { code: "oldc-2345" })).toMatchObject({ result: "superseded", guest: { name: "김민수" } });
    expect(decideFromRoster(roster, [], { code: "ABCD2345" })).toMatchObject({ result: "welcome", ticketId: 10 });
  });

  it("refuses a cancelled ticket, scanned or typed", () => {
    expect(decideFromRoster(roster, [], { ticketId: 11, version: 1 })).toMatchObject({ result: "cancelled", guest: { name: "이영희" } });
    expect(decideFromRoster(roster, [], { code: "efgh 2345" })).toMatchObject({ result: "cancelled" });
  });

  it("says 'already' with the server's time when the roster has the person in, without an entrance it does not know", () => {
    expect(decideFromRoster(roster, [], { ticketId: 12, version: 1 })).toMatchObject({ result: "already", at: "2026-12-23T01:30:00.000Z", entrance: "" });
  });

  it("says 'already' with this phone's time and entrance when the person is in its queue", () => {
    const queue = [queued(100, "후문")];
    expect(decideFromRoster(roster, queue, { ticketId: 10, version: 2 })).toMatchObject({ result: "already", guest: { name: "김민수" }, at: "2026-12-23T02:00:00.000Z", entrance: "후문" });
    expect(decideFromRoster(roster, queue, { code: "ABCD2345" })).toMatchObject({ result: "already", entrance: "후문" });
    expect(decideFromRoster(roster, queue, { inviteeId: 100 })).toMatchObject({ result: "already" });
  });

  it("welcomes the current version of an active ticket with the ticket to record", () => {
    expect(decideFromRoster(roster, [queued(101)], { ticketId: 10, version: 2 })).toEqual({
      result: "welcome",
      ticketId: 10,
      guest: { inviteeId: 100, name: "김민수", organization: "파주시청", position: "", group: "내빈", isVip: false, proxyName: "", companions: 0, seat: null, companionSeats: [] },
    });
    expect(decideFromRoster(roster, [], { code: " pqrs-2345 " })).toMatchObject({ result: "welcome", ticketId: 13, guest: { proxyName: "최대리", isVip: true } });
  });

  it("welcomes a seated guest with their seat and their companion's, so an offline welcome says where to sit", () => {
    expect(decideFromRoster(roster, [], { code: "TUVW2345" })).toMatchObject({
      result: "welcome",
      guest: { name: "한지민", seat: { code: "A-3", blockKo: "내빈석", blockEn: "VIP seats" }, companionSeats: [{ code: "A-4" }] },
    });
  });

  it("welcomes a signed version newer than the roster's (re-issued since the roster was fetched)", () => {
    expect(decideFromRoster(roster, [], { ticketId: 10, version: 3 })).toMatchObject({ result: "welcome", ticketId: 10 });
    expect(decideFromRoster(roster, [], { ticketId: 11, version: 2 })).toMatchObject({ result: "welcome", ticketId: 11 });
  });

  it("lets a name found by hand in on staff's judgement, without the ticket when it is cancelled", () => {
    expect(decideFromRoster(roster, [], { inviteeId: 101 })).toMatchObject({ result: "welcome", ticketId: null, guest: { name: "이영희" } });
    expect(decideFromRoster(roster, [], { inviteeId: 103 })).toMatchObject({ result: "welcome", ticketId: 13 });
  });

  it("knows a check-in the server answered online, and forgets it when it is undone", () => {
    const noted = withCheckIn(roster, 103, "2026-12-23T02:10:00.000Z");
    expect(decideFromRoster(noted, [], { ticketId: 13, version: 1 })).toMatchObject({ result: "already", at: "2026-12-23T02:10:00.000Z" });
    expect(decideFromRoster(withCheckIn(noted, 103, null), [], { ticketId: 13, version: 1 })).toMatchObject({ result: "welcome" });
  });
});

describe("searching the stored roster", () => {
  it("finds by name or organization, case-insensitively, marking who is in by the roster or the queue", () => {
    expect(searchRoster(roster, [queued(103)], "교육").map((hit) => [hit.name, hit.checkedIn])).toEqual([["최지우", true]]);
    expect(searchRoster(roster, [], "파주시청")).toEqual([{ inviteeId: 100, name: "김민수", organization: "파주시청", group: "내빈", phone: "", ticket: "active", checkedIn: false }]);
    expect(searchRoster(roster, [], "박철")[0]).toMatchObject({ checkedIn: true });
    expect(searchRoster(roster, [], "이영")[0]).toMatchObject({ ticket: "cancelled" });
  });

  it("needs two characters, as online", () => {
    expect(searchRoster(roster, [], "김")).toEqual([]);
  });
});

describe("keeping the roster", () => {
  it("expires once its time has passed", () => {
    expect(isExpired(roster, Date.parse("2026-12-24T02:59:59Z"))).toBe(false);
    expect(isExpired(roster, Date.parse("2026-12-24T03:00:00Z"))).toBe(true);
    expect(isExpired({ expiresAt: "not a date" }, 0)).toBe(true);
  });

  it("keeps the roster route's answer and refuses anything else", () => {
    const answer = JSON.parse(JSON.stringify({ ...roster, fetchedAt: undefined }));
    expect(parseRoster(answer, new Date("2026-12-23T01:00:00Z"))).toEqual(roster);
    expect(parseRoster({ eventId: 5 }, new Date())).toBeNull();
    expect(parseRoster({ ...answer, tickets: [{ ...answer.tickets[0], status: "lost" }] }, new Date())).toBeNull();
    expect(parseRoster("<html>login</html>", new Date())).toBeNull();
    // A roster kept from before seats were carried still opens, without seats.
    const withoutSeats = { ...answer, tickets: answer.tickets.map((t: object) => Object.fromEntries(Object.entries(t).filter(([key]) => key !== "seat" && key !== "companionSeats"))) };
    expect(parseRoster(withoutSeats, new Date())!.tickets.every((t) => t.seat === null && t.companionSeats.length === 0)).toBe(true);
  });
});
