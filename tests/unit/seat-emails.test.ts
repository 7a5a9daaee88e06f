import { describe, expect, it } from "vitest";
import { fromZonedInputs, mapLinks } from "../../app/lib/format";
import { doorSeat, doorSeatBlock, doorSeatLabel } from "../../app/domain/seating/seat-label";
import { doorSeatsOf, ticketSeats, ticketSeatsFromTuples, type SeatTuple } from "../../app/domain/seating/seats.server";
import { renderAttendeeNotice, type AttendeeNoticeProps } from "../../emails/attendee-notice";
import { renderTicketEmail } from "../../emails/ticket";

const link = "https://nanum.example/i/tok_abc123";

function props(overrides: Partial<AttendeeNoticeProps> = {}): AttendeeNoticeProps {
  return {
    event: {
      uid: "event-12@nanum",
      sequence: 1,
      title: "2026 성과공유회",
      hosts: ["파주시"],
      start: fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul"),
      end: fromZonedInputs("2026-12-23", "17:00", "Asia/Seoul"),
      timeZone: "Asia/Seoul",
      venueName: "대교 미디어센터",
      venueAddress: "경기도 파주시 문발로",
      mapLinks: mapLinks("경기도 파주시 문발로"),
      contact: { name: "김담당", phone: "031-940-0000", email: "edu@paju.example" },
    },
    invitee: { name: "홍길동", organization: "파주시", email: "hong@example.com" },
    personalLink: link,
    ticket: { code: "ABCD2345", holder: "홍길동", companions: 2, seat: "내빈석 A-3", companionSeats: ["내빈석 A-4", "내빈석 A-5"] },
    senderName: "파주시",
    stamp: new Date("2026-12-01T00:00:00Z"),
    ...overrides,
  };
}

describe("the seat in the ticket email and the day-before notice", () => {
  it("names the seat and the companions' seats in Korean, in text and HTML", () => {
    for (const email of [renderTicketEmail(props(), "ko"), renderAttendeeNotice(props(), "ko")]) {
      expect(email.text).toContain("입장 코드: ABCD2345\n좌석: 내빈석 A-3\n동반 인원: 2명\n동반자 좌석: 내빈석 A-4, 내빈석 A-5");
      expect(email.html).toMatch(/<th[^>]*>좌석<\/th><td[^>]*>내빈석 A-3<\/td>/u);
      expect(email.html).toMatch(/<th[^>]*>동반자 좌석<\/th><td[^>]*>내빈석 A-4, 내빈석 A-5<\/td>/u);
    }
  });

  it("names them in English", () => {
    const english = props({ ticket: { code: "ABCD2345", holder: "Jane Kim", companions: 1, seat: "VIP seats A-3", companionSeats: ["VIP seats A-4"] } });
    for (const email of [renderTicketEmail(english, "en"), renderAttendeeNotice(english, "en")]) {
      expect(email.text).toContain("Seat: VIP seats A-3");
      expect(email.text).toContain("Companions' seats: VIP seats A-4");
      expect(email.html).toContain("Companions&#39; seats");
    }
  });

  it("says nothing of seats for a guest not seated yet", () => {
    const unseated = props({ ticket: { code: "ABCD2345", holder: "홍길동", companions: 0 } });
    for (const email of [renderTicketEmail(unseated, "ko"), renderAttendeeNotice(unseated, "ko")]) {
      expect(email.text).not.toContain("좌석");
      expect(email.html).not.toContain("좌석");
    }
  });

  it("escapes a block name in HTML", () => {
    const email = renderTicketEmail(props({ ticket: { code: "ABCD2345", holder: "홍길동", companions: 0, seat: "<b>단상</b> 1" } }), "ko");
    expect(email.html).not.toContain("<b>단상");
    expect(email.html).toContain("&lt;b&gt;단상&lt;/b&gt; 1");
  });
});

describe("seats as the door and the ticket show them", () => {
  const tuples: SeatTuple[] = [
    [0, "theatre", 0, 3, "내빈석", "VIP seats"],
    [1, "theatre", 0, 4, "내빈석", "VIP seats"],
    [2, "round_tables", 1, 5, "원탁", ""],
  ];

  it("gives the door the code large and the block in either language", () => {
    const seat = doorSeat({ kind: "theatre", name_ko: "내빈석", name_en: "VIP seats" }, 0, 3);
    expect(seat).toEqual({ code: "A-3", blockKo: "내빈석", blockEn: "VIP seats" });
    expect(doorSeatLabel(seat, "en")).toBe("VIP seats A-3");
    // A block without an English name reads in Korean to an English reader.
    expect(doorSeatBlock({ code: "T2-5", blockKo: "원탁", blockEn: "" }, "en")).toBe("원탁");
  });

  it("puts the guest's own seat apart from their companions'", () => {
    expect(doorSeatsOf(tuples)).toEqual({
      seat: { code: "A-3", blockKo: "내빈석", blockEn: "VIP seats" },
      companionSeats: [
        { code: "A-4", blockKo: "내빈석", blockEn: "VIP seats" },
        { code: "T2-5", blockKo: "원탁", blockEn: "" },
      ],
    });
    expect(doorSeatsOf(null)).toEqual({ seat: null, companionSeats: [] });
    expect(ticketSeatsFromTuples(tuples, "en")).toEqual({ seat: "VIP seats A-3", companionSeats: ["VIP seats A-4", "원탁 T2-5"] });
    expect(ticketSeats([{ companionIndex: 1, label: "내빈석 A-4" }])).toEqual({ seat: null, companionSeats: ["내빈석 A-4"] });
  });
});
