import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatEventDate, formatNumber, formatTimeRange, fromZonedInputs, isValidTimeZone, mapLinks, maskPhone, spreadsheetDateTime, toZonedInputs } from "../../app/lib/format";

const start = new Date("2026-12-23T05:00:00Z");
const end = new Date("2026-12-23T08:00:00Z");

describe("times in the event's zone", () => {
  it("writes a spreadsheet's date and time on the zone's 24-hour clock, across midnight and daylight saving", () => {
    const seoul = spreadsheetDateTime("Asia/Seoul");
    expect(seoul(new Date("2026-12-23T05:03:00Z"))).toBe("2026-12-23 14:03");
    expect(seoul(new Date("2026-12-22T15:07:00Z"))).toBe("2026-12-23 00:07");
    const newYork = spreadsheetDateTime("America/New_York");
    expect(newYork(new Date("2026-07-01T16:30:00Z"))).toBe("2026-07-01 12:30");
    expect(newYork(new Date("2026-12-01T16:30:00Z"))).toBe("2026-12-01 11:30");
  });

  it("shows a Seoul event at Seoul's local time in both languages", () => {
    expect(formatEventDate(start, "Asia/Seoul", "ko")).toBe("2026년 12월 23일 수요일");
    expect(formatEventDate(start, "Asia/Seoul", "en")).toBe("Wednesday, December 23, 2026");
    expect(formatTimeRange(start, end, "Asia/Seoul", "en").replace(/\s/gu, " ")).toBe("2:00 – 5:00 PM");
    expect(formatTimeRange(start, end, "Asia/Seoul", "ko").replace(/\s/gu, "")).toBe("14:00~17:00");
  });

  it("converts form inputs to instants and back, across a daylight-saving zone", () => {
    expect(fromZonedInputs("2026-12-23", "14:00", "Asia/Seoul").toISOString()).toBe("2026-12-23T05:00:00.000Z");
    expect(fromZonedInputs("2026-07-01", "09:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(fromZonedInputs("2026-01-01", "09:00", "Europe/Berlin").toISOString()).toBe("2026-01-01T08:00:00.000Z");
    expect(toZonedInputs(new Date("2026-12-22T15:30:00Z"), "Asia/Seoul")).toEqual({ date: "2026-12-23", time: "00:30" });
    expect(toZonedInputs(new Date("2026-12-22T15:00:00Z"), "Asia/Seoul")).toEqual({ date: "2026-12-23", time: "00:00" });
    expect(toZonedInputs(new Date("2026-07-01T07:05:00Z"), "Europe/Berlin")).toEqual({ date: "2026-07-01", time: "09:05" });
    expect(toZonedInputs(new Date("0999-03-01T12:00:00Z"), "UTC")).toEqual({ date: "0999-03-01", time: "12:00" });
  });

  it("gives the same local time whatever the server's TZ", () => {
    const script = `
      const { fromZonedTime, formatInTimeZone } = require("date-fns-tz");
      const at = fromZonedTime("2026-12-23T14:00:00", "Asia/Seoul");
      process.stdout.write(at.toISOString() + " " + new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone: "Asia/Seoul" }).format(at) + " " + formatInTimeZone(at, "Asia/Seoul", "HH:mm"));
    `;
    const outputs = ["UTC", "America/Los_Angeles", "Asia/Seoul", "Pacific/Kiritimati"].map((tz) =>
      execFileSync(process.execPath, ["-e", script], { env: { ...process.env, TZ: tz } })
        .toString()
        .replace(/\s/gu, " "),
    );
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toBe("2026-12-23T05:00:00.000Z 2:00 PM 14:00");
  });

  it("knows real time zones from made-up ones", () => {
    expect(isValidTimeZone("Asia/Seoul")).toBe(true);
    expect(isValidTimeZone("Asia/Busan")).toBe(false);
  });

  it("links an address to Naver Map and Kakao Map", () => {
    const links = mapLinks("경기도 파주시 문발로");
    expect(links.naver).toBe(`https://map.naver.com/p/search/${encodeURIComponent("경기도 파주시 문발로")}`);
    expect(links.kakao).toBe(`https://map.kakao.com/link/search/${encodeURIComponent("경기도 파주시 문발로")}`);
  });

  it("writes counts with their thousands grouped, as a list of 10,000 reads", () => {
    expect(formatNumber(2345, "ko")).toBe("2,345");
    expect(formatNumber(10_000, "en")).toBe("10,000");
    expect(formatNumber(0, "ko")).toBe("0");
  });
});

describe("maskPhone", () => {
  it("keeps the prefix and the last four digits and stars the middle", () => {
    expect(maskPhone("010-1234-5678")).toBe("010-****-5678");
    expect(maskPhone("01012345678")).toBe("010-****-5678");
    expect(maskPhone("+82 10-1234-5678")).toBe("010-****-5678");
    expect(maskPhone("02-123-4567")).toBe("02-****-4567");
    expect(maskPhone("031) 940 0000")).toBe("031-****-0000");
    expect(maskPhone("+1 415 555 0100")).toBe("****-0100");
  });
  it("stars what is too short to mask and leaves empty alone", () => {
    expect(maskPhone("1234")).toBe("****");
    expect(maskPhone("")).toBe("");
    expect(maskPhone("none")).toBe("");
  });
});
